/**
 * Business minutes stored on a ticket when its marks are set (pure), for the dashboard's median and
 * p90 (aggregated in SQL, so they must be columns):
 * - first response: business minutes from creation to the first public message of the support side;
 * - resolution: business minutes from creation to the resolution, minus the business minutes the
 *   resolution clock was paused (`sla_paused_ms` in minutes: awaiting the customer, solution proposed,
 *   resolved before a reopen) — the time the support side actually had the ticket.
 * Calendar: the ticket's SLA contract's business calendar (none = 24×7), as for the deadlines.
 * Whole minutes, rounded; never negative.
 */
import { businessMinutesBetween, type CalendarInput } from '../sla/business-hours';

const whole = (m: number) => Math.max(0, Math.round(m));

export function firstResponseBusinessMinutes(createdAt: Date, respondedAt: Date, calendar: CalendarInput): number {
  if (respondedAt.getTime() <= createdAt.getTime()) return 0;
  return whole(businessMinutesBetween(createdAt, respondedAt, calendar));
}

export function resolutionBusinessMinutes(createdAt: Date, resolvedAt: Date, pausedMinutes: number, calendar: CalendarInput): number {
  if (resolvedAt.getTime() <= createdAt.getTime()) return 0;
  return whole(businessMinutesBetween(createdAt, resolvedAt, calendar) - (pausedMinutes || 0));
}
