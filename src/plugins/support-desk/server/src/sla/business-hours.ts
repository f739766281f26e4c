/**
 * Business-hours arithmetic (ARCHITECTURE.md, "SLA semantics" and "Domain" → business-calendar).
 *
 * Pure module: no Strapi import, no I/O. Depends on Luxon (time-zone offsets) and, for
 * `holidaysFromDateHolidays` only, on the bundled data of `date-holidays`.
 *
 * Semantics
 * - A business minute is a minute of real time whose local wall-clock time, in the calendar's zone,
 *   lies in a working interval of a working day. Working intervals are half-open [start, end) in
 *   local wall-clock minutes; `24:00` ends the day.
 * - A holiday is not worked, even on a weekday. An extra working day is worked with the intervals of
 *   its `works_like` weekday (default `mon`), even on a weekend. A date cannot be both.
 * - DST: the business set is { t : localWallClock(t) ∈ interval }. A spring-forward day loses the
 *   skipped wall-clock minutes (01:00–04:00 in Europe/Berlin on the last Sunday of March is 120 real
 *   minutes); a fall-back day counts the repeated wall-clock minutes twice (240 real minutes).
 * - `null` / `undefined` calendar = 24×7: every minute is a business minute.
 * - Everything is exact to the millisecond: `businessMinutesBetween` returns (business ms) / 60 000, so
 *   it can be fractional when an end point is not on a minute boundary; for integer `n`,
 *   `businessMinutesBetween(s, addBusinessMinutes(s, n, c), c) === n` for every start `s`.
 * - `addBusinessMinutes(s, n)` is the EARLIEST instant t ≥ s with exactly n business minutes in
 *   [s, t). Hence a deadline that lands on the end of a working interval is that end (not the start
 *   of the next interval), and `n = 0` returns `s` itself (even outside working time; use
 *   `nextBusinessStart` to find when a clock actually starts running).
 */
import { IANAZone } from 'luxon';
import Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { parseTime, timeProblem } from '../calendar/time';

// ---------------------------------------------------------------------------------------------------
// Types (mirror the Strapi components: working hours, holidays, extra working days)
// ---------------------------------------------------------------------------------------------------

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WorkingInterval {
  weekday: Weekday;
  /** Local wall-clock `HH:MM` (00:00–23:59). */
  start: string;
  /** Local wall-clock `HH:MM` (00:01–23:59) or `24:00` (end of day). */
  end: string;
}

export interface CalendarHoliday {
  /** `YYYY-MM-DD`, a local date in the calendar's zone. */
  date: string;
  name?: string | null;
}

export interface ExtraWorkingDay {
  /** `YYYY-MM-DD`, a local date in the calendar's zone. */
  date: string;
  name?: string | null;
  /** Whose intervals this day is worked with; default `mon`. */
  works_like?: Weekday | null;
}

export interface BusinessCalendar {
  /** IANA zone, e.g. `Asia/Shanghai`. */
  timezone: string;
  working_intervals: WorkingInterval[];
  holidays?: CalendarHoliday[] | null;
  extra_working_days?: ExtraWorkingDay[] | null;
}

export interface CalendarProblem {
  /** Path of the offending field, e.g. `working_intervals[2].end`, `holidays[0].date`, `timezone`. */
  field: string;
  message: string;
}

/** A calendar, a pre-compiled calendar, or `null`/`undefined` for 24×7. */
export type CalendarInput = BusinessCalendar | CompiledCalendar | null | undefined;

