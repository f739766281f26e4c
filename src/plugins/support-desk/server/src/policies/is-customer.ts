/**
 * Customer routes only: an authenticated users-permissions user whose role is the Customer role and
 * who belongs to an organization. Puts the caller's identity in `ctx.state.customer` for the
 * controller (the organization every customer operation is scoped to). Refusals are 403 with a
 * message saying what is missing.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { CUSTOMER_ROLE_TYPE } from '../constants';
import type { AuthState } from '../workflow/actor';
import { getService } from '../utils/get-service';
import type { AuthenticatedUser } from '../services/customer-tickets';

export interface PolicyContext {
  state: { auth?: AuthState; customer?: unknown };
}

export default async (policyContext: PolicyContext, _config: unknown, { strapi: _strapi }: { strapi: Core.Strapi }) => {
  const auth = policyContext.state.auth;
  if (auth?.strategy?.name !== 'users-permissions' || !auth.credentials) {
    throw new errors.PolicyError(
      'The customer API is for customer contacts: log in with POST /api/auth/local and send the JWT as "Authorization: Bearer <jwt>".',
    );
  }
  // The user the strategy read in this request, with its role: only the organization is read here.
  const { roleType, identity } = await getService('customer-tickets').identify(auth.credentials as AuthenticatedUser);
  if (roleType !== CUSTOMER_ROLE_TYPE) {
    throw new errors.PolicyError('The customer API is for contacts with the Customer role; your account has another role. Ask the support desk to give you the Customer role.');
  }
  if (!identity) {
    throw new errors.PolicyError('Your account is not linked to a customer organization, so there are no tickets to show. Ask the support desk to link your account to your organization.');
  }
  policyContext.state.customer = identity;
  return true;
};
