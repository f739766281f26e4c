/**
 * The customer API's request and response shapes (routes/customer.ts, mounted under
 * /api/support-desk/customer). This is the whole of what a customer contact can send and see:
 * the response types are an explicit whitelist, built field by field (services/customer-tickets.ts
 * `toCustomerTicket`), never a sanitized copy of the ticket, so a field added to the ticket later
 * stays invisible to customers until it is added here.
 */
import type { TicketStatus, TicketType } from '../workflow/state-machine';
import type { Level, Priority } from '../workflow/priority';

/** What a customer may do with a ticket now, named as the endpoints are. */
export type CustomerAction = 'comment' | 'approve' | 'reject' | 'confirm' | 'reopen';

/** The verb endpoints: POST /customer/tickets/:documentId/<verb>, each a workflow action. */
export const CUSTOMER_VERBS = {
  approve: 'approve_solution',
  reject: 'reject_solution',
  confirm: 'confirm',
  reopen: 'reopen',
} as const;
export type CustomerVerb = keyof typeof CUSTOMER_VERBS;

/** A ticket as a customer contact sees it. */
export interface CustomerTicket {
  documentId: string;
  number: string;
  subject: string;
  description: string | null;
  status: TicketStatus;
  priority: Priority;
  channel: string;
  type: TicketType;
  urgency: Level;
  impact: Level;
  asset: { serial_number: string; model: string | null } | null;
  /** Who opened it (a contact of the same organization). */
  requester: { name: string } | null;
  /** The proposed solution (solution_proposed) or the resolution (resolved, closed); null otherwise. */
  solution: string | null;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  createdAt: string;
  updatedAt: string;
  /** Send it back with approve/reject/confirm/reopen; a stale one is answered 409. */
  version: number;
  /** What the caller may do from the current status (reopen only within the reopen window). */
  actions: CustomerAction[];
}

/** One public timeline entry (internal events and the events' internal data are never included). */
export interface CustomerTimelineEntry {
  id: number;
  kind: string;
  from_status: TicketStatus | null;
  to_status: TicketStatus | null;
  /** customer, agent, integration or system. */
  actor_type: string;
  actor_name: string | null;
  /** What someone wrote, or the event told from its data in the customer's language (timeline/texts.ts). */
  body: string | null;
  createdAt: string;
}

/** A public, published knowledge-base article that may answer the new ticket. */
export interface CustomerKbSuggestion {
  documentId: string;
  slug: string;
  title: string;
  summary: string | null;
  locale: string;
}

// --- requests ----------------------------------------------------------------------------------

/** POST /customer/tickets. Anything else in the body is refused (400 naming the field). */
export interface CustomerCreateTicketRequest {
  subject: string;
  description?: string | null;
  type?: TicketType;
  urgency?: Level;
  impact?: Level;
  /** A serial number of one of the caller's organization's assets. */
  asset_serial?: string | null;
  /** Fixed: only 'portal' is accepted (or leave it out). */
  channel?: 'portal';
}
export const CREATE_FIELDS = ['subject', 'description', 'type', 'urgency', 'impact', 'asset_serial', 'channel'] as const;

/** POST /customer/tickets/:documentId/comments */
export interface CustomerCommentRequest {
  body: string;
}
export const COMMENT_FIELDS = ['body'] as const;

/** POST /customer/tickets/:documentId/{approve,reject,confirm,reopen} */
export interface CustomerActionRequest {
  version: number;
  /** Why (reject, reopen); goes on the public timeline. */
  reason?: string;
}
export const ACTION_FIELDS = ['version', 'reason'] as const;

/** GET /customer/tickets query. */
export interface CustomerListQuery {
  page?: number;
  /** At most MAX_PAGE_SIZE. */
  pageSize?: number;
  /** One status or a comma-separated list. */
  status?: string;
}
export const LIST_PARAMS = ['page', 'pageSize', 'status'] as const;
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

// --- responses ---------------------------------------------------------------------------------

