import type { TicketStatus } from '../../../../server/src/workflow/state-machine';

export interface Clock {
  clock: 'first_response' | 'resolution';
  state: 'running' | 'paused' | 'met' | 'breached' | 'stopped';
  due: string | null;
  breached: boolean;
  remaining_minutes: number | null;
}

export interface TimelineEvent {
  id: number;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  actor_type: string;
  actor_name: string | null;
  visibility: 'public' | 'internal';
  body: string | null;
  data: Record<string, any> | null;
  createdAt: string;
}

interface Ref {
  id: number;
  documentId: string | null;
  name: string | null;
}

/** GET /support-desk/tickets/:documentId (and the answers of transitions, assign, customer-reply). */
export interface TicketView {
  data: {
    documentId: string;
    state: TicketStatus;
    version: number;
    type?: string | null;
    number: string;
    subject?: string | null;
    priority?: string | null;
    root_cause?: string | null;
    solution?: string | null;
    assignee: Ref | null;
    group: (Ref & { code?: string | null }) | null;
    fault_category: (Ref & { code?: string | null }) | null;
    sla_contract?: Ref | null;
    organization?: Ref | null;
    requester?: { id: number; documentId: string | null; name: string | null } | null;
    cc_contacts?: Array<{ id: number; documentId: string | null; username: string | null; name: string | null; email: string | null }>;
    follow_up_of?: { id: number; documentId: string; number: string | null } | null;
    /** Left out of a transition's answer (it does not change them): the panel keeps the ones it has. */
    related_articles?: Array<{ id: number; documentId: string; locale: string | null; title: string | null }>;
  };
  meta: { sla: Clock[]; timeline: TimelineEvent[] };
}

/** The next view, with the related articles of the previous one when the answer left them out (a transition's). */
export function carryLinks(previous: TicketView | null, next: TicketView): TicketView {
  if (next.data.related_articles !== undefined || !previous?.data.related_articles || previous.data.documentId !== next.data.documentId) return next;
  return { ...next, data: { ...next.data, related_articles: previous.data.related_articles } };
}

export type Translate = (id: string, values?: Record<string, string | number>) => string;