/** Thrown by `compileCalendar` (and every function given an invalid calendar). */
export class InvalidCalendarError extends Error {
  readonly problems: CalendarProblem[];
  constructor(problems: CalendarProblem[]) {
    super(
      `Invalid business calendar: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    );
    this.name = 'InvalidCalendarError';
    this.problems = problems;
  }
}

/** Thrown when no (or not enough) working time exists within `SEARCH_HORIZON_DAYS` of the start. */
export class NoBusinessTimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoBusinessTimeError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Constants and small parsers
// ---------------------------------------------------------------------------------------------------

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Searches (add, nextBusinessStart) give up this many days after their start. */
export const SEARCH_HORIZON_DAYS = 3660; // ~10 years
const HORIZON_MS = SEARCH_HORIZON_DAYS * DAY_MS;
/**
 * Real time is walked in windows of at most a day; the zone offset is sampled at both ends of a
 * window and a transition inside it is located by bisection (to the millisecond). Two transitions
 * less than a day apart that cancel each other would be missed; tzdata has none.
 */
const WINDOW_MS = DAY_MS;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → days since 1970-01-01, or null when malformed or not a real date. */
function parseDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = DATE_RE.exec(value.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return null;
  }
  return ms / DAY_MS;
}

function weekdayIndex(value: unknown): number {
  return typeof value === 'string' ? (WEEKDAYS as readonly string[]).indexOf(value) : -1;
}

/** Day number (days since 1970-01-01, a Thursday) → 0 = mon … 6 = sun. */
function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function fmtMinutes(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------

/**
 * Problems of a calendar (empty array when it is valid). Accepts any value, so it can check a
 * request body. `holidays` and `extra_working_days` may be missing/null (= none).
 */
export function validateCalendar(cal: unknown): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!isObject(cal)) {
    add('', 'calendar must be an object');
    return problems;
  }

  // timezone
  if (typeof cal.timezone !== 'string' || cal.timezone.trim() === '') {
    add('timezone', 'is required (an IANA time zone such as Asia/Shanghai)');
  } else if (!IANAZone.isValidZone(cal.timezone)) {
    add('timezone', `unknown IANA time zone "${cal.timezone.slice(0, 64)}" (pick one such as Asia/Shanghai or Europe/Berlin)`);
  }

  // working intervals
  const intervals = cal.working_intervals;
  if (intervals !== undefined && intervals !== null && !Array.isArray(intervals)) {
    add('working_intervals', 'must be a list');
  } else if (Array.isArray(intervals)) {
    const byDay: { index: number; start: number; end: number }[][] = WEEKDAYS.map(() => []);
    intervals.forEach((iv: unknown, i: number) => {
      const base = `working_intervals[${i}]`;
      if (!isObject(iv)) {
        add(base, 'must be an object { weekday, start, end }');
        return;
      }
      const wd = weekdayIndex(iv.weekday);
      if (wd < 0) add(`${base}.weekday`, `must be one of ${WEEKDAYS.join(', ')}`);
      const start = parseTime(iv.start, false);
      if (start === null) add(`${base}.start`, timeProblem(iv.start, false) as string);
      const end = parseTime(iv.end, true);
      if (end === null) add(`${base}.end`, timeProblem(iv.end, true) as string);
      if (start !== null && end !== null && end <= start) {
        add(`${base}.end`, `must be after start (${fmtMinutes(start)})`);
      } else if (wd >= 0 && start !== null && end !== null) {
        byDay[wd].push({ index: i, start, end });
      }
    });
    byDay.forEach((list, wd) => {
      list.sort((a, b) => a.start - b.start || a.index - b.index);
      let prev: { index: number; start: number; end: number } | null = null;
      for (const cur of list) {
        if (prev && cur.start < prev.end) {
          const [later, earlier] = cur.index > prev.index ? [cur, prev] : [prev, cur];
          add(
            `working_intervals[${later.index}].start`,
            `overlaps working_intervals[${earlier.index}] (${WEEKDAYS[wd]} ` +
              `${fmtMinutes(earlier.start)}–${fmtMinutes(earlier.end)})`,
          );
        }
        if (!prev || cur.end > prev.end) prev = cur;
      }
    });
  }

  // holidays
  const holidayDays = new Map<number, number>();
  const holidays = cal.holidays;
  if (holidays !== undefined && holidays !== null && !Array.isArray(holidays)) {
    add('holidays', 'must be a list');
  } else if (Array.isArray(holidays)) {
    holidays.forEach((h: unknown, i: number) => {
      const base = `holidays[${i}]`;
      if (!isObject(h)) {
        add(base, 'must be an object { date, name }');
        return;
      }
      const day = parseDate(h.date);
      if (day === null) {
        add(`${base}.date`, 'must be a valid date YYYY-MM-DD');
        return;
      }
      const first = holidayDays.get(day);
      if (first !== undefined) add(`${base}.date`, `duplicate of holidays[${first}].date`);
      else holidayDays.set(day, i);
    });
  }

  // extra working days
  const extras = cal.extra_working_days;
  if (extras !== undefined && extras !== null && !Array.isArray(extras)) {
    add('extra_working_days', 'must be a list');
  } else if (Array.isArray(extras)) {
    const seen = new Map<number, number>();
    extras.forEach((x: unknown, i: number) => {
      const base = `extra_working_days[${i}]`;
      if (!isObject(x)) {
        add(base, 'must be an object { date, name, works_like }');
        return;
      }
      if (x.works_like !== undefined && x.works_like !== null && weekdayIndex(x.works_like) < 0) {
        add(`${base}.works_like`, `must be one of ${WEEKDAYS.join(', ')}`);
      }
      const day = parseDate(x.date);
      if (day === null) {
        add(`${base}.date`, 'must be a valid date YYYY-MM-DD');
        return;
      }
      const first = seen.get(day);
      if (first !== undefined) add(`${base}.date`, `duplicate of extra_working_days[${first}].date`);
      else seen.set(day, i);
      const hol = holidayDays.get(day);
      if (hol !== undefined) {
        add(`${base}.date`, `is also a holiday (holidays[${hol}].date); a date cannot be both`);
      }
    });
  }

  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Compiled calendar
// ---------------------------------------------------------------------------------------------------

/**
 * A validated calendar in a form the arithmetic can use directly. Compile once and pass it to the
 * functions below when computing many deadlines with the same calendar (e.g. in a sweep).
 */
export class CompiledCalendar {
  readonly timezone: string;
  /** weekly[0 = mon … 6 = sun] = flat sorted [start, end, start, end, …] in local minutes. */
  private readonly weekly: number[][];
  private readonly holidays: Set<number>;
  private readonly extras: Map<number, number>;
  private readonly zone: IANAZone;
  /** False when no weekday has any interval: there is never any business time. */
  readonly hasWorkingTime: boolean;

  /** @internal use `compileCalendar`. */
  constructor(cal: BusinessCalendar) {
    this.timezone = cal.timezone;
    this.zone = IANAZone.create(cal.timezone);
    this.weekly = WEEKDAYS.map(() => []);
    const perDay: [number, number][][] = WEEKDAYS.map(() => []);
    for (const iv of cal.working_intervals ?? []) {
      perDay[weekdayIndex(iv.weekday)].push([
        parseTime(iv.start, false) as number,
        parseTime(iv.end, true) as number,
      ]);
    }
    perDay.forEach((list, wd) => {
      list.sort((a, b) => a[0] - b[0]);
      for (const [s, e] of list) this.weekly[wd].push(s, e);
    });
    this.holidays = new Set((cal.holidays ?? []).map((h) => parseDate(h.date) as number));
    this.extras = new Map(
      (cal.extra_working_days ?? []).map((x) => [
        parseDate(x.date) as number,
        x.works_like ? weekdayIndex(x.works_like) : 0,
      ]),
    );
    this.hasWorkingTime = this.weekly.some((l) => l.length > 0);
  }

  /** Zone offset (local − UTC) in ms at real instant `t`. */
  offsetAt(t: number): number {
    return Math.round(this.zone.offset(t) * MINUTE_MS);
  }

  /** Flat [start, end, …] local-minute intervals worked on local day `day` (days since epoch). */
  intervalsOn(day: number): readonly number[] {
    if (this.holidays.has(day)) return EMPTY;
    const like = this.extras.get(day);
    return this.weekly[like !== undefined ? like : weekdayOfDay(day)];
  }
}

const EMPTY: readonly number[] = [];

/** Validates and compiles; throws `InvalidCalendarError` listing every problem. */
export function compileCalendar(cal: BusinessCalendar): CompiledCalendar {
  const problems = validateCalendar(cal);
  if (problems.length > 0) throw new InvalidCalendarError(problems);
  return new CompiledCalendar(cal);
}

function resolve(cal: CalendarInput): CompiledCalendar | null {
  if (cal === null || cal === undefined) return null;
  if (cal instanceof CompiledCalendar) return cal;
  return compileCalendar(cal);
}

// ---------------------------------------------------------------------------------------------------
// Core walk: business ranges of real time, in order
// ---------------------------------------------------------------------------------------------------

/**
 * Yields the business time inside real [from, to) as ordered, disjoint half-open ranges [start, end)
 * of epoch ms (adjacent ranges may touch). Walks constant-offset windows and, inside each, local days
 * and their intervals — never minute by minute.
 */
function* businessRanges(cc: CompiledCalendar, from: number, to: number): Generator<[number, number]> {
  let p = from;
  let op = cc.offsetAt(p);
  while (p < to) {
    let q = Math.min(p + WINDOW_MS, to);
    let oq = cc.offsetAt(q);
    if (oq !== op) {
      // Offset changes in (p, q]: bisect for the first instant with a different offset.
      let lo = p;
      let hi = q;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (cc.offsetAt(mid) === op) lo = mid;
        else hi = mid;
      }
      if (hi < q) oq = cc.offsetAt(hi);
      q = hi;
    }
    yield* windowRanges(cc, p, q, op);
    p = q;
    op = oq;
  }
}

/** Business ranges inside real [a, b), during which the zone offset is constantly `offset` ms. */
function* windowRanges(
  cc: CompiledCalendar,
  a: number,
  b: number,
  offset: number,
): Generator<[number, number]> {
  const la = a + offset; // local wall-clock, as ms since a UTC-like epoch
  const lb = b + offset;
  for (let day = Math.floor(la / DAY_MS); day * DAY_MS < lb; day++) {
    const ivs = cc.intervalsOn(day);
    const base = day * DAY_MS;
    for (let i = 0; i < ivs.length; i += 2) {
      const s = Math.max(base + ivs[i] * MINUTE_MS, la);
      const e = Math.min(base + ivs[i + 1] * MINUTE_MS, lb);
      if (s < e) yield [s - offset, e - offset];
    }
  }
}

function instantMs(value: Date, what: string): number {
  const t = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${what} must be a valid Date`);
  return t;
}

// ---------------------------------------------------------------------------------------------------
// Public arithmetic
// ---------------------------------------------------------------------------------------------------

/**
 * The earliest instant t ≥ start such that [start, t) contains exactly `minutes` business minutes.
 * - `minutes` must be a finite number ≥ 0 (normally an integer; fractions are rounded to the ms).
 * - 0 minutes returns `start` unchanged (a new Date equal to it), even outside working time.
 * - A deadline that lands on the end of a working interval is that end.
 * - Throws `NoBusinessTimeError` when the deadline is more than `SEARCH_HORIZON_DAYS` (~10 years)
 *   after `start` (e.g. a calendar without working intervals).
 */
export function addBusinessMinutes(start: Date, minutes: number, cal: CalendarInput): Date {
  const s = instantMs(start, 'start');
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError('minutes must be a finite number ≥ 0');
  }
  const need = Math.round(minutes * MINUTE_MS);
  const cc = resolve(cal);
  if (cc === null) return new Date(s + need);
  if (need === 0) return new Date(s);
  if (!cc.hasWorkingTime) {
    throw new NoBusinessTimeError('the business calendar has no working intervals');
  }
  let remaining = need;
  for (const [rs, re] of businessRanges(cc, s, s + HORIZON_MS)) {
    const len = re - rs;
    if (remaining <= len) return new Date(rs + remaining);
    remaining -= len;
  }
  throw new NoBusinessTimeError(
    `${minutes} business minutes do not fit within ${SEARCH_HORIZON_DAYS} days of ${start.toISOString()}`,
  );
}

