/**
 * Returns and exchanges (RMA) on tickets: opened by an agent or by the customer (their organization's
 * ticket and asset only), run through the pure life cycle of `rma/state-machine.ts`. Receiving the
 * faulty unit is a `return` stock movement of its part; completing an exchange issues the
 * replacement (a reservation consumed at once, billed or not by the warranty). Every step is a
 * public `rma` event on the ticket's timeline. Writes use the query engine inside one transaction;
 * a state change claims the row by its current state, so two racing actions cannot both apply.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Actor } from '../workflow/actor';
import { OPEN_RMA_STATES, planRmaAction, underWarranty, type RmaAction } from '../rma/state-machine';
import { conflict } from '../utils/errors';
import { getService } from '../utils/get-service';
import { ASSET_UID, RMA_UID, TICKET_UID } from '../constants';
import type { CustomerIdentity } from './customer-tickets';

type Row = Record<string, any>;

export const RMA_POPULATE = {
  ticket: { select: ['id', 'documentId', 'number', 'subject', 'state'] },
  asset: { select: ['id', 'documentId', 'serial_number', 'model', 'product_line', 'warranty_until'] },
  organization: { select: ['id', 'documentId', 'name', 'code'] },
  returned_part: { select: ['id', 'documentId', 'sku', 'name'] },
  replacement_part: { select: ['id', 'documentId', 'sku', 'name'] },
} as const;

const invalid = (field: string, message: string) => new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });

export interface OpenRmaRequest {
  asset?: unknown;
  asset_serial?: unknown;
  reason?: unknown;
  part?: unknown;
}

const createRmaService = ({ strapi }: { strapi: Core.Strapi }) => {
  async function load(id: number) {
    return strapi.db.query(RMA_UID).findOne({ where: { id }, populate: RMA_POPULATE });
  }

  async function ticketFor(ticketDocumentId: string, customer?: CustomerIdentity) {
    const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { documentId: ticketDocumentId }, populate: { organization: { select: ['id', 'name'] }, asset: { select: ['id'] } } });
    if (!ticket || (customer && ticket.organization?.id !== customer.organizationId)) throw new errors.NotFoundError(`No ticket with id "${String(ticketDocumentId).slice(0, 100)}".`);
    return ticket;
  }

  return {
    async list(ticketDocumentId: string, customer?: CustomerIdentity) {
      const ticket = await ticketFor(ticketDocumentId, customer);
      return strapi.db.query(RMA_UID).findMany({ where: { ticket: { id: ticket.id } }, populate: RMA_POPULATE, orderBy: { id: 'asc' } });
    },

    async findForCustomer(documentId: string, customer: CustomerIdentity) {
      const rma = await strapi.db.query(RMA_UID).findOne({ where: { documentId }, populate: RMA_POPULATE });
      if (!rma || rma.organization?.id !== customer.organizationId) throw new errors.NotFoundError(`No return with id "${String(documentId).slice(0, 100)}".`);
      return rma;
    },

    /** Opens a return for an asset on a ticket (the ticket's asset when none is named). */
    async open(ticketDocumentId: string, request: OpenRmaRequest, actor: Actor, customer?: CustomerIdentity) {
      const ticket = await ticketFor(ticketDocumentId, customer);
      const reason = typeof request?.reason === 'string' ? request.reason.trim() : '';
      if (!reason) throw invalid('reason', 'reason is required: say what is wrong with the unit.');
      if (reason.length > 2000) throw invalid('reason', 'reason is too long (at most 2000 characters).');
      const orgId = customer?.organizationId ?? ticket.organization?.id ?? null;
      let asset: Row | null = null;
      const ref = request?.asset_serial ?? request?.asset;
      if (ref !== undefined && ref !== null && ref !== '') {
        if (typeof ref !== 'string' || ref.length > 100) throw invalid(request?.asset_serial !== undefined ? 'asset_serial' : 'asset', 'Name the asset by its serial number (or documentId).');
        asset = (await strapi.db.query(ASSET_UID).findOne({ where: { serial_number: ref }, populate: { organization: { select: ['id'] } } }))
          ?? (await strapi.db.query(ASSET_UID).findOne({ where: { documentId: ref }, populate: { organization: { select: ['id'] } } }));
      } else if (ticket.asset?.id) {
        asset = await strapi.db.query(ASSET_UID).findOne({ where: { id: ticket.asset.id }, populate: { organization: { select: ['id'] } } });
      }
      const field = request?.asset_serial !== undefined ? 'asset_serial' : 'asset';
      if (!asset) throw invalid(field, ref ? `No asset "${String(ref).slice(0, 100)}".` : 'Name the asset to return (asset_serial): the ticket has none.');
      // Another organization's asset is refused like an unknown one.
      if (!orgId || asset.organization?.id !== orgId) throw invalid(field, `No asset "${String(ref ?? asset.serial_number).slice(0, 100)}" of ${ticket.organization?.name ?? 'this organization'}.`);
      let partId: number | null = null;
      if (request?.part !== undefined && request.part !== null && !customer) partId = (await getService('inventory').partOrFail(request.part)).id;

      return strapi.db.transaction(async () => {
        const open = await strapi.db.query(RMA_UID).findOne({ where: { asset: { id: asset!.id }, state: { $in: [...OPEN_RMA_STATES] } }, select: ['id', 'number', 'state'] });
        if (open) throw invalid(field, `Asset ${asset!.serial_number} already has an open return (${open.number}, ${open.state}): follow that one.`);
        const now = new Date();
        const warranty = underWarranty(asset!.warranty_until, now);
        const number = await getService('sequences').nextNumber('rma');
        const created = await strapi.db.query(RMA_UID).create({
          data: { number, ticket: ticket.id, asset: asset!.id, organization: orgId, state: 'requested', reason, under_warranty: warranty, returned_part: partId },
        });
        await getService('timeline').append({
          ticketId: ticket.id,
          kind: 'rma',
          actor,
          visibility: 'public',
          data: { rma: created.documentId, number, action: 'open', state: 'requested', asset: asset!.serial_number, under_warranty: warranty, warranty_until: asset!.warranty_until ? String(asset!.warranty_until).slice(0, 10) : null, reason },
        });
        return load(created.id);
      });
    },

    /** One life-cycle action; receive and complete move stock. */
    async act(documentId: string, action: RmaAction | string, request: { outcome?: unknown; reason?: unknown; part?: unknown; replacement_part?: unknown }, actor: Actor, customer?: CustomerIdentity) {
      const rma = customer ? await this.findForCustomer(documentId, customer) : await strapi.db.query(RMA_UID).findOne({ where: { documentId }, populate: RMA_POPULATE });
      if (!rma) throw new errors.NotFoundError(`No return with id "${String(documentId).slice(0, 100)}".`);
      const plan = planRmaAction(rma.state, action, request ?? {}, actor.kind);
      if (plan.ok === false) {
        if (plan.status === 403) throw new errors.ForbiddenError(plan.message);
        throw new errors.ValidationError(plan.message, { state: rma.state, ...(plan.field ? { errors: [{ path: [plan.field], message: plan.message, name: 'ValidationError' }] } : {}) });
      }
      const inventory = getService('inventory');
      let returned = rma.returned_part;
      let replacement = rma.replacement_part;
      if (plan.action === 'receive') {
        if (request?.part !== undefined && request.part !== null) returned = await inventory.partOrFail(request.part);
        if (!returned) throw invalid('part', 'part is required to receive the unit: the documentId or SKU of the part it is stocked as.');
      }
      if (plan.action === 'complete' && rma.outcome === 'exchange') {
        if (request?.replacement_part !== undefined && request.replacement_part !== null) replacement = await inventory.partOrFail(request.replacement_part, 'replacement_part');
        if (!replacement) throw invalid('replacement_part', 'replacement_part is required to complete an exchange: the documentId or SKU of the part issued to the customer.');
      }

      return strapi.db.transaction(async () => {
        const now = new Date();
        const data: Row = { state: plan.to };
        if (plan.outcome) data.outcome = plan.outcome;
        if (plan.reason) data.decision_reason = plan.reason;
        if (plan.action === 'receive') Object.assign(data, { received_at: now, returned_part: returned.id });
        if (plan.action === 'complete') Object.assign(data, { completed_at: now, ...(replacement ? { replacement_part: replacement.id } : {}) });
        const { count } = await strapi.db.query(RMA_UID).updateMany({ where: { id: rma.id, state: plan.from }, data: { state: plan.to } });
        if (count !== 1) {
          const current = await strapi.db.query(RMA_UID).findOne({ where: { id: rma.id }, select: ['state'] });
          throw conflict(`Return ${rma.number} changed meanwhile: it is now ${current?.state}. Reload it and try again.`, { state: current?.state });
        }
        await strapi.db.query(RMA_UID).update({ where: { id: rma.id }, data });
        const ticketId = rma.ticket?.id ?? null;
        const movements: string[] = [];
        if (plan.action === 'receive') {
          const r = await inventory.move(returned.id, { kind: 'return', quantity: 1 }, { ticketId }, actor, { note: `${rma.number}: faulty unit ${rma.asset?.serial_number ?? ''} received` });
          movements.push(...r.movements.map((m) => m.documentId));
        }
        if (plan.action === 'complete' && rma.outcome === 'exchange') {
          const note = `${rma.number}: replacement issued for ${rma.asset?.serial_number ?? 'the unit'}`;
          const r1 = await inventory.move(replacement.id, { kind: 'reserve', quantity: 1 }, { ticketId }, actor, { note });
          const r2 = await inventory.move(replacement.id, { kind: 'consume', quantity: 1 }, { ticketId, anyVisit: true }, actor, { note, billable: !rma.under_warranty });
          movements.push(...r1.movements.map((m) => m.documentId), ...r2.movements.map((m) => m.documentId));
        }
        if (ticketId) {
          await getService('timeline').append({
            ticketId,
            kind: 'rma',
            actor,
            visibility: 'public',
            data: {
              rma: rma.documentId,
              number: rma.number,
              action: plan.action,
              from: plan.from,
              to: plan.to,
              outcome: plan.outcome ?? rma.outcome ?? null,
              asset: rma.asset?.serial_number ?? null,
              under_warranty: rma.under_warranty === true,
              reason: plan.reason ?? null,
              replacement_sku: plan.action === 'complete' && rma.outcome === 'exchange' ? (replacement?.sku ?? null) : null,
              movements,
            },
          });
        }
        return load(rma.id);
      });
    },
  };
};

export type RmaService = ReturnType<typeof createRmaService>;
export default createRmaService;
