/**
 * SLA clocks of a ticket (ARCHITECTURE.md, "SLA semantics"). Pure: no Strapi import, no I/O.
 *
 * Two clocks start at creation:
 * - first response: due = created + target (business minutes); never pauses; met by the first public
 *   agent message.
 * - resolution: due = created + target + paused business minutes; paused in awaiting_customer and
 *   solution_proposed and between resolved and a reopen. While paused, due is null and the remaining
 *   business minutes are kept; on resume the pause's business minutes are added and due recomputed.
 * Warnings fall at warn_at_percent of the target (same arithmetic), breaches at 100 %.
 * Recomputing (priority or contract change) keeps the pause time already accrued.
 *
 * Exactness: paused time is kept in milliseconds of business time (`sla_paused_ms`; the whole
 * minutes in `sla_paused_minutes` are only for display), so the deadline after any sequence of
 * pauses is the deadline of a clock that simply did not run while paused, to the millisecond.
 * A warning is always strictly before its breach: it falls at exactly warn_at_percent of the target
 * (to the millisecond, a 1-minute target at 50 % warns after 30 s); when that instant would not be
 * strictly before the breach (warn_at_percent ≥ 100, or a target too short to have a millisecond
 * before it) there is no warning for that clock (`*_warn_at` empty): the breach is the only mark.
 */
import { addBusinessMinutes, businessMinutesBetween, type CalendarInput } from './business-hours';
import type { ClockEffect } from '../workflow/state-machine';

export interface SlaTarget {
  first_response_minutes: number;
  resolution_minutes: number;
}

export interface SlaPolicy {
  target: SlaTarget;
  warnAtPercent: number;
  calendar: CalendarInput;
}

/** The SLA fields stored on a ticket. */
export interface SlaState {
  first_response_due_at: Date | null;
  first_response_warn_at: Date | null;
  resolution_due_at: Date | null;
  resolution_warn_at: Date | null;
  sla_paused_at: Date | null;
  /** Business milliseconds the resolution clock has been paused so far (closed pauses only): the exact figure. */
  sla_paused_ms: number;
  /** The same in whole minutes (rounded), for display only. */
  sla_paused_minutes: number;
  /** While paused: business minutes left until the resolution deadline (negative once overdue). */
  resolution_remaining_minutes: number | null;
}

const MINUTE_MS = 60_000;

/** Paused business milliseconds of a stored ticket; rows from before `sla_paused_ms` existed have whole minutes only. */
export function pausedMsOf(t: { sla_paused_ms?: unknown; sla_paused_minutes?: unknown }): number {
  return t.sla_paused_ms !== null && t.sla_paused_ms !== undefined ? Number(t.sla_paused_ms) : Number(t.sla_paused_minutes ?? 0) * MINUTE_MS;
}

/**
 * Business ms after the clock's start at which its warning falls, or null when there is no
 * warning: it must be > 0 and strictly before the target (see the header).
 */
export function warnOffsetMs(targetMinutes: number, percent: number): number | null {
  const targetMs = Math.round(targetMinutes * MINUTE_MS);
  const warnMs = Math.floor((targetMinutes * MINUTE_MS * percent) / 100);
  return warnMs > 0 && warnMs < targetMs ? warnMs : null;
}

const afterMs = (start: Date, ms: number, calendar: CalendarInput) => addBusinessMinutes(start, ms / MINUTE_MS, calendar);

function deadlines(createdAt: Date, policy: SlaPolicy, pausedMs: number) {
  const { target, warnAtPercent, calendar } = policy;
  const frWarn = warnOffsetMs(target.first_response_minutes, warnAtPercent);
  const resWarn = warnOffsetMs(target.resolution_minutes, warnAtPercent);
  return {
    first_response_due_at: afterMs(createdAt, target.first_response_minutes * MINUTE_MS, calendar),
    first_response_warn_at: frWarn === null ? null : afterMs(createdAt, frWarn, calendar),
    resolution_due_at: afterMs(createdAt, target.resolution_minutes * MINUTE_MS + pausedMs, calendar),
    resolution_warn_at: resWarn === null ? null : afterMs(createdAt, resWarn + pausedMs, calendar),
  };
}

const pausedFields = (ms: number) => ({ sla_paused_ms: ms, sla_paused_minutes: Math.round(ms / MINUTE_MS) });

/** Clocks of a new ticket. */
export function startClocks(createdAt: Date, policy: SlaPolicy): SlaState {
  return { ...deadlines(createdAt, policy, 0), sla_paused_at: null, ...pausedFields(0), resolution_remaining_minutes: null };
}

