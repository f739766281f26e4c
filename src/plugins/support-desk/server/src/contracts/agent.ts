/**
 * The support side's response shapes: what agents and supervisors (admin routes, /support-desk/...)
 * and integrations (API tokens, /api/support-desk/...) see of tickets, escalations, on-site visits,
 * notifications and KB revisions. Like the customer contract (contracts/customer.ts), each answer is
 * built field by field from an explicit whitelist — never a loaded document as it came — so a
 * populated user can never carry its password hash or its reset, confirmation or registration token
 * (issue 9: an agent read `assignee.resetPasswordToken` of the super admin and took the account
 * over), and a field added to a content type later stays out of the answers until it is added here.
 *
 * Users appear only as a reference: staff (admin users) as id, name and e-mail — these answers go to
 * staff and integrations only; customers get contracts/customer.ts, which names no agent's e-mail —
 * and customer contacts (users-permissions users) as id, name, e-mail and phone, which agents need to
 * reach them. Pure functions, no Strapi import: tests/unit/agent-contract.test.ts pins them.
 */
import type { TicketStatus } from '../workflow/state-machine';
import type { NotificationRow } from '../notify/outbox-row';

type Row = Record<string, any>;
type Instant = string | null;

/** An instant as ISO text (the query engine gives Date on PostgreSQL, text on SQLite). */
const iso = (v: unknown): Instant => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
/** A decimal (PostgreSQL gives text) as a number, or null. */
const amount = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

// --- people ------------------------------------------------------------------------------------

/** An admin user (agent, engineer, supervisor, the super admin) as staff see them. */
export interface StaffRef {
  id: number;
  documentId: string | null;
  /** First and last name, or null when the account has none. */
  name: string | null;
  email: string | null;
}

/** A customer contact (users-permissions user) as staff see them. */
export interface ContactRef {
  id: number;
  documentId: string | null;
  username: string | null;
  /** full_name, else the username. */
  name: string | null;
  email: string | null;
  phone: string | null;
}

export function toStaffRef(user: Row | null | undefined): StaffRef | null {
  if (!user || typeof user !== 'object') return null;
  return {
    id: user.id,
    documentId: orNull(user.documentId),
    name: [user.firstname, user.lastname].filter(Boolean).join(' ') || null,
    email: orNull(user.email),
  };
}

export function toContactRef(user: Row | null | undefined): ContactRef | null {
  if (!user || typeof user !== 'object') return null;
  return {
    id: user.id,
    documentId: orNull(user.documentId),
    username: orNull(user.username),
    name: user.full_name || user.username || null,
    email: orNull(user.email),
    phone: orNull(user.phone),
  };
}

// --- references to other records ---------------------------------------------------------------

export interface NamedRef {
  id: number;
  documentId: string;
  name: string | null;
  code: string | null;
}

export interface AssetRef {
  id: number;
  documentId: string;
  serial_number: string;
  model: string | null;
  product_line: string | null;
}

/** The ticket an escalation, visit or notification belongs to. */
export interface TicketRef {
  id: number;
  documentId: string;
  number: string | null;
  subject?: string | null;
  state?: TicketStatus;
  version?: number;
  escalation_level?: number;
}

const toNamedRef = (r: Row | null | undefined): NamedRef | null =>
  r && typeof r === 'object' ? { id: r.id, documentId: r.documentId, name: orNull(r.name), code: orNull(r.code) } : null;

const toAssetRef = (r: Row | null | undefined): AssetRef | null =>
  r && typeof r === 'object' ? { id: r.id, documentId: r.documentId, serial_number: r.serial_number, model: orNull(r.model), product_line: orNull(r.product_line) } : null;