/**
 * Business minutes in the real half-open range [a, b); 0 when b ≤ a. Exact to the millisecond, so
 * the result is fractional when a business stretch is cut off mid-minute; it is an integer whenever
 * a and b are on minute boundaries (in zones with whole-minute offsets).
 */
export function businessMinutesBetween(a: Date, b: Date, cal: CalendarInput): number {
  const ta = instantMs(a, 'a');
  const tb = instantMs(b, 'b');
  const cc = resolve(cal);
  if (tb <= ta) return 0;
  if (cc === null) return (tb - ta) / MINUTE_MS;
  if (!cc.hasWorkingTime) return 0;
  let total = 0;
  for (const [rs, re] of businessRanges(cc, ta, tb)) total += re - rs;
  return total / MINUTE_MS;
}

/** Whether `instant` lies in business time (intervals are half-open: an interval's end is not). */
export function isBusinessTime(instant: Date, cal: CalendarInput): boolean {
  const t = instantMs(instant, 'instant');
  const cc = resolve(cal);
  if (cc === null) return true;
  if (!cc.hasWorkingTime) return false;
  return !businessRanges(cc, t, t + 1).next().done;
}

/**
 * The earliest business instant ≥ `instant` (`instant` itself when it is business time). Throws
 * `NoBusinessTimeError` when there is none within `SEARCH_HORIZON_DAYS`.
 */
