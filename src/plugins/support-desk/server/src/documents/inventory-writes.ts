/**
 * Document-service middleware of the stock ledger, for every path that goes through the document
 * service (Content Manager, core REST, API tokens, the seed):
 * - a part's `on_hand` and `reserved` are not edited: an update that changes them is refused with a
 *   message pointing to stock movements; a new part's opening `on_hand` is recorded as a `receive`
 *   movement (so the ledger explains it), and a new part never starts with units reserved;
 * - a stock movement created here is made by the inventory service (services/inventory.ts): its
 *   deltas and after-counts are computed from the kind and quantity under the part's row lock — a
 *   client cannot post an arbitrary delta; store kinds (receive, return, scrap, adjust) need the
 *   `inventory.manage` action, ticket kinds (reserve, release, consume) `inventory.reserve`.
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentActor } from '../utils/caller';
import { getService } from '../utils/get-service';
import { relationTargetId } from '../utils/relations';
import { adminCan } from '../utils/admin-permissions';
import { actionId } from '../permissions';
import { STORE_KINDS } from '../inventory/ledger';
import { ADMIN_USER_UID, PART_UID, STOCK_MOVEMENT_UID, TICKET_UID } from '../constants';

type Row = Record<string, any>;
const COUNTS = ['on_hand', 'reserved'] as const;

const countsMessage = (sku: string | undefined, field: string) =>
  `${field} of ${sku ? `part ${sku}` : 'a part'} changes only through stock movements: receive, return, scrap or adjust (with a reason) ` +
  'with POST /support-desk/parts/:documentId/movements or a new Stock movement, and reserve, release or consume for a ticket with ' +
  'POST /support-desk/tickets/:documentId/parts. Reload the part to see its current counts.';

const refuseCounts = (sku: string | undefined, field: string) =>
  new errors.ValidationError(countsMessage(sku, field), { code: 'counts_through_movements', errors: [{ path: [field], message: 'change it through a stock movement', name: 'ValidationError' }] });

/** A count sent as it is read (number or numeric text), else NaN. */
const asCount = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

async function onPartCreate(strapi: Core.Strapi, params: { data?: Row }, next: () => Promise<any>) {
  const data = (params.data ??= {});
  const reserved = data.reserved;
  if (reserved !== undefined && reserved !== null && asCount(reserved) !== 0) throw refuseCounts(data.sku, 'reserved');
  const opening = data.on_hand === undefined || data.on_hand === null ? 0 : asCount(data.on_hand);
  // An invalid opening stock is left to Strapi's own validation of the attribute (400 naming on_hand).
  if (!Number.isInteger(opening) || opening < 0) return next();
  data.on_hand = 0;
  data.reserved = 0;
  data.stock_alert = null;
  data.stock_alert_since = null;
  return strapi.db.transaction(async () => {
    const created = await next();
    if (opening > 0) {
      const { part } = await getService('inventory').move(created.id, { kind: 'receive', quantity: opening }, {}, currentActor(strapi), { note: 'Opening stock' });
      created.on_hand = part.on_hand;
    }
    return created;
  });
}

/** Set by the inventory service from the counts and thresholds (issue 11, item 4). */
const ALERT_FIELDS = ['stock_alert', 'stock_alert_since'] as const;
const THRESHOLDS = ['reorder_point', 'reorder_quantity', 'max_stock'] as const;

async function onPartUpdate(strapi: Core.Strapi, params: { documentId?: string; data?: Row }, next: () => Promise<any>) {
  const data = params.data ?? {};
  if (![...COUNTS, ...ALERT_FIELDS, ...THRESHOLDS].some((k) => k in data)) return next();
  const before = await strapi.db.query(PART_UID).findOne({ where: { documentId: params.documentId }, select: ['id', 'sku', 'on_hand', 'reserved', 'stock_alert', 'stock_alert_since', ...THRESHOLDS] });
  if (!before) return next(); // Strapi answers 404
  for (const k of COUNTS) {
    if (!(k in data)) continue;
    // The Content Manager sends the whole form: an unchanged count is fine, and is not written.
    if (asCount(data[k]) !== Number(before[k])) throw refuseCounts(before.sku, k);
    delete data[k];
  }
  for (const k of ALERT_FIELDS) {
    if (!(k in data)) continue;
    const same = k === 'stock_alert' ? (data[k] ?? null) === (before[k] ?? null) : (data[k] ? new Date(data[k]).getTime() : null) === (before[k] ? new Date(before[k]).getTime() : null);
    if (!same) throw new errors.ValidationError(`${k} is set by the support desk from the stock and its thresholds: change reorder_point or max_stock, or move stock.`, { errors: [{ path: [k], message: 'system field', name: 'ValidationError' }] });
    delete data[k];
  }
  const thresholdsChange = THRESHOLDS.some((k) => k in data && (data[k] ?? null) !== (before[k] ?? null));
  const result = await next();
  if (thresholdsChange) await getService('inventory').reevaluateAlert(before.id);
  return result;
}

