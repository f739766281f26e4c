import { DateTime } from 'luxon';
import fc from 'fast-check';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  compileCalendar,
  holidaysFromDateHolidays,
  InvalidCalendarError,
  isBusinessTime,
  nextBusinessStart,
  NoBusinessTimeError,
  SEARCH_HORIZON_DAYS,
  validateCalendar,
  type BusinessCalendar,
  type Weekday,
} from '../../src/plugins/support-desk/server/src/sla';

const MIN = 60_000;

/** Local wall-clock `yyyy-MM-ddTHH:mm` in `zone` → Date. */
function at(local: string, zone: string): Date {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${local}`);
  return dt.toJSDate();
}

/** Date → local `ccc yyyy-MM-dd HH:mm` in `zone`. */
function show(d: Date, zone: string): string {
  return DateTime.fromJSDate(d, { zone }).setLocale('en').toFormat('ccc yyyy-MM-dd HH:mm');
}

const SH = 'Asia/Shanghai';
const WORKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

function shanghai(extra: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return {
    timezone: SH,
    working_intervals: WORKDAYS.flatMap((weekday) => [
      { weekday, start: '09:00', end: '12:00' },
      { weekday, start: '13:00', end: '18:00' },
    ]),
    holidays: [],
    extra_working_days: [],
    ...extra,
  };
}

function everyDay(zone: string, start: string, end: string): BusinessCalendar {
  const days: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  return { timezone: zone, working_intervals: days.map((weekday) => ({ weekday, start, end })) };
}

// -------------------------------------------------------------------------------------------------
// Worked examples (ARCHITECTURE.md, "SLA semantics")
// -------------------------------------------------------------------------------------------------

describe('worked examples (Asia/Shanghai, Mon–Fri 09:00–12:00 and 13:00–18:00)', () => {
  const cal = shanghai();
  it.each([
    ['2026-11-27T17:30', 'Fri 2026-11-27 17:30', 60, 'Mon 2026-11-30 09:30'],
    ['2026-11-30T11:30', 'Mon 2026-11-30 11:30', 120, 'Mon 2026-11-30 14:30'],
    ['2026-11-28T10:00', 'Sat 2026-11-28 10:00', 60, 'Mon 2026-11-30 10:00'],
    ['2026-11-30T11:00', 'Mon 2026-11-30 11:00', 60, 'Mon 2026-11-30 12:00'],
  ])('%s (%s) + %i business minutes → %s', (created, createdShown, minutes, due) => {
    const start = at(created, SH);
    expect(show(start, SH)).toBe(createdShown);
    const result = addBusinessMinutes(start, minutes, cal);
    expect(show(result, SH)).toBe(due);
    expect(businessMinutesBetween(start, result, cal)).toBe(minutes);
  });

  it('a deadline on the end of an interval is that end, which is not business time', () => {
    const due = addBusinessMinutes(at('2026-11-30T11:00', SH), 60, cal);
    expect(due.getTime()).toBe(at('2026-11-30T12:00', SH).getTime());
    expect(isBusinessTime(due, cal)).toBe(false);
    expect(show(nextBusinessStart(due, cal), SH)).toBe('Mon 2026-11-30 13:00');
    // The end of the day's last interval: Friday 18:00, not Monday 09:00.
    expect(show(addBusinessMinutes(at('2026-11-27T17:00', SH), 60, cal), SH)).toBe('Fri 2026-11-27 18:00');
  });

  it('isBusinessTime / nextBusinessStart', () => {
    expect(isBusinessTime(at('2026-11-30T09:00', SH), cal)).toBe(true);
    expect(isBusinessTime(at('2026-11-30T08:59', SH), cal)).toBe(false);
    expect(isBusinessTime(at('2026-11-30T17:59', SH), cal)).toBe(true);
    expect(isBusinessTime(at('2026-11-30T18:00', SH), cal)).toBe(false);
    expect(isBusinessTime(at('2026-11-28T10:00', SH), cal)).toBe(false);
    const inside = at('2026-11-30T10:17', SH);
    expect(nextBusinessStart(inside, cal).getTime()).toBe(inside.getTime());
    expect(show(nextBusinessStart(at('2026-11-27T18:00', SH), cal), SH)).toBe('Mon 2026-11-30 09:00');
  });

  it('0 minutes returns the start unchanged, even outside working time', () => {
    const saturday = new Date(at('2026-11-28T10:00', SH).getTime() + 12_345);
    const r = addBusinessMinutes(saturday, 0, cal);
    expect(r.getTime()).toBe(saturday.getTime());
    expect(r).not.toBe(saturday);
  });

  it('keeps seconds and milliseconds of the start', () => {
    const start = new Date(at('2026-11-30T10:00', SH).getTime() + 37_123);
    const due = addBusinessMinutes(start, 150, cal);
    expect(due.getTime() - at('2026-11-30T13:30', SH).getTime()).toBe(37_123);
    expect(businessMinutesBetween(start, due, cal)).toBe(150);
    expect(businessMinutesBetween(start, at('2026-11-30T10:01', SH), cal)).toBeCloseTo(22.877 / 60, 12);
  });

  it('between is 0 when b ≤ a, and counts a whole week', () => {
    const mon = at('2026-11-30T00:00', SH);
    expect(businessMinutesBetween(mon, mon, cal)).toBe(0);
    expect(businessMinutesBetween(at('2026-12-01T00:00', SH), mon, cal)).toBe(0);
    expect(businessMinutesBetween(mon, at('2026-12-07T00:00', SH), cal)).toBe(5 * 8 * 60);
  });
});

describe('holidays and make-up workdays', () => {
  const nationalDay = ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
    date: `2026-10-${d}`,
    name: '国庆节',
  }));
  const cal = shanghai({
    holidays: nationalDay,
    extra_working_days: [{ date: '2026-10-10', name: '调休', works_like: 'mon' }],
  });

  it('skips the national-day week', () => {
    // Wed 2026-09-30 17:00 + 120: one hour on Wednesday, then Thu 2026-10-08.
    expect(show(addBusinessMinutes(at('2026-09-30T17:00', SH), 120, cal), SH)).toBe('Thu 2026-10-08 10:00');
    expect(isBusinessTime(at('2026-10-05T10:00', SH), cal)).toBe(false); // a Monday
    expect(businessMinutesBetween(at('2026-10-01T00:00', SH), at('2026-10-08T00:00', SH), cal)).toBe(0);
    expect(show(nextBusinessStart(at('2026-10-01T09:00', SH), cal), SH)).toBe('Thu 2026-10-08 09:00');
  });

  it('works a Saturday like a Monday', () => {
    expect(show(addBusinessMinutes(at('2026-10-09T17:00', SH), 120, cal), SH)).toBe('Sat 2026-10-10 10:00');
    expect(isBusinessTime(at('2026-10-10T12:30', SH), cal)).toBe(false);
    expect(isBusinessTime(at('2026-10-10T13:00', SH), cal)).toBe(true);
    expect(businessMinutesBetween(at('2026-10-09T00:00', SH), at('2026-10-12T00:00', SH), cal)).toBe(960);
    // Without the make-up day, Saturday is off.
    const plain = shanghai({ holidays: nationalDay });
    expect(show(addBusinessMinutes(at('2026-10-09T17:00', SH), 120, plain), SH)).toBe('Mon 2026-10-12 10:00');
  });

  it('works_like defaults to Monday and can name another weekday', () => {
    const cal2: BusinessCalendar = {
      timezone: SH,
      working_intervals: [
        { weekday: 'mon', start: '09:00', end: '10:00' },
        { weekday: 'tue', start: '14:00', end: '15:00' },
      ],
      extra_working_days: [
        { date: '2026-11-28', works_like: null },
        { date: '2026-11-29', works_like: 'tue' },
      ],
    };
    expect(isBusinessTime(at('2026-11-28T09:30', SH), cal2)).toBe(true);
    expect(isBusinessTime(at('2026-11-29T09:30', SH), cal2)).toBe(false);
    expect(isBusinessTime(at('2026-11-29T14:30', SH), cal2)).toBe(true);
  });
});

describe('DST', () => {
  it('Europe/Berlin 01:00–04:00: 120 real minutes on spring-forward day, 240 on fall-back day', () => {
    const z = 'Europe/Berlin';
    const cal = everyDay(z, '01:00', '04:00');
    const day = (d: string) => businessMinutesBetween(at(`${d}T00:00`, z), at(`${d}T23:59`, z), cal);
    expect(day('2026-03-28')).toBe(180);
    expect(day('2026-03-29')).toBe(120);
    expect(day('2026-10-25')).toBe(240);
    // 01:00 + 60 on the spring-forward day: 02:00 does not exist, the clock reads 03:00.
    expect(show(addBusinessMinutes(at('2026-03-29T01:00', z), 60, cal), z)).toBe('Sun 2026-03-29 03:00');
    expect(show(addBusinessMinutes(at('2026-03-29T01:00', z), 120, cal), z)).toBe('Sun 2026-03-29 04:00');
    expect(addBusinessMinutes(at('2026-10-25T01:00', z), 240, cal).getTime()).toBe(
      at('2026-10-25T04:00', z).getTime(),
    );
  });

  it('counts a repeated wall-clock interval twice on fall-back day', () => {
    const z = 'Europe/Berlin';
    const cal = everyDay(z, '02:30', '02:45');
    expect(businessMinutesBetween(at('2026-10-25T00:00', z), at('2026-10-25T12:00', z), cal)).toBe(30);
    // 02:30 CEST + 20 → 15 min in the first pass, then 5 into the second pass (02:35 CET).
    const start = new Date(Date.UTC(2026, 9, 25, 0, 30)); // 02:30 CEST
    const due = addBusinessMinutes(start, 20, cal);
    expect(due.toISOString()).toBe('2026-10-25T01:35:00.000Z'); // 02:35 CET
    // The skipped hour on spring-forward day contains no business time.
    expect(businessMinutesBetween(at('2026-03-29T00:00', z), at('2026-03-29T12:00', z), cal)).toBe(0);
  });

  it('Australia/Lord_Howe has 30-minute transitions', () => {
    const z = 'Australia/Lord_Howe';
    const cal = everyDay(z, '01:00', '03:00');
    const day = (d: string) => businessMinutesBetween(at(`${d}T00:00`, z), at(`${d}T12:00`, z), cal);
    expect(day('2026-04-04')).toBe(120);
    expect(day('2026-04-05')).toBe(150); // 02:00 → 01:30
    expect(day('2026-10-04')).toBe(90); // 02:00 → 02:30
  });

  it('America/New_York 09:00–17:00 is 8 hours on transition days', () => {
    const z = 'America/New_York';
    const cal = everyDay(z, '09:00', '17:00');
    for (const d of ['2026-03-08', '2026-11-01']) {
      expect(businessMinutesBetween(at(`${d}T00:00`, z), at(`${d}T23:00`, z), cal)).toBe(480);
    }
    const night = everyDay(z, '00:00', '24:00');
    expect(businessMinutesBetween(at('2026-03-08T00:00', z), at('2026-03-09T00:00', z), night)).toBe(23 * 60);
    expect(businessMinutesBetween(at('2026-11-01T00:00', z), at('2026-11-02T00:00', z), night)).toBe(25 * 60);
  });
});

describe('interval edges', () => {
  it('24:00 ends a day and touches the next day 00:00', () => {
    const cal: BusinessCalendar = {
      timezone: 'UTC',
      working_intervals: [
        { weekday: 'mon', start: '22:00', end: '24:00' },
        { weekday: 'tue', start: '00:00', end: '02:00' },
      ],
    };
    expect(addBusinessMinutes(new Date('2026-11-30T23:00:00Z'), 120, cal).toISOString()).toBe(
      '2026-12-01T01:00:00.000Z',
    );
    expect(isBusinessTime(new Date('2026-12-01T00:00:00Z'), cal)).toBe(true);
    expect(addBusinessMinutes(new Date('2026-11-30T22:00:00Z'), 240, cal).toISOString()).toBe(
      '2026-12-01T02:00:00.000Z',
    );
  });

  it('touching intervals on the same day are allowed', () => {
    const cal: BusinessCalendar = {
      timezone: 'UTC',
      working_intervals: [
        { weekday: 'mon', start: '09:00', end: '12:00' },
        { weekday: 'mon', start: '12:00', end: '13:00' },
      ],
    };
    expect(validateCalendar(cal)).toEqual([]);
    expect(addBusinessMinutes(new Date('2026-11-30T11:00:00Z'), 120, cal).toISOString()).toBe(
      '2026-11-30T13:00:00.000Z',
    );
  });

  it('accepts Strapi time values (HH:mm:ss.SSS with zero seconds)', () => {
    const cal: BusinessCalendar = {
      timezone: SH,
      working_intervals: [{ weekday: 'mon', start: '09:00:00.000', end: '18:00:00' }],
    };
    expect(validateCalendar(cal)).toEqual([]);
    expect(show(addBusinessMinutes(at('2026-11-30T17:00', SH), 120, cal), SH)).toBe('Mon 2026-12-07 10:00');
  });
});

describe('24×7 (no calendar)', () => {
  it('every minute is a business minute', () => {
    const s = new Date('2026-03-29T00:30:12.345Z');
    expect(addBusinessMinutes(s, 90, null).getTime()).toBe(s.getTime() + 90 * MIN);
    expect(addBusinessMinutes(s, 0, undefined).getTime()).toBe(s.getTime());
    expect(businessMinutesBetween(s, new Date(s.getTime() + 7 * MIN), null)).toBe(7);
    expect(businessMinutesBetween(s, new Date(s.getTime() - 7 * MIN), null)).toBe(0);
    expect(isBusinessTime(s, null)).toBe(true);
    expect(nextBusinessStart(s, null).getTime()).toBe(s.getTime());
  });
});

describe('errors and limits', () => {
  it('a calendar without working time', () => {
    const empty: BusinessCalendar = { timezone: 'UTC', working_intervals: [] };
    const s = new Date('2026-01-01T00:00:00Z');
    expect(() => addBusinessMinutes(s, 1, empty)).toThrow(NoBusinessTimeError);
    expect(addBusinessMinutes(s, 0, empty).getTime()).toBe(s.getTime());
    expect(() => nextBusinessStart(s, empty)).toThrow(NoBusinessTimeError);
    expect(businessMinutesBetween(s, new Date('2027-01-01T00:00:00Z'), empty)).toBe(0);
    expect(isBusinessTime(s, empty)).toBe(false);
  });

  it('bails after the horizon when working time never comes', () => {
    // Only Mondays, and every Monday of the next 11 years is a holiday.
    const holidays = [];
    for (let d = DateTime.fromISO('2026-01-05', { zone: 'UTC' }); d.year < 2037; d = d.plus({ weeks: 1 })) {
      holidays.push({ date: d.toISODate() as string });
    }
    const cal: BusinessCalendar = {
      timezone: 'UTC',
      working_intervals: [{ weekday: 'mon', start: '09:00', end: '10:00' }],
      holidays,
    };
    // The work is counted, not timed: one look at each local day up to the horizon, never minute by minute.
    const compiled = compileCalendar(cal);
    const days = jest.spyOn(compiled, 'intervalsOn');
    expect(() => addBusinessMinutes(new Date('2026-01-01T00:00:00Z'), 1, compiled)).toThrow(NoBusinessTimeError);
    expect(days.mock.calls.length).toBeGreaterThanOrEqual(SEARCH_HORIZON_DAYS);
    expect(days.mock.calls.length).toBeLessThanOrEqual(SEARCH_HORIZON_DAYS + 2);
  });

  it('is efficient for large targets', () => {
    const cal = compileCalendar(shanghai());
    const s = at('2026-01-05T09:00', SH);
    const days = jest.spyOn(cal, 'intervalsOn');
    const offsets = jest.spyOn(cal, 'offsetAt');
    const due = addBusinessMinutes(s, 480 * 250, cal); // 250 working days
    // A bounded number of looks per calendar day of the ~350 it spans (a 24 h window of real time
    // touches two local days in UTC+8), and one zone lookup per window: linear in days, not minutes.
    const spanned = Math.ceil((due.getTime() - s.getTime()) / 86_400_000) + 1;
    expect(days.mock.calls.length).toBeLessThanOrEqual(2 * spanned + 2);
    expect(offsets.mock.calls.length).toBeLessThanOrEqual(spanned + 2);
    expect(businessMinutesBetween(s, due, cal)).toBe(480 * 250);
  });

  it('rejects bad arguments and invalid calendars', () => {
    const s = new Date('2026-01-01T00:00:00Z');
    expect(() => addBusinessMinutes(s, -1, null)).toThrow(RangeError);
    expect(() => addBusinessMinutes(s, Number.NaN, null)).toThrow(RangeError);
    expect(() => addBusinessMinutes(new Date('nope'), 1, null)).toThrow(RangeError);
    const bad = { timezone: 'Mars/Olympus', working_intervals: [] } as BusinessCalendar;
    expect(() => addBusinessMinutes(s, 1, bad)).toThrow(InvalidCalendarError);
    try {
      compileCalendar(bad);
    } catch (e) {
      expect((e as InvalidCalendarError).problems).toEqual([
        { field: 'timezone', message: expect.stringContaining('Mars/Olympus') },
      ]);
    }
  });
});

describe('validateCalendar', () => {
  it('accepts a valid calendar', () => {
    expect(validateCalendar(shanghai())).toEqual([]);
    expect(validateCalendar({ timezone: 'UTC', working_intervals: [], holidays: null })).toEqual([]);
  });

  it('names each offending field', () => {
    const problems = validateCalendar({
      timezone: 'Asia/Shangai',
      working_intervals: [
        { weekday: 'mon', start: '09:00', end: '12:00' },
        { weekday: 'mon', start: '11:30', end: '13:00' }, // overlaps [0]
        { weekday: 'tue', start: '18:00', end: '09:00' }, // ends before start
        { weekday: 'wed', start: '9:00', end: '24:01' }, // bad HH:MM twice
        { weekday: 'funday', start: '09:00', end: '10:00' },
        { weekday: 'thu', start: '24:00', end: '24:00' }, // 24:00 is only an end
        { weekday: 'fri', start: '10:00', end: '10:00' }, // empty
      ],
      holidays: [{ date: '2026-10-01' }, { date: '2026-02-30' }, { date: '2026-10-01' }, { date: '2026-05-01' }],
      extra_working_days: [
        { date: '2026-05-01' },
        { date: '2026-13-01' },
        { date: '2026-09-27', works_like: 'someday' },
        { date: '2026-09-27' },
      ],
    });
    const fields = problems.map((p) => p.field).sort();
    expect(fields).toEqual(
      [
        'timezone',
        'working_intervals[1].start',
        'working_intervals[2].end',
        'working_intervals[3].start',
        'working_intervals[3].end',
        'working_intervals[4].weekday',
        'working_intervals[5].start',
        'working_intervals[6].end',
        'holidays[1].date',
        'holidays[2].date',
        'extra_working_days[0].date',
        'extra_working_days[1].date',
        'extra_working_days[2].works_like',
        'extra_working_days[3].date',
      ].sort(),
    );
    for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
    expect(problems.find((p) => p.field === 'working_intervals[1].start')?.message).toMatch(/overlaps working_intervals\[0\]/);
    expect(problems.find((p) => p.field === 'holidays[2].date')?.message).toMatch(/duplicate/);
    expect(problems.find((p) => p.field === 'extra_working_days[0].date')?.message).toMatch(/holiday/);
  });

  it('reports missing pieces', () => {
    expect(validateCalendar(null)).toEqual([{ field: '', message: expect.any(String) }]);
    expect(validateCalendar({ working_intervals: 'x' }).map((p) => p.field)).toEqual([
      'timezone',
      'working_intervals',
    ]);
  });
});

describe('holidaysFromDateHolidays', () => {
  it('CN 2026 contains the national day', () => {
    const list = holidaysFromDateHolidays('CN', 2026);
    const dates = list.map((h) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-01-01', '2026-10-01', '2026-10-02', '2026-10-03']));
    expect(list.find((h) => h.date === '2026-10-01')?.name).toContain('国庆');
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    expect(dates.every((d) => d.startsWith('2026-'))).toBe(true);
    // Afternoon-only entries (e.g. Women's Day from 12:00) are left out unless asked for.
    expect(dates).not.toContain('2026-03-08');
    expect(holidaysFromDateHolidays('cn', 2026, { includePartialDays: true }).map((h) => h.date)).toContain(
      '2026-03-08',
    );
    // The result is a valid holidays list for a calendar.
    expect(validateCalendar({ timezone: SH, working_intervals: [], holidays: list })).toEqual([]);
  });

  it('supports a language, states, and rejects unknown countries', () => {
    expect(holidaysFromDateHolidays('CN', 2026, { language: 'en' }).find((h) => h.date === '2026-10-01')?.name).toBe(
      'National Day',
    );
    const bavaria = holidaysFromDateHolidays('DE', 2026, { state: 'BY' }).map((h) => h.date);
    expect(bavaria).toContain('2026-01-06'); // Epiphany
    expect(holidaysFromDateHolidays('DE', 2026).map((h) => h.date)).not.toContain('2026-01-06');
    expect(() => holidaysFromDateHolidays('XX', 2026)).toThrow(RangeError);
    expect(() => holidaysFromDateHolidays('DE', 2026, { state: 'ZZ' })).toThrow(RangeError);
  });

  it('expands multi-day holidays', () => {
    // Armenia: New Year 01-01 P2D.
    const am = holidaysFromDateHolidays('AM', 2026).map((h) => h.date);
    expect(am).toEqual(expect.arrayContaining(['2026-01-01', '2026-01-02']));
  });
});

// -------------------------------------------------------------------------------------------------
// Property-based tests against a brute-force, minute-by-minute oracle
// -------------------------------------------------------------------------------------------------

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'Australia/Lord_Howe', 'UTC'];
const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** Around DST transitions (EU, US, Lord Howe) and a quiet week. */
const BASES = [
  '2026-03-08T06:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-04-04T15:00:00Z',
  '2026-10-03T15:30:00Z',
  '2025-03-30T01:00:00Z',
  '2025-11-02T06:00:00Z',
  '2027-01-15T12:00:00Z',
].map((s) => Date.parse(s));
const WINDOW = 8 * 24 * 60; // oracle window, minutes (starts are within 3 days of a DST change)

/** The oracle's own parsing of `HH:MM` (24:00 → 1440). */
function oMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Cache: zone → real minute (ms) → [local yyyymmdd, Luxon weekday 1–7, local minute of day]. */
const localCache = new Map<string, Map<number, [number, number, number]>>();
function localParts(zone: string, t: number): [number, number, number] {
  let m = localCache.get(zone);
  if (!m) localCache.set(zone, (m = new Map()));
  let v = m.get(t);
  if (!v) {
    const d = DateTime.fromMillis(t, { zone });
    v = [d.year * 10000 + d.month * 100 + d.day, d.weekday, d.hour * 60 + d.minute];
    m.set(t, v);
  }
  return v;
}

function ymd(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return y * 10000 + m * 100 + d;
}

/**
 * Brute force: flag(i) = whether the real minute [s + i min, s + (i+1) min) is a business minute,
 * i.e. whether its local wall-clock time (Luxon) lies in a working interval of a working day.
 */
function oracle(cal: BusinessCalendar, s: number): (i: number) => boolean {
  const holidays = new Set((cal.holidays ?? []).map((h) => ymd(h.date)));
  const extras = new Map((cal.extra_working_days ?? []).map((x) => [ymd(x.date), x.works_like ?? 'mon']));
  const intervals = cal.working_intervals.map((iv) => ({
    weekday: iv.weekday,
    start: oMinutes(iv.start),
    end: oMinutes(iv.end),
  }));
  const memo = new Map<number, boolean>();
  return (i) => {
    let v = memo.get(i);
    if (v === undefined) {
      const [date, luxonWeekday, minute] = localParts(cal.timezone, s + i * MIN);
      const weekday = extras.get(date) ?? DAYS[luxonWeekday - 1];
      v =
        !holidays.has(date) &&
        intervals.some((iv) => iv.weekday === weekday && iv.start <= minute && minute < iv.end);
      memo.set(i, v);
    }
    return v;
  };
}

function hhmm(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

const pointArb = fc.oneof(
  fc.integer({ min: 0, max: 48 }).map((x) => x * 30), // on the hour / half hour (hits DST edges)
  fc.integer({ min: 0, max: 1440 }),
);
/** 0–3 non-overlapping intervals for one weekday (0 with low weight, e.g. weekends). */
const dayIntervalsArb = fc
  .oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 3 }) })
  .chain((k) => fc.uniqueArray(pointArb, { minLength: 2 * k, maxLength: 2 * k }))
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const out: [number, number][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) out.push([sorted[i], sorted[i + 1]]);
    return out;
  });

interface Scenario {
  cal: BusinessCalendar;
  s: number; // start, on a minute boundary
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    base: fc.constantFrom(...BASES),
    shift: fc.integer({ min: -3 * 1440, max: 3 * 1440 }),
    week: fc.array(dayIntervalsArb, { minLength: 7, maxLength: 7 }),
    specials: fc.uniqueArray(
      fc.record({
        offset: fc.integer({ min: -2, max: 14 }),
        kind: fc.constantFrom('holiday', 'extra'),
        like: fc.option(fc.constantFrom(...DAYS), { nil: undefined }),
      }),
      { maxLength: 6, selector: (x) => x.offset },
    ),
  })
  .map(({ zone, base, shift, week, specials }) => {
    const s = Math.floor(base / MIN) * MIN + shift * MIN;
    const day0 = DateTime.fromMillis(s, { zone }).startOf('day');
    const dateOf = (o: number) => day0.plus({ days: o }).toISODate() as string;
    const cal: BusinessCalendar = {
      timezone: zone,
      working_intervals: week.flatMap((ivs, d) =>
        ivs.map(([a, b]) => ({ weekday: DAYS[d], start: hhmm(a), end: hhmm(b) })),
      ),
      holidays: specials.filter((x) => x.kind === 'holiday').map((x) => ({ date: dateOf(x.offset), name: 'h' })),
      extra_working_days: specials
        .filter((x) => x.kind === 'extra')
        .map((x) => ({ date: dateOf(x.offset), works_like: x.like })),
    };
    return { cal, s };
  });

const hasWork = (cal: BusinessCalendar) => cal.working_intervals.length > 0;
const RUNS = { numRuns: 60 };
/** Mostly small targets / spans (the oracle costs one Luxon conversion per minute), sometimes large. */
const targetArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 600 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3000 }) },
);
const spanArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1440 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: WINDOW }) },
);

describe('properties (vs a minute-by-minute oracle)', () => {
  it('generated calendars are valid', () => {
    fc.assert(
      fc.property(scenarioArb, ({ cal }) => {
        expect(validateCalendar(cal)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('addBusinessMinutes matches the oracle', () => {
    fc.assert(
      fc.property(scenarioArb, targetArb, ({ cal, s }, n) => {
        const flag = oracle(cal, s);
        let expected: number | null = n === 0 ? s : null;
        for (let i = 0, count = 0; expected === null && i < WINDOW; i++) {
          if (flag(i) && ++count === n) expected = s + (i + 1) * MIN;
        }
        if (n > 0 && !hasWork(cal)) {
          expect(() => addBusinessMinutes(new Date(s), n, cal)).toThrow(NoBusinessTimeError);
          return;
        }
        const got = addBusinessMinutes(new Date(s), n, cal).getTime();
        if (expected !== null) expect(new Date(got).toISOString()).toBe(new Date(expected).toISOString());
        else expect(got).toBeGreaterThanOrEqual(s + WINDOW * MIN); // fewer than n within the window
      }),
      RUNS,
    );
  });

  it('businessMinutesBetween matches the oracle', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 0, max: WINDOW }),
        spanArb,
        fc.boolean(),
        ({ cal, s }, i, span, backwards) => {
          // backwards: b < a, which must give 0.
          const j = backwards ? Math.max(0, i - span) : Math.min(WINDOW, i + span);
          const flag = oracle(cal, s);
          let expected = 0;
          for (let k = i; k < j; k++) if (flag(k)) expected++;
          expect(businessMinutesBetween(new Date(s + i * MIN), new Date(s + j * MIN), cal)).toBe(expected);
        },
      ),
      RUNS,
    );
  });

  it('isBusinessTime and nextBusinessStart match the oracle', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: WINDOW - 1 }), fc.integer({ min: 0, max: MIN - 1 }), ({ cal, s }, i, ms) => {
        const flag = oracle(cal, s);
        const t = s + i * MIN;
        expect(isBusinessTime(new Date(t), cal)).toBe(flag(i));
        expect(isBusinessTime(new Date(t + ms), cal)).toBe(flag(i));
        if (!hasWork(cal)) {
          expect(() => nextBusinessStart(new Date(t), cal)).toThrow(NoBusinessTimeError);
          return;
        }
        let k = i;
        while (k < WINDOW && !flag(k)) k++;
        if (k === WINDOW) k = -1;
        const next = nextBusinessStart(new Date(t), cal).getTime();
        if (k >= 0) expect(next).toBe(k === i ? t : s + k * MIN);
        else expect(next).toBeGreaterThanOrEqual(s + WINDOW * MIN);
        expect(isBusinessTime(new Date(next), cal)).toBe(true);
      }),
      RUNS,
    );
  });

  it('round trips: between(s, add(s, n)) = n and add(s, between(s, e)) ≤ e, from any millisecond', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 0, max: MIN - 1 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: WINDOW * MIN }),
        ({ cal, s }, ms, n, span) => {
          fc.pre(hasWork(cal));
          const start = new Date(s + ms);
          const due = addBusinessMinutes(start, n, cal);
          expect(businessMinutesBetween(start, due, cal)).toBe(n);
          const e = new Date(start.getTime() + span);
          const m = businessMinutesBetween(start, e, cal);
          const back = addBusinessMinutes(start, m, cal);
          expect(back.getTime()).toBeLessThanOrEqual(e.getTime());
          expect(businessMinutesBetween(back, e, cal)).toBe(0);
          if (isBusinessTime(e, cal)) expect(back.getTime()).toBe(e.getTime());
        },
      ),
      RUNS,
    );
  });

  it('is monotone and additive', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 3 * 1440 }),
        ({ cal, s }, n1, n2, d) => {
          fc.pre(hasWork(cal));
          const start = new Date(s);
          const later = new Date(s + d * MIN);
          const a1 = addBusinessMinutes(start, Math.min(n1, n2), cal).getTime();
          const a2 = addBusinessMinutes(start, Math.max(n1, n2), cal).getTime();
          expect(a1).toBeGreaterThanOrEqual(s);
          expect(a1).toBeLessThanOrEqual(a2);
          // A later start never gives an earlier deadline.
          expect(addBusinessMinutes(later, n1, cal).getTime()).toBeGreaterThanOrEqual(
            addBusinessMinutes(start, n1, cal).getTime(),
          );
          // add(add(s, n1), n2) = add(s, n1 + n2)
          expect(addBusinessMinutes(addBusinessMinutes(start, n1, cal), n2, cal).getTime()).toBe(
            addBusinessMinutes(start, n1 + n2, cal).getTime(),
          );
          // between is additive and monotone in its end.
          const mid = new Date(s + Math.floor(d * MIN * 0.37)); // not on a minute boundary
          const whole = businessMinutesBetween(start, later, cal);
          const left = businessMinutesBetween(start, mid, cal);
          const right = businessMinutesBetween(mid, later, cal);
          expect(Math.abs(left + right - whole)).toBeLessThan(1e-9);
          expect(left).toBeLessThanOrEqual(whole);
        },
      ),
      RUNS,
    );
  });
});