export function nextBusinessStart(instant: Date, cal: CalendarInput): Date {
  return nextBusinessStartOf(instant, cal);
}

/**
 * Why a (valid) calendar has no working time from `from` on, or null when it has some: no working
 * interval at all, or every day that has intervals is a holiday within `SEARCH_HORIZON_DAYS`. Such
 * a calendar makes every deadline impossible; it is refused on every write (field `working_intervals`).
 */
export function workingTimeProblem(cal: BusinessCalendar, from: Date): CalendarProblem | null {
  if (!(cal.working_intervals ?? []).length) {
    return { field: 'working_intervals', message: 'the calendar has no working time: add at least one working interval (weekday, start, end)' };
  }
  try {
    nextBusinessStartOf(from, compileCalendar(cal));
    return null;
  } catch (error) {
    if (!(error instanceof NoBusinessTimeError)) throw error;
    return {
      field: 'working_intervals',
      message: `the calendar has no working time within ${SEARCH_HORIZON_DAYS} days of ${from.toISOString().slice(0, 10)}: every day with working intervals is a holiday`,
    };
  }
}

function nextBusinessStartOf(instant: Date, cal: CalendarInput): Date {
  const t = instantMs(instant, 'instant');
  const cc = resolve(cal);
  if (cc === null) return new Date(t);
  if (cc.hasWorkingTime) {
    const first = businessRanges(cc, t, t + HORIZON_MS).next();
    if (!first.done) return new Date(first.value[0]);
  }
  throw new NoBusinessTimeError(
    `no business time within ${SEARCH_HORIZON_DAYS} days of ${instant.toISOString()}`,
  );
}

