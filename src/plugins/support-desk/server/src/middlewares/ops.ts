/**
 * Global middleware, first in the list (config/middlewares.ts): what an operator of several
 * instances needs, before the rest of the pipeline.
 *
 * - Request id: `X-Request-Id` in (from a proxy or client, when sane) or a fresh UUID, sent back on
 *   every answer, and added to every log line written while the request is served
 *   (ops/request-context.ts; JSON lines with LOG_FORMAT=json, config/logger.ts).
 * - `GET /health` (liveness): 200 whenever the process can answer; touches nothing else.
 * - `GET /ready` (readiness): 200 when the database answers `SELECT 1` within 2 s, else 503 — a load
 *   balancer stops sending traffic to an instance that cannot reach its database.
 * - `GET /metrics` (Prometheus, services/metrics.ts): only with `Authorization: Bearer <METRICS_TOKEN>`;
 *   404 when METRICS_TOKEN is empty (no endpoint), 401 for a missing or wrong token.
 * - Every other request is timed into `http_request_duration_seconds{method,route,status}`, labelled
 *   by the route pattern the router matched.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { requestContext, requestIdOf, routeLabel } from '../ops/request-context';
import { getServiceOf } from '../utils/get-service';
import { pluginConfig } from '../utils/plugin-config';

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export const ops = (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const metrics = () => getServiceOf(strapi, 'metrics');
  const health = () => getServiceOf(strapi, 'health');
  const error = (ctx: Context, status: number, name: string, message: string) => {
    ctx.status = status;
    ctx.body = { data: null, error: { status, name, message, details: {} } };
  };

  async function probes(ctx: Context): Promise<boolean> {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return false;
    if (ctx.path === '/health') {
      ctx.body = { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
      return true;
    }
    if (ctx.path === '/ready') {
      const db = await health().database({ maxAgeMs: 500 });
      ctx.status = db.reachable ? 200 : 503;
      ctx.body = { status: db.reachable ? 'ready' : 'unavailable', database: { reachable: db.reachable, latencyMs: db.latencyMs, ...(db.code ? { code: db.code } : {}) } };
      if (!db.reachable) ctx.set('Retry-After', '5');
      return true;
    }
    if (ctx.path === '/metrics') {
      const token = pluginConfig(strapi)?.ops?.metricsToken ?? '';
      if (!token) {
        error(ctx, 404, 'NotFoundError', 'Not Found');
        return true;
      }
      const given = /^Bearer\s+(.+)$/i.exec(ctx.get('authorization'))?.[1] ?? '';
      if (!sameSecret(given, token)) {
        error(ctx, 401, 'UnauthorizedError', 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".');
        return true;
      }
      ctx.set('Content-Type', metrics().contentType);
      ctx.body = await metrics().render();
      return true;
    }
    return false;
  }

  return async function opsMiddleware(ctx: Context, next: Next) {
    const requestId = requestIdOf(ctx.get('x-request-id') || undefined);
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    return requestContext().run({ requestId }, async () => {
      if (await probes(ctx)) return;
      const started = process.hrtime.bigint();
      try {
        await next();
      } finally {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // An error still on its way up is answered 500 by Koa.
        metrics().observeRequest(ctx.method, routeLabel((ctx as unknown as { _matchedRoute?: string })._matchedRoute), ctx.status || 500, seconds);
      }
    });
  };
};

export default ops;
