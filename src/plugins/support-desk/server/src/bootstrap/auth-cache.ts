import type { Core } from '@strapi/strapi';
import { createTtlCache, type TtlCache } from '../utils/ttl-cache';
import { noteLostConnection } from '../middlewares/availability';
import { createRelationReader } from '../utils/find-with-relations';
import { USER_UID } from '../constants';

/**
 * What Strapi reads from the database to authenticate every request, kept for a few seconds
 * (`security.authCacheTtlMs`, AUTH_CACHE_TTL_MS, default 5 s; 0 = off):
 * - an API token by its hash (`admin::api-token-content-api` `getByAccessKey`, which the
 *   content-api-token strategy calls on every request: the token, its permissions, admin
 *   permissions and owner, 4 statements; 1 for a bearer that is no API token, e.g. a JWT);
 * - a users-permissions role's permissions (`findRolePermissions`, every request with a JWT) and
 *   the public role's (`findPublicPermissions`, every request without one);
 * - the users-permissions advanced settings from the core store (every request with a JWT).
 * The user behind a JWT is still read on every request (blocked, confirmed, role): see
 * `installAuthenticatedUserRead`.
 *
 * Every write through the query engine to what a cache holds empties it at once on this instance
 * (DB lifecycles, before and after the statement, and again at the commit of the writer's
 * transaction, so a read that saw the old row while the write was uncommitted is not kept either).
 * Strapi 5.54 emits no event-hub event for API tokens; its token service writes through the query
 * engine only (create, update, regenerate, revoke, `lastUsedAt`). Another instance's change is seen
 * once the entry is older than the TTL. Strapi's own checks still run on the cached token on every
 * request (kind, `expiresAt`, type and permissions), so an expired token is refused at its expiry
 * time; `lastUsedAt` keeps Strapi's behaviour (written at most once an hour per token; the write
 * empties the cache).
 */

// Admin users (an admin token's owner) are left out: the content-api strategy refuses admin tokens.
const TOKEN_MODELS = ['admin::api-token', 'admin::api-token-permission', 'admin::permission'];
const PERMISSION_MODELS = ['plugin::users-permissions.permission', 'plugin::users-permissions.role'];
const STORE_MODELS = ['strapi::core-store'];
/** Core-store keys read per request (store.get's `<type>_<name>_<key>`). */
const CACHED_STORE_KEYS = new Set(['plugin_users-permissions_advanced']);

const ACTIONS = ['Create', 'CreateMany', 'Update', 'UpdateMany', 'Delete', 'DeleteMany'];

const INSTALLED = Symbol.for('support-desk.auth-cache');

export interface AuthCaches {
  tokens: TtlCache<unknown>;
  rolePermissions: TtlCache<unknown>;
  store: TtlCache<unknown>;
}

/**
 * A copy for each caller: Strapi hands these objects to request state, which may be changed. A
 * failure is noted on each waiting request (availability.ts): the shared read's lost connection
 * would otherwise be the first request's only, and Strapi's authentication turns it into a 401.
 */
const copy = <T>(value: Promise<T>): Promise<T> =>
  value.then(
    (v) => (v === null || v === undefined ? v : structuredClone(v)),
    (error) => {
      noteLostConnection(error);
      throw error;
    },
  );

type StoreParams = { key: string; type?: string; environment?: string | null; name?: string; tag?: string | null };