// ---------------------------------------------------------------------------------------------------
// Holiday import (date-holidays)
// ---------------------------------------------------------------------------------------------------

export interface DateHolidaysImportOptions {
  /** ISO 3166-2 subdivision code, e.g. `BY` for Bavaria. */
  state?: string;
  /** Region code below the state. */
  region?: string;
  /** Language(s) of the names (ISO 639-1), e.g. `en` or `zh`; default: the country's own. */
  language?: string | string[];
  /** Holiday types to import; default `['public']`. */
  types?: HolidaysTypes.HolidayType[];
  /**
   * Also import holidays that start during the day (e.g. CN's Women's Day afternoon off, which
   * date-holidays lists as public from 12:00); they become whole-day holidays. Default false.
   */
  includePartialDays?: boolean;
  /** Extra filter on date-holidays' entries (e.g. drop group-restricted ones that carry a `note`). */
  filter?: (holiday: HolidaysTypes.Holiday) => boolean;
}

/**
 * Where date-holidays' data (3.37) disagrees with a country's statutory days off for everyone,
 * by its rules (`h.rule`):
 * - CN: Children's Day (06-01) is listed as a public holiday but is a day off for children under 14
 *   only (like the half days of Women's, Youth and Army Day, which the import already leaves out);
 *   since 2025 (State Council decree 798) the Spring Festival has four statutory days (eve, 1st–3rd
 *   day of the first lunar month; the data has three) and Labour Day two (May 1–2; the data has one).
 *   The yearly State Council arrangement (调休: bridge days and the weekends worked in exchange) is
 *   not in the data: add those as holidays and extra working days by hand.
 */
