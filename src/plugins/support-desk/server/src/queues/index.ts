/**
 * Ticket queues of the admin workspace (issue 15): which queues exist, what each one holds, who may
 * see which tickets, the query parameters of GET /support-desk/queues/:queue, the row shape and the
 * SLA figure each row shows. Pure: no Strapi import (services/queues.ts runs the queries).
 *
 * Visibility: a super admin sees every ticket; anybody else the tickets of their support groups
 * (group member, group lead, or listed in their agent profile's groups), the tickets no group has yet
 * (the triage inbox every agent works from: routing gives the group at triage), and the tickets
 * assigned to them or created by them. Supervisors also get the "all open" queue (of their groups); agents do not.
 */
import { OPEN_STATUSES } from '../workflow/state-machine';

export const QUEUES = ['mine', 'unassigned', 'at-risk', 'awaiting', 'all-open'] as const;
export type QueueName = (typeof QUEUES)[number];

/** Queues a role gets: all-open is for supervisors (and the super admin). */
export const queuesFor = (viewer: Viewer): QueueName[] => QUEUES.filter((q) => q !== 'all-open' || viewer.role !== 'agent');

export const SORT_KEYS = ['due', 'number', 'subject', 'state', 'priority', 'organization', 'assignee', 'created', 'updated'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface Viewer {
  userId: number;
  role: 'admin' | 'supervisor' | 'agent';
  /** Ids of the viewer's support groups (empty for a super admin: they see everything anyway). */
  groupIds: number[];
}

export interface QueueQuery {
  queue: QueueName;
  page: number;
  pageSize: number;
  sort: SortKey;
  order: 'asc' | 'desc';
}

export interface QueryProblem {
  param: string;
  message: string;
}

type Where = Record<string, unknown>;

const ACTIVE_CLOCK_STATES = OPEN_STATUSES.filter((s) => s !== 'awaiting_customer' && s !== 'solution_proposed');

function wholeNumber(raw: unknown, param: string, min: number, max: number, fallback: number, problems: QueryProblem[]): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push({ param, message: `${param} must be a whole number from ${min} to ${max}.` });
    return fallback;
  }
  return n;
}

const ALLOWED_PARAMS = ['page', 'pageSize', 'sort', 'order'];

