/**
 * Global middleware, right inside strapi::errors: while the database cannot be reached, every
 * request is answered `503` with a message and `Retry-After`, never 500 and never 401.
 *
 * - An error thrown below that says the database is unreachable (ops/db-availability.ts) → 503.
 * - A query of this request lost its connection (knex `query-error`, matched to the request through
 *   AsyncLocalStorage) and the answer is an error (≥ 400): Strapi code swallowed the failure into
 *   something else (users-permissions' "Missing or invalid credentials", the entity validator's
 *   "Invalid relations") → 503. A success stands: what was acknowledged was done.
 * - Any other unexpected error (one strapi::errors would answer 500), or a 401 answer: Strapi's
 *   authentication swallows every error into "not authenticated" (users-permissions' JWT and public
 *   permission lookups read the database), so a customer with a valid JWT or an anonymous reader
 *   would be told 401. Then the database is probed (services/health.ts: bounded, shared for 1 s);
 *   unreachable → 503, reachable → the answer stands.
 * No request waits longer than the pool's own failure (PostgreSQL refusing or dropping the
 * connection fails at once) plus the probe's 2 s bound.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { errorCode, isDatabaseUnavailable, UNAVAILABLE_MESSAGE, UNAVAILABLE_RETRY_AFTER_S } from '../ops/db-availability';
import { httpError, isHttpError } from '../utils/errors';
import { getServiceOf } from '../utils/get-service';
import type { DatabaseProbe } from '../services/health';

interface RequestScope {
  /** Code of the first connection failure a query of this request met. */
  lostConnection?: string;
}
const scope = new AsyncLocalStorage<RequestScope>();
const watched = new WeakSet<object>();

/** Notes, on the request that ran it, a query that failed because the connection was lost. */
function watchQueries(strapi: Core.Strapi) {
  const knex = strapi.db?.connection as unknown as { on?: (event: string, fn: (error: unknown) => void) => void } | undefined;
  if (!knex?.on || watched.has(knex)) return;
  watched.add(knex);
  knex.on('query-error', noteLostConnection);
}

/**
 * Notes a connection failure on the request whose code awaits `error` (its async context): a
 * failed query shared by several requests (the authentication caches' one in-flight read) is
 * seen by knex's `query-error` in the context of the request that started it only.
 */
export function noteLostConnection(error: unknown) {
  const request = scope.getStore();
  if (request && !request.lostConnection && isDatabaseUnavailable(error)) request.lostConnection = errorCode(error) ?? 'connection lost';
}

/**
 * The probe failed with an error, not a mere timeout: a busy pool under load can take longer than
 * the probe's bound, and that must not turn an honest 401 into a 503 (a dead database fails fast:
 * refused or dropped connections). Readiness (`GET /ready`) treats a timeout as not ready.
 */
const definitelyDown = (probe: DatabaseProbe) => !probe.reachable && !probe.timedOut;

export const availability = (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const health = () => getServiceOf(strapi, 'health');

  const unavailable = (ctx: Context, code: string | undefined) => {
    strapi.log.warn(`[support-desk] database unreachable: ${ctx.method} ${ctx.path} → 503${code ? ` (${code})` : ''}`);
    ctx.set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
    return httpError(503, UNAVAILABLE_MESSAGE, { retryAfter: UNAVAILABLE_RETRY_AFTER_S, reason: 'database_unreachable' });
  };

  return async function availabilityMiddleware(ctx: Context, next: Next) {
    watchQueries(strapi);
    const request: RequestScope = {};
    try {
      await scope.run(request, next);
    } catch (error) {
      if (request.lostConnection) throw unavailable(ctx, request.lostConnection);
      if (error instanceof errors.ApplicationError || isHttpError(error)) throw error;
      if (isDatabaseUnavailable(error)) {
        health().invalidate();
        throw unavailable(ctx, errorCode(error));
      }
      const probe = await health().database();
      if (definitelyDown(probe)) throw unavailable(ctx, probe.code);
      throw error;
    }
    if (request.lostConnection && ctx.status >= 400) throw unavailable(ctx, request.lostConnection);
    if (ctx.status === 401 || ctx.status >= 500) {
      const probe = await health().database();
      if (definitelyDown(probe)) throw unavailable(ctx, probe.code);
    }
  };
};

export default availability;
