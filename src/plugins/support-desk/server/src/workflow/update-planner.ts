/**
 * The ticket update planner: every decision the ticket document middleware makes about a write,
 * as pure functions (no Strapi import, no I/O, the input is never mutated).
 *
 * - `planCreate`: closed fields of a new ticket (a schema default is no choice), the priority from
 *   urgency × impact or an override with a reason; the data to write (state `new`, version 1).
 * - `planUpdate`: the version the writer based its change on (missing → 400, stale or not an
 *   integer → 409 with `currentVersion`; the shape of a version sent in the data, a positive whole
 *   JSON number, is checked before by the shared `utils/version.ts`), closed fields per actor kind (a value equal to the stored
 *   one passes), the state change through the state machine (an action, or a raw state write mapped
 *   to the action that does it, else 400 with the allowed actions), the priority (matrix, or an
 *   agent's override with a reason; a customer may not choose it); the data to write (state,
 *   priority, reopen_count, cancel_reason, version + 1) and what to do around the write.
 * - `eventsAfterCreate` / `eventsAfterUpdate`: the timeline events, from the row as written.
 *
 * A refusal is a value (`ok: false`) with the HTTP status (400 or 409), the message and the details
 * the middleware puts into its error; nothing is written then.
 */
import type { Actor, WriteIntent } from './actor';
import {
  INITIAL_STATUS,
  DEFAULT_REOPEN_WINDOW_DAYS,
  allowedActions,
  isTicketStatus,
  planTransition,
  transitionForStatusChange,
  type ClockEffect,
  type TicketSnapshot,
  type TicketStatus,
  type TransitionError,
  type TransitionPlan,
} from './state-machine';
import { isImpact, isUrgency, priorityFor, validateOverride, type Priority } from './priority';
import { relationInputChanges } from './relation-input';

/** Derived by the system; nobody sets them by hand, on create or update. */
export const SYSTEM_FIELDS = [
  'number',
  'first_response_due_at',
  'first_response_warn_at',
  'first_responded_at',
  'first_response_warned_at',
  'first_response_breached_at',
  'resolution_due_at',
  'resolution_warn_at',
  'resolution_warned_at',
  'resolution_breached_at',
  'resolved_at',
  'closed_at',
  'sla_paused_at',
  'sla_paused_ms',
  'sla_paused_minutes',
  'resolution_remaining_minutes',
  'escalation_level',
  'reopen_count',
  'priority_overridden',
  'csat_rating',
  'first_response_business_minutes',
  'resolution_business_minutes',
  'public_agent_messages',
  // Set by the inventory service when parts are consumed (services/inventory.ts).
  'repair_billing',
  'repair_billing_reason',
  'parts_cost',
  'parts_billed_amount',
  'createdAt',
  'updatedAt',
] as const;

/** Also closed to customers (mass assignment): who they are and what they may not decide. */
export const CUSTOMER_CLOSED_FIELDS = [
  ...SYSTEM_FIELDS,
  'state',
  'version',
  'requester',
  'organization',
  'priority',
  'priority_reason',
  'assignee',
  'group',
  'skills_required',
  'sla_contract',
  'fault_category',
  'root_cause',
  'resolution_method',
  'escalations',
  'onsite_visits',
  'survey',
  'stock_movements',
] as const;

/** Relations compared by target (id or documentId), not by value. */
const RELATION_FIELDS = ['requester', 'organization', 'assignee', 'group', 'sla_contract', 'fault_category'];

export type Data = Record<string, any>;

interface RelationRow {
  id: number;
  documentId?: string;
  firstname?: string | null;
  lastname?: string | null;
}

/** The ticket as stored, with its relations populated (assignee, group, requester, organization, fault_category, sla_contract). */
export type StoredTicket = Data & {
  id: number;
  number?: string | null;
  state: TicketStatus;
  version: number;
  priority?: Priority | null;
  priority_overridden?: boolean | null;
  reopen_count?: number | null;
  assignee?: RelationRow | null;
  group?: RelationRow | null;
};