async function onMovementCreate(strapi: Core.Strapi, params: { data?: Row; populate?: unknown; fields?: unknown }) {
  const data = params.data ?? {};
  let actor = currentActor(strapi);
  // Plugin code and the seed (the system) may name the staff member who moved the stock.
  const named = actor.kind === 'system' ? await relationTargetId(strapi, ADMIN_USER_UID, 'actor', data.actor) : null;
  if (named) actor = { kind: 'agent', id: named };
  if (actor.kind === 'customer') throw new errors.ForbiddenError('Stock movements are recorded by the support desk.');
  const kind = data.kind;
  if (actor.kind === 'agent') {
    const action = (STORE_KINDS as readonly string[]).includes(kind) ? 'inventory.manage' : 'inventory.reserve';
    if (!(await adminCan(strapi, actor.id, actionId(action)))) {
      throw new errors.ForbiddenError(`Recording a ${kind} movement needs the "${action}" permission (Support Supervisor).`);
    }
  }
  const partId = await relationTargetId(strapi, PART_UID, 'part', data.part);
  if (!partId) throw new errors.ValidationError('part is required: choose the part the movement is for.', { errors: [{ path: ['part'], message: 'required', name: 'ValidationError' }] });
  const ticketId = (await relationTargetId(strapi, TICKET_UID, 'ticket', data.ticket)) ?? null;
  // The deltas follow from the kind and quantity; a client's own deltas are refused unless they agree.
  const expected = kind === 'adjust' ? null : { receive: [1, 0], return: [1, 0], scrap: [-1, 0], reserve: [0, 1], release: [0, -1], consume: [-1, -1] }[kind as string];
  if (expected && typeof data.quantity === 'number') {
    for (const [i, field] of (['on_hand_delta', 'reserved_delta'] as const).entries()) {
      const v = data[field];
      if (v !== undefined && v !== null && asCount(v) !== expected[i] * data.quantity) {
        throw new errors.ValidationError(`${field} follows from kind and quantity (${kind} ${data.quantity} → ${expected[i] * data.quantity}); leave it out.`, {
          errors: [{ path: [field], message: 'computed by the inventory service', name: 'ValidationError' }],
        });
      }
    }
  }
  const { movements } = await getService('inventory').documentMovement(data, actor, partId, ticketId);
  const last = movements[movements.length - 1];
  return strapi.documents(STOCK_MOVEMENT_UID as any).findOne({ documentId: last.documentId, populate: params.populate as any, fields: params.fields as any });
}

export const inventoryWrites =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    const params = ctx.params as Row;
    if (ctx.uid === PART_UID) {
      if (ctx.action === 'create') return onPartCreate(strapi, params, next);
      if (ctx.action === 'update') return strapi.db.transaction(() => onPartUpdate(strapi, params, next));
      if (ctx.action === 'clone') {
        // A copy starts with no stock of its own.
        params.data = { ...(params.data ?? {}), on_hand: 0, reserved: 0, stock_alert: null, stock_alert_since: null };
        return next();
      }
      return next();
    }
    if (ctx.uid === STOCK_MOVEMENT_UID && (ctx.action === 'create' || ctx.action === 'clone')) {
      if (ctx.action === 'clone') throw new errors.ValidationError('Stock movements cannot be cloned: record a new movement (its effect is computed from its kind and quantity).');
      return strapi.db.transaction(() => onMovementCreate(strapi, params));
    }
    return next();
  };
