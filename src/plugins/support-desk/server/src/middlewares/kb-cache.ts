/**
 * Global middleware (config/middlewares.ts, right after strapi::poweredBy) for GET/HEAD
 * /api/support-desk/kb/...: answers repeated anonymous reads from memory before the rest of Strapi's
 * pipeline (body parsing, session, routing, users-permissions, controller, database), and gives every
 * KB answer an ETag (304 on If-None-Match) and an informative Last-Modified.
 *
 * If-Modified-Since is not honoured: Last-Modified has one-second resolution, and two changes in one
 * second would answer 304 for the first version (RFC 9110 lets a server ignore it; the ETag names
 * the exact bytes). A search without `locale` depends on Accept-Language: that header is part of its
 * cache key, and every answer says `Vary: Accept-Language`.
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

function notModified(ctx: Context, etag: string): boolean {
  const inm = ctx.get('if-none-match');
  return Boolean(inm) && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}

/** The cache key: the URL, plus Accept-Language for a search without `locale` (it picks the locale then). */
export function cacheKey(ctx: Pick<Context, 'url' | 'path' | 'query' | 'get'>): string {
  const q = ctx.query as Record<string, unknown>;
  if (ctx.path.endsWith('/search') && (q.locale === undefined || q.locale === '')) return `${ctx.url}\n${ctx.get('accept-language').slice(0, 200)}`;
  return ctx.url;
}

function send(ctx: Context, entry: Pick<CachedResponse, 'body' | 'etag' | 'lastModified'>, state: 'HIT' | 'MISS' | 'BYPASS', shared: boolean) {
  ctx.set('ETag', entry.etag);
  ctx.set('Last-Modified', entry.lastModified);
  ctx.set('Cache-Control', shared ? 'public, max-age=0, must-revalidate' : 'private, no-cache');
  ctx.set('Vary', 'Authorization, Accept-Encoding, Accept-Language');
  ctx.set('X-KB-Cache', state);
  if (notModified(ctx, entry.etag)) {
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
    const key = cacheKey(ctx);
    // SQLite: other processes' writes are seen through the one-row version stamp, read before a hit is served.
    if (cacheable && !index.isPostgres()) await index.syncVersion();
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