/** What the writing service declared (see `workflow/actor.ts`); absent for Content Manager and REST writes. */
export type PlannerIntent = Pick<WriteIntent, 'action' | 'input' | 'expectedVersion' | 'visibility' | 'serverSet' | 'eventData' | 'links'>;

export interface Refusal {
  ok: false;
  /** 400: ValidationError; 409: conflict. */
  status: 400 | 409;
  message: string;
  details: Record<string, unknown>;
}

export interface PriorityDecision {
  priority: Priority;
  overridden: boolean;
  /** The trimmed override reason, when the priority was overridden. */
  reason?: string;
}

export type EventKind = 'created' | 'transition' | 'priority_change' | 'assignment' | 'field_change';

/** A timeline event to append (the shape `services/timeline.ts` takes). */
export interface PlannedEvent {
  ticketId: number;
  kind: EventKind;
  actor: Actor;
  visibility: 'public' | 'internal';
  body?: string | null;
  from?: TicketStatus | null;
  to?: TicketStatus | null;
  data?: Record<string, unknown> | null;
}

export interface CreatePlan {
  ok: true;
  /** The data to write, except `number` (the next value of the ticket sequence). */
  data: Data;
  priority: PriorityDecision | null;
}

export interface UpdatePlan {
  ok: true;
  /** The data to write (the request with the state machine's, the priority's and the version's values). */
  data: Data;
  /** The state change, if the write is one. */
  transition: TransitionPlan | null;
  priority: PriorityDecision | null;
  /** What to do around the write. */
  effects: {
    /** resolve: refuse while an escalation of the ticket is open. */
    assertNoOpenEscalation: boolean;
    /** Effect on the resolution clock and whether the action is a first response (SLA service). */
    clock: ClockEffect;
    firstResponse: boolean;
  };
  /** Kept for the events. */
  actor: Actor;
  intent: PlannerIntent;
}

// ---------------------------------------------------------------------------------------------
// Values

/** Equal as stored: null and undefined alike, dates by instant, other values by their text. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  const ta = a instanceof Date || typeof a === 'string' ? Date.parse(String(a instanceof Date ? a.toISOString() : a)) : NaN;
  const tb = b instanceof Date || typeof b === 'string' ? Date.parse(String(b instanceof Date ? b.toISOString() : b)) : NaN;
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && typeof a !== 'number' && typeof b !== 'number') return ta === tb;
  return String(a) === String(b);
}

/**
 * Closed fields the writer tried to set. On create (`before` null), a field's schema default (in
 * `defaults`) is no choice: the Content Manager's create form sends every field (`state: new`,
 * `version: 1`, `escalation_level: 0` …), so only another value is refused. On update, a value
 * equal to the stored one is no change.
 */
export function closedFieldsIn(data: Data, closed: readonly string[], before: Data | null, defaults: Data = {}): string[] {
  const offending: string[] = [];
  for (const field of closed) {
    if (!(field in data)) continue;
    const value = data[field];
    if (!before) {
      if (value !== undefined && value !== null && value !== '' && !(field in defaults && sameValue(value, defaults[field]))) offending.push(field);
      continue;
    }
    const changed = RELATION_FIELDS.includes(field) ? relationInputChanges(value, before[field]) : !sameValue(value, before[field]);
    if (changed) offending.push(field);
  }
  return offending;
}

// ---------------------------------------------------------------------------------------------
// Refusals (the messages and details the API answers)

function refuseFields(fields: string[], who: string): Refusal {
  return {
    ok: false,
    status: 400,
    message: `${who} cannot set ${fields.join(', ')} on a ticket: ${fields.length > 1 ? 'these are' : 'this is'} managed by the support desk.`,
    details: { errors: fields.map((f) => ({ path: [f], message: `${f} cannot be set here`, name: 'ValidationError' })) },
  };
}