export interface CustomerPagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** GET /customer/tickets */
export interface CustomerTicketListResponse {
  data: CustomerTicket[];
  meta: { pagination: CustomerPagination };
}

/** GET /customer/tickets/:documentId, and the answer of comments and the verb endpoints. */
export interface CustomerTicketResponse {
  data: CustomerTicket;
  meta: { timeline: CustomerTimelineEntry[] };
}

/** POST /customer/tickets (201). */
export interface CustomerCreateTicketResponse {
  data: CustomerTicket;
  meta: { timeline: CustomerTimelineEntry[]; suggestions: CustomerKbSuggestion[] };
}

// --- trainings (issue 11) -----------------------------------------------------------------------

type TRow = Record<string, any>;
const isoOf = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** An upcoming session of a customer training (GET /customer/trainings). */
export interface CustomerTrainingSession {
  documentId: string;
  training: { code: string; title: string; product_line: string | null; description: string | null; duration_hours: number | null };
  starts_at: string | null;
  ends_at: string | null;
  location: string | null;
  capacity: number;
  seats_left: number;
  status: string;
}

export function toCustomerTrainingSession(s: TRow): CustomerTrainingSession {
  const t = s.training ?? {};
  return {
    documentId: s.documentId,
    training: { code: t.code, title: t.title, product_line: t.product_line ?? null, description: t.description ?? null, duration_hours: t.duration_hours === null || t.duration_hours === undefined ? null : Number(t.duration_hours) },
    starts_at: isoOf(s.starts_at),
    ends_at: isoOf(s.ends_at),
    location: s.location ?? null,
    capacity: s.capacity,
    seats_left: Math.max(0, s.capacity - (s.seats_taken ?? 0)),
    status: s.state,
  };
}

/** A contact's enrollment (enrolled, waitlisted, attended, no_show, cancelled). */
export interface CustomerEnrollment {
  documentId: string;
  status: string;
  enrolled_at: string | null;
  score: number | null;
  waitlist_position?: number | null;
  session: { documentId: string; starts_at: string | null; ends_at: string | null; location: string | null; training: { code: string; title: string } };
}

export function toCustomerEnrollment(e: TRow, extra: { waitlistPosition?: number | null } = {}): CustomerEnrollment {
  const s = e.session ?? {};
  return {
    documentId: e.documentId,
    status: e.state,
    enrolled_at: isoOf(e.enrolled_at),
    score: e.score === null || e.score === undefined ? null : Number(e.score),
    ...(extra.waitlistPosition !== undefined ? { waitlist_position: extra.waitlistPosition } : {}),
    session: { documentId: s.documentId, starts_at: isoOf(s.starts_at), ends_at: isoOf(s.ends_at), location: s.location ?? null, training: { code: s.training?.code, title: s.training?.title } },
  };
}

// --- returns (RMA) ------------------------------------------------------------------------------

/** A return as a customer contact sees it. */
export interface CustomerReturn {
  documentId: string;
  number: string;
  status: string;
  reason: string | null;
  under_warranty: boolean;
  outcome: string | null;
  decision_reason: string | null;
  asset: { serial_number: string; model: string | null } | null;
  ticket: { documentId: string; number: string } | null;
  received_at: string | null;
  completed_at: string | null;
  createdAt: string | null;
  actions: string[];
}

export function toCustomerReturn(r: TRow, actions: string[]): CustomerReturn {
  return {
    documentId: r.documentId,
    number: r.number,
    status: r.state,
    reason: r.reason ?? null,
    under_warranty: Boolean(r.under_warranty),
    outcome: r.outcome ?? null,
    decision_reason: r.decision_reason ?? null,
    asset: r.asset ? { serial_number: r.asset.serial_number, model: r.asset.model ?? null } : null,
    ticket: r.ticket ? { documentId: r.ticket.documentId, number: r.ticket.number } : null,
    received_at: isoOf(r.received_at),
    completed_at: isoOf(r.completed_at),
    createdAt: isoOf(r.createdAt),
    actions,
  };
}
