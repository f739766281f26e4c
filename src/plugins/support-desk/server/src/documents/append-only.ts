import type { Core, Modules } from '@strapi/strapi';
import { httpError } from '../utils/errors';

/** Records that are history: written once, never edited or removed, by any path. */
export const APPEND_ONLY_UIDS = ['plugin::support-desk.ticket-event', 'api::stock-movement.stock-movement'];

const refuse = (uid: string) => {
  const name = uid === 'api::stock-movement.stock-movement' ? 'Stock movements' : 'Timeline events';
  // 405: the record exists and may be read, but this method is not allowed on it, for anyone.
  return httpError(405, `${name} are append-only: they cannot be changed or deleted. Record a new entry instead.`);
};

export const appendOnly =
  (_strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    if (APPEND_ONLY_UIDS.includes(ctx.uid) && ['update', 'delete', 'publish', 'unpublish', 'discardDraft'].includes(ctx.action)) throw refuse(ctx.uid);
    return next();
  };

/** The same rule for raw query-engine writes, which document middlewares do not see. */
export function subscribeAppendOnly(strapi: Core.Strapi) {
  strapi.db.lifecycles.subscribe({
    models: APPEND_ONLY_UIDS,
    beforeUpdate(event: { model: { uid: string } }) {
      throw refuse(event.model.uid);
    },
    beforeUpdateMany(event: { model: { uid: string } }) {
      throw refuse(event.model.uid);
    },
    beforeDelete(event: { model: { uid: string } }) {
      throw refuse(event.model.uid);
    },
    beforeDeleteMany(event: { model: { uid: string } }) {
      throw refuse(event.model.uid);
    },
  });
}