export function installAuthCaches(strapi: Core.Strapi, ttlMs: number): AuthCaches {
  const holder = strapi as unknown as { [INSTALLED]?: AuthCaches };
  if (holder[INSTALLED]) return holder[INSTALLED];
  const caches: AuthCaches = {
    // A miss (null: no such token) is kept too: a JWT is tried as an API token first on every
    // request. Safe: a new or regenerated token's key is random and its write empties the cache.
    tokens: createTtlCache({ ttlMs, maxEntries: 2000, keep: (v) => v !== undefined }),
    rolePermissions: createTtlCache({ ttlMs, maxEntries: 100, keep: Array.isArray }),
    store: createTtlCache({ ttlMs, maxEntries: 20, keep: () => true }),
  };

  // API tokens ('admin::api-token' is the deprecated name of the same service object).
  const tokens = strapi.service('admin::api-token-content-api') as unknown as { getByAccessKey: (hash: string, options?: Record<string, unknown>) => Promise<unknown> };
  const getByAccessKey = tokens.getByAccessKey;
  tokens.getByAccessKey = (hash, options) => {
    if (options && Object.keys(options).length > 0) return getByAccessKey(hash, options);
    return copy(caches.tokens.get(hash, () => getByAccessKey(hash)));
  };

  // users-permissions role permissions.
  const permissions = strapi.plugin('users-permissions').service('permission') as { findRolePermissions: (roleId: unknown) => Promise<unknown>; findPublicPermissions: () => Promise<unknown> };
  const findRolePermissions = permissions.findRolePermissions;
  const findPublicPermissions = permissions.findPublicPermissions;
  permissions.findRolePermissions = (roleId) => copy(caches.rolePermissions.get(`role:${String(roleId)}`, () => findRolePermissions(roleId)));
  permissions.findPublicPermissions = () => copy(caches.rolePermissions.get('public', () => findPublicPermissions()));

  // Core-store settings read per request.
  const store = strapi.store as unknown as { get: (params: StoreParams) => Promise<unknown> };
  const storeGet = store.get;
  store.get = (params) => {
    const { key, type = 'core', environment, name, tag } = params ?? ({} as StoreParams);
    const full = `${type}${name ? `_${name}` : ''}_${key}`;
    if (environment || tag || !CACHED_STORE_KEYS.has(full)) return storeGet(params);
    return copy(caches.store.get(full, () => storeGet(params)));
  };

  subscribeClear(strapi, TOKEN_MODELS, () => caches.tokens.clear());
  subscribeClear(strapi, PERMISSION_MODELS, () => caches.rolePermissions.clear());
  subscribeClear(strapi, STORE_MODELS, () => caches.store.clear());
  holder[INSTALLED] = caches;
  return caches;
}

/** Empties a cache before and after every query-engine write to `models`, and at its transaction's commit. */
function subscribeClear(strapi: Core.Strapi, models: string[], clear: () => void) {
  const db = strapi.db as unknown as { inTransaction: () => boolean; transaction: (cb: (p: { onCommit: (cb: () => void) => void }) => unknown) => Promise<unknown> };
  const onWrite = () => {
    clear();
    if (db.inTransaction()) {
      void db.transaction(({ onCommit }) => onCommit(clear)).catch(() => clear());
    }
  };
  const handlers: Record<string, () => void> = {};
  for (const action of ACTIONS) {
    handlers[`before${action}`] = clear;
    handlers[`after${action}`] = onWrite;
  }
  strapi.db.lifecycles.subscribe({ models, ...handlers });
}

/** What the user behind a JWT is read with: its role (Strapi's strategy) and organization (the customer policy). */
export const AUTHENTICATED_USER_POPULATE = { role: true, organization: true } as const;

/**
 * The user behind a JWT, read on every request as users-permissions does (nothing cached: a blocked
 * user, a changed role or organization counts at the next request), with its role and its
 * organization in one statement on PostgreSQL (utils/find-with-relations.ts). The customer policy
 * takes the organization from it (services/customer-tickets.ts `identify`): 3 statements → 1 on
 * every customer request. An id that is not a whole number is left to Strapi's own read.
 */
export function installAuthenticatedUserRead(strapi: Core.Strapi): void {
  const users = strapi.plugin('users-permissions').service('user') as { fetchAuthenticatedUser: (id: unknown) => Promise<unknown> };
  const fetchAuthenticatedUser = users.fetchAuthenticatedUser;
  const reader = createRelationReader(strapi);
  users.fetchAuthenticatedUser = (id) =>
    Number.isSafeInteger(Number(id)) && String(id).trim() !== '' ? reader.findOne(USER_UID, { id: Number(id) }, AUTHENTICATED_USER_POPULATE) : fetchAuthenticatedUser(id);
}
