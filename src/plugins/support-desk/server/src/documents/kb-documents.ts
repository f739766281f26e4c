/**
 * Document-service middlewares of the knowledge base.
 *
 * - kbWrites: every write of a KB article (Content Manager, REST, API token, plugin, seed) runs in
 *   one transaction with the search-index update, the version-stamp bump + NOTIFY that invalidate
 *   the public caches, and — on publish — a revision snapshot. Counters (helpful/not helpful/views)
 *   are owned by the system: a REST write changing one gets a 400, the CM form's resent values are dropped.
 * - kbReadScope: reads through the content API by anyone but an API token (Public, Customer) see
 *   published `public` articles only, whatever filters/populate/sort/status they send and however
 *   deep a relation reaches kb-article (the rules: kb/read-scope.ts).
 * - Revisions are history: no update or delete.
 * - kb-synonym writes (KB editors' synonym list) bump the version stamp in the writer's transaction:
 *   every instance reloads the list and drops cached answers (no re-indexing: synonyms apply to queries).
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentAuthor } from '../services/kb-editorial';
import { getService } from '../utils/get-service';
import { createReadScope } from '../kb/read-scope';
import { API_TOKEN_STRATEGIES, ARTICLE_UID, REVISION_UID, SYNONYM_UID } from '../constants';

type Params = Record<string, any>;
const WRITES = ['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone'];
const READS = ['findMany', 'findFirst', 'findOne', 'count'];
const COUNTERS = ['helpful_count', 'not_helpful_count', 'view_count'];

export const kbWrites =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    if (ctx.uid === REVISION_UID && ['update', 'delete'].includes(ctx.action)) {
      throw new errors.ForbiddenError('KB revisions are history: they cannot be changed or deleted.');
    }
    if (ctx.uid === SYNONYM_UID && WRITES.includes(ctx.action)) {
      return strapi.db.transaction(async ({ trx, onCommit }) => {
        const result = await next();
        await getService('kbIndex').afterWrite(undefined, trx as any, onCommit);
        return result;
      });
    }
    if (ctx.uid !== ARTICLE_UID || !WRITES.includes(ctx.action)) return next();
    const params = ctx.params as Params;
    if (params.data && strapi.requestContext.get() && ['update', 'create'].includes(ctx.action)) {
      await guardCounters(strapi, ctx.action, params);
    }
    const author = currentAuthor(strapi);
    return strapi.db.transaction(async ({ trx, onCommit }) => {
      const result = (await next()) as any;
      const documentId: string | undefined = params.documentId ?? result?.documentId ?? result?.entries?.[0]?.documentId;
      await getService('kbIndex').afterWrite(documentId, trx as any, onCommit);
      const published = ctx.action === 'publish' || (['create', 'update'].includes(ctx.action) && params.status === 'published');
      if (published && documentId) {
        const locale = params.locale ?? (await strapi.plugin('i18n').service('locales').getDefaultLocale());
        await getService('kbEditorial').recordPublish(documentId, locale === '*' ? '*' : [locale], author);
      }
      return result;
    });
  };

const routeTypeOf = (strapi: Core.Strapi): string | undefined => (strapi.requestContext.get() as { state?: Params } | undefined)?.state?.route?.info?.type;

/**
 * Counters are the system's. Through the REST API a write that would change one is refused (400
 * naming it, nothing written); the value it already has passes. The Content Manager form shows them
 * read-only but resends what it loaded, which may be stale by then (views keep counting): there they
 * are dropped from the write. Either way the stored counts stay.
 */
async function guardCounters(strapi: Core.Strapi, action: string, params: Params) {
  const sent = COUNTERS.filter((c) => params.data[c] !== undefined);
  if (!sent.length) return;
  if (routeTypeOf(strapi) === 'content-api') {
    const stored: Params =
      action === 'update' && params.documentId
        ? ((await strapi.db.query(ARTICLE_UID).findOne({ where: { documentId: params.documentId }, select: COUNTERS })) ?? {})
        : {};
    const changed = sent.filter((c) => Number(params.data[c]) !== Number(stored[c] ?? 0) || !Number.isInteger(Number(params.data[c])));
    if (changed.length) {
      const message = `${changed.join(', ')} ${changed.length > 1 ? 'are' : 'is'} counted from readers' visits and feedback and cannot be set; leave ${changed.length > 1 ? 'them' : 'it'} out of the request.`;
      throw new errors.ValidationError(message, { errors: changed.map((c) => ({ path: [c], message: `${c} cannot be set`, name: 'ValidationError' })) });
    }
  }
  for (const c of COUNTERS) delete params.data[c];
}

/** Public and Customer callers of the content API (not API tokens, not the admin panel). */
function isPublicCaller(strapi: Core.Strapi): boolean {
  const ctx = strapi.requestContext.get() as { state?: Params } | undefined;
  if (routeTypeOf(strapi) !== 'content-api') return false;
  return !API_TOKEN_STRATEGIES.includes(ctx?.state?.auth?.strategy?.name);
}

const PUBLIC_ARTICLE = { visibility: 'public', publishedAt: { $notNull: true } };

/**
 * Reads by Public and Customer callers, of any content type: kb-article rows reached at any depth
 * of `filters`, `populate` or `sort` are limited to published public ones (kb/read-scope.ts); the
 * root of an article query is forced to the published version.
 */
export const kbReadScope = (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware => {
  const scope = createReadScope((uid) => strapi.getModel(uid as any) as any, { uid: ARTICLE_UID, filter: PUBLIC_ARTICLE });
  return async (ctx, next) => {
    if (!READS.includes(ctx.action) || !isPublicCaller(strapi)) return next();
    const params = scope.apply(ctx.uid, (ctx.params ?? {}) as Params);
    if (ctx.uid === ARTICLE_UID) params.status = 'published';
    ctx.params = params as typeof ctx.params;
    return next();
  };
};
