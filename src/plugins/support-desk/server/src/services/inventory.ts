/**
 * The inventory service: the only writer of stock movements and of a part's `on_hand`/`reserved`.
 *
 * Every movement runs in one transaction that first locks the part's row (`SELECT … FOR UPDATE` on
 * PostgreSQL; on SQLite the one writer connection serializes transactions), reads the counts, asks
 * the pure ledger (`inventory/ledger.ts`) for the effect, appends the movement and writes the new
 * counts. Of parallel reservations of a part exactly as many succeed as there are units available;
 * the others get 409 and nothing is written for them.
 *
 * Repairs on tickets: parts are reserved for a ticket (optionally for one of its on-site visits),
 * consumed when the visit completes or the ticket resolves, released when the ticket or the visit is
 * cancelled or the reservation is given back. Consumption records the cost and the warranty billing decision on
 * the ticket (`inventory/billing.ts`); every step is on the ticket's timeline.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Actor } from '../workflow/actor';
import { OPEN_STATUSES, type TicketStatus } from '../workflow/state-machine';
import { allocate, available, isRefusal, stockLevel, MOVEMENT_KINDS, planMovement, STORE_KINDS, sumLedger, type MovementKind, type MovementRefusal, type StockCounts } from '../inventory/ledger';
import { decideBilling, lineCost } from '../inventory/billing';
import type { ReleaseCause } from '../timeline/texts';
import { conflict } from '../utils/errors';
import { getService } from '../utils/get-service';
import { ADMIN_USER_UID, AGENT_PROFILE_UID, PART_UID, STOCK_MOVEMENT_UID, SUPERVISOR_ROLE_CODE, TICKET_UID, VISIT_UID } from '../constants';
import { enqueueMail } from '../utils/outbox';
import { modelTable } from '../utils/model-table';

type Row = Record<string, any>;

export interface PartRow extends StockCounts {
  id: number;
  document_id: string;
  sku: string;
  name: string;
  unit_cost: string | number | null;
  reorder_point: number | null;
  reorder_quantity: number | null;
  max_stock: number | null;
  stock_alert: 'shortage' | 'overstock' | null;
}

export interface MoveRequest {
  kind: MovementKind | string;
  quantity?: unknown;
  delta?: unknown;
  reason?: unknown;
  note?: unknown;
}

export interface TicketPartRequest {
  part?: unknown;
  quantity?: unknown;
  visit?: unknown;
  note?: unknown;
  reason?: unknown;
}

export interface Scope {
  ticketId?: number | null;
  visitId?: number | null;
  /** release/consume: take from every visit bucket of the ticket (false: only `visitId`'s). */
  anyVisit?: boolean;
}

const MOVEMENT_POPULATE = {
  part: { select: ['id', 'documentId', 'sku', 'name'] },
  ticket: { select: ['id', 'documentId', 'number'] },
  visit: { select: ['id', 'documentId', 'scheduled_start', 'scheduled_end', 'state'] },
  actor: { select: ['id', 'documentId', 'firstname', 'lastname', 'email'] },
};

const invalid = (field: string, message: string) => new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });

export function refusalError(r: MovementRefusal) {
  if (r.status === 409) return conflict(r.message, { code: r.code });
  return new errors.ValidationError(r.message, { code: r.code, ...(r.field ? { errors: [{ path: [r.field], message: r.message, name: 'ValidationError' }] } : {}) });
}

function text(value: unknown, field: string, max = 2000): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(field, `${field} must be text.`);
  const t = value.trim();
  if (t.length > max) throw invalid(field, `${field} is too long (at most ${max} characters).`);
  return t || null;
}


