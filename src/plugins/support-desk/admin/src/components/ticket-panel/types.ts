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
  };
  meta: { sla: Clock[]; timeline: TimelineEvent[] };
}

export type Translate = (id: string, values?: Record<string, string | number>) => string;
