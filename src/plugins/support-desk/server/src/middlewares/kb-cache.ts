/**
 * Global middleware (config/middlewares.ts, right after strapi::poweredBy) for GET/HEAD
 * /api/support-desk/kb/...: answers repeated anonymous reads from memory before the rest of Strapi's
 * pipeline (body parsing, session, routing, users-permissions, controller, database), and gives every
 * KB answer an ETag and Last-Modified with 304 handling.
 *
 * Only requests without an Authorization header are cached (they all see the same public view);
 * agents and customers go through the full pipeline (answers marked private). Invalidation: see
 * services/kb-index.ts (version stamp, LISTEN/NOTIFY).
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { etagOf, type CachedResponse } from '../kb/response-cache';
import { getService } from '../utils/get-service';

const PREFIX = '/api/support-desk/kb/';
const CACHEABLE = /^\/api\/support-desk\/kb\/(articles(\/[^/]+)?|search|categories|openapi\.json)$/;

function notModified(ctx: Context, etag: string, lastModified: string): boolean {
  const inm = ctx.get('if-none-match');
  if (inm) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
  const ims = ctx.get('if-modified-since');
  if (ims) {
    const since = Date.parse(ims);
    const last = Date.parse(lastModified);
    return !Number.isNaN(since) && !Number.isNaN(last) && last <= since;
  }
  return false;
}

function send(ctx: Context, entry: Pick<CachedResponse, 'body' | 'etag' | 'lastModified'>, state: 'HIT' | 'MISS' | 'BYPASS', shared: boolean) {
  ctx.set('ETag', entry.etag);
  ctx.set('Last-Modified', entry.lastModified);
  ctx.set('Cache-Control', shared ? 'public, max-age=0, must-revalidate' : 'private, no-cache');
  ctx.set('Vary', 'Authorization, Accept-Encoding');
  ctx.set('X-KB-Cache', state);
  if (notModified(ctx, entry.etag, entry.lastModified)) {
    ctx.status = 304;
    ctx.body = null;
    return;
  }
  ctx.status = 200;
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = entry.body;
}

export default (_config: unknown, { strapi: _strapi }: { strapi: Core.Strapi }) =>
  async function kbCache(ctx: Context, next: Next) {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !ctx.path.startsWith(PREFIX)) return next();
    const index = getService('kbIndex');
    const anonymous = !ctx.get('authorization');
    const cacheable = anonymous && CACHEABLE.test(ctx.path) && index.cacheUsable();
    const key = ctx.url;
    if (cacheable) {
      const hit = index.cache.get(key);
      if (hit) {
        if (hit.viewDocumentId) getService('kb').recordView(hit.viewDocumentId);
        return send(ctx, hit, 'HIT', true);
      }
    }
    const versionAtStart = index.cache.version;
    await next();
    const body = ctx.body as unknown;
    if (ctx.status !== 200 || !body || typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') return;
    const text = JSON.stringify(body);
    const entry = { body: text, etag: etagOf(text), lastModified: index.lastModified(), viewDocumentId: ctx.state.kbViewDocumentId as string | undefined };
    if (cacheable) index.cache.set(key, entry, versionAtStart);
    send(ctx, entry, cacheable ? 'MISS' : 'BYPASS', anonymous);
  };