const createInventoryService = ({ strapi }: { strapi: Core.Strapi }) => {
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  /** Locks the part's row until the end of the current transaction and reads its counts. */
  async function lockPart(trx: any, partId: number): Promise<PartRow> {
    let q = modelTable(strapi, PART_UID, trx).where({ id: partId }).first('id', 'document_id', 'sku', 'name', 'on_hand', 'reserved', 'unit_cost', 'reorder_point', 'reorder_quantity', 'max_stock', 'stock_alert');
    if (isPostgres()) q = q.forUpdate();
    const row = await q;
    if (!row) throw new errors.NotFoundError(`No part with id ${partId}.`);
    return { ...row, on_hand: Number(row.on_hand ?? 0), reserved: Number(row.reserved ?? 0) };
  }

  async function writeCounts(trx: any, partId: number, counts: StockCounts) {
    await modelTable(strapi, PART_UID, trx).where({ id: partId }).update({ on_hand: counts.on_hand, reserved: counts.reserved, updated_at: new Date() });
  }

  /**
   * Shortage (available below the reorder point) or overstock (on hand above max stock): the part's
   * `stock_alert` follows the counts; entering a state queues one e-mail to the inventory managers
   * (supervisors) with the suggested purchase, leaving it clears the alert. Not one mail per movement.
   */
  async function evaluateAlert(trx: any, part: PartRow, counts: StockCounts) {
    const level = stockLevel({ ...counts, reorder_point: part.reorder_point, reorder_quantity: part.reorder_quantity, max_stock: part.max_stock });
    const alert = level.level === 'ok' ? null : level.level;
    if (alert === (part.stock_alert ?? null)) return;
    const since = alert ? new Date() : null;
    await modelTable(strapi, PART_UID, trx).where({ id: part.id }).update({ stock_alert: alert, stock_alert_since: since });
    if (!alert || !since) return;
    const managers: Row[] = await strapi.db.query(ADMIN_USER_UID).findMany({ where: { isActive: true, roles: { code: SUPERVISOR_ROLE_CODE } }, select: ['id', 'email', 'firstname', 'lastname'] });
    const messages = [];
    for (const m of managers) {
      if (!m.email) continue;
      const profile = await strapi.db.query(AGENT_PROFILE_UID).findOne({ where: { user: { id: m.id } }, select: ['preferred_locale'] });
      messages.push({
        to: { email: m.email, name: [m.firstname, m.lastname].filter(Boolean).join(' ') || null, locale: profile?.preferred_locale ?? null },
        template: 'stock_alert',
        payload: {
          sku: part.sku,
          name: part.name,
          level: alert,
          document_id: part.document_id,
          available: level.available,
          on_hand: counts.on_hand,
          reserved: counts.reserved,
          reorder_point: part.reorder_point ?? null,
          max_stock: part.max_stock ?? null,
          ...(level.level === 'shortage' ? { suggested_purchase: level.suggested_purchase } : {}),
          ...(level.level === 'overstock' ? { excess: level.excess } : {}),
        },
        dedupeKey: `stock:${part.id}:${alert}:${since.toISOString()}:${m.id}`,
      });
    }
    if (messages.length) await enqueueMail(strapi, messages);
  }

  /** Reservation buckets of a ticket for a part: units held per visit (null = the ticket itself). */
  async function buckets(partId: number, ticketId: number, visitId: number | null | undefined, anyVisit: boolean) {
    const rows: Row[] = await strapi.db.query(STOCK_MOVEMENT_UID).findMany({
      where: { part: { id: partId }, ticket: { id: ticketId }, reserved_delta: { $ne: 0 } },
      select: ['id', 'reserved_delta'],
      populate: { visit: { select: ['id'] } },
      orderBy: { id: 'asc' },
    });
    const held = new Map<number | null, number>();
    for (const r of rows) {
      const key = r.visit?.id ?? null;
      held.set(key, (held.get(key) ?? 0) + Number(r.reserved_delta));
    }
    const list = [...held.entries()].map(([key, n]) => ({ key, held: n }));
    if (!anyVisit) return list.filter((b) => b.key === (visitId ?? null));
    // The named visit's bucket first, then the ticket's own, then the other visits'.
    const rank = (k: number | null) => (k === (visitId ?? null) ? 0 : k === null ? 1 : 2);
    return list.sort((a, b) => rank(a.key) - rank(b.key));
  }

  /**
   * One movement request on one part, under the part's row lock. release/consume of a ticket are
   * split over its reservation buckets (one ledger row each). Returns the rows written and the counts.
   */
  async function move(partId: number, request: MoveRequest, scope: Scope, actor: Actor, extra: { note?: string | null; billable?: boolean | null } = {}) {
    return strapi.db.transaction(async ({ trx }) => {
      const part = await lockPart(trx, partId);
      const kind = request.kind as MovementKind;
      const ticketKind = kind === 'release' || kind === 'consume';
      let parts: { key: number | null; quantity: number }[] | null = null;
      let heldByTicket: number | undefined;
      if (ticketKind && scope.ticketId) {
        const list = await buckets(part.id, scope.ticketId, scope.visitId, scope.anyVisit ?? false);
        heldByTicket = list.reduce((n, b) => n + Math.max(0, b.held), 0);
        const plan = planMovement(part, request, { heldByTicket, label: part.sku });
        if (isRefusal(plan)) throw refusalError(plan);
        parts = allocate(list, plan.quantity);
      }
      const steps = parts ?? [{ key: scope.visitId ?? null, quantity: undefined as unknown as number }];
      let counts: StockCounts = { on_hand: part.on_hand, reserved: part.reserved };
      const written: Row[] = [];
      const note = extra.note ?? (typeof request.note === 'string' ? request.note : null) ?? (typeof request.reason === 'string' ? request.reason.trim() : null);
      for (const step of steps) {
        const req = step.quantity === undefined ? request : { ...request, quantity: step.quantity };
        const plan = planMovement(counts, req, { label: part.sku });
        if (isRefusal(plan)) throw refusalError(plan);
        const row = await strapi.db.query(STOCK_MOVEMENT_UID).create({
          data: {
            part: part.id,
            kind: plan.kind,
            quantity: plan.quantity,
            on_hand_delta: plan.on_hand_delta,
            reserved_delta: plan.reserved_delta,
            on_hand_after: plan.after.on_hand,
            reserved_after: plan.after.reserved,
            ticket: scope.ticketId ?? null,
            visit: step.key ?? null,
            actor: actor.kind === 'agent' && actor.id ? actor.id : null,
            actor_name: actor.name ?? actor.kind,
            note: note || null,
            unit_cost: part.unit_cost ?? null,
            billable: extra.billable ?? null,
          },
        });
        written.push(row);
        counts = plan.after;
      }
      await writeCounts(trx, part.id, counts);
      await evaluateAlert(trx, part, counts);
      return { part: { ...part, ...counts }, movements: written };
    });
  }

  async function partOrFail(ref: unknown, field = 'part'): Promise<Row> {
    if (typeof ref !== 'string' || !ref.trim() || ref.length > 100) {
      throw invalid(field, `${field} is required: the documentId or the SKU of the part (got ${JSON.stringify(ref ?? null)?.slice(0, 40)}).`);
    }
    const part = (await strapi.db.query(PART_UID).findOne({ where: { documentId: ref } })) ?? (await strapi.db.query(PART_UID).findOne({ where: { sku: ref.trim() } }));
    if (!part) throw new errors.NotFoundError(`No part with documentId or SKU "${ref.slice(0, 100)}".`);
    return part;
  }

  async function ticketOrFail(documentId: string) {
    return getService('tickets').findOrFail(documentId);
  }

  async function visitOf(ticket: Row, ref: unknown): Promise<Row | null> {
    if (ref === undefined || ref === null || ref === '') return null;
    if (typeof ref !== 'string') throw invalid('visit', 'visit must be the documentId of an on-site visit of this ticket.');
    const visit = await strapi.db.query(VISIT_UID).findOne({ where: { documentId: ref, ticket: { id: ticket.id } } });
    if (!visit) throw invalid('visit', `Ticket ${ticket.number} has no on-site visit "${ref.slice(0, 100)}".`);
    return visit;
  }


  /** Recomputes the ticket's parts cost and billed amount from its consumptions; records the decision. */
  async function recordBilling(ticketId: number, decision: { decision: string; reason: string }) {
    const consumed: Row[] = await strapi.db.query(STOCK_MOVEMENT_UID).findMany({ where: { ticket: { id: ticketId }, kind: 'consume' }, select: ['id', 'quantity', 'unit_cost', 'billable'] });
    const cost = consumed.reduce((s, m) => s + lineCost(m.quantity, m.unit_cost), 0);
    const billed = consumed.filter((m) => m.billable).reduce((s, m) => s + lineCost(m.quantity, m.unit_cost), 0);
    await strapi.db.transaction(({ trx }) => {
      return modelTable(strapi, TICKET_UID, trx).where({ id: ticketId }).update({
        repair_billing: decision.decision,
        repair_billing_reason: decision.reason,
        parts_cost: Math.round(cost * 100) / 100,
        parts_billed_amount: Math.round(billed * 100) / 100,
      });
    });
  }

  /** Consumes `quantity` (or everything held) of one part for a ticket: movements, billing, timeline. */
  async function consume(ticket: Row, part: Row, quantity: unknown, scope: { visitId?: number | null; anyVisit: boolean }, actor: Actor, when: string) {
    const full = await strapi.db.query(TICKET_UID).findOne({ where: { id: ticket.id }, populate: { asset: { select: ['serial_number', 'warranty_until'] } } });
    const decision = decideBilling({ asset: full?.asset ?? null, repairDate: new Date() });
    const result = await move(part.id, { kind: 'consume', quantity }, { ticketId: ticket.id, visitId: scope.visitId ?? null, anyVisit: scope.anyVisit }, actor, {
      billable: decision.decision === 'billable',
      note: when,
    });
    const q = result.movements.reduce((n, m) => n + m.quantity, 0);
    const cost = lineCost(q, part.unit_cost);
    await recordBilling(ticket.id, decision);
    await getService('timeline').append({
      ticketId: ticket.id,
      kind: 'part',
      actor,
      visibility: 'public',
      data: {
        action: 'consume',
        part: part.documentId,
        sku: part.sku,
        part_name: part.name ?? null,
        quantity: q,
        cost: part.unit_cost !== null && part.unit_cost !== undefined ? cost : null,
        billing: decision.decision,
        billing_basis: decision.basis,
        asset: full?.asset?.serial_number ?? null,
        warranty_until: decision.warrantyUntil,
        movements: result.movements.map((m) => m.documentId),
      },
    });
    return result;
  }

  /** Everything a ticket still holds reserved, per part (optionally only one visit's). */
  async function outstanding(ticketId: number, visitId?: number) {
    const rows: Row[] = await strapi.db.query(STOCK_MOVEMENT_UID).findMany({
      where: { ticket: { id: ticketId }, reserved_delta: { $ne: 0 }, ...(visitId ? { visit: { id: visitId } } : {}) },
      select: ['id', 'reserved_delta'],
      populate: { part: { select: ['id', 'documentId', 'sku', 'name', 'unit_cost'] } },
    });
    const held = new Map<number, { part: Row; held: number }>();
    for (const r of rows) {
      if (!r.part) continue;
      const e = held.get(r.part.id) ?? { part: r.part, held: 0 };
      e.held += Number(r.reserved_delta);
      held.set(r.part.id, e);
    }
    // Part id order: several parts are always locked in the same order (no deadlock between two tickets).
    return [...held.values()].filter((e) => e.held > 0).sort((a, b) => a.part.id - b.part.id);
  }

  /** Gives back what a ticket (or one of its visits) holds of a part, on the timeline with the why. */
  async function releaseHeld(ticketId: number, part: Row, held: number, scope: { visitId?: number; anyVisit: boolean }, actor: Actor, note: string, cause: ReleaseCause, visitDocumentId?: string) {
    const result = await move(part.id, { kind: 'release', quantity: held }, { ticketId, visitId: scope.visitId ?? null, anyVisit: scope.anyVisit }, actor, { note });
    await getService('timeline').append({
      ticketId,
      kind: 'part',
      actor,
      visibility: 'internal',
      data: { action: 'release', part: part.documentId, sku: part.sku, part_name: part.name ?? null, quantity: held, cause, ...(visitDocumentId ? { visit: visitDocumentId } : {}), movements: result.movements.map((m) => m.documentId) },
    });
  }

  function assertOpen(ticket: Row, what: string) {
    if (!OPEN_STATUSES.includes(ticket.state as TicketStatus)) {
      throw new errors.ValidationError(`Ticket ${ticket.number} is ${ticket.state}: parts can only be ${what} on open tickets (${OPEN_STATUSES.join(', ')}).`, { state: ticket.state });
    }
  }

  return {
    move,
    partOrFail,

    /** After a part's thresholds changed (reorder point, max stock): the alert follows. */
    async reevaluateAlert(partId: number) {
      return strapi.db.transaction(async ({ trx }) => {
        const part = await lockPart(trx, partId);
        await evaluateAlert(trx, part, part);
      });
    },

    /** Parts in shortage or overstock, with the figures of the alert. */
    async alerts() {
      const rows: Row[] = await strapi.db.query(PART_UID).findMany({ where: { stock_alert: { $notNull: true } }, orderBy: [{ stock_alert: 'asc' }, { sku: 'asc' }], limit: 1000 });
      return rows.map((p): Row & { level: ReturnType<typeof stockLevel> } => ({ ...p, level: stockLevel(p as StockCounts) }));
    },

    /** A store movement by an inventory manager: receive, return, scrap, adjust (with a reason). */
    async storeMovement(partDocumentId: string, request: MoveRequest, actor: Actor) {
      const part = await partOrFail(partDocumentId);
      if (!(STORE_KINDS as readonly string[]).includes(request?.kind as string)) {
        throw invalid('kind', `kind must be one of ${STORE_KINDS.join(', ')} here (got ${JSON.stringify(request?.kind ?? null)?.slice(0, 40)}). Reservations, releases and consumptions are made on a ticket: POST /support-desk/tickets/:documentId/parts.`);
      }
      const note = text(request.reason ?? request.note, 'reason');
      return move(part.id, { ...request, reason: note ?? undefined }, {}, actor, { note });
    },

    /** A movement created through the document service (Content Manager, core REST): same rules. */
    async documentMovement(data: Row, actor: Actor, partId: number, ticketId: number | null) {
      const kind = data.kind;
      if (!(MOVEMENT_KINDS as readonly string[]).includes(kind)) throw invalid('kind', `kind must be one of ${MOVEMENT_KINDS.join(', ')}.`);
      if ((kind === 'reserve' || kind === 'release' || kind === 'consume') && !ticketId) {
        throw invalid('ticket', `A ${kind} movement belongs to a ticket: choose the ticket (or use POST /support-desk/tickets/:documentId/parts).`);
      }
      if (ticketId) {
        const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { id: ticketId } });
        if (!ticket) throw invalid('ticket', `No ticket ${ticketId}.`);
        if (kind === 'reserve' || kind === 'release' || kind === 'consume') assertOpen(ticket, kind === 'reserve' ? 'reserved' : kind === 'release' ? 'released' : 'consumed');
        if (kind === 'consume') {
          const part = await strapi.db.query(PART_UID).findOne({ where: { id: partId } });
          return consume(ticket, part, data.quantity, { anyVisit: true }, actor, text(data.note, 'note') ?? 'Consumed');
        }
      }
      const request: MoveRequest = kind === 'adjust' ? { kind, delta: data.on_hand_delta, reason: data.note } : { kind, quantity: data.quantity, reason: data.note };
      const result = await move(partId, request, { ticketId, anyVisit: true }, actor, { note: text(data.note, 'note') });
      if (ticketId && (kind === 'reserve' || kind === 'release')) {
        const part = await strapi.db.query(PART_UID).findOne({ where: { id: partId } });
        const q = result.movements.reduce((n, m) => n + m.quantity, 0);
        await getService('timeline').append({
          ticketId,
          kind: 'part',
          actor,
          visibility: 'internal',
          data: { action: kind, part: part.documentId, sku: part.sku, part_name: part.name ?? null, quantity: q, ...(text(data.note, 'note') ? { [kind === 'reserve' ? 'note' : 'reason']: text(data.note, 'note') } : {}), movements: result.movements.map((m) => m.documentId) },
        });
      }
      return result;
    },

    async reserve(ticketDocumentId: string, request: TicketPartRequest, actor: Actor) {
      const ticket = await ticketOrFail(ticketDocumentId);
      const part = await partOrFail(request?.part);
      assertOpen(ticket, 'reserved');
      const visit = await visitOf(ticket, request?.visit);
      if (visit && !['scheduled', 'en_route', 'on_site'].includes(visit.state)) throw invalid('visit', `The visit is ${visit.state}: reserve parts for an upcoming or running visit, or for the ticket.`);
      const note = text(request?.note, 'note');
      return strapi.db.transaction(async () => {
        const result = await move(part.id, { kind: 'reserve', quantity: request?.quantity }, { ticketId: ticket.id, visitId: visit?.id ?? null }, actor, { note });
        await getService('timeline').append({
          ticketId: ticket.id,
          kind: 'part',
          actor,
          visibility: 'internal',
          data: {
            action: 'reserve',
            part: part.documentId,
            sku: part.sku,
            part_name: part.name ?? null,
            quantity: result.movements[0].quantity,
            visit: visit?.documentId ?? null,
            visit_start: visit ? new Date(visit.scheduled_start).toISOString() : null,
            note: note ?? null,
            movements: result.movements.map((m) => m.documentId),
          },
        });
        return { ...result, ticket };
      });
    },

    /** Gives back reserved units (the reservation removed): at most what the ticket (or the visit) holds. */
    async release(ticketDocumentId: string, request: TicketPartRequest, actor: Actor) {
      const ticket = await ticketOrFail(ticketDocumentId);
      const part = await partOrFail(request?.part);
      const visit = await visitOf(ticket, request?.visit);
      const reason = text(request?.reason ?? request?.note, 'reason');
      return strapi.db.transaction(async () => {
        const result = await move(part.id, { kind: 'release', quantity: request?.quantity }, { ticketId: ticket.id, visitId: visit?.id ?? null, anyVisit: !visit }, actor, { note: reason });
        const q = result.movements.reduce((n, m) => n + m.quantity, 0);
        await getService('timeline').append({
          ticketId: ticket.id,
          kind: 'part',
          actor,
          visibility: 'internal',
          data: { action: 'release', part: part.documentId, sku: part.sku, part_name: part.name ?? null, quantity: q, reason: reason ?? null, movements: result.movements.map((m) => m.documentId) },
        });
        return { ...result, ticket };
      });
    },

    /** Records reserved units as used in the repair (cost and warranty billing on the ticket). */
    async consume(ticketDocumentId: string, request: TicketPartRequest, actor: Actor) {
      const ticket = await ticketOrFail(ticketDocumentId);
      const part = await partOrFail(request?.part);
      assertOpen(ticket, 'consumed');
      const visit = await visitOf(ticket, request?.visit);
      const note = text(request?.note, 'note');
      return strapi.db.transaction(async () => ({ ...(await consume(ticket, part, request?.quantity, { visitId: visit?.id ?? null, anyVisit: !visit }, actor, note ?? 'Used in the repair')), ticket }));
    },

    /**
     * The ticket resolves: what it still holds is used. It is cancelled: everything goes back. Same
     * transaction as the ticket write. true when parts moved (consumption writes cost and billing on the ticket).
     */
    async onTicketTransition(ticketId: number, action: string, actor: Actor): Promise<boolean> {
      if (action !== 'resolve' && action !== 'cancel') return false;
      const holdings = await outstanding(ticketId);
      if (!holdings.length) return false;
      const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { id: ticketId } });
      for (const { part, held } of holdings) {
        if (action === 'resolve') {
          await consume(ticket, part, held, { anyVisit: true }, actor, `Used in the repair (ticket resolved)`);
        } else {
          await releaseHeld(ticketId, part, held, { anyVisit: true }, actor, 'Ticket cancelled', 'ticket_cancelled');
        }
      }
      return true;
    },

    /** A visit is cancelled: the parts reserved for it go back to stock (release movements, same transaction). */
    async onVisitCancelled(visit: Row, actor: Actor) {
      const ticketId = visit.ticket?.id;
      if (!ticketId) return;
      for (const { part, held } of await outstanding(ticketId, visit.id)) {
        await releaseHeld(ticketId, part, held, { visitId: visit.id, anyVisit: false }, actor, 'On-site visit cancelled', 'visit_cancelled', visit.documentId);
      }
    },

    /** A visit completes: the parts reserved for it are used. */
    async onVisitCompleted(visit: Row, actor: Actor) {
      const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { id: visit.ticket.id } });
      for (const { part, held } of await outstanding(ticket.id, visit.id)) {
        await consume(ticket, part, held, { visitId: visit.id, anyVisit: false }, actor, 'Used on the on-site visit');
      }
    },

    /** Parts of a ticket: per part what is held, used and released, with cost; the billing decision. */
    async ticketParts(ticketDocumentId: string) {
      const ticket = await ticketOrFail(ticketDocumentId);
      const rows: Row[] = await strapi.db.query(STOCK_MOVEMENT_UID).findMany({ where: { ticket: { id: ticket.id } }, populate: MOVEMENT_POPULATE, orderBy: { id: 'asc' } });
      const lines = new Map<number, Row>();
      for (const m of rows) {
        if (!m.part) continue;
        const l = lines.get(m.part.id) ?? { part: m.part, reserved: 0, consumed: 0, released: 0, cost: 0, billed: 0 };
        l.reserved += Number(m.reserved_delta);
        if (m.kind === 'consume') {
          l.consumed += m.quantity;
          l.cost += lineCost(m.quantity, m.unit_cost);
          if (m.billable) l.billed += lineCost(m.quantity, m.unit_cost);
        }
        if (m.kind === 'release') l.released += m.quantity;
        lines.set(m.part.id, l);
      }
      return { ticket, lines: [...lines.values()], movements: rows };
    },

    async partView(documentId: string) {
      const part = await strapi.db.query(PART_UID).findOne({ where: { documentId } });
      if (!part) throw new errors.NotFoundError(`No part with id "${documentId}".`);
      return { ...part, available: available(part as StockCounts) };
    },

    async movements(partDocumentId: string, { limit = 100 }: { limit?: number } = {}) {
      const part = await strapi.db.query(PART_UID).findOne({ where: { documentId: partDocumentId } });
      if (!part) throw new errors.NotFoundError(`No part with id "${partDocumentId}".`);
      return strapi.db.query(STOCK_MOVEMENT_UID).findMany({ where: { part: { id: part.id } }, populate: MOVEMENT_POPULATE, orderBy: { id: 'desc' }, limit });
    },

    /** The ledger's sums of a part (a check that the counts are explained by the movements). */
    async ledgerSum(partId: number): Promise<StockCounts> {
      const rows: Row[] = await strapi.db.query(STOCK_MOVEMENT_UID).findMany({ where: { part: { id: partId } }, select: ['id', 'on_hand_delta', 'reserved_delta'] });
      return sumLedger(rows.map((m) => ({ on_hand_delta: Number(m.on_hand_delta), reserved_delta: Number(m.reserved_delta) })));
    },
  };
};

export type InventoryService = ReturnType<typeof createInventoryService>;
export default createInventoryService;
