/**
 * Whether an error means "the database cannot be reached right now" (as opposed to "the database
 * refused this statement"). Such an error is answered 503 with a message and `Retry-After`, never
 * 500 (middlewares/availability.ts); the pool reconnects by itself once the server is back.
 *
 * Recognized, anywhere along the error's `cause` chain:
 * - PostgreSQL SQLSTATE class 08 (connection exception), 57P01 admin_shutdown (`pg_terminate_backend`,
 *   a fast shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up / shutting down),
 *   53300 too_many_connections;
 * - socket errors of the driver: ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT, EHOSTUNREACH,
 *   ENETUNREACH, ENOTFOUND, EAI_AGAIN;
 * - the pool and driver's own words for a dead connection: knex's "Timeout acquiring a connection"
 *   (KnexTimeoutError), node-postgres' "Connection terminated (unexpectedly)", "… is not queryable",
 *   "Client was closed"; PostgreSQL's "database … is not currently accepting connections" (55000,
 *   ALLOW_CONNECTIONS false during maintenance).
 * Pure: no Strapi import.
 */
const SQLSTATE_UNAVAILABLE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const MESSAGES = /Timeout acquiring a connection|Connection terminated|is not queryable|Client was closed|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|Connection ended unexpectedly|is not currently accepting connections/i;

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/** The error and its causes (`cause`, `originalError`), at most 6 deep. */
function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let e: unknown = error;
  while (e && typeof e === 'object' && out.length < 6 && !out.includes(e as ErrorLike)) {
    out.push(e as ErrorLike);
    e = (e as ErrorLike).cause ?? (e as ErrorLike).originalError;
  }
  return out;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return chain(error).some((e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    if (SQLSTATE_UNAVAILABLE.test(code) || SOCKET_CODES.has(code)) return true;
    if (e.name === 'KnexTimeoutError') return true;
    return typeof e.message === 'string' && MESSAGES.test(e.message);
  });
}

/** The first code (SQLSTATE or errno) along the chain, for the log. */
export function errorCode(error: unknown): string | undefined {
  for (const e of chain(error)) if (typeof e.code === 'string' && e.code) return e.code;
  return undefined;
}

/** The answer while the database is unreachable. */
export const UNAVAILABLE_MESSAGE =
  'The service is temporarily unavailable: its database cannot be reached. Retry in a few seconds; if this was a write, read the record back first (a write cut off at its commit may have been saved).';
export const UNAVAILABLE_RETRY_AFTER_S = 5;
