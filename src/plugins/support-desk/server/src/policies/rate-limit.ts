/**
 * Route policy: a named rate limit shared by all instances (services/rate-limits.ts, counts in
 * sd_rate_limits), checked after authentication and before the controller, so a refused request
 * reads and writes nothing else. Config: `{ name, per }` —
 *   name: customerTickets | customerComments | kbSuggest | surveyAnswers (limits in the plugin config,
 *         `security.rateLimits`, env CUSTOMER_TICKET_LIMIT …, see README);
 *   per:  'user' (the users-permissions user; for routes behind a login), 'ip' (the client address,
 *         `ctx.request.ip`: behind a proxy set PROXY_ENABLED) or 'identifier' (the account a login
 *         names: `identifier` of the body, trimmed and lower-cased; POST /api/auth/local).
 * Over the limit: 429 RateLimitError with `Retry-After` (seconds) and a message saying when to retry.
 * Every request the policy lets through counts, whatever the controller answers.
 *
 * Survey answers have no endpoint yet: their route takes
 *   { policies: [{ name: 'plugin::support-desk.rate-limit', config: { name: 'surveyAnswers', per: 'ip' } }] }.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { RATE_LIMIT_NAMES, type RateLimitName } from '../config';
import { getService } from '../utils/get-service';

export interface RateLimitPolicyConfig {
  name: RateLimitName;
  per: 'user' | 'ip' | 'identifier';
}

export interface RateLimitPolicyContext {
  state: { user?: { id?: unknown }; auth?: { credentials?: { id?: unknown } | null } };
  request: { ip?: string; body?: unknown };
  response: { set: (field: string, value: string) => void };
}

/** The client key of a request: `user:<id>` or `ip:<address>`; null when a 'user' route has no user. */
export function rateLimitKey(ctx: RateLimitPolicyContext, per: RateLimitPolicyConfig['per']): string | null {
  if (per === 'ip') return `ip:${ctx.request.ip || 'unknown'}`;
  if (per === 'identifier') {
    const identifier = (ctx.request.body as { identifier?: unknown } | undefined)?.identifier;
    return `account:${typeof identifier === 'string' ? identifier.trim().toLowerCase().slice(0, 200) : ''}`;
  }
  const id = ctx.state.user?.id ?? ctx.state.auth?.credentials?.id;
  return id === undefined || id === null ? null : `user:${String(id)}`;
}

export default async (policyContext: RateLimitPolicyContext, config: RateLimitPolicyConfig, { strapi: _strapi }: { strapi: Core.Strapi }) => {
  if (!config || !RATE_LIMIT_NAMES.includes(config.name) || !['user', 'ip', 'identifier'].includes(config.per)) {
    throw new Error(`rate-limit policy: config must be { name: ${RATE_LIMIT_NAMES.join(' | ')}, per: 'user' | 'ip' | 'identifier' }, got ${JSON.stringify(config)}`);
  }
  const key = rateLimitKey(policyContext, config.per);
  if (key === null) throw new errors.UnauthorizedError('Log in first: this endpoint is limited per account.');
  try {
    await getService('rate-limits').enforce(config.name, key);
  } catch (err) {
    if (err instanceof errors.RateLimitError) policyContext.response.set('Retry-After', String((err.details as { retryAfter: number }).retryAfter));
    throw err;
  }
  return true;
};
