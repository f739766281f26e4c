/**
 * Ticket priority from urgency × impact (ARCHITECTURE.md, "Ticket").
 *
 * Pure module: no Strapi import, no I/O.
 *
 *                 impact: high   medium   low
 *   urgency high          P1     P2       P3
 *   urgency medium        P2     P3       P4
 *   urgency low           P3     P4       P4
 *
 * An agent may override the computed priority, with a reason (kept in the timeline).
 */

export const LEVELS = ['low', 'medium', 'high'] as const;
export type Level = (typeof LEVELS)[number];

export const URGENCIES = LEVELS;
export type Urgency = Level;

export const IMPACTS = LEVELS;
export type Impact = Level;

/** Highest first. */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Minimum length (in characters, after trimming) of the reason for a priority override. */
export const MIN_OVERRIDE_REASON_LENGTH = 5;

/** PRIORITY_MATRIX[urgency][impact]. */
export const PRIORITY_MATRIX: Readonly<Record<Urgency, Readonly<Record<Impact, Priority>>>> = Object.freeze({
  high: Object.freeze({ high: 'P1', medium: 'P2', low: 'P3' }),
  medium: Object.freeze({ high: 'P2', medium: 'P3', low: 'P4' }),
  low: Object.freeze({ high: 'P3', medium: 'P4', low: 'P4' }),
} as const);

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}
export const isUrgency: (value: unknown) => value is Urgency = isLevel;
export const isImpact: (value: unknown) => value is Impact = isLevel;

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}

/**
 * Priority for an urgency × impact pair. Throws a RangeError on a value outside low|medium|high
 * (a programming or data error: the content-type enums only allow these).
 */
export function priorityFor(urgency: Urgency, impact: Impact): Priority {
  if (!isLevel(urgency)) {
    throw new RangeError(`Invalid urgency "${String(urgency)}". Expected one of: ${LEVELS.join(', ')}.`);
  }
  if (!isLevel(impact)) {
    throw new RangeError(`Invalid impact "${String(impact)}". Expected one of: ${LEVELS.join(', ')}.`);
  }
  return PRIORITY_MATRIX[urgency][impact];
}

/** Negative when `a` is more urgent than `b` (P1 < P2 < P3 < P4); usable as a sort comparator. */
export function comparePriority(a: Priority, b: Priority): number {
  return PRIORITIES.indexOf(a) - PRIORITIES.indexOf(b);
}

export type OverrideErrorCode = 'invalid_priority' | 'reason_required';

export type OverrideResult =
  | {
      ok: true;
      /** false when `to` equals `from`: nothing to override, no reason needed, nothing to record. */
      changed: boolean;
      from: Priority | null;
      to: Priority;
      /** The trimmed reason ('' when unchanged and none was given). */
      reason: string;
    }
  | { ok: false; code: OverrideErrorCode; message: string };

/**
 * Validate an agent's manual override of a ticket priority from `from` (the current or computed
 * priority; null/undefined when there is none yet) to `to`. A change needs a reason of at least
 * MIN_OVERRIDE_REASON_LENGTH characters after trimming (counted in Unicode code points, so
 * Chinese text counts one per character).
 */
export function validateOverride(
  from: Priority | null | undefined,
  to: Priority,
  reason: string | null | undefined,
): OverrideResult {
  if (!isPriority(to)) {
    return {
      ok: false,
      code: 'invalid_priority',
      message: `Invalid priority "${String(to)}". Expected one of: ${PRIORITIES.join(', ')}.`,
    };
  }
  if (from != null && !isPriority(from)) {
    return {
      ok: false,
      code: 'invalid_priority',
      message: `Invalid current priority "${String(from)}". Expected one of: ${PRIORITIES.join(', ')}.`,
    };
  }
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  const current = from ?? null;
  if (current === to) {
    return { ok: true, changed: false, from: current, to, reason: trimmed };
  }
  if (Array.from(trimmed).length < MIN_OVERRIDE_REASON_LENGTH) {
    return {
      ok: false,
      code: 'reason_required',
      message:
        `Overriding the priority ${current ? `from ${current} ` : ''}to ${to} requires a reason of at least ` +
        `${MIN_OVERRIDE_REASON_LENGTH} characters` +
        (trimmed ? ` (got ${Array.from(trimmed).length}).` : '.'),
    };
  }
  return { ok: true, changed: true, from: current, to, reason: trimmed };
}
