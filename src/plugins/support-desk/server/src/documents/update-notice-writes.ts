/**
 * Document-service middleware of technical update notices, for every path (Content Manager, core
 * REST, API tokens): the product lines and models are lists of names with at least one name
 * (notices/index.ts; 400 naming the field otherwise), `first_published_at` is the system's, and a
 * publish — the Content Manager's Publish, or a create/update with status published — tells the
 * concerned contacts in the same transaction (services/update-notices.ts `announce`).
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { checkTargets } from '../notices';
import { getService } from '../utils/get-service';
import { UPDATE_NOTICE_UID } from '../constants';

type Row = Record<string, any>;
const invalid = (field: string, message: string) => new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });

/** The draft of a notice (what a publish makes public). */
const draftOf = (strapi: Core.Strapi, documentId: string) => strapi.db.query(UPDATE_NOTICE_UID).findOne({ where: { documentId, publishedAt: { $null: true } } });

function check(data: Row, before: Row | null) {
  const lines = data.product_lines !== undefined ? data.product_lines : before?.product_lines;
  const models = data.models !== undefined ? data.models : before?.models;
  const result = checkTargets(lines, models);
  if (result.ok === false) throw invalid(result.field, result.message);
  if (data.product_lines !== undefined) data.product_lines = result.product_lines;
  if (data.models !== undefined) data.models = result.models;
}

export const updateNoticeWrites =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    if (ctx.uid !== UPDATE_NOTICE_UID) return next();
    const params = ctx.params as Row;
    if (ctx.action === 'create' || ctx.action === 'update') {
      const data: Row = (params.data ??= {});
      delete data.first_published_at;
      const before = ctx.action === 'update' && params.documentId ? await draftOf(strapi, params.documentId) : null;
      if (ctx.action === 'update' && !before) return next(); // Strapi answers 404
      if (ctx.action === 'create' || data.product_lines !== undefined || data.models !== undefined) check(data, before);
      if (params.status !== 'published') return next();
      return strapi.db.transaction(async () => {
        const result = await next();
        const documentId = (result as Row | null)?.documentId ?? params.documentId;
        if (documentId) await getService('update-notices').announce(documentId);
        return result;
      });
    }
    if (ctx.action === 'publish') {
      const draft = params.documentId ? await draftOf(strapi, params.documentId) : null;
      if (draft) check({}, draft);
      return strapi.db.transaction(async () => {
        const result = await next();
        if (params.documentId) await getService('update-notices').announce(params.documentId);
        return result;
      });
    }
    return next();
  };