/**
 * Deadlines again from creation (new priority target, new contract or calendar), keeping the pause
 * time already accrued; a paused resolution clock stays paused with its remaining time updated.
 */
export function recomputeClocks(createdAt: Date, policy: SlaPolicy, state: Pick<SlaState, 'sla_paused_at' | 'sla_paused_ms'>): SlaState {
  const paused = state.sla_paused_ms ?? 0;
  const d = deadlines(createdAt, policy, paused);
  if (!state.sla_paused_at) return { ...d, sla_paused_at: null, ...pausedFields(paused), resolution_remaining_minutes: null };
  const pausedAt = new Date(state.sla_paused_at);
  return {
    ...d,
    resolution_due_at: null,
    resolution_warn_at: null,
    sla_paused_at: pausedAt,
    ...pausedFields(paused),
    resolution_remaining_minutes: remainingAt(createdAt, policy, paused, pausedAt),
  };
}

/** Business ms in [a, b), exact (businessMinutesBetween is exact to the ms). */
const businessMsBetween = (a: Date, b: Date, calendar: CalendarInput) => Math.round(businessMinutesBetween(a, b, calendar) * MINUTE_MS);

/** Business minutes left on the resolution clock at `at` (negative when overdue), whole minutes for display. */
function remainingAt(createdAt: Date, policy: SlaPolicy, pausedMs: number, at: Date): number {
  const elapsedMs = businessMsBetween(createdAt, at, policy.calendar) - pausedMs;
  return Math.round((policy.target.resolution_minutes * MINUTE_MS - elapsedMs) / MINUTE_MS);
}

/**
 * The effect of a workflow action on the resolution clock. `stop` (resolve, cancel) freezes the
 * clock like a pause — a reopen resumes it — but keeps the due time for compliance reporting.
 */
export function applyClockEffect(effect: ClockEffect, createdAt: Date, policy: SlaPolicy, state: SlaState, now: Date): Partial<SlaState> {
  switch (effect) {
    case 'pause':
      if (state.sla_paused_at) return {};
      return {
        sla_paused_at: now,
        resolution_due_at: null,
        resolution_warn_at: null,
        resolution_remaining_minutes: remainingAt(createdAt, policy, state.sla_paused_ms ?? 0, now),
      };
    case 'stop':
      if (state.sla_paused_at) return {};
      return { sla_paused_at: now, resolution_remaining_minutes: remainingAt(createdAt, policy, state.sla_paused_ms ?? 0, now) };
    case 'resume': {
      if (!state.sla_paused_at) return {};
      const paused = (state.sla_paused_ms ?? 0) + businessMsBetween(new Date(state.sla_paused_at), now, policy.calendar);
      const d = deadlines(createdAt, policy, paused);
      return {
        sla_paused_at: null,
        ...pausedFields(paused),
        resolution_remaining_minutes: null,
        resolution_due_at: d.resolution_due_at,
        resolution_warn_at: d.resolution_warn_at,
      };
    }
    default:
      return {};
  }
}

export type ClockName = 'first_response' | 'resolution';

/**
 * Met vs breached — the one definition (the report's SQL is generated from it, `slaOutcomeSql`):
 * a clock is **breached** when a breach was recorded or its mark (first response / resolution) came
 * after its due date; **met** when the mark came at or before the due date and no breach was
 * recorded; otherwise **open** (no mark yet, or no due date to compare it with).
 */
export type SlaOutcome = 'met' | 'breached' | 'open';

type Instant = Date | string | number | null | undefined;

export interface ClockMarks {
  /** When the clock's goal was reached (first_responded_at / resolved_at). */
  mark: Instant;
  due: Instant;
  breachedAt: Instant;
}

const ms = (v: Instant) => (v === null || v === undefined ? null : new Date(v).getTime());

export function slaOutcome({ mark, due, breachedAt }: ClockMarks): SlaOutcome {
  const [m, d] = [ms(mark), ms(due)];
  if (breachedAt !== null && breachedAt !== undefined) return 'breached';
  if (m === null || d === null) return 'open';
  return m > d ? 'breached' : 'met';
}

/** The columns (SQL expressions) of one clock, for `slaOutcomeSql`. */
export interface ClockColumns {
  mark: string;
  due: string;
  breachedAt: string;
}

/**
 * `slaOutcome` as SQL boolean conditions over a row's columns (PostgreSQL and SQLite alike; a NULL
 * comparison is never true, exactly as `slaOutcome` treats a missing mark or due date).
 */
