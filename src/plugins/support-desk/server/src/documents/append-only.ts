import type { Core, Modules } from '@strapi/strapi';
import { httpError } from '../utils/errors';
import { EQUIPMENT_CHECKOUT_UID, EQUIPMENT_UID, RMA_UID, STOCK_MOVEMENT_UID, TICKET_EVENT_UID, TICKET_UID } from '../constants';

/** Records that are history: written once, never edited or removed, by any path. */
export const APPEND_ONLY_UIDS = [TICKET_EVENT_UID, STOCK_MOVEMENT_UID];

const refuse = (uid: string) => {
  const name = uid === STOCK_MOVEMENT_UID ? 'Stock movements' : 'Timeline events';
  // 405: the record exists and may be read, but this method is not allowed on it, for anyone.
  return httpError(405, `${name} are append-only: they cannot be changed or deleted. Record a new entry instead.`);
};


/**
 * Document-service rules of history, for every path that goes through the document service (core
 * REST, API tokens, the Content Manager's delete and bulk delete, plugin code):
 * - timeline events and stock movements are never changed or deleted;
 * - timeline events are created only by the timeline service, which writes with the query engine
 *   (services/timeline.ts), so any document-service create or clone of one is refused;
 * - tickets are never deleted: their number is never reused and their timeline must keep its ticket.
 * Raw `strapi.db.query` bulk writes (what `strapi import` and the timeline service use) are not
 * document-service calls and are not affected; see subscribeAppendOnly for the query-engine rules.
 */
export const appendOnly =
  (_strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    if (APPEND_ONLY_UIDS.includes(ctx.uid) && ['update', 'delete', 'publish', 'unpublish', 'discardDraft'].includes(ctx.action)) throw refuse(ctx.uid);
    if (ctx.uid === TICKET_EVENT_UID && ['create', 'clone'].includes(ctx.action)) {
      throw httpError(405, 'Timeline events are written by the support desk itself when a ticket changes: act on the ticket instead (a comment, a transition, an assignment).');
    }
    if (ctx.uid === EQUIPMENT_CHECKOUT_UID && ['create', 'clone', 'update', 'delete'].includes(ctx.action)) {
      throw httpError(405, 'Equipment checkouts are written by the support desk: POST /support-desk/visits/:documentId/equipment to check an item out, POST /support-desk/equipment-checkouts/:documentId/return to bring it back.');
    }
    if (ctx.uid === EQUIPMENT_UID && ['create', 'update'].includes(ctx.action)) {
      const state = (ctx.params as { data?: { state?: unknown } }).data?.state;
      if (state === 'checked_out') throw httpError(400, 'An item becomes checked_out by a checkout for a visit (POST /support-desk/visits/:documentId/equipment), not by an edit.');
    }
    if (ctx.uid === RMA_UID && ['create', 'clone', 'update', 'delete', 'publish', 'unpublish', 'discardDraft'].includes(ctx.action)) {
      throw httpError(405, 'Returns (RMA) are opened and moved through their life cycle by the support desk: POST /support-desk/tickets/:documentId/rmas and POST /support-desk/rmas/:documentId/:action (approve, reject, receive, complete, cancel).');
    }
    if (ctx.uid === TICKET_UID && ctx.action === 'delete') {
      throw httpError(405, 'Tickets are never deleted: their number and timeline are kept. Cancel the ticket (action cancel) or close it instead.');
    }
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
