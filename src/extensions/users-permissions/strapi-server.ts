/**
 * users-permissions, adjusted:
 * - it answers the Content Manager's create and update of users itself (its `contentmanageruser`
 *   controller): its answers are stripped of private attributes like the Content Manager's own
 *   (../content-manager/private-fields.ts);
 * - `POST /api/auth/local` is throttled per account (the `identifier` it names) and, with a much
 *   higher limit, per client address, by the support desk's shared rate limits (LOGIN_ACCOUNT_*,
 *   LOGIN_ADDRESS_*, counts in the database so every instance sees them) instead of users-permissions'
 *   in-memory per-address limiter: one office behind one address is no longer locked out by its own
 *   colleagues, and a password guesser is held per account however many addresses it uses.
 */
import { stripControllerAnswers } from '../content-manager/private-fields';

interface Route {
  method: string;
  path: string;
  config?: { middlewares?: unknown[]; policies?: unknown[] };
}

const UP_RATE_LIMIT = 'plugin::users-permissions.rateLimit';
export const LOGIN_POLICIES = [
  { name: 'plugin::support-desk.rate-limit', config: { name: 'loginAddress', per: 'ip' } },
  { name: 'plugin::support-desk.rate-limit', config: { name: 'loginAccount', per: 'identifier' } },
];

export default (plugin: { controllers: Record<string, Record<string, unknown>>; routes: Record<string, { routes?: Route[] }> }) => {
  if (plugin.controllers.contentmanageruser) stripControllerAnswers(plugin.controllers.contentmanageruser);
  const login = plugin.routes['content-api']?.routes?.find((r) => r.method === 'POST' && r.path === '/auth/local');
  if (login) {
    login.config = {
      ...login.config,
      middlewares: (login.config?.middlewares ?? []).filter((m) => m !== UP_RATE_LIMIT),
      policies: [...(login.config?.policies ?? []), ...LOGIN_POLICIES],
    };
  }
  return plugin;
};