function transitionRefusal(plan: TransitionError): Refusal {
  return {
    ok: false,
    status: 400,
    message: plan.message,
    details: {
      code: plan.code,
      action: plan.action,
      status: plan.status,
      allowed: plan.allowed,
      ...(plan.missing ? { missing: plan.missing } : {}),
      ...(plan.invalid ? { invalid: plan.invalid } : {}),
      errors: (plan.missing ?? plan.invalid ?? []).map((f) => ({ path: [f], message: plan.message, name: 'ValidationError' })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Priority

/**
 * The priority a write leads to: a requested value other than the current (or, new, the computed)
 * one is an override, refused for customers and without a reason; otherwise urgency × impact,
 * unless an agent pinned the priority earlier. null: nothing to change (or urgency/impact invalid,
 * which Strapi's own enum validation answers).
 */
export function planPriority(actor: Actor, data: Data, before: StoredTicket | null, intentInput?: Data | null): PriorityDecision | Refusal | null {
  const urgency = data.urgency ?? before?.urgency ?? 'medium';
  const impact = data.impact ?? before?.impact ?? 'medium';
  if (!isUrgency(urgency) || !isImpact(impact)) return null;
  const computed = priorityFor(urgency, impact);
  const requested = data.priority as Priority | undefined;
  const wasOverridden = Boolean(before?.priority_overridden);

  if (requested !== undefined && requested !== null && (before ? requested !== before.priority : requested !== computed)) {
    if (actor.kind === 'customer') return refuseFields(['priority'], 'A customer');
    const reason = String(data.priority_reason ?? intentInput?.priority_reason ?? '').trim();
    const check = validateOverride(before?.priority ?? computed, requested, reason);
    if (check.ok === false) {
      return {
        ok: false,
        status: 400,
        message: `${check.message} Set priority_reason to say why priority differs from ${computed} (urgency ${urgency} × impact ${impact}).`,
        details: { errors: [{ path: ['priority_reason'], message: check.message, name: 'ValidationError' }] },
      };
    }
    return { priority: requested, overridden: requested !== computed, reason: check.reason };
  }
  // Urgency or impact changed (or a new ticket): follow the matrix unless an agent pinned the priority.
  if (!before || (!wasOverridden && computed !== before.priority)) return { priority: computed, overridden: false };
  return null;
}

const isRefusal = (value: unknown): value is Refusal => Boolean(value && typeof value === 'object' && (value as Refusal).ok === false);

// ---------------------------------------------------------------------------------------------
// Create

export interface PlanCreateParams {
  actor: Actor;
  intent?: PlannerIntent | null;
  /** The requested data. */
  data: Data;
  /** The ticket's schema defaults (accepted as no choice from agents, integrations and the Content Manager). */
  defaults?: Data;
}

export function planCreate({ actor, intent, data, defaults = {} }: PlanCreateParams): CreatePlan | Refusal {
  if (actor.kind !== 'system') {
    // Fields the calling service set itself from the caller's identity (a customer's organization
    // and requester) are not the caller's choice: they are exempt from the caller's closed fields.
    const serverSet: readonly string[] = intent?.serverSet ?? [];
    const closed = (actor.kind === 'customer' ? CUSTOMER_CLOSED_FIELDS : [...SYSTEM_FIELDS, 'state', 'version']).filter((f) => !serverSet.includes(f));
    const offending = closedFieldsIn(data, closed, null, actor.kind === 'customer' ? {} : defaults);
    if (offending.length) return refuseFields(offending, actor.kind === 'customer' ? 'A customer' : 'A new ticket');
  }
  const priority = planPriority(actor, data, null, intent?.input);
  if (isRefusal(priority)) return priority;
  const out: Data = { ...data, state: INITIAL_STATUS, version: 1 };
  if (priority) {
    out.priority = priority.priority;
    out.priority_overridden = priority.overridden;
  }
  return { ok: true, data: out, priority };
}

/** `created`, and `priority_change` when the creator overrode the priority; `written` is the data as created (with its number). */
export function eventsAfterCreate(ticketId: number, written: Data, plan: CreatePlan, actor: Actor): PlannedEvent[] {
  const events: PlannedEvent[] = [
    { ticketId, kind: 'created', actor, visibility: 'public', to: INITIAL_STATUS, body: written.subject ?? null, data: { number: written.number, channel: written.channel ?? null, priority: written.priority } },
  ];
  if (plan.priority?.overridden) {
    events.push({ ticketId, kind: 'priority_change', actor, visibility: 'internal', body: plan.priority.reason, data: { to: plan.priority.priority } });
  }
  return events;
}

// ---------------------------------------------------------------------------------------------
// Update

export interface PlanUpdateParams {
  before: StoredTicket;
  actor: Actor;
  intent?: PlannerIntent | null;
  /** The requested data. */
  data: Data;
  /** Days after closure within which a closed ticket may be reopened. */
  reopenWindowDays?: number;
  now: Date;
}

export function planUpdate({ before, actor, intent, data: requestedData, reopenWindowDays, now }: PlanUpdateParams): UpdatePlan | Refusal {
  const data: Data = { ...requestedData };
  const kept: PlannerIntent = intent ?? {};

  // 1. Optimistic concurrency: the version the writer read must still be current.
  const expected = intent?.expectedVersion ?? (data.version !== undefined && data.version !== null && data.version !== '' ? Number(data.version) : undefined);
  if (expected === undefined && actor.kind !== 'system') {
    return {
      ok: false,
      status: 400,
      message: `Send the ticket version your change is based on (current version of ${before.number}: ${before.version}).`,
      details: { errors: [{ path: ['version'], message: 'version is required', name: 'ValidationError' }], currentVersion: before.version },
    };
  }
  if (expected !== undefined && (!Number.isInteger(expected) || expected !== before.version)) {
    return {
      ok: false,
      status: 409,
      message: `Ticket ${before.number} was changed by someone else: your change is based on version ${data.version ?? expected}, the current version is ${before.version}. Reload the ticket and try again.`,
      details: { currentVersion: before.version },
    };
  }

  // 2. Fields the writer may not touch.
  if (actor.kind !== 'system') {
    const base: readonly string[] = actor.kind === 'customer' ? CUSTOMER_CLOSED_FIELDS.filter((f) => f !== 'state' || !intent?.action) : SYSTEM_FIELDS;
    // Fields a service owns and set itself (escalation_level by the escalations service) are exempt.
    const serverSet: readonly string[] = intent?.serverSet ?? [];
    const offending = closedFieldsIn(data, base.filter((f) => !serverSet.includes(f)), before);
    if (offending.length) return refuseFields(offending, actor.kind === 'customer' ? 'A customer' : 'An update');
  }

  // 3. State: through the state machine, whether asked as an action or as a raw state write.
  let transition: TransitionPlan | null = null;
  const requested = data.state;
  if (intent?.action || (requested !== undefined && requested !== before.state)) {
    let action = intent?.action;
    if (!action) {
      if (!isTicketStatus(requested)) {
        return { ok: false, status: 400, message: `state must be one of the ticket states; got "${requested}".`, details: { errors: [{ path: ['state'], message: 'unknown state', name: 'ValidationError' }] } };
      }
      action = transitionForStatusChange(before.state, requested, actor.kind) ?? undefined;
      if (!action) {
        const allowed = allowedActions(before.state, actor.kind);
        return {
          ok: false,
          status: 400,
          message: `Cannot change state of ${before.number} from "${before.state}" to "${requested}": no workflow action does that${actor.kind === 'system' ? '' : ` for ${actor.kind}s`}. Allowed from "${before.state}": ${allowed.join(', ') || 'nothing'}.`,
          details: { state: before.state, requested, allowed, errors: [{ path: ['state'], message: 'transition not allowed', name: 'ValidationError' }] },
        };
      }
    }
    const result = planTransition({
      status: before.state,
      action,
      actor: actor.kind,
      input: { ...data, ...(intent?.input ?? {}) },
      ticket: before as TicketSnapshot,
      now,
      reopenWindowDays: reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS,
    });
    if (result.ok === false) return transitionRefusal(result);
    transition = result;
    Object.assign(data, transition.set, { state: transition.to });
    if (transition.increment.reopen_count) data.reopen_count = (before.reopen_count ?? 0) + transition.increment.reopen_count;
    if (transition.action === 'cancel' && intent?.input?.reason) data.cancel_reason = intent.input.reason;
  }

  // 4. Priority: the matrix, or an agent's override with a reason.
  const decided = 'priority' in data || 'urgency' in data || 'impact' in data ? planPriority(actor, data, before, intent?.input) : null;
  if (isRefusal(decided)) return decided;
  const priority = decided;
  if (priority) {
    data.priority = priority.priority;
    data.priority_overridden = priority.overridden;
    if (priority.reason) data.priority_reason = priority.reason;
  } else if ('priority' in data && data.priority === before.priority) {
    delete data.priority_reason;
  }

  // 5. The version this write makes (claimed by the middleware before it writes).
  data.version = before.version + 1;

  return {
    ok: true,
    data,
    transition,
    priority,
    effects: {
      assertNoOpenEscalation: transition?.action === 'resolve',
      clock: transition?.clock ?? 'none',
      firstResponse: transition?.firstResponse ?? false,
    },
    actor,
    intent: kept,
  };
}

/** What the routing service decided about an assignment (its reason and details for the event). */
export interface RoutingNote {
  reason: string;
  data: Record<string, unknown>;
}

/** Fields that have their own event (or none): never listed in a `field_change`. */
const NOT_FIELD_CHANGES = ['version', 'state', 'priority', 'priority_overridden', 'priority_reason', 'assignee', 'group', 'updatedAt', 'updatedBy', 'reopen_count', 'cancel_reason'];

/**
 * The events of an accepted update, from the row before and after the write (`after` includes the
 * SLA service's changes): the transition (with the action's message, or the solution it records),
 * a priority change, an assignment (group or assignee changed; with the routing note), and the
 * plain fields the writer changed (`written`: the data as it was written) with the links a links change names (`intent.links`).
 */
export function eventsAfterUpdate(before: StoredTicket, after: StoredTicket | null, plan: UpdatePlan, { written, routing }: { written: Data; routing?: RoutingNote | null }): PlannedEvent[] {
  const { actor, intent, transition, priority } = plan;
  const events: PlannedEvent[] = [];
  if (transition) {
    const message = intent.input?.message ?? intent.input?.reason ?? (transition.action === 'propose_solution' || transition.action === 'resolve' ? after?.solution : null);
    events.push({
      ticketId: before.id,
      kind: 'transition',
      actor,
      visibility: intent.visibility ?? 'public',
      from: transition.from,
      to: transition.to,
      body: message ?? null,
      data: { ...(intent.eventData ?? {}), action: transition.action, clock: transition.clock },
    });
  }
  if (priority && priority.priority !== before.priority) {
    events.push({ ticketId: before.id, kind: 'priority_change', actor, visibility: 'internal', body: priority.reason ?? null, data: { from: before.priority, to: priority.priority, overridden: priority.overridden } });
  }
  if ((after?.assignee?.id ?? null) !== (before.assignee?.id ?? null) || (after?.group?.id ?? null) !== (before.group?.id ?? null)) {
    events.push({
      ticketId: before.id,
      kind: 'assignment',
      actor,
      visibility: 'internal',
      body: routing?.reason || (intent.input?.reason ?? null),
      data: {
        ...(routing?.data ?? {}),
        from: { assignee: before.assignee?.id ?? null, group: before.group?.id ?? null },
        to: { assignee: after?.assignee?.id ?? null, group: after?.group?.id ?? null },
        assignee_name: after?.assignee ? [after.assignee.firstname, after.assignee.lastname].filter(Boolean).join(' ') : null,
      },
    });
  }
  // A links change (intent.links) names its relations and what was added and removed.
  const linked = intent.links ? Object.keys(intent.links) : [];
  const skip = [...NOT_FIELD_CHANGES, ...Object.keys(transition?.set ?? {}), ...(intent.serverSet ?? []), ...linked];
  const changed = Object.keys(written).filter((k) => !skip.includes(k) && after && !sameValue(after[k], before[k]) && typeof after[k] !== 'object');
  if (changed.length || linked.length) {
    events.push({ ticketId: before.id, kind: 'field_change', actor, visibility: 'internal', data: { fields: [...changed, ...linked], ...(linked.length ? { links: intent.links } : {}) } });
  }
  return events;
}