/** Only the ticket fields the loader selected (each service selects what its answer shows). */
const TICKET_REF_FIELDS = ['subject', 'state', 'version', 'escalation_level'] as const;
function toTicketRef(r: Row | null | undefined): TicketRef | null {
  if (!r || typeof r !== 'object') return null;
  const ref: TicketRef = { id: r.id, documentId: r.documentId, number: orNull(r.number) };
  for (const f of TICKET_REF_FIELDS) if (r[f] !== undefined) (ref as unknown as Row)[f] = r[f];
  return ref;
}

// --- tickets -----------------------------------------------------------------------------------

/** Ticket attributes staff see as they are stored (texts, enumerations, numbers, flags, JSON). */
export const AGENT_TICKET_FIELDS = [
  'number', 'subject', 'description', 'channel', 'type', 'urgency', 'impact', 'priority', 'priority_overridden', 'priority_reason',
  'state', 'product_line', 'region', 'skills_required', 'sla_paused_minutes', 'sla_paused_ms', 'resolution_remaining_minutes', 'escalation_level',
  'root_cause', 'solution', 'resolution_method', 'cancel_reason', 'reopen_count', 'csat_rating',
  'first_response_business_minutes', 'resolution_business_minutes', 'public_agent_messages',
  'external_ref', 'version', 'repair_billing', 'repair_billing_reason',
] as const;

/** Ticket amounts (decimals; numbers or null). */
export const AGENT_TICKET_AMOUNTS = ['parts_cost', 'parts_billed_amount'] as const;

/** Ticket instants (ISO text or null). */
export const AGENT_TICKET_INSTANTS = [
  'first_response_due_at', 'first_response_warn_at', 'first_responded_at', 'first_response_warned_at', 'first_response_breached_at',
  'resolution_due_at', 'resolution_warn_at', 'resolution_warned_at', 'resolution_breached_at', 'resolved_at', 'closed_at', 'sla_paused_at',
  'createdAt', 'updatedAt',
] as const;

type TicketField = (typeof AGENT_TICKET_FIELDS)[number];
type TicketInstant = (typeof AGENT_TICKET_INSTANTS)[number];
type TicketAmount = (typeof AGENT_TICKET_AMOUNTS)[number];

/** A ticket as staff and integrations see it (GET /tickets/:documentId, transitions, assign). */
export type AgentTicket = { id: number; documentId: string } & { [K in TicketField]: unknown } & { [K in TicketInstant]: Instant } & { [K in TicketAmount]: number | null } & {
  organization: NamedRef | null;
  requester: ContactRef | null;
  asset: AssetRef | null;
  group: NamedRef | null;
  assignee: StaffRef | null;
  sla_contract: NamedRef | null;
  fault_category: NamedRef | null;
  /** Contacts copied on the customer's mail (they get the customer mail too). */
  cc_contacts: ContactRef[];
  /** The ticket this one follows up (a reply to a closed ticket after its reopen window). */
  follow_up_of: TicketRef | null;
  /** Files from the customer's mail, in the media library. */
  attachments: AttachmentRef[];
  /**
   * KB articles linked to the ticket (one per article and language). Only in the answers whose
   * loader read them (the panel's view, assign, links, comments); a transition's answer leaves them
   * out (one statement less per transition: a transition does not change them).
   */
  related_articles?: ArticleRef[];
};

/** A KB article a ticket links to: one language version of it. */
export interface ArticleRef {
  id: number;
  documentId: string;
  locale: string | null;
  title: string | null;
  slug: string | null;
}

/**
 * A ticket links to both the draft and the published row of an article's language version (the
 * document service connects both for a ticket, which has no draft): one entry per documentId and
 * locale, the first row read (the loaders read drafts).
 */
function toArticleRefs(rows: unknown): ArticleRef[] {
  if (!Array.isArray(rows)) return [];
  const seen = new Map<string, ArticleRef>();
  for (const r of rows as Row[]) {
    if (!r || typeof r !== 'object') continue;
    const key = `${r.documentId}|${r.locale ?? ''}`;
    if (!seen.has(key)) seen.set(key, { id: r.id, documentId: r.documentId, locale: orNull(r.locale), title: orNull(r.title), slug: orNull(r.slug) });
  }
  return [...seen.values()];
}

