/**
 * The dashboard's query: period, trend unit, group and product line (pure: no Strapi import).
 *
 * - `from`, `to`: a date (`YYYY-MM-DD`, midnight UTC) or an ISO 8601 instant; the period is
 *   [from, to) — `to` is excluded, so November is `from=2026-11-01&to=2026-12-01`. Default: the
 *   30 days before now. `to` must be after `from`; at most 3660 days.
 * - `trend`: `day` or `week` (ISO weeks, Monday 00:00 UTC); default `day` up to 62 days, else `week`;
 *   at most 400 buckets.
 * - `group`: a support group's code or documentId (the service checks it exists); `productLine`: text.
 * Each problem names its parameter; the controller answers them as one 400.
 * Buckets and their keys are in UTC, the same on both databases (as the SLA report's periods).
 */
import type { SqlDialect } from './percentile';

export const TREND_UNITS = ['day', 'week'] as const;
export type TrendUnit = (typeof TREND_UNITS)[number];

export interface DashboardQuery {
  from: Date;
  to: Date;
  trend: TrendUnit;
  group: string | null;
  productLine: string | null;
}

export interface QueryProblem {
  param: string;
  message: string;
}

const DAY = 86_400_000;
export const MAX_PERIOD_DAYS = 3660;
export const MAX_BUCKETS = 400;

function parseInstant(v: unknown): Date | null {
  if (typeof v !== 'string' || !v.trim()) return null;
  const s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T00:00:00.000Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

const single = (q: Record<string, unknown>, name: string): unknown => (Array.isArray(q[name]) ? Symbol('array') : q[name]);

/** Parses the query string; `now` is the clock (utils/clock.ts in the service). */
export function parseDashboardQuery(q: Record<string, unknown>, now: Date): { query: DashboardQuery; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const text = (name: string, max: number): string | null => {
    const v = single(q, name);
    if (v === undefined || v === '') return null;
    if (typeof v !== 'string') {
      problems.push({ param: name, message: `${name} must be given once, as text.` });
      return null;
    }
    if (v.length > max) {
      problems.push({ param: name, message: `${name} is too long (at most ${max} characters).` });
      return null;
    }
    return v;
  };
  const date = (name: string): Date | null | undefined => {
    const v = single(q, name);
    if (v === undefined || v === '') return undefined;
    const d = parseInstant(v);
    if (!d) problems.push({ param: name, message: `${name} must be a date (YYYY-MM-DD) or an ISO 8601 instant with a zone (2026-11-01T00:00:00Z).` });
    return d;
  };
  const toIn = date('to');
  const fromIn = date('from');
  const to = toIn ?? now;
  const from = fromIn ?? new Date(to.getTime() - 30 * DAY);
  if (toIn !== null && fromIn !== null && from.getTime() >= to.getTime()) {
    problems.push({ param: 'to', message: `to (${to.toISOString()}) must be after from (${from.toISOString()}): the period ends before it starts.` });
  } else if (toIn !== null && fromIn !== null && to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY) {
    problems.push({ param: 'from', message: `the period is longer than ${MAX_PERIOD_DAYS} days.` });
  }
  let trend: TrendUnit = to.getTime() - from.getTime() <= 62 * DAY ? 'day' : 'week';
  const trendIn = text('trend', 10);
  if (trendIn !== null) {
    if ((TREND_UNITS as readonly string[]).includes(trendIn)) trend = trendIn as TrendUnit;
    else problems.push({ param: 'trend', message: `trend must be one of ${TREND_UNITS.join(', ')}.` });
  }
  if (!problems.length && bucketStarts(from, to, trend).length > MAX_BUCKETS) {
    problems.push({ param: 'trend', message: `the period has more than ${MAX_BUCKETS} ${trend}s: choose trend=week or a shorter period.` });
  }
  const group = text('group', 100);
  const productLine = text('productLine', 100);
  return { query: { from, to, trend, group, productLine }, problems };
}

/** Start of the UTC day / ISO week (Monday) holding `d`. */
export function bucketStart(d: Date, unit: TrendUnit): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  if (unit === 'day') return day;
  const back = (day.getUTCDay() + 6) % 7; // Monday → 0
  return new Date(day.getTime() - back * DAY);
}

/** The starts of the buckets that overlap [from, to). */
export function bucketStarts(from: Date, to: Date, unit: TrendUnit): Date[] {
  const step = unit === 'day' ? DAY : 7 * DAY;
  const out: Date[] = [];
  for (let t = bucketStart(from, unit).getTime(); t < to.getTime() && out.length <= MAX_BUCKETS; t += step) out.push(new Date(t));
  return out;
}

/** Key of a bucket: `2026-11-30` (day) or ISO week `2026-W49` (the ISO year: 2027-01-01 is 2026-W53). */
export function bucketKey(d: Date, unit: TrendUnit): string {
  if (unit === 'day') return d.toISOString().slice(0, 10);
  const thursday = new Date(bucketStart(d, 'week').getTime() + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** `bucketKey` as SQL over a datetime column (SQLite keeps datetimes as epoch milliseconds). */
export function bucketKeySql(dialect: SqlDialect, unit: TrendUnit, column: string): string {
  const fmt = { day: ['YYYY-MM-DD', '%Y-%m-%d'], week: ['IYYY-"W"IW', '%G-W%V'] }[unit];
  return dialect === 'postgres' ? `to_char(${column} AT TIME ZONE 'UTC', '${fmt[0]}')` : `strftime('${fmt[1]}', ${column} / 1000, 'unixepoch')`;
}
