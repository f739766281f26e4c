/**
 * Ticket state machine (ARCHITECTURE.md, "Ticket": states and actions table).
 *
 * Pure module: no Strapi import, no I/O. The Strapi service / document middleware calls
 * `planTransition` and, when it returns `ok: true`, writes `{ ...plan.set, status: plan.to }`,
 * applies `plan.increment`, drives the SLA clock per `plan.clock` and appends a ticket-event;
 * when it returns `ok: false`, it answers HTTP 400 with `message` and writes nothing.
 *
 * Decisions (beyond the design table):
 * - Automatic closure is a separate action `auto_close` (resolved → closed, actor `system` only),
 *   so the timeline tells a customer's confirmation from a closure by the scheduler. `confirm` is
 *   the customer's action. Which resolved tickets are old enough to auto-close is the scheduler's
 *   query (resolved_at + N days); it is not re-checked here.
 * - Actors: `integration` has exactly the rights of `agent`. `system` may only `auto_close`.
 *   The customer may approve_solution, reject_solution, customer_reply, confirm and reopen;
 *   agents (and integrations) may approve/reject on the customer's behalf and may reopen, but
 *   `customer_reply` and `confirm` are the customer's own (a reply relayed by the mail gateway
 *   should be run with actor `customer`, the author of the message).
 * - Required fields may come from the input or, for ticket fields, from the ticket already
 *   (e.g. `start` with an assignee set at triage; `resolve` after an approved proposed solution).
 *   An input value explicitly set to null/''/disconnect overrides the ticket's value.
 *   `message` (request_info) and `reason` (cancel) are per-action texts and must be in the input.
 *   The resolution summary is the ticket field `solution`.
 * - `resolve` sets resolved_at; `confirm`/`auto_close` set closed_at; `reopen` clears both and
 *   increments reopen_count. Reopen from `closed` is allowed within `reopenWindowDays` (default 7)
 *   of closed_at, boundary included; a closed ticket without a valid closed_at cannot be reopened.
 * - Clock effects concern the resolution clock: pause (request_info, propose_solution),
 *   resume (approve/reject_solution, customer_reply, reopen), stop (resolve, cancel), none otherwise.
 *   `resolved` counts as paused (isClockPaused) since a reopen resumes it.
 */