export interface AttachmentRef {
  id: number;
  name: string | null;
  mime: string | null;
  /** KB, as the upload plugin stores it. */
  size: number | null;
  url: string | null;
}

const toAttachmentRef = (f: Row): AttachmentRef => ({ id: f.id, name: orNull(f.name), mime: orNull(f.mime), size: f.size == null ? null : Number(f.size), url: orNull(f.url) });

/** The relations the ticket loaders populate for this shape. */
export const AGENT_TICKET_POPULATE = ['organization', 'requester', 'asset', 'group', 'assignee', 'sla_contract', 'fault_category', 'cc_contacts', 'follow_up_of', 'attachments', 'related_articles'] as const;

export function toAgentTicket(row: Row): AgentTicket {
  const out: Row = { id: row.id, documentId: row.documentId };
  for (const f of AGENT_TICKET_FIELDS) out[f] = orNull(row[f]);
  for (const f of AGENT_TICKET_INSTANTS) out[f] = iso(row[f]);
  for (const f of AGENT_TICKET_AMOUNTS) out[f] = amount(row[f]);
  out.organization = toNamedRef(row.organization);
  out.requester = toContactRef(row.requester);
  out.asset = toAssetRef(row.asset);
  out.group = toNamedRef(row.group);
  out.assignee = toStaffRef(row.assignee);
  out.sla_contract = toNamedRef(row.sla_contract);
  out.fault_category = toNamedRef(row.fault_category);
  out.cc_contacts = Array.isArray(row.cc_contacts) ? row.cc_contacts.map(toContactRef).filter(Boolean) : [];
  out.follow_up_of = toTicketRef(row.follow_up_of);
  out.attachments = Array.isArray(row.attachments) ? row.attachments.map(toAttachmentRef) : [];
  if (row.related_articles !== undefined) out.related_articles = toArticleRefs(row.related_articles);
  return out as AgentTicket;
}

// --- escalations and visits --------------------------------------------------------------------

export interface AgentEscalation {
  id: number;
  documentId: string;
  department: string;
  reason: string | null;
  level: number;
  state: string;
  answer: string | null;
  answered_at: Instant;
  closed_at: Instant;
  createdAt: Instant;
  updatedAt: Instant;
  ticket: TicketRef | null;
  raised_by: StaffRef | null;
  contact: StaffRef | null;
}

export function toAgentEscalation(row: Row): AgentEscalation {
  return {
    id: row.id,
    documentId: row.documentId,
    department: row.department,
    reason: orNull(row.reason),
    level: row.level,
    state: row.state,
    answer: orNull(row.answer),
    answered_at: iso(row.answered_at),
    closed_at: iso(row.closed_at),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    ticket: toTicketRef(row.ticket),
    raised_by: toStaffRef(row.raised_by),
    contact: toStaffRef(row.contact),
  };
}

export interface AgentVisit {
  id: number;
  documentId: string;
  state: string;
  scheduled_start: Instant;
  scheduled_end: Instant;
  arrived_at: Instant;
  completed_at: Instant;
  address: string | null;
  report: string | null;
  createdAt: Instant;
  updatedAt: Instant;
  ticket: TicketRef | null;
  engineer: StaffRef | null;
}

export function toAgentVisit(row: Row): AgentVisit {
  return {
    id: row.id,
    documentId: row.documentId,
    state: row.state,
    scheduled_start: iso(row.scheduled_start),
    scheduled_end: iso(row.scheduled_end),
    arrived_at: iso(row.arrived_at),
    completed_at: iso(row.completed_at),
    address: orNull(row.address),
    report: orNull(row.report),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    ticket: toTicketRef(row.ticket),
    engineer: toStaffRef(row.engineer),
  };
}

