/**
 * The next SLA deadline of an open ticket, for the homepage widgets (pure: no Strapi import).
 * The first-response clock counts until the first public answer; the resolution clock has no due
 * date while paused (awaiting the customer, solution proposed). The next deadline is the earlier of
 * the running ones; a ticket with none (both paused or answered and paused) is not at risk.
 */
export type WidgetClock = 'first_response' | 'resolution';

export interface DeadlineInput {
  first_response_due_at: Date | string | number | null;
  first_responded_at: Date | string | number | null;
  resolution_due_at: Date | string | number | null;
}

const toDate = (v: Date | string | number | null): Date | null => {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** The clock whose deadline comes first, its due instant and the minutes left (negative once overdue). */
export function nextDeadline(t: DeadlineInput, now: Date): { clock: WidgetClock; due: Date; minutes_left: number } | null {
  const fr = t.first_responded_at === null || t.first_responded_at === undefined ? toDate(t.first_response_due_at) : null;
  const res = toDate(t.resolution_due_at);
  let clock: WidgetClock;
  let due: Date;
  if (fr && (!res || fr.getTime() <= res.getTime())) [clock, due] = ['first_response', fr];
  else if (res) [clock, due] = ['resolution', res];
  else return null;
  return { clock, due, minutes_left: Math.floor((due.getTime() - now.getTime()) / 60_000) };
}

/** The same choice as SQL over the ticket alias `t` (for ordering and filtering in the query). */
export const NEXT_DUE_SQL =
  'CASE WHEN t.first_responded_at IS NULL AND t.first_response_due_at IS NOT NULL AND (t.resolution_due_at IS NULL OR t.first_response_due_at <= t.resolution_due_at) THEN t.first_response_due_at ELSE t.resolution_due_at END';

/** Widget list size: `limit` query parameter, 1–50, default 10; problem text otherwise. */
export function parseLimit(v: unknown): { limit: number; problem: string | null } {
  if (v === undefined || v === '') return { limit: 10, problem: null };
  if (typeof v !== 'string' || !/^\d{1,3}$/.test(v) || Number(v) < 1 || Number(v) > 50) return { limit: 10, problem: 'limit must be a whole number from 1 to 50.' };
  return { limit: Number(v), problem: null };
}
