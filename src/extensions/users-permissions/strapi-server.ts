/**
 * users-permissions, adjusted:
 * - it answers the Content Manager's create and update of users itself (its `contentmanageruser`
 *   controller): its answers are stripped of private attributes like the Content Manager's own
 *   (../content-manager/private-fields.ts);
 * - `POST /api/auth/local` is throttled per account (the `identifier` it names) and, with a much
 *   higher limit, per client address, by the support desk's shared rate limits (LOGIN_ACCOUNT_*,
 *   LOGIN_ADDRESS_*, counts in the database so every instance sees them) instead of users-permissions'
 *   in-memory per-address limiter: one office behind one address is no longer locked out by its own
 *   colleagues, and a password guesser is held per account however many addresses it uses;
 * - its JWT service verifies a token with the secret as a key object made once (`verifyWithSecretKey`)
 *   instead of the secret string: jsonwebtoken first tries to parse a string as a public key and
 *   throws, on every request with a JWT (2.7 % of the server's CPU under customer load).
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
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

type StrapiLike = { config: { get: (path: string, fallback?: unknown) => unknown } };
type JwtService = { verify: (token: string) => Promise<unknown> } & Record<string, unknown>;

/** The key object of a secret, made again only when the configured secret changes. */
let secretKey: { secret: string; key: KeyObject } | null = null;
function keyOf(secret: string): KeyObject {
  if (secretKey?.secret !== secret) secretKey = { secret, key: createSecretKey(Buffer.from(secret)) };
  return secretKey.key;
}

/**
 * users-permissions' `verify` (legacy JWT management: a signed token, checked on every request,
 * expiry included) with the secret as a key object. Refresh-mode tokens and a secret that is not a
 * string keep users-permissions' own verify.
 */
export function verifyWithSecretKey(strapi: StrapiLike, token: string, fallback: (token: string) => Promise<unknown>): Promise<unknown> {
  const secret = strapi.config.get('plugin::users-permissions.jwtSecret');
  if (strapi.config.get('plugin::users-permissions.jwtManagement', 'legacy-support') === 'refresh' || typeof secret !== 'string' || secret === '') return fallback(token);
  const jwtConfig = (strapi.config.get('plugin::users-permissions.jwt', {}) ?? {}) as { algorithm?: jwt.Algorithm };
  return new Promise((resolve, reject) => {
    jwt.verify(token, keyOf(secret), { algorithms: [jwtConfig.algorithm || 'HS256'] }, (err, payload) => (err ? reject(new Error('Invalid token.')) : resolve(payload ?? {})));
  });
}

export default (plugin: {
  controllers: Record<string, Record<string, unknown>>;
  routes: Record<string, { routes?: Route[] }>;
  services: Record<string, unknown>;
}) => {
  if (plugin.controllers.contentmanageruser) stripControllerAnswers(plugin.controllers.contentmanageruser);
  const jwtService = plugin.services.jwt as ((deps: { strapi: StrapiLike }) => JwtService) | undefined;
  if (typeof jwtService === 'function') {
    plugin.services.jwt = (deps: { strapi: StrapiLike }) => {
      const base = jwtService(deps);
      const verify = base.verify.bind(base);
      return { ...base, verify: (token: string) => verifyWithSecretKey(deps.strapi, token, verify) };
    };
  }
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