// --- parts and the stock ledger -----------------------------------------------------------------

export interface PartRef {
  id: number;
  documentId: string;
  sku: string;
  name: string | null;
}

const toPartRef = (r: Row | null | undefined): PartRef | null =>
  r && typeof r === 'object' ? { id: r.id, documentId: r.documentId, sku: r.sku, name: orNull(r.name) } : null;

export interface AgentPart extends PartRef {
  on_hand: number;
  reserved: number;
  available: number;
  reorder_point: number | null;
  reorder_quantity: number | null;
  max_stock: number | null;
  location: string | null;
  unit_cost: number | null;
  compatible_models: unknown;
}

export function toAgentPart(row: Row): AgentPart {
  const on_hand = Number(row.on_hand ?? 0);
  const reserved = Number(row.reserved ?? 0);
  return {
    ...toPartRef(row)!,
    on_hand,
    reserved,
    available: on_hand - reserved,
    reorder_point: orNull(row.reorder_point),
    reorder_quantity: orNull(row.reorder_quantity),
    max_stock: orNull(row.max_stock),
    location: orNull(row.location),
    unit_cost: amount(row.unit_cost),
    compatible_models: orNull(row.compatible_models),
  };
}

export interface AgentMovement {
  id: number;
  documentId: string;
  kind: string;
  quantity: number;
  on_hand_delta: number;
  reserved_delta: number;
  on_hand_after: number | null;
  reserved_after: number | null;
  unit_cost: number | null;
  billable: boolean | null;
  note: string | null;
  actor_name: string | null;
  createdAt: Instant;
  part: PartRef | null;
  ticket: TicketRef | null;
  visit: { id: number; documentId: string; scheduled_start: Instant; state: string } | null;
  actor: StaffRef | null;
}

export function toAgentMovement(row: Row): AgentMovement {
  return {
    id: row.id,
    documentId: row.documentId,
    kind: row.kind,
    quantity: Number(row.quantity),
    on_hand_delta: Number(row.on_hand_delta),
    reserved_delta: Number(row.reserved_delta),
    on_hand_after: orNull(row.on_hand_after),
    reserved_after: orNull(row.reserved_after),
    unit_cost: amount(row.unit_cost),
    billable: orNull(row.billable),
    note: orNull(row.note),
    actor_name: orNull(row.actor_name),
    createdAt: iso(row.createdAt),
    part: toPartRef(row.part),
    ticket: toTicketRef(row.ticket),
    visit: row.visit && typeof row.visit === 'object' ? { id: row.visit.id, documentId: row.visit.documentId, scheduled_start: iso(row.visit.scheduled_start), state: row.visit.state } : null,
    actor: toStaffRef(row.actor),
  };
}

/** The parts of a ticket (GET /support-desk/tickets/:documentId/parts). */
export interface AgentTicketParts {
  ticket: TicketRef;
  lines: Array<{ part: PartRef; reserved: number; consumed: number; released: number; cost: number; billed: number }>;
  parts_cost: number | null;
  parts_billed_amount: number | null;
  repair_billing: string | null;
  repair_billing_reason: string | null;
  movements: AgentMovement[];
}

export function toAgentTicketParts(view: { ticket: Row; lines: Row[]; movements: Row[] }): AgentTicketParts {
  return {
    ticket: toTicketRef(view.ticket)!,
    lines: view.lines.map((l) => ({ part: toPartRef(l.part)!, reserved: l.reserved, consumed: l.consumed, released: l.released, cost: Math.round(l.cost * 100) / 100, billed: Math.round(l.billed * 100) / 100 })),
    parts_cost: amount(view.ticket.parts_cost),
    parts_billed_amount: amount(view.ticket.parts_billed_amount),
    repair_billing: orNull(view.ticket.repair_billing),
    repair_billing_reason: orNull(view.ticket.repair_billing_reason),
    movements: view.movements.map(toAgentMovement),
  };
}

