import type { PlannedEvent } from '../workflow/update-planner';
import type { Core } from '@strapi/strapi';
import type { TicketStatus } from '../workflow/state-machine';
import { linkRows } from '../utils/links';
import { getServiceOf } from '../utils/get-service';
import { TICKET_EVENT_UID } from '../constants';
import type { IssuedSurvey } from './surveys';


export type TicketEventKind =
  | 'created'
  | 'transition'
  | 'comment'
  | 'assignment'
  | 'priority_change'
  | 'escalation'
  | 'escalation_answer'
  | 'visit_scheduled'
  | 'visit_arrived'
  | 'visit_completed'
  | 'visit_cancelled'
  | 'sla_warning'
  | 'sla_breach'
  | 'sla_recomputed'
  | 'field_change'
  | 'survey'
  | 'part'
  | 'rma'
  | 'equipment';

/** The planner's event shape, with every kind the timeline holds (not only the ticket write's). */
export interface NewTicketEvent extends Omit<PlannedEvent, 'kind'> {
  kind: TicketEventKind;
}

export interface TicketEventView {
  id: number;
  kind: TicketEventKind;
  from_status: TicketStatus | null;
  to_status: TicketStatus | null;
  actor_type: string;
  actor_name: string | null;
  visibility: 'public' | 'internal';
  body: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
}

/**
 * The ticket timeline: append and read. Rows are written with the query engine so they join the
 * caller's transaction (the change and its event commit together). There is no update or delete.
 */
const createTimelineService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * One INSERT for the events and one for their ticket links, however many there are. `survey` (at
   * resolve): the survey the resolved mail carries to the requester (`surveyCarried` when it did).
   */
  async append(events: NewTicketEvent | NewTicketEvent[], mail: { survey?: IssuedSurvey | null; ticket?: Record<string, any> | null } = {}): Promise<{ surveyCarried: boolean }> {
    const list = Array.isArray(events) ? events : [events];
    if (!list.length) return { surveyCarried: false };
    return strapi.db.transaction(async () => {
      const { ids } = await strapi.db.query(TICKET_EVENT_UID).createMany({
        data: list.map((e) => ({
          kind: e.kind,
          from_status: e.from ?? null,
          to_status: e.to ?? null,
          actor_type: e.actor.kind,
          actor_id: e.actor.id ?? null,
          actor_name: e.actor.name ?? null,
          visibility: e.visibility,
          body: e.body ?? null,
          data: e.data ?? null,
        })),
      });
      await linkRows(strapi, TICKET_EVENT_UID, 'ticket', ids.map((id: number, i: number) => ({ id: Number(id), target: list[i].ticketId })));
      // Customer mail about public events joins this transaction (services/customer-mail.ts).
      return getServiceOf(strapi, 'customer-mail').afterEvents(list.map((e, i) => ({ ...e, id: Number(ids[i]) })), mail);
    });
  },

  /**
   * Oldest first; `publicOnly` for customers (without the events' data, unless `withData`: the
   * customer API renders texts from it and answers only the text, services/customer-tickets.ts).
   */
  async list(ticketId: number, { publicOnly = false, withData = false } = {}): Promise<TicketEventView[]> {
    const rows = await strapi.db.query(TICKET_EVENT_UID).findMany({
      where: { ticket: { id: ticketId }, ...(publicOnly ? { visibility: 'public' } : {}) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r: any) => ({
      id: r.id,
      kind: r.kind,
      from_status: r.from_status,
      to_status: r.to_status,
      actor_type: r.actor_type,
      actor_name: r.actor_name,
      visibility: r.visibility,
      body: r.body,
      data: publicOnly && !withData ? null : r.data,
      createdAt: r.createdAt,
    }));
  },
});

export type TimelineService = ReturnType<typeof createTimelineService>;
export default createTimelineService;
