/**
 * On-site visits: booking windows and the visit's own small life cycle. Pure: no Strapi import.
 *
 * - A window is half-open, [start, end): a visit ending at 11:00 and one starting at 11:00 do not
 *   clash. end must be after start.
 * - An engineer's active visits (scheduled, en_route, on_site) may not overlap; completed and
 *   cancelled visits free their window.
 * - Life cycle: scheduled → (en_route →) on_site (arrive) → completed (complete, with a report);
 *   scheduled or en_route → cancelled (cancel).
 */

export const VISIT_STATUSES = ['scheduled', 'en_route', 'on_site', 'completed', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];
export const ACTIVE_VISIT_STATUSES: readonly VisitStatus[] = ['scheduled', 'en_route', 'on_site'];

export const VISIT_ACTIONS = ['arrive', 'complete', 'cancel'] as const;
export type VisitAction = (typeof VISIT_ACTIONS)[number];

/** Longest window one booking may take. */
export const MAX_VISIT_HOURS = 72;

type Instant = Date | string | number;

export interface BookedVisit {
  id?: number;
  documentId?: string;
  ticketNumber?: string | null;
  start: Instant;
  end: Instant;
  state?: VisitStatus | string | null;
}

const toDate = (v: Instant | null | undefined): Date | null => {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? new Date(v.getTime()) : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

export const isActiveVisit = (state: unknown) => (ACTIVE_VISIT_STATUSES as readonly unknown[]).includes(state ?? 'scheduled');
export const isVisitAction = (v: unknown): v is VisitAction => (VISIT_ACTIONS as readonly unknown[]).includes(v);

/** Half-open windows [aStart, aEnd) and [bStart, bEnd) share at least one instant. */
export function overlaps(a: { start: Instant; end: Instant }, b: { start: Instant; end: Instant }): boolean {
  const as = toDate(a.start)!.getTime();
  const ae = toDate(a.end)!.getTime();
  const bs = toDate(b.start)!.getTime();
  const be = toDate(b.end)!.getTime();
  return as < be && bs < ae;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const hm = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

/** "2026-12-01 09:00–11:00 UTC", or "2026-12-01 23:00 – 2026-12-02 01:00 UTC" across midnight. */
export function formatWindow(start: Instant, end: Instant): string {
  const s = toDate(start)!;
  const e = toDate(end)!;
  return day(s) === day(e) ? `${day(s)} ${hm(s)}–${hm(e)} UTC` : `${day(s)} ${hm(s)} – ${day(e)} ${hm(e)} UTC`;
}

export type WindowCheck = { ok: true; start: Date; end: Date } | { ok: false; field: 'scheduled_start' | 'scheduled_end'; message: string };

/** A valid booking window: both instants parse, end after start, at most MAX_VISIT_HOURS long. */
export function validateWindow(start: unknown, end: unknown, maxHours = MAX_VISIT_HOURS): WindowCheck {
  const s = typeof start === 'string' || typeof start === 'number' || start instanceof Date ? toDate(start) : null;
  const e = typeof end === 'string' || typeof end === 'number' || end instanceof Date ? toDate(end) : null;
  if (!s) return { ok: false, field: 'scheduled_start', message: `scheduled_start is required: an ISO 8601 date-time such as 2026-12-01T09:00:00+08:00 (got ${JSON.stringify(start ?? null)}).` };
  if (!e) return { ok: false, field: 'scheduled_end', message: `scheduled_end is required: an ISO 8601 date-time such as 2026-12-01T11:00:00+08:00 (got ${JSON.stringify(end ?? null)}).` };
  if (e.getTime() <= s.getTime()) {
    return { ok: false, field: 'scheduled_end', message: `scheduled_end (${e.toISOString()}) must be after scheduled_start (${s.toISOString()}).` };
  }
  if (e.getTime() - s.getTime() > maxHours * 3600_000) {
    return { ok: false, field: 'scheduled_end', message: `A visit window may last at most ${maxHours} hours; book several visits for longer work.` };
  }
  return { ok: true, start: s, end: e };
}

/** The first active booking (earliest start) that overlaps the window, ignoring `excludeId` (the visit being edited). */
export function findClash(window: { start: Instant; end: Instant }, booked: readonly BookedVisit[], options: { excludeId?: number | null } = {}): BookedVisit | null {
  const clashes = booked
    .filter((b) => b.id === undefined || options.excludeId === undefined || options.excludeId === null || b.id !== options.excludeId)
    .filter((b) => isActiveVisit(b.state) && toDate(b.start) && toDate(b.end) && overlaps(window, b))
    .sort((a, b) => toDate(a.start)!.getTime() - toDate(b.start)!.getTime());
  return clashes[0] ?? null;
}

/** The refusal for a double booking: names the engineer, the clashing visit's ticket and window. */
export function clashMessage(engineer: string, window: { start: Instant; end: Instant }, clash: BookedVisit): string {
  const ticket = clash.ticketNumber ? `ticket ${clash.ticketNumber}` : 'another ticket';
  return (
    `${engineer} is already booked for ${ticket} from ${formatWindow(clash.start, clash.end)}, which overlaps the requested ` +
    `window ${formatWindow(window.start, window.end)}. Choose a window that ends by ${toDate(clash.start)!.toISOString()} or starts at ` +
    `${toDate(clash.end)!.toISOString()} or later, or another engineer.`
  );
}

export interface VisitPlan {
  ok: true;
  from: VisitStatus;
  to: VisitStatus;
}

const VISIT_RULES: Record<VisitAction, { from: readonly VisitStatus[]; to: VisitStatus }> = {
  arrive: { from: ['scheduled', 'en_route'], to: 'on_site' },
  complete: { from: ['on_site'], to: 'completed' },
  cancel: { from: ['scheduled', 'en_route'], to: 'cancelled' },
};

/** Whether `action` may run on a visit in `status`; a refusal says what is possible. */
export function planVisitAction(status: string, action: string, input: { report?: unknown } = {}): VisitPlan | { ok: false; message: string; field?: string } {
  if (!isVisitAction(action)) return { ok: false, message: `Unknown visit action "${action}". Actions: ${VISIT_ACTIONS.join(', ')}.` };
  const rule = VISIT_RULES[action];
  if (!rule.from.includes(status as VisitStatus)) {
    const possible = VISIT_ACTIONS.filter((a) => VISIT_RULES[a].from.includes(status as VisitStatus));
    const hint = action === 'complete' && ['scheduled', 'en_route'].includes(status) ? ' Record the arrival first (arrive).' : '';
    return { ok: false, message: `Cannot "${action}" a visit that is ${status}. Possible now: ${possible.join(', ') || 'nothing'}.${hint}` };
  }
  if (action === 'complete' && !(typeof input.report === 'string' && input.report.trim())) {
    return { ok: false, field: 'report', message: 'report is required to complete a visit: say what was done on site.' };
  }
  return { ok: true, from: status as VisitStatus, to: rule.to };
}