// --- returns (RMA) ------------------------------------------------------------------------------

export interface AgentRma {
  id: number;
  documentId: string;
  number: string;
  state: string;
  reason: string | null;
  under_warranty: boolean | null;
  outcome: string | null;
  decision_reason: string | null;
  received_at: Instant;
  completed_at: Instant;
  createdAt: Instant;
  updatedAt: Instant;
  ticket: TicketRef | null;
  asset: AssetRef | null;
  organization: NamedRef | null;
  returned_part: PartRef | null;
  replacement_part: PartRef | null;
}

export function toAgentRma(row: Row): AgentRma {
  return {
    id: row.id,
    documentId: row.documentId,
    number: row.number,
    state: row.state,
    reason: orNull(row.reason),
    under_warranty: orNull(row.under_warranty),
    outcome: orNull(row.outcome),
    decision_reason: orNull(row.decision_reason),
    received_at: iso(row.received_at),
    completed_at: iso(row.completed_at),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    ticket: toTicketRef(row.ticket),
    asset: toAssetRef(row.asset),
    organization: toNamedRef(row.organization),
    returned_part: toPartRef(row.returned_part),
    replacement_part: toPartRef(row.replacement_part),
  };
}

// --- repair equipment ---------------------------------------------------------------------------

export interface AgentCheckout {
  id: number;
  documentId: string;
  state: string;
  checked_out_at: Instant;
  returned_at: Instant;
  condition_note: string | null;
  equipment: { id: number; documentId: string; name: string; tag: string; kind: string | null; state: string } | null;
  visit: { id: number; documentId: string; state: string; scheduled_start: Instant; ticket: TicketRef | null } | null;
  engineer: StaffRef | null;
}

export function toAgentCheckout(row: Row): AgentCheckout {
  const e = row.equipment;
  const v = row.visit;
  return {
    id: row.id,
    documentId: row.documentId,
    state: row.state,
    checked_out_at: iso(row.checked_out_at),
    returned_at: iso(row.returned_at),
    condition_note: orNull(row.condition_note),
    equipment: e && typeof e === 'object' ? { id: e.id, documentId: e.documentId, name: e.name, tag: e.tag, kind: orNull(e.kind), state: e.state } : null,
    visit: v && typeof v === 'object' ? { id: v.id, documentId: v.documentId, state: v.state, scheduled_start: iso(v.scheduled_start), ticket: toTicketRef(v.ticket) } : null,
    engineer: toStaffRef(row.engineer),
  };
}

// --- trainings ---------------------------------------------------------------------------------

export interface AgentEnrollment {
  id: number;
  documentId: string;
  state: string;
  score: number | null;
  enrolled_at: Instant;
  session: { id: number; documentId: string; starts_at: Instant; ends_at: Instant; state: string; capacity: number; training: { documentId: string; code: string; title: string; audience: string } | null } | null;
  attendee_admin: StaffRef | null;
  attendee_user: ContactRef | null;
}

export function toAgentEnrollment(row: Row): AgentEnrollment {
  const s = row.session;
  const t = s?.training;
  return {
    id: row.id,
    documentId: row.documentId,
    state: row.state,
    score: amount(row.score),
    enrolled_at: iso(row.enrolled_at),
    session: s && typeof s === 'object'
      ? { id: s.id, documentId: s.documentId, starts_at: iso(s.starts_at), ends_at: iso(s.ends_at), state: s.state, capacity: s.capacity, training: t && typeof t === 'object' ? { documentId: t.documentId, code: t.code, title: t.title, audience: t.audience } : null }
      : null,
    attendee_admin: toStaffRef(row.attendee_admin),
    attendee_user: toContactRef(row.attendee_user),
  };
}

// --- the outbox --------------------------------------------------------------------------------

