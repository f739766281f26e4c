/**
 * The request id and the per-request context of logs. Pure: no Strapi import.
 *
 * - `requestIdOf(header)`: the client's (or the proxy's) `X-Request-Id` when it is a sane token
 *   (1–128 characters of letters, digits and `._:-`), else a fresh UUID — a hostile header can
 *   neither forge log structure nor blow up the log.
 * - `routeLabel(matched)`: the metrics label of a request — the route *pattern* the router matched
 *   (`/api/support-desk/customer/tickets/:documentId`), never the raw URL (unbounded cardinality);
 *   requests no route matched share `unmatched`.
 * - `requestContext`: one AsyncLocalStorage per process, published on `globalThis` under a
 *   registered symbol so that `config/logger.ts` (compiled apart from the plugin) adds `requestId`
 *   to every log line written while a request is being served.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(header: unknown): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && SANE_ID.test(value) ? value : randomUUID();
}

export function routeLabel(matched: unknown): string {
  return typeof matched === 'string' && matched ? matched : 'unmatched';
}

export interface RequestContext {
  requestId: string;
}

export const REQUEST_CONTEXT_KEY = Symbol.for('support-desk.request-context');
type WithContext = typeof globalThis & { [REQUEST_CONTEXT_KEY]?: AsyncLocalStorage<RequestContext> };

/** The process's request context store (created once, shared through globalThis). */
export function requestContext(): AsyncLocalStorage<RequestContext> {
  const g = globalThis as WithContext;
  g[REQUEST_CONTEXT_KEY] ??= new AsyncLocalStorage<RequestContext>();
  return g[REQUEST_CONTEXT_KEY]!;
}