/** Parses the queue name and query string; problems name the parameter and what it accepts. */
export function parseQueueQuery(queue: unknown, query: Record<string, unknown>): { query: QueueQuery; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  for (const key of Object.keys(query)) {
    if (!ALLOWED_PARAMS.includes(key)) problems.push({ param: key, message: `unknown parameter "${key}"; the queue accepts ${ALLOWED_PARAMS.join(', ')}.` });
  }
  const name = QUEUES.includes(queue as QueueName) ? (queue as QueueName) : null;
  if (!name) problems.push({ param: 'queue', message: `queue must be one of ${QUEUES.join(', ')}.` });
  const sortRaw = query.sort ?? 'due';
  const sort = SORT_KEYS.includes(sortRaw as SortKey) ? (sortRaw as SortKey) : null;
  if (!sort) problems.push({ param: 'sort', message: `sort must be one of ${SORT_KEYS.join(', ')}.` });
  const orderRaw = query.order ?? 'asc';
  if (orderRaw !== 'asc' && orderRaw !== 'desc') problems.push({ param: 'order', message: 'order must be asc or desc.' });
  return {
    query: {
      queue: name ?? 'mine',
      page: wholeNumber(query.page, 'page', 1, 100_000, 1, problems),
      pageSize: wholeNumber(query.pageSize, 'pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, problems),
      sort: sort ?? 'due',
      order: orderRaw === 'desc' ? 'desc' : 'asc',
    },
    problems,
  };
}

/** Tickets the viewer may see (query-engine filter); null: no restriction (super admin). */
export function visibilityWhere(viewer: Viewer): Where | null {
  if (viewer.role === 'admin') return null;
  const groups = [...(viewer.groupIds.length ? [{ group: { id: { $in: viewer.groupIds } } }] : []), { group: { id: { $null: true } } }];
  return { $or: [...groups, { assignee: { id: viewer.userId } }, { createdBy: { id: viewer.userId } }] };
}

/** The tickets of one queue for this viewer at `now` (query-engine filter). */
export function queueWhere(queue: QueueName, viewer: Viewer, now: Date): Where {
  const open = { state: { $in: [...OPEN_STATUSES] } };
  const visible = visibilityWhere(viewer);
  const and = (...parts: Array<Where | null>): Where => ({ $and: parts.filter(Boolean) });
  switch (queue) {
    case 'mine':
      return and(open, { assignee: { id: viewer.userId } });
    case 'unassigned':
      // In my groups or in no group yet (a super admin: anywhere), with nobody on it yet.
      return and(open, { assignee: { id: { $null: true } } }, viewer.role === 'admin' ? null : { $or: [{ group: { id: { $in: viewer.groupIds } } }, { group: { id: { $null: true } } }] });
    case 'at-risk':
      // A running clock past its warning (or its deadline): the first response while unanswered, the resolution.
      return and({ state: { $in: [...ACTIVE_CLOCK_STATES] } }, visible, {
        $or: [
          { first_responded_at: { $null: true }, first_response_warn_at: { $lte: now } },
          { first_responded_at: { $null: true }, first_response_due_at: { $lte: now } },
          { resolution_warn_at: { $lte: now } },
          { resolution_due_at: { $lte: now } },
        ],
      });
    case 'awaiting':
      return and({ state: 'awaiting_customer' }, visible);
    case 'all-open':
      return and(open, visible);
  }
}

/** Query-engine order for the sort keys the database sorts ('due' is computed: see `nextDue`). */
export function orderByFor(sort: Exclude<SortKey, 'due'>, order: 'asc' | 'desc'): Where[] {
  const by: Record<Exclude<SortKey, 'due'>, Where> = {
    number: { number: order },
    subject: { subject: order },
    state: { state: order },
    priority: { priority: order },
    organization: { organization: { name: order } },
    assignee: { assignee: { firstname: order } },
    created: { createdAt: order },
    updated: { updatedAt: order },
  };
  return [by[sort], { id: order }];
}

export interface DueFields {
  state: string;
  first_response_due_at?: Date | string | null;
  first_responded_at?: Date | string | null;
  resolution_due_at?: Date | string | null;
  sla_paused_at?: Date | string | null;
  resolution_remaining_minutes?: number | null;
}

export interface RowSla {
  /** The clock that falls due next: the first response while unanswered and earlier, else the resolution. */
  clock: 'first_response' | 'resolution' | null;
  due_at: string | null;
  /** Milliseconds until due_at at `now` (negative: overdue); null when paused or without a deadline. */
  remaining_ms: number | null;
  paused: boolean;
  /** While paused: business minutes left on the resolution clock. */
  paused_remaining_minutes: number | null;
}

const ms = (v: Date | string | null | undefined): number | null => (v === null || v === undefined || v === '' ? null : new Date(v).getTime());

/** The SLA figure of a queue row. */
export function nextDue(t: DueFields, now: Date): RowSla {
  const open = (OPEN_STATUSES as readonly string[]).includes(t.state);
  const fr = !t.first_responded_at ? ms(t.first_response_due_at) : null;
  const paused = Boolean(t.sla_paused_at);
  const res = paused ? null : ms(t.resolution_due_at);
  let clock: RowSla['clock'] = null;
  let due: number | null = null;
  if (open && fr !== null && (res === null || fr <= res)) [clock, due] = ['first_response', fr];
  else if (open && res !== null) [clock, due] = ['resolution', res];
  return {
    clock,
    due_at: due === null ? null : new Date(due).toISOString(),
    remaining_ms: due === null ? null : due - now.getTime(),
    paused: open && paused,
    paused_remaining_minutes: open && paused ? (t.resolution_remaining_minutes ?? null) : null,
  };
}

/** Orders rows by their next deadline (nearest, i.e. most overdue, first); rows without one last. */
export function compareDue(order: 'asc' | 'desc', now: Date) {
  return (a: DueFields & { id: number }, b: DueFields & { id: number }) => {
    const da = nextDue(a, now).due_at;
    const db = nextDue(b, now).due_at;
    if (da === null && db === null) return a.id - b.id;
    if (da === null) return 1;
    if (db === null) return -1;
    const diff = (new Date(da).getTime() - new Date(db).getTime()) * (order === 'asc' ? 1 : -1);
    return diff || a.id - b.id;
  };
}

type Row = Record<string, any>;
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** A staff member by name (agent profile display name, else first and last name). */
export const staffName = (u: Row | null | undefined, displayName?: string | null): string | null =>
  u ? displayName || [u.firstname, u.lastname].filter(Boolean).join(' ') || null : null;

export interface QueueRow {
  id: number;
  documentId: string;
  number: string | null;
  subject: string;
  state: string;
  priority: string;
  channel: string | null;
  version: number;
  organization: { documentId: string; name: string | null } | null;
  group: { documentId: string; name: string | null; code: string | null } | null;
  assignee: { id: number; name: string | null } | null;
  sla: RowSla;
  createdAt: string | null;
  updatedAt: string | null;
}

/** One queue row, field by field (never a loaded record as it came: the assignee is an admin user). */
export function toQueueRow(row: Row, now: Date, displayNames: Map<number, string> = new Map()): QueueRow {
  return {
    id: row.id,
    documentId: row.documentId,
    number: orNull(row.number),
    subject: row.subject,
    state: row.state,
    priority: row.priority,
    channel: orNull(row.channel),
    version: row.version,
    organization: row.organization ? { documentId: row.organization.documentId, name: orNull(row.organization.name) } : null,
    group: row.group ? { documentId: row.group.documentId, name: orNull(row.group.name), code: orNull(row.group.code) } : null,
    assignee: row.assignee ? { id: row.assignee.id, name: staffName(row.assignee, displayNames.get(row.assignee.id)) } : null,
    sla: nextDue(row as DueFields, now),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

// --- bulk assign --------------------------------------------------------------------------------

export interface BulkAssignItem {
  documentId: string;
  version: number;
}

export interface BulkAssignInput {
  tickets: BulkAssignItem[];
  assignee?: number | null;
  group?: string | null;
  reason?: string;
}

export const MAX_BULK = 100;

/** Validates the body of POST /support-desk/tickets/bulk-assign (problems name the field). */
export function parseBulkAssign(body: unknown): { input: BulkAssignInput; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Row;
  for (const key of Object.keys(b)) {
    if (!['tickets', 'assignee', 'group', 'reason'].includes(key)) problems.push({ param: key, message: `unknown field "${key}"; give tickets, assignee and/or group, reason.` });
  }
  const tickets: BulkAssignItem[] = [];
  if (!Array.isArray(b.tickets) || !b.tickets.length) problems.push({ param: 'tickets', message: 'tickets must be a non-empty list of { documentId, version }.' });
  else if (b.tickets.length > MAX_BULK) problems.push({ param: 'tickets', message: `at most ${MAX_BULK} tickets per request.` });
  else {
    const seen = new Set<string>();
    b.tickets.forEach((t: unknown, i: number) => {
      const item = (t && typeof t === 'object' ? t : {}) as Row;
      if (typeof item.documentId !== 'string' || !item.documentId) problems.push({ param: `tickets[${i}].documentId`, message: 'documentId must be the ticket’s document id.' });
      else if (seen.has(item.documentId)) problems.push({ param: `tickets[${i}].documentId`, message: `ticket ${item.documentId} is listed twice.` });
      if (typeof item.version !== 'number' || !Number.isInteger(item.version) || item.version < 1) problems.push({ param: `tickets[${i}].version`, message: 'version must be the ticket version you read (a whole number ≥ 1).' });
      if (typeof item.documentId === 'string') seen.add(item.documentId);
      tickets.push({ documentId: String(item.documentId), version: Number(item.version) });
    });
  }
  if (b.assignee !== undefined && b.assignee !== null && (typeof b.assignee !== 'number' || !Number.isInteger(b.assignee) || b.assignee < 1)) {
    problems.push({ param: 'assignee', message: 'assignee must be an admin user id (from GET /support-desk/agents) or null to unassign.' });
  }
  if (b.group !== undefined && b.group !== null && (typeof b.group !== 'string' || !b.group)) problems.push({ param: 'group', message: 'group must be a support group documentId or null.' });
  if (b.assignee === undefined && b.group === undefined) problems.push({ param: 'assignee', message: 'give an assignee and/or a group to assign the tickets to.' });
  if (b.reason !== undefined && (typeof b.reason !== 'string' || b.reason.length > 1000)) problems.push({ param: 'reason', message: 'reason must be text of at most 1000 characters.' });
  return { input: { tickets, assignee: b.assignee, group: b.group, reason: b.reason }, problems };
}

// --- phone tickets ------------------------------------------------------------------------------

export interface PhoneTicketInput {
  organization: string;
  requester: string;
  asset: string | null;
  subject: string;
  description: string | null;
  urgency: 'low' | 'medium' | 'high';
  impact: 'low' | 'medium' | 'high';
  type: string | null;
}

const LEVELS = ['low', 'medium', 'high'];
export const PHONE_TICKET_TYPES = ['fault', 'consultation', 'training', 'update', 'complaint', 'return', 'feedback'];

/** Validates the body of POST /support-desk/tickets (a ticket taken by phone). */
export function parsePhoneTicket(body: unknown): { input: PhoneTicketInput; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Row;
  const allowed = ['organization', 'requester', 'asset', 'subject', 'description', 'urgency', 'impact', 'type'];
  for (const key of Object.keys(b)) if (!allowed.includes(key)) problems.push({ param: key, message: `unknown field "${key}"; a phone ticket takes ${allowed.join(', ')}.` });
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  if (!text(b.organization)) problems.push({ param: 'organization', message: 'pick the caller’s organization.' });
  if (!text(b.requester)) problems.push({ param: 'requester', message: 'pick the contact who called.' });
  if (b.asset !== undefined && b.asset !== null && b.asset !== '' && typeof b.asset !== 'string') problems.push({ param: 'asset', message: 'asset must be an asset documentId or empty.' });
  const subject = text(b.subject);
  if (!subject) problems.push({ param: 'subject', message: 'subject is required: a short summary of the call.' });
  else if (subject.length > 200) problems.push({ param: 'subject', message: 'subject is too long (at most 200 characters).' });
  const description = text(b.description);
  if (description.length > 20000) problems.push({ param: 'description', message: 'description is too long (at most 20000 characters).' });
  for (const key of ['urgency', 'impact'] as const) {
    if (b[key] !== undefined && !LEVELS.includes(b[key])) problems.push({ param: key, message: `${key} must be one of ${LEVELS.join(', ')}.` });
  }
  if (b.type !== undefined && b.type !== null && !PHONE_TICKET_TYPES.includes(b.type)) problems.push({ param: 'type', message: `type must be one of ${PHONE_TICKET_TYPES.join(', ')}.` });
  return {
    input: {
      organization: text(b.organization),
      requester: text(b.requester),
      asset: typeof b.asset === 'string' && b.asset ? b.asset : null,
      subject,
      description: description || null,
      urgency: b.urgency ?? 'medium',
      impact: b.impact ?? 'medium',
      type: b.type ?? null,
    },
    problems,
  };
}