import { IMPACTS, PRIORITIES, URGENCIES } from './priority';

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const TICKET_STATUSES = [
  'new',
  'triaged',
  'in_progress',
  'awaiting_customer',
  'solution_proposed',
  'resolved',
  'closed',
  'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const INITIAL_STATUS: TicketStatus = 'new';

export const TICKET_ACTIONS = [
  'triage',
  'start',
  'request_info',
  'propose_solution',
  'approve_solution',
  'reject_solution',
  'customer_reply',
  'resolve',
  'confirm',
  'auto_close',
  'reopen',
  'cancel',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

export const ACTOR_KINDS = ['agent', 'customer', 'integration', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const TICKET_TYPES = ['fault', 'consultation', 'training', 'update', 'complaint', 'return', 'feedback'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const RESOLUTION_METHODS = ['remote', 'onsite', 'replacement', 'guidance', 'update'] as const;
export type ResolutionMethod = (typeof RESOLUTION_METHODS)[number];

export const CLOCK_EFFECTS = ['pause', 'resume', 'stop', 'none'] as const;
export type ClockEffect = (typeof CLOCK_EFFECTS)[number];

/** Fields an action may require. */
export type RequiredField =
  | 'message'
  | 'solution'
  | 'resolution_method'
  | 'fault_category'
  | 'root_cause'
  | 'reason'
  | 'assignee';

/** Ticket fields an action copies from its input into `plan.set`. */
export type AcceptedField =
  | 'type'
  | 'urgency'
  | 'impact'
  | 'priority'
  | 'group'
  | 'assignee'
  | 'fault_category'
  | 'solution'
  | 'resolution_method'
  | 'root_cause';

export const DEFAULT_REOPEN_WINDOW_DAYS = 7;

export const OPEN_STATUSES: readonly TicketStatus[] = [
  'new',
  'triaged',
  'in_progress',
  'awaiting_customer',
  'solution_proposed',
];
export const CLOCK_PAUSED_STATUSES: readonly TicketStatus[] = ['awaiting_customer', 'solution_proposed', 'resolved'];
/** No action leads out of these (closed can still be reopened within the window). */
export const FINAL_STATUSES: readonly TicketStatus[] = ['cancelled'];

// ---------------------------------------------------------------------------------------------
// The table

export interface ActionRule {
  readonly action: TicketAction;
  readonly from: readonly TicketStatus[];
  readonly to: TicketStatus;
  readonly actors: readonly ActorKind[];
  /** Always required. `resolve` additionally requires FAULT_RESOLVE_FIELDS for tickets of type fault. */
  readonly required: readonly RequiredField[];
  /** Ticket fields taken from the input into `plan.set` when present. */
  readonly accepts: readonly AcceptedField[];
  readonly clock: ClockEffect;
  /** A public agent message that meets the first-response target. */
  readonly firstResponse: boolean;
}

const STAFF: readonly ActorKind[] = ['agent', 'integration'];
const CUSTOMER_OR_STAFF: readonly ActorKind[] = ['customer', 'agent', 'integration'];

export const FAULT_RESOLVE_FIELDS: readonly RequiredField[] = ['fault_category', 'root_cause'];

function rule(r: ActionRule): ActionRule {
  return Object.freeze({
    ...r,
    from: Object.freeze([...r.from]),
    actors: Object.freeze([...r.actors]),
    required: Object.freeze([...r.required]),
    accepts: Object.freeze([...r.accepts]),
  });
}

export const TRANSITIONS: Readonly<Record<TicketAction, ActionRule>> = Object.freeze({
  triage: rule({
    action: 'triage',
    from: ['new'],
    to: 'triaged',
    actors: STAFF,
    required: [],
    accepts: ['type', 'urgency', 'impact', 'priority', 'group', 'assignee', 'fault_category'],
    clock: 'none',
    firstResponse: false,
  }),
  start: rule({
    action: 'start',
    from: ['triaged'],
    to: 'in_progress',
    actors: STAFF,
    required: ['assignee'],
    accepts: ['assignee'],
    clock: 'none',
    firstResponse: false,
  }),
  request_info: rule({
    action: 'request_info',
    from: ['in_progress'],
    to: 'awaiting_customer',
    actors: STAFF,
    required: ['message'],
    accepts: [],
    clock: 'pause',
    firstResponse: true,
  }),
  propose_solution: rule({
    action: 'propose_solution',
    from: ['in_progress'],
    to: 'solution_proposed',
    actors: STAFF,
    required: ['solution'],
    accepts: ['solution'],
    clock: 'pause',
    firstResponse: true,
  }),
  approve_solution: rule({
    action: 'approve_solution',
    from: ['solution_proposed'],
    to: 'in_progress',
    actors: CUSTOMER_OR_STAFF,
    required: [],
    accepts: [],
    clock: 'resume',
    firstResponse: false,
  }),
  reject_solution: rule({
    action: 'reject_solution',
    from: ['solution_proposed'],
    to: 'in_progress',
    actors: CUSTOMER_OR_STAFF,
    required: [],
    accepts: [],
    clock: 'resume',
    firstResponse: false,
  }),
  customer_reply: rule({
    action: 'customer_reply',
    from: ['awaiting_customer'],
    to: 'in_progress',
    actors: ['customer'],
    required: [],
    accepts: [],
    clock: 'resume',
    firstResponse: false,
  }),
  resolve: rule({
    action: 'resolve',
    from: ['in_progress'],
    to: 'resolved',
    actors: STAFF,
    required: ['resolution_method', 'solution'],
    accepts: ['resolution_method', 'solution', 'fault_category', 'root_cause'],
    clock: 'stop',
    firstResponse: true,
  }),
  confirm: rule({
    action: 'confirm',
    from: ['resolved'],
    to: 'closed',
    actors: ['customer'],
    required: [],
    accepts: [],
    clock: 'none',
    firstResponse: false,
  }),
  auto_close: rule({
    action: 'auto_close',
    from: ['resolved'],
    to: 'closed',
    actors: ['system'],
    required: [],
    accepts: [],
    clock: 'none',
    firstResponse: false,
  }),
  reopen: rule({
    action: 'reopen',
    from: ['resolved', 'closed'],
    to: 'in_progress',
    actors: CUSTOMER_OR_STAFF,
    required: [],
    accepts: [],
    clock: 'resume',
    firstResponse: false,
  }),
  cancel: rule({
    action: 'cancel',
    from: ['new', 'triaged', 'in_progress', 'awaiting_customer'],
    to: 'cancelled',
    actors: STAFF,
    required: ['reason'],
    accepts: [],
    clock: 'stop',
    firstResponse: false,
  }),
});

// ---------------------------------------------------------------------------------------------
// Guards and helpers

export function isTicketStatus(value: unknown): value is TicketStatus {
  return typeof value === 'string' && (TICKET_STATUSES as readonly string[]).includes(value);
}
export function isTicketAction(value: unknown): value is TicketAction {
  return typeof value === 'string' && (TICKET_ACTIONS as readonly string[]).includes(value);
}
export function isActorKind(value: unknown): value is ActorKind {
  return typeof value === 'string' && (ACTOR_KINDS as readonly string[]).includes(value);
}
export function isTicketType(value: unknown): value is TicketType {
  return typeof value === 'string' && (TICKET_TYPES as readonly string[]).includes(value);
}
export function isResolutionMethod(value: unknown): value is ResolutionMethod {
  return typeof value === 'string' && (RESOLUTION_METHODS as readonly string[]).includes(value);
}

/** Open = still being worked (not resolved, closed or cancelled). */
export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** The resolution clock is paused in awaiting_customer, solution_proposed and resolved. */
export function isClockPaused(status: TicketStatus): boolean {
  return CLOCK_PAUSED_STATUSES.includes(status);
}

/** State of the resolution clock in a status: running, paused (may resume) or stopped (closed, cancelled). */
export function clockState(status: TicketStatus): 'running' | 'paused' | 'stopped' {
  if (isClockPaused(status)) return 'paused';
  return isOpen(status) ? 'running' : 'stopped';
}

export function isFinal(status: TicketStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/**
 * Fields required by `action` for a ticket of type `type` (fault adds fault_category and
 * root_cause to resolve). Empty for an unknown action.
 */
export function requiredFields(action: TicketAction, type?: string | null): RequiredField[] {
  const r = isTicketAction(action) ? TRANSITIONS[action] : undefined;
  if (!r) return [];
  const out = [...r.required];
  if (action === 'resolve' && type === 'fault') out.push(...FAULT_RESOLVE_FIELDS);
  return out;
}

/** Optional context that lets `allowedActions` leave out `reopen` of a closed ticket past its window. */
export interface ReopenContext {
  closed_at?: Date | string | number | null;
  now?: Date | string | number;
  reopenWindowDays?: number;
}

/**
 * Actions that may be run from `status` (by `actor`, when given), in table order.
 * Structural only: required fields are not checked. Without `ctx`, `reopen` is listed for a closed
 * ticket regardless of the window; with `ctx` (closed_at, now) it is listed only within the window.
 */
export function allowedActions(status: TicketStatus, actor?: ActorKind, ctx?: ReopenContext): TicketAction[] {
  if (!isTicketStatus(status)) return [];
  return TICKET_ACTIONS.filter((a) => {
    const r = TRANSITIONS[a];
    if (!r.from.includes(status)) return false;
    if (actor !== undefined && !r.actors.includes(actor)) return false;
    if (a === 'reopen' && status === 'closed' && ctx) {
      return reopenWindow(ctx.closed_at, toDate(ctx.now ?? new Date()), windowDays(ctx.reopenWindowDays)).open;
    }
    return true;
  });
}

/**
 * All actions that turn `from` into `to` (by `actor`, when given), in table order.
 * Empty when from === to (no status change, nothing to validate) or when no action does it.
 */
export function transitionsForStatusChange(from: TicketStatus, to: TicketStatus, actor?: ActorKind): TicketAction[] {
  if (from === to || !isTicketStatus(from) || !isTicketStatus(to)) return [];
  return TICKET_ACTIONS.filter((a) => {
    const r = TRANSITIONS[a];
    return r.to === to && r.from.includes(from) && (actor === undefined || r.actors.includes(actor));
  });
}

/**
 * The action that produces a plain status change (e.g. a Content Manager PUT that sets `status`),
 * or null if none does (or from === to: not a transition). When several actions produce the same
 * change the first in table order wins: solution_proposed → in_progress gives approve_solution,
 * resolved → closed gives confirm (auto_close with actor 'system'). Pass `actor` to pick an action
 * that actor may run (e.g. an agent's raw resolved → closed finds none).
 */
export function transitionForStatusChange(
  from: TicketStatus,
  to: TicketStatus,
  actor?: ActorKind,
): TicketAction | null {
  return transitionsForStatusChange(from, to, actor)[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// planTransition

/**
 * What the caller sends with the action. Known keys are listed; anything else is ignored.
 * Relation fields (assignee, group, fault_category) accept whatever the document service accepts:
 * an id, a documentId, `{ id }`, `{ documentId }`, `{ connect: [...] }`, `{ set: [...] }`.
 */
export interface TransitionInput {
  /** request_info: the public message to the customer (required). Also free text for other actions. */
  message?: string | null;
  /** cancel: why (required). reopen/reject_solution: optional. */
  reason?: string | null;
  /** propose_solution (required), resolve (required unless the ticket already has one): the solution / resolution summary. */
  solution?: string | null;
  resolution_method?: ResolutionMethod | (string & {}) | null;
  fault_category?: unknown;
  root_cause?: string | null;
  assignee?: unknown;
  group?: unknown;
  type?: TicketType | (string & {}) | null;
  urgency?: string | null;
  impact?: string | null;
  priority?: string | null;
  [extra: string]: unknown;
}

/** The ticket as it is before the transition (only what the machine needs). */
export interface TicketSnapshot {
  type?: TicketType | (string & {}) | null;
  assignee?: unknown;
  closed_at?: Date | string | number | null;
  solution?: string | null;
  resolution_method?: string | null;
  fault_category?: unknown;
  root_cause?: string | null;
}

export interface PlanTransitionParams {
  status: TicketStatus;
  action: TicketAction | (string & {});
  actor: ActorKind;
  input?: TransitionInput | null;
  ticket?: TicketSnapshot | null;
  /** Default: new Date(). */
  now?: Date | string | number;
  /** Days after closed_at during which a closed ticket may be reopened. Default 7. */
  reopenWindowDays?: number;
}

/** Values to write on the ticket, besides `status: plan.to`. */
export interface TransitionSet {
  resolved_at?: string | null;
  closed_at?: string | null;
  type?: unknown;
  urgency?: unknown;
  impact?: unknown;
  priority?: unknown;
  group?: unknown;
  assignee?: unknown;
  fault_category?: unknown;
  solution?: unknown;
  resolution_method?: unknown;
  root_cause?: unknown;
}

export interface TransitionPlan {
  ok: true;
  action: TicketAction;
  from: TicketStatus;
  to: TicketStatus;
  /** Effect on the resolution clock. */
  clock: ClockEffect;
  /** Ticket fields to write (ISO timestamps for resolved_at/closed_at; null clears). Does not include status. */
  set: TransitionSet;
  /** Counters to add to (reopen → { reopen_count: 1 }). */
  increment: { reopen_count?: number };
  /** The action is a public agent message: it meets the first-response target if not met yet. */
  firstResponse: boolean;
  /** resolve: send the satisfaction survey. */
  sendSurvey: boolean;
}

export type TransitionErrorCode =
  | 'unknown_action'
  | 'forbidden_transition'
  | 'forbidden_actor'
  | 'reopen_window_expired'
  | 'missing_fields'
  | 'invalid_fields';

export interface TransitionError {
  ok: false;
  code: TransitionErrorCode;
  /** Actionable, names the action, the current status and what is allowed. */
  message: string;
  action: string;
  status: string;
  /** What this actor may do from the current status now. */
  allowed: TicketAction[];
  /** missing_fields: the required fields that are absent. */
  missing?: RequiredField[];
  /** invalid_fields: the fields whose values are not allowed. */
  invalid?: string[];
}

export type TransitionResult = TransitionPlan | TransitionError;

const DAY_MS = 24 * 60 * 60 * 1000;

function windowDays(days: number | undefined): number {
  if (days === undefined) return DEFAULT_REOPEN_WINDOW_DAYS;
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
    throw new RangeError(`reopenWindowDays must be a finite number >= 0, got ${String(days)}`);
  }
  return days;
}

function toDate(value: Date | string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function reopenWindow(
  closedAt: Date | string | number | null | undefined,
  now: Date | null,
  days: number,
): { open: boolean; closed: Date | null; until: Date | null } {
  const closed = toDate(closedAt);
  if (!closed || !now) return { open: false, closed, until: null };
  const until = new Date(closed.getTime() + days * DAY_MS);
  return { open: now.getTime() <= until.getTime(), closed, until };
}

/** Does a value count as given? Blank strings, null, empty arrays and disconnect-only relation inputs do not. */
function hasValue(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim().length > 0;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.some(hasValue);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('set' in o) return hasValue(o.set);
    if ('connect' in o) return hasValue(o.connect);
    if ('disconnect' in o) return false;
    if ('id' in o || 'documentId' in o) return hasValue(o.id) || hasValue(o.documentId);
    return Object.keys(o).length > 0;
  }
  return false;
}

/** Whether the input mentions a field at all (a `{ connect: [] }` with nothing else is no mention). */
function mentions(input: TransitionInput, key: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(input, key)) return false;
  const v = input[key];
  if (v === undefined) return false;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length > 0 && keys.every((k) => k === 'connect') && !hasValue(o.connect)) return false;
  }
  return true;
}

/** Fields that may be satisfied by the ticket's current value. `message` and `reason` may not. */
const TICKET_BACKED: readonly RequiredField[] = [
  'assignee',
  'solution',
  'resolution_method',
  'fault_category',
  'root_cause',
];

function effectiveValue(field: string, input: TransitionInput, ticket: TicketSnapshot): unknown {
  if (mentions(input, field)) return input[field];
  if ((TICKET_BACKED as readonly string[]).includes(field)) return (ticket as Record<string, unknown>)[field];
  return undefined;
}

const ENUM_CHECKS: Readonly<Partial<Record<AcceptedField, readonly string[]>>> = {
  type: TICKET_TYPES,
  urgency: URGENCIES,
  impact: IMPACTS,
  priority: PRIORITIES,
  resolution_method: RESOLUTION_METHODS,
};

function list(actions: readonly string[]): string {
  return actions.length ? actions.join(', ') : 'none';
}

function allowedClause(status: string, actor: ActorKind, allowed: readonly TicketAction[]): string {
  const all = isTicketStatus(status) ? allowedActions(status) : [];
  const sameAsAll = all.length === allowed.length && all.every((a, i) => a === allowed[i]);
  return `Allowed from "${status}"${sameAsAll ? '' : ` for ${actor}`}: ${list(allowed)}.`;
}

/**
 * Check an action against the table and compute what to write. Never throws for bad input (only
 * for a programming error: an invalid `now` or `reopenWindowDays`). Checks, in order: known action,
 * known status, action allowed from the status, actor allowed, reopen window, required fields,
 * enum values (type, urgency, impact, priority, resolution_method).
 */
export function planTransition(params: PlanTransitionParams): TransitionResult {
  const { status, action, actor } = params;
  const input: TransitionInput = params.input ?? {};
  const ticket: TicketSnapshot = params.ticket ?? {};
  const days = windowDays(params.reopenWindowDays);
  const now = toDate(params.now ?? new Date());
  if (!now) throw new RangeError(`now must be a valid date, got ${String(params.now)}`);
  const actorKind = actor as ActorKind;

  const allowedNow = (): TicketAction[] =>
    isTicketStatus(status) && isActorKind(actor)
      ? allowedActions(status, actor, { closed_at: ticket.closed_at, now, reopenWindowDays: days })
      : [];

  const fail = (code: TransitionErrorCode, message: string, extra: Partial<TransitionError> = {}): TransitionError => ({
    ok: false,
    code,
    message,
    action: String(action),
    status: String(status),
    allowed: allowedNow(),
    ...extra,
  });

  if (!isTicketAction(action)) {
    return fail(
      'unknown_action',
      `Unknown action "${String(action)}". Known actions: ${TICKET_ACTIONS.join(', ')}. ` +
        allowedClause(String(status), actorKind, allowedNow()),
    );
  }
  if (!isTicketStatus(status)) {
    return fail(
      'forbidden_transition',
      `Cannot "${action}" a ticket in unknown status "${String(status)}". Known statuses: ${TICKET_STATUSES.join(', ')}.`,
    );
  }

  const r = TRANSITIONS[action];

  if (!r.from.includes(status)) {
    const allowed = allowedNow();
    const fromList = r.from.map((s) => `"${s}"`).join(', ');
    return fail(
      'forbidden_transition',
      `Cannot "${action}" a ticket in status "${status}". ${allowedClause(status, actorKind, allowed)}` +
        ` ("${action}" applies to tickets in ${fromList}.)`,
    );
  }

  if (!isActorKind(actor)) {
    return fail(
      'forbidden_actor',
      `Unknown actor "${String(actor)}" cannot "${action}" a ticket. Actors: ${ACTOR_KINDS.join(', ')}.`,
    );
  }
  if (!r.actors.includes(actor)) {
    return fail(
      'forbidden_actor',
      `A ${actor} cannot "${action}" a ticket ("${action}" is for: ${r.actors.join(', ')}). ` +
        allowedClause(status, actor, allowedNow()),
    );
  }

  if (action === 'reopen' && status === 'closed') {
    const w = reopenWindow(ticket.closed_at, now, days);
    if (!w.open) {
      const message = w.closed
        ? `Cannot "reopen" this ticket: it was closed at ${w.closed.toISOString()} and a closed ticket can only be ` +
          `reopened within ${days} day${days === 1 ? '' : 's'} of closing (until ${w.until!.toISOString()}). ` +
          `Open a new ticket and reference this one instead.`
        : `Cannot "reopen" this ticket: it is closed but its closing time (closed_at) is unknown, so the ` +
          `${days}-day reopen window cannot be checked. Open a new ticket and reference this one instead.`;
      return fail('reopen_window_expired', message);
    }
  }

  const effectiveType = mentions(input, 'type') && hasValue(input.type) ? input.type : ticket.type;
  const required = requiredFields(action, typeof effectiveType === 'string' ? effectiveType : null);
  const missing = required.filter((f) => !hasValue(effectiveValue(f, input, ticket)));
  if (missing.length) {
    return fail('missing_fields', `"${action}" requires: ${missing.join(', ')}`, { missing });
  }

  const invalid: string[] = [];
  const details: string[] = [];
  // Enum-valued fields the action takes from its input; for resolve also `type`, which decides the required fields.
  const checked: string[] = [...r.accepts, ...(action === 'resolve' ? ['type'] : [])];
  for (const field of checked) {
    const allowedValues = ENUM_CHECKS[field as AcceptedField];
    if (!allowedValues || !mentions(input, field)) continue;
    const v = input[field];
    if (v === null && !required.includes(field as RequiredField)) continue;
    if (typeof v !== 'string' || !allowedValues.includes(v)) {
      invalid.push(field);
      details.push(`${field} must be one of ${allowedValues.join(', ')} (got ${JSON.stringify(v)})`);
    }
  }
  if (invalid.length) {
    return fail('invalid_fields', `"${action}" has invalid values: ${details.join('; ')}.`, { invalid });
  }

  const nowIso = now.toISOString();
  const set: TransitionSet = {};
  const target = set as Record<string, unknown>;
  for (const field of r.accepts) {
    if (mentions(input, field)) target[field] = input[field];
  }
  const increment: TransitionPlan['increment'] = {};
  switch (action) {
    case 'resolve':
      set.resolved_at = nowIso;
      break;
    case 'confirm':
    case 'auto_close':
      set.closed_at = nowIso;
      break;
    case 'reopen':
      set.resolved_at = null;
      set.closed_at = null;
      increment.reopen_count = 1;
      break;
    default:
      break;
  }

  return {
    ok: true,
    action,
    from: status,
    to: r.to,
    clock: r.clock,
    set,
    increment,
    firstResponse: r.firstResponse && (actor === 'agent' || actor === 'integration'),
    sendSurvey: action === 'resolve',
  };
}