/**
 * A notification as supervisors see it in the outbox list. The claim (token, time) is the
 * dispatcher's business; a survey link's token stays out of the payload (it answers the survey).
 */
export type AgentNotification = Omit<NotificationRow, 'claimed_at' | 'claim_token'> & { ticket?: TicketRef | null };

/** Payload keys that are someone else's credentials (the survey token and the link that holds it). */
const SECRET_PAYLOAD_KEYS = new Set(['token', 'survey_token', 'resetPasswordToken', 'confirmationToken', 'registrationToken', 'password']);
const secretPayloadKey = (template: string, key: string) => SECRET_PAYLOAD_KEYS.has(key) || (template === 'survey_invitation' && key === 'url');

export function toAgentNotification(row: Row): AgentNotification {
  const payload =
    row.payload && typeof row.payload === 'object' && !Array.isArray(row.payload)
      ? Object.fromEntries(Object.entries(row.payload as Row).filter(([k]) => !secretPayloadKey(row.template, k)))
      : null;
  const out: AgentNotification = {
    id: Number(row.id),
    documentId: row.documentId,
    recipient_email: row.recipient_email,
    recipient_name: orNull(row.recipient_name),
    recipient_time_zone: orNull(row.recipient_time_zone),
    template: row.template,
    message_locale: row.message_locale as AgentNotification['message_locale'],
    payload,
    state: row.state,
    attempts: Number(row.attempts ?? 0),
    next_attempt_at: iso(row.next_attempt_at),
    sent_at: iso(row.sent_at),
    dedupe_key: row.dedupe_key,
    last_error: orNull(row.last_error),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
  if (row.ticket !== undefined) out.ticket = toTicketRef(row.ticket);
  return out;
}

// --- knowledge base ----------------------------------------------------------------------------

/** One stored KB revision (GET /support-desk/kb/revisions/:id). The snapshot was built by kb-editorial, field by field. */
export interface AgentKbRevision {
  id: number;
  documentId: string;
  article_document_id: string;
  article_locale: string;
  revision: number;
  title: string;
  snapshot: Record<string, unknown> | null;
  author_kind: string;
  author_id: number | null;
  author_name: string | null;
  published_at_snapshot: Instant;
  createdAt: Instant;
}

export function toAgentKbRevision(row: Row): AgentKbRevision {
  return {
    id: row.id,
    documentId: row.documentId,
    article_document_id: row.article_document_id,
    article_locale: row.article_locale,
    revision: row.revision,
    title: row.title,
    snapshot: orNull(row.snapshot),
    author_kind: row.author_kind,
    author_id: orNull(row.author_id),
    author_name: orNull(row.author_name),
    published_at_snapshot: iso(row.published_at_snapshot),
    createdAt: iso(row.createdAt),
  };
}

/** The draft article made from a ticket (POST /support-desk/kb/from-ticket/:ticketDocumentId). */
export interface AgentKbDraft {
  id: number;
  documentId: string;
  locale: string | null;
  title: string;
  slug: string | null;
  summary: string | null;
  body: string | null;
  visibility: string;
  tags: unknown;
  product_lines: unknown;
  publishedAt: Instant;
  createdAt: Instant;
  updatedAt: Instant;
  source_tickets: Array<{ documentId: string; number: string | null; subject: string | null }>;
}

export function toAgentKbDraft(row: Row): AgentKbDraft {
  return {
    id: row.id,
    documentId: row.documentId,
    locale: orNull(row.locale),
    title: row.title,
    slug: orNull(row.slug),
    summary: orNull(row.summary),
    body: orNull(row.body),
    visibility: row.visibility,
    tags: orNull(row.tags),
    product_lines: orNull(row.product_lines),
    publishedAt: iso(row.publishedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    source_tickets: Array.isArray(row.source_tickets)
      ? row.source_tickets.map((t: Row) => ({ documentId: t.documentId, number: orNull(t.number), subject: orNull(t.subject) }))
      : [],
  };
}
