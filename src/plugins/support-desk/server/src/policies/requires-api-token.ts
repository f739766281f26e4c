/**
 * Content-API routes for integrations (tickets, escalations, on-site visits; core and plugin): only
 * an API token passes. A users-permissions role (Public, Authenticated, Customer) granted one of
 * these by mistake still gets 403 — customers use the customer API (/api/support-desk/customer/…),
 * which is scoped to their organization and whitelists what they see.
 */
import { errors } from '@strapi/utils';
import { API_TOKEN_STRATEGIES } from '../constants';
import type { PolicyContext } from './is-customer';

export const REQUIRES_API_TOKEN = 'plugin::support-desk.requires-api-token';

export default (policyContext: PolicyContext) => {
  if (API_TOKEN_STRATEGIES.includes(policyContext.state.auth?.strategy?.name ?? '')) return true;
  throw new errors.PolicyError(
    'This endpoint is for integrations: send an API token (Settings → API Tokens) as "Authorization: Bearer <token>". Customers use the customer API under /api/support-desk/customer/tickets.',
  );
};
