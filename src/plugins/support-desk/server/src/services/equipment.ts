/**
 * Repair equipment: checkout for an on-site visit and return (rules: `equipment/checkout.ts`). The
 * checkout runs in one transaction that locks the item's row first (`SELECT … FOR UPDATE` on
 * PostgreSQL; SQLite's single writer serializes), so an item is never out twice. Both are internal
 * `equipment` events on the visit's ticket.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Actor } from '../workflow/actor';
import { planCheckout, planReturn } from '../equipment/checkout';
import { conflict } from '../utils/errors';
import { getService } from '../utils/get-service';
import { EQUIPMENT_CHECKOUT_UID, EQUIPMENT_UID, VISIT_UID } from '../constants';
import { modelTable } from '../utils/model-table';

type Row = Record<string, any>;

export const CHECKOUT_POPULATE = {
  equipment: { select: ['id', 'documentId', 'name', 'tag', 'kind', 'state'] },
  visit: { select: ['id', 'documentId', 'state', 'scheduled_start', 'scheduled_end'], populate: { ticket: { select: ['id', 'documentId', 'number'] } } },
  engineer: { select: ['id', 'documentId', 'firstname', 'lastname', 'email'] },
} as const;

const createEquipmentService = ({ strapi }: { strapi: Core.Strapi }) => {
  const q = (trx: any, uid: string) => modelTable(strapi, uid, trx);

  async function itemOrFail(ref: unknown): Promise<Row> {
    if (typeof ref !== 'string' || !ref.trim() || ref.length > 100) {
      throw new errors.ValidationError('equipment is required: the documentId or the tag of the item.', { errors: [{ path: ['equipment'], message: 'required', name: 'ValidationError' }] });
    }
    const item = (await strapi.db.query(EQUIPMENT_UID).findOne({ where: { documentId: ref } })) ?? (await strapi.db.query(EQUIPMENT_UID).findOne({ where: { tag: ref.trim() } }));
    if (!item) throw new errors.NotFoundError(`No repair equipment with documentId or tag "${ref.slice(0, 100)}".`);
    return item;
  }

  return {
    async checkout(visitDocumentId: string, request: { equipment?: unknown }, actor: Actor) {
      const visit = await strapi.db.query(VISIT_UID).findOne({ where: { documentId: visitDocumentId }, populate: { ticket: { select: ['id', 'number'] }, engineer: { select: ['id'] } } });
      if (!visit) throw new errors.NotFoundError(`No on-site visit with id "${String(visitDocumentId).slice(0, 100)}".`);
      const item = await itemOrFail(request?.equipment);
      return strapi.db.transaction(async ({ trx }) => {
        let lock = q(trx, EQUIPMENT_UID).where({ id: item.id }).first('id', 'state');
        if (strapi.db.dialect.client === 'postgres') lock = lock.forUpdate();
        const current = await lock;
        const open = await strapi.db.query(EQUIPMENT_CHECKOUT_UID).findOne({ where: { equipment: { id: item.id }, state: 'out' }, populate: { visit: { populate: { ticket: { select: ['number'] } } } } });
        const plan = planCheckout({ tag: item.tag, name: item.name, state: current.state }, { state: visit.state }, open ? { visitLabel: `ticket ${open.visit?.ticket?.number ?? '?'}` } : null);
        if (plan.ok === false) {
          if (plan.status === 409) throw conflict(plan.message, { code: plan.code });
          throw new errors.ValidationError(plan.message, { code: plan.code });
        }
        const now = new Date();
        const created = await strapi.db.query(EQUIPMENT_CHECKOUT_UID).create({
          data: { equipment: item.id, visit: visit.id, engineer: visit.engineer?.id ?? (actor.kind === 'agent' ? actor.id : null), state: 'out', checked_out_at: now },
        });
        await q(trx, EQUIPMENT_UID).where({ id: item.id }).update({ state: 'checked_out' });
        await getService('timeline').append({
          ticketId: visit.ticket.id,
          kind: 'equipment',
          actor,
          visibility: 'internal',
          data: { action: 'checkout', equipment: item.documentId, tag: item.tag, name: item.name ?? null, visit: visit.documentId, visit_start: new Date(visit.scheduled_start).toISOString(), checkout: created.documentId },
        });
        return strapi.db.query(EQUIPMENT_CHECKOUT_UID).findOne({ where: { id: created.id }, populate: CHECKOUT_POPULATE });
      });
    },

    async giveBack(checkoutDocumentId: string, request: { condition_note?: unknown }, actor: Actor) {
      const checkout = await strapi.db.query(EQUIPMENT_CHECKOUT_UID).findOne({ where: { documentId: checkoutDocumentId }, populate: CHECKOUT_POPULATE });
      if (!checkout) throw new errors.NotFoundError(`No equipment checkout with id "${String(checkoutDocumentId).slice(0, 100)}".`);
      const note = typeof request?.condition_note === 'string' ? request.condition_note.trim().slice(0, 2000) : null;
      const plan = planReturn(checkout);
      if (plan.ok === false) throw new errors.ValidationError(plan.message, { code: plan.code });
      return strapi.db.transaction(async ({ trx }) => {
        const claimed = await q(trx, EQUIPMENT_CHECKOUT_UID).where({ id: checkout.id, state: 'out' }).update({ state: 'returned', returned_at: new Date(), condition_note: note });
        if (claimed !== 1) throw conflict('This checkout was returned meanwhile.', { code: 'already_returned' });
        await q(trx, EQUIPMENT_UID).where({ id: checkout.equipment.id, state: 'checked_out' }).update({ state: 'available' });
        if (checkout.visit?.ticket?.id) {
          await getService('timeline').append({
            ticketId: checkout.visit.ticket.id,
            kind: 'equipment',
            actor,
            visibility: 'internal',
            data: { action: 'return', equipment: checkout.equipment.documentId, tag: checkout.equipment.tag, name: checkout.equipment.name ?? null, checkout: checkout.documentId, note: note || null },
          });
        }
        return strapi.db.query(EQUIPMENT_CHECKOUT_UID).findOne({ where: { id: checkout.id }, populate: CHECKOUT_POPULATE });
      });
    },

    async forVisit(visitDocumentId: string) {
      const visit = await strapi.db.query(VISIT_UID).findOne({ where: { documentId: visitDocumentId }, select: ['id'] });
      if (!visit) throw new errors.NotFoundError(`No on-site visit with id "${String(visitDocumentId).slice(0, 100)}".`);
      return strapi.db.query(EQUIPMENT_CHECKOUT_UID).findMany({ where: { visit: { id: visit.id } }, populate: CHECKOUT_POPULATE, orderBy: { id: 'asc' } });
    },
  };
};

export type EquipmentService = ReturnType<typeof createEquipmentService>;
export default createEquipmentService;
