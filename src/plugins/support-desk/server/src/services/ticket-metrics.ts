/**
 * The dashboard's per-ticket figures, stored when a mark is set so that the dashboard aggregates
 * columns in SQL (metrics/business-minutes.ts, metrics/fcr.ts):
 * - `first_response_business_minutes` when `first_responded_at` is set (a transition or a comment);
 * - `resolution_business_minutes` and `public_agent_messages` at `resolve`; both cleared at `reopen`
 *   (recomputed at the next resolution).
 * Runs inside the writer's transaction (called from documents/ticket-workflow.ts and services/tickets.ts).
 */
import type { Core } from '@strapi/strapi';
import { TICKET_EVENT_UID, TICKET_UID } from '../constants';
import { firstResponseBusinessMinutes, resolutionBusinessMinutes } from '../metrics/business-minutes';
import { PUBLIC_AGENT_MESSAGE } from '../metrics/fcr';
import type { TransitionPlan } from '../workflow/state-machine';
import { getService } from '../utils/get-service';
import { pausedMsOf } from '../sla/clock';
import type { CalendarInput } from '../sla/business-hours';

type Row = Record<string, any>;
const contractIdOf = (t: Row) => (typeof t.sla_contract === 'object' ? t.sla_contract?.id : t.sla_contract) ?? null;

const createTicketMetricsService = ({ strapi }: { strapi: Core.Strapi }) => {
  async function publicAgentMessages(ticketId: number): Promise<number> {
    return strapi.db.query(TICKET_EVENT_UID).count({
      where: {
        ticket: { id: ticketId },
        visibility: 'public',
        actor_type: { $in: [...PUBLIC_AGENT_MESSAGE.actorTypes] },
        $or: [{ kind: 'comment' }, { kind: 'transition', to_status: { $in: [...PUBLIC_AGENT_MESSAGE.transitionsTo] } }],
      },
    });
  }

  return {
    /** After an accepted ticket update (row as written, SLA changes merged). Returns the fields written. */
    async afterUpdate(after: Row, plan: TransitionPlan | null): Promise<Row> {
      const changes = await this.changesAfterUpdate(after, plan);
      if (Object.keys(changes).length) await strapi.db.query(TICKET_UID).updateMany({ where: { id: after.id }, data: changes });
      return changes;
    },

    /**
     * What `afterUpdate` writes, without writing it (the caller writes it with its own UPDATE).
     * `known`: a contract already read in this write with its calendar (`sla` `clockChanges`), used
     * when it is the ticket's, instead of reading it again.
     */
    async changesAfterUpdate(after: Row, plan: TransitionPlan | null, known?: { id: number | null; calendar: CalendarInput }): Promise<Row> {
      const changes: Row = {};
      const createdAt = new Date(after.createdAt);
      const needsCalendar = (after.first_responded_at && after.first_response_business_minutes == null) || plan?.action === 'resolve';
      const contractId = contractIdOf(after);
      const calendar = !needsCalendar ? null : known && known.id != null && known.id === contractId ? known.calendar : await getService('sla').calendarOfContract(contractId);
      if (after.first_responded_at && after.first_response_business_minutes == null) {
        changes.first_response_business_minutes = firstResponseBusinessMinutes(createdAt, new Date(after.first_responded_at), calendar);
      }
      if (plan?.action === 'resolve' && after.resolved_at) {
        changes.resolution_business_minutes = resolutionBusinessMinutes(createdAt, new Date(after.resolved_at), pausedMsOf(after) / 60_000, calendar);
        changes.public_agent_messages = await publicAgentMessages(after.id);
      } else if (plan?.action === 'reopen') {
        changes.resolution_business_minutes = null;
        changes.public_agent_messages = null;
      }
      return changes;
    },

    /** After a public comment of the support side may have set the first response. */
    async afterFirstResponse(ticketId: number): Promise<void> {
      const t = await strapi.db.query(TICKET_UID).findOne({
        where: { id: ticketId },
        select: ['id', 'createdAt', 'first_responded_at', 'first_response_business_minutes'],
        populate: { sla_contract: { select: ['id'] } },
      });
      if (!t?.first_responded_at || t.first_response_business_minutes != null) return;
      const calendar = await getService('sla').calendarOfContract(contractIdOf(t));
      const minutes = firstResponseBusinessMinutes(new Date(t.createdAt), new Date(t.first_responded_at), calendar);
      await strapi.db.query(TICKET_UID).update({ where: { id: ticketId }, data: { first_response_business_minutes: minutes } });
    },
  };
};

export type TicketMetricsService = ReturnType<typeof createTicketMetricsService>;
export default createTicketMetricsService;