export function slaOutcomeSql({ mark, due, breachedAt }: ClockColumns): { met: string; breached: string } {
  const compared = `${mark} IS NOT NULL AND ${due} IS NOT NULL`;
  return {
    met: `(${breachedAt} IS NULL AND ${compared} AND ${mark} <= ${due})`,
    breached: `(${breachedAt} IS NOT NULL OR (${compared} AND ${mark} > ${due}))`,
  };
}

/** The two clocks' columns on the tickets table (prefix = the table alias, e.g. `t.`). */
export const clockColumns = (prefix = ''): Record<ClockName, ClockColumns> => ({
  first_response: { mark: `${prefix}first_responded_at`, due: `${prefix}first_response_due_at`, breachedAt: `${prefix}first_response_breached_at` },
  resolution: { mark: `${prefix}resolved_at`, due: `${prefix}resolution_due_at`, breachedAt: `${prefix}resolution_breached_at` },
});
export type ClockStatus = 'running' | 'paused' | 'met' | 'breached' | 'stopped';

/** What a person sees of a clock: due, met/breached, remaining when paused. */
export function describeClock(
  clock: ClockName,
  t: {
    state: string;
    first_response_due_at?: Date | string | null;
    first_responded_at?: Date | string | null;
    first_response_breached_at?: Date | string | null;
    resolution_due_at?: Date | string | null;
    resolution_breached_at?: Date | string | null;
    resolved_at?: Date | string | null;
    sla_paused_at?: Date | string | null;
    resolution_remaining_minutes?: number | null;
  },
): { clock: ClockName; state: ClockStatus; due: string | null; breached: boolean; remaining_minutes: number | null } {
  const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);
  if (clock === 'first_response') {
    const due = iso(t.first_response_due_at);
    const breached = slaOutcome({ mark: t.first_responded_at, due, breachedAt: t.first_response_breached_at }) === 'breached';
    const state: ClockStatus = t.first_responded_at ? (breached ? 'breached' : 'met') : breached ? 'breached' : ['cancelled', 'closed'].includes(t.state) ? 'stopped' : 'running';
    return { clock, state, due, breached, remaining_minutes: null };
  }
  const due = iso(t.resolution_due_at);
  const breached = slaOutcome({ mark: t.resolved_at, due, breachedAt: t.resolution_breached_at }) === 'breached';
  let state: ClockStatus;
  if (t.state === 'cancelled') state = 'stopped';
  else if (t.resolved_at && ['resolved', 'closed'].includes(t.state)) state = breached ? 'breached' : 'met';
  else if (t.sla_paused_at) state = 'paused';
  else state = breached ? 'breached' : 'running';
  return { clock, state, due, breached, remaining_minutes: t.sla_paused_at ? (t.resolution_remaining_minutes ?? null) : null };
}

/** Contract targets must make sense before they are stored (400 naming the field otherwise). */
export function validateTargets(targets: { priority?: string; first_response_minutes?: number; resolution_minutes?: number }[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    if (t.priority && seen.has(t.priority)) problems.push({ field: `targets[${i}].priority`, message: `priority ${t.priority} has more than one target` });
    if (t.priority) seen.add(t.priority);
    for (const key of ['first_response_minutes', 'resolution_minutes'] as const) {
      const v = t[key];
      if (v !== undefined && v !== null && (!Number.isInteger(Number(v)) || Number(v) <= 0)) problems.push({ field: `targets[${i}].${key}`, message: `${key} must be a whole number of minutes greater than 0` });
    }
    if (Number(t.resolution_minutes) < Number(t.first_response_minutes)) {
      problems.push({ field: `targets[${i}].resolution_minutes`, message: `the resolution target (${t.resolution_minutes} min) is shorter than the first-response target (${t.first_response_minutes} min)` });
    }
  });
  return problems;
}

/**
 * The clocks of a ticket created at `createdAt` whose workflow steps had these clock effects at
 * these times (in order): what live processing would have stored. Used to record history that
 * happened before it was entered (the demo data), so that a later recompute (contract or calendar
 * edit) lands on the same deadlines.
 */
export function replayClocks(createdAt: Date, policy: SlaPolicy, steps: readonly { clock: ClockEffect; at: Date }[]): SlaState {
  let state = startClocks(createdAt, policy);
  for (const step of steps) state = { ...state, ...applyClockEffect(step.clock, createdAt, policy, state, step.at) };
  return state;
}
