/**
 * On-site visits of a ticket: scheduling (the engineer and a window; double bookings are refused
 * by the visit-booking document middleware, race-safe), the customer told the window through the
 * outbox in their locale, and arrival, completion (with the report) and cancellation on the public
 * timeline. A visit is a record on the ticket, not a ticket state: the ticket's version is unchanged.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Actor } from '../workflow/actor';
import { OPEN_STATUSES, type TicketStatus } from '../workflow/state-machine';
import { planVisitAction, validateWindow, type VisitAction } from '../visits';
import { getService } from '../utils/get-service';
import { conflict } from '../utils/errors';
import { ADMIN_USER_UID, AGENT_PROFILE_UID, TICKET_UID, VISIT_UID } from '../constants';


export interface ScheduleVisitRequest {
  engineer: number | string;
  scheduled_start: string;
  scheduled_end: string;
  address?: string | null;
}

type Row = Record<string, any>;

const invalid = (field: string, message: string) =>
  new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });

const POPULATE = {
  ticket: { select: ['id', 'documentId', 'number', 'subject', 'state'] },
  engineer: { select: ['id', 'firstname', 'lastname', 'email'] },
};

const createVisitService = ({ strapi }: { strapi: Core.Strapi }) => {
  async function engineerView(user: Row | null | undefined) {
    if (!user) return null;
    const profile = await strapi.db.query(AGENT_PROFILE_UID).findOne({ where: { user: { id: user.id } }, select: ['display_name', 'phone'] });
    return { id: user.id, name: profile?.display_name || [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email, phone: profile?.phone ?? null };
  }

  async function findOrFail(documentId: string) {
    const visit = await strapi.db.query(VISIT_UID).findOne({ where: { documentId }, populate: POPULATE });
    if (!visit) throw new errors.NotFoundError(`No on-site visit with id "${documentId}".`);
    return visit;
  }

  return {
    findOrFail,

    /** Visits of a ticket, by window. */
    async list(ticketDocumentId: string) {
      const ticket = await getService('tickets').findOrFail(ticketDocumentId);
      return strapi.db.query(VISIT_UID).findMany({ where: { ticket: { id: ticket.id } }, populate: POPULATE, orderBy: [{ scheduled_start: 'asc' }, { id: 'asc' }] });
    },

    async schedule(ticketDocumentId: string, request: ScheduleVisitRequest, actor: Actor) {
      const raw = request?.engineer;
      const engineerId = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(engineerId) || engineerId < 1) {
        throw invalid('engineer', `engineer is required: the id of the engineer's admin user (got ${JSON.stringify(raw ?? null)}).`);
      }
      const window = validateWindow(request?.scheduled_start, request?.scheduled_end);
      if (window.ok === false) throw invalid(window.field, window.message);
      const address = typeof request?.address === 'string' ? request.address.trim() : '';
      if (address.length > 1000) throw invalid('address', 'address is too long (at most 1000 characters).');

      const ticket = await getService('tickets').findOrFail(ticketDocumentId);
      if (!OPEN_STATUSES.includes(ticket.state as TicketStatus)) {
        throw new errors.ValidationError(`Ticket ${ticket.number} is ${ticket.state}: visits can only be scheduled on open tickets (${OPEN_STATUSES.join(', ')}).`, { state: ticket.state });
      }
      const engineerUser = await strapi.db.query(ADMIN_USER_UID).findOne({ where: { id: engineerId }, select: ['id', 'firstname', 'lastname', 'email', 'isActive', 'blocked'] });
      if (!engineerUser || engineerUser.isActive === false || engineerUser.blocked) {
        throw invalid('engineer', `No active admin user with id ${engineerId} to send on site: give the id of an engineer's admin user.`);
      }

      return strapi.db.transaction(async () => {
        // The visit-booking middleware locks the engineer and refuses an overlapping window (409).
        const created = await (strapi.documents(VISIT_UID as any) as any).create({
          data: { ticket: ticketDocumentId, engineer: engineerId, state: 'scheduled', scheduled_start: window.start.toISOString(), scheduled_end: window.end.toISOString(), address: address || null },
        });
        const engineer = await engineerView(engineerUser);
        const full = await strapi.db.query(TICKET_UID).findOne({ where: { id: ticket.id }, populate: { requester: true, organization: { select: ['name'] } } });
        // Structured data, no sentence: rendered for each reader (admin Timeline.tsx, timeline/texts.ts).
        await getService('timeline').append({
          ticketId: ticket.id,
          kind: 'visit_scheduled',
          actor,
          visibility: 'public',
          data: { visit: created.documentId, engineer: engineer?.id ?? null, engineer_name: engineer?.name ?? null, scheduled_start: window.start.toISOString(), scheduled_end: window.end.toISOString(), address: address || null },
        });
        const requester = full?.requester;
        let notified: string | null = null;
        if (requester?.email) {
          await getService('notification-outbox').enqueue([
            {
              to: { email: requester.email, name: requester.full_name || requester.username, locale: requester.preferred_locale },
              template: 'visit_scheduled',
              payload: { number: ticket.number, subject: ticket.subject, window_start: window.start.toISOString(), window_end: window.end.toISOString(), engineer: engineer?.name ?? null, address: address || null },
              dedupeKey: `visit:${created.id}:scheduled`,
              ticketId: ticket.id,
            },
          ]);
          notified = requester.email;
        }
        const visit = await strapi.db.query(VISIT_UID).findOne({ where: { id: created.id }, populate: POPULATE });
        return { visit, notified, warning: notified ? null : `Ticket ${ticket.number} has no requester with an e-mail address: tell the customer the window yourself.` };
      });
    },

    /** arrive (→ on_site), complete (→ completed, with the report) or cancel (→ cancelled, with a reason). */
    async act(documentId: string, action: VisitAction | string, request: { report?: unknown; reason?: unknown }, actor: Actor) {
      const visit = await findOrFail(documentId);
      const plan = planVisitAction(visit.state, action, { report: request?.report });
      if (plan.ok === false) {
        throw new errors.ValidationError(plan.message, { state: visit.state, ...(plan.field ? { errors: [{ path: [plan.field], message: plan.message, name: 'ValidationError' }] } : {}) });
      }
      const report = typeof request?.report === 'string' ? request.report.trim() : '';
      const reason = typeof request?.reason === 'string' ? request.reason.trim() : '';
      if (report.length > 20000) throw invalid('report', 'report is too long (at most 20000 characters).');
      if (action === 'cancel' && !reason) throw invalid('reason', 'reason is required to cancel a visit: say why (it is shown to the customer).');

      return strapi.db.transaction(async () => {
        const now = new Date();
        const data: Row = { state: plan.to };
        if (action === 'arrive') data.arrived_at = now;
        if (action === 'complete') Object.assign(data, { completed_at: now, report });
        const { count } = await strapi.db.query(VISIT_UID).updateMany({ where: { id: visit.id, state: plan.from }, data });
        if (count !== 1) {
          const current = await strapi.db.query(VISIT_UID).findOne({ where: { id: visit.id } });
          throw conflict(`The visit changed meanwhile: it is now ${current?.state}. Reload it and try again.`, { state: current?.state });
        }
        const engineer = await engineerView(visit.engineer);
        const kind = action === 'arrive' ? 'visit_arrived' : action === 'complete' ? 'visit_completed' : 'visit_cancelled';
        await getService('timeline').append({
          ticketId: visit.ticket.id,
          kind,
          actor,
          visibility: 'public',
          data: {
            visit: visit.documentId,
            engineer: engineer?.id ?? null,
            engineer_name: engineer?.name ?? null,
            from: plan.from,
            to: plan.to,
            scheduled_start: new Date(visit.scheduled_start).toISOString(),
            scheduled_end: new Date(visit.scheduled_end).toISOString(),
            ...(action === 'arrive' ? { arrived_at: now.toISOString() } : {}),
            ...(action === 'complete' ? { completed_at: now.toISOString(), report } : {}),
            ...(action === 'cancel' ? { reason } : {}),
          },
        });
        // The parts reserved for this visit are used (services/inventory.ts).
        if (action === 'complete') await getService('inventory').onVisitCompleted(visit, actor);
        // A cancelled visit gives its parts back to stock.
        if (action === 'cancel') await getService('inventory').onVisitCancelled(visit, actor);
        return strapi.db.query(VISIT_UID).findOne({ where: { id: visit.id }, populate: POPULATE });
      });
    },
  };
};

export type VisitService = ReturnType<typeof createVisitService>;
export default createVisitService;