const STATUTORY_CORRECTIONS: Record<string, { notForEveryone?: string[]; add?: { rule: string; fromYear: number; name: Record<string, string> }[] }> = {
  CN: {
    notForEveryone: ['06-01'],
    add: [
      { rule: 'chinese 01-0-03', fromYear: 2025, name: { zh: '春节', en: 'Spring Festival' } },
      { rule: '05-02', fromYear: 2025, name: { zh: '劳动节', en: 'Labour Day' } },
    ],
  },
};

/**
 * The public holidays of `country` (ISO 3166-1 alpha-2) that fall in `year`, as calendar holiday
 * rows `{ date: 'YYYY-MM-DD', name }`, sorted and one per date (names of coinciding holidays are
 * joined with " / "). Multi-day holidays are expanded to one row per day. Uses the data bundled with
 * the `date-holidays` package (no network). Government-decreed bridge days and make-up workdays
 * (e.g. China's) are not in that data; add them by hand. Throws RangeError for an unknown country
 * or state.
 */
export function holidaysFromDateHolidays(
  country: string,
  year: number,
  opts: DateHolidaysImportOptions = {},
): { date: string; name: string }[] {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new RangeError('year must be an integer 1–9999');
  const code = String(country ?? '').trim().toUpperCase();
  const catalogue = new Holidays();
  if (!Object.prototype.hasOwnProperty.call(catalogue.getCountries(), code)) {
    throw new RangeError(`unknown country "${country}" for date-holidays`);
  }
  const state = opts.state ? opts.state.trim().toUpperCase() : undefined;
  if (state && !Object.prototype.hasOwnProperty.call(catalogue.getStates(code) ?? {}, state)) {
    throw new RangeError(`unknown state "${opts.state}" of ${code} for date-holidays`);
  }
  const types = opts.types && opts.types.length > 0 ? opts.types : (['public'] as HolidaysTypes.HolidayType[]);
  const hd = new Holidays(
    { country: code, state, region: opts.region },
    { types, ...(opts.language ? { languages: opts.language } : {}) },
  );
  const statutory = STATUTORY_CORRECTIONS[code];
  for (const extra of statutory?.add ?? []) {
    if (year >= extra.fromYear) hd.setHoliday(extra.rule, { name: extra.name, type: 'public' });
  }
  const dropped = new Set(statutory?.notForEveryone ?? []);

  const names = new Map<string, string[]>();
  const prefix = `${String(year).padStart(4, '0')}-`;
  // The previous year's entries can spill into January (multi-day holidays).
  for (const y of [year - 1, year]) {
    if (y < 1) continue;
    for (const h of hd.getHolidays(y)) {
      if (!types.includes(h.type)) continue;
      if (dropped.has(h.rule)) continue;
      if (opts.filter && !opts.filter(h)) continue;
      const firstDay = parseDate(h.date.slice(0, 10));
      if (firstDay === null) continue;
      const partial = h.date.slice(11, 19) !== '' && h.date.slice(11, 19) !== '00:00:00';
      if (partial && !opts.includePartialDays) continue;
      const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
      for (let i = 0; i < span; i++) {
        const date = new Date((firstDay + i) * DAY_MS).toISOString().slice(0, 10);
        if (!date.startsWith(prefix)) continue;
        const list = names.get(date) ?? [];
        if (!list.includes(h.name)) list.push(h.name);
        names.set(date, list);
      }
    }
  }
  return [...names.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, list]) => ({ date, name: list.join(' / ') }));
}
