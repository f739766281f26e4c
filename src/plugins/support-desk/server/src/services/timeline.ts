import type { PlannedEvent } from '../workflow/update-planner';
import type { Core } from '@strapi/strapi';
import type { TicketStatus } from '../workflow/state-machine';
import { insertLinked } from '../utils/links';
import { modelTable, newDocumentId } from '../utils/model-table';
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
   * The events and their ticket links in one statement on PostgreSQL (two elsewhere), however many
   * there are. Rows are written in SQL as the query engine writes them (Strapi's document id,
   * timestamps, JSON as text). `survey` (at resolve): the survey the resolved mail carries to the
   * requester (`surveyCarried` when it did).
   */
  async append(events: NewTicketEvent | NewTicketEvent[], mail: { survey?: IssuedSurvey | null; ticket?: Record<string, any> | null } = {}): Promise<{ surveyCarried: boolean }> {
    const list = Array.isArray(events) ? events : [events];
    if (!list.length) return { surveyCarried: false };
    return strapi.db.transaction(async ({ trx }) => {
      const now = new Date();
      const rows = list.map((e) => ({
        document_id: newDocumentId(strapi, TICKET_EVENT_UID),
        kind: e.kind,
        from_status: e.from ?? null,
        to_status: e.to ?? null,
        actor_type: e.actor.kind,
        actor_id: e.actor.id ?? null,
        actor_name: e.actor.name ?? null,
        visibility: e.visibility,
        body: e.body ?? null,
        data: e.data == null ? null : JSON.stringify(e.data),
        created_at: now,
        updated_at: now,
        published_at: now,
      }));
      const ids = new Map<string, number>();
      // Chunks keep SQLite under its bound-parameter limit (a sweep may append many at once).
      for (let i = 0; i < rows.length; i += 100) {
        const chunk = rows.slice(i, i + 100);
        const insert = modelTable(strapi, TICKET_EVENT_UID, trx).insert(chunk).returning(['id', 'document_id']);
        const targets = new Map(chunk.map((r, j) => [r.document_id, list[i + j].ticketId]));
        for (const r of await insertLinked(strapi, trx, insert, { uid: TICKET_EVENT_UID, attribute: 'ticket', key: 'document_id', targets })) ids.set(String(r.document_id), Number(r.id));
      }
      // Customer mail about public events joins this transaction (services/customer-mail.ts).
      return getServiceOf(strapi, 'customer-mail').afterEvents(list.map((e, i) => ({ ...e, id: ids.get(rows[i].document_id)! })), mail);
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
