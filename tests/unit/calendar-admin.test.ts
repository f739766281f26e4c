/**
 * Issue 15 (calendars and contracts in the Content Manager): row labels, the shipped Content
 * Manager configuration applied without overwriting admin changes, public holidays for everyone.
 */
import { holidaysFromDateHolidays, validateCalendar } from '../../src/plugins/support-desk/server/src/sla';
import { intervalLabel, targetLabel, formatMinutes, withLabels } from '../../src/plugins/support-desk/server/src/calendar/labels';
import { applyShipped, SHIPPED_CALENDAR_CM } from '../../src/plugins/support-desk/server/src/calendar/cm-config';
import { shippedPaths } from '../../src/plugins/support-desk/server/src/cm-config/shipped';
import { END_PATTERN, parseTime, START_PATTERN, timeProblem } from '../../src/plugins/support-desk/server/src/calendar/time';
import workingInterval from '../../src/components/calendar/working-interval.json';
import en from '../../src/plugins/support-desk/admin/src/translations/en.json';
import zhHans from '../../src/plugins/support-desk/admin/src/translations/zh-Hans.json';

describe('row labels', () => {
  it('names a working interval by weekday and hours', () => {
    expect(intervalLabel({ weekday: 'mon', start: '09:00', end: '18:00' })).toBe('Mon 09:00–18:00');
    expect(intervalLabel({ weekday: 'sun', start: '00:00:00.000', end: '24:00' })).toBe('Sun 00:00–24:00');
    expect(intervalLabel({ weekday: 'funday', start: '09:00' })).toBe('09:00');
  });
  it('names an SLA target by priority and targets', () => {
    expect(targetLabel({ priority: 'P1', first_response_minutes: 30, resolution_minutes: 240 })).toBe('P1 — response 30 min, resolution 4 h');
    expect(targetLabel({ priority: 'P3', first_response_minutes: 90, resolution_minutes: 2880 })).toBe('P3 — response 1 h 30 min, resolution 48 h');
    expect(targetLabel({ priority: 'P4' })).toBe('P4');
    expect(formatMinutes(0)).toBe('');
  });
  it('labels every row of a list and leaves other values alone', () => {
    expect(withLabels([{ id: 3, weekday: 'tue', start: '08:00', end: '12:00' }], intervalLabel)).toEqual([{ id: 3, weekday: 'tue', start: '08:00', end: '12:00', label: 'Tue 08:00–12:00' }]);
    expect(withLabels(null, intervalLabel)).toBeNull();
  });
});

describe('working-interval times: one rule on the server and in the browser', () => {
  // Every HH:MM from 00:00 to 29:99, with and without (zero or other) seconds, and odd shapes.
  const candidates: string[] = ['', ' 09:00', '09:00 ', '9:00', '0900', '09:00:', '09:00:00.', '09:00:00.0000', '24:00:01', '12:00:00.001', '-01:00', '09.00', '٠٩:٠٠'];
  for (let h = 0; h < 30; h++) {
    for (let m = 0; m < 100; m++) {
      const t = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
      candidates.push(t, `${t}:00`, `${t}:00.000`, `${t}:00.0`, `${t}:30`);
    }
  }

  it('start: 00:00–23:59; end: 00:01–24:00 (zero seconds allowed as Strapi time fields write them)', () => {
    expect(parseTime('00:00', false)).toBe(0);
    expect(parseTime('23:59', false)).toBe(1439);
    expect(parseTime('24:00', false)).toBeNull();
    expect(parseTime('00:00', true)).toBeNull();
    expect(parseTime('00:01', true)).toBe(1);
    expect(parseTime('24:00', true)).toBe(1440);
    expect(parseTime('24:00:00.000', true)).toBe(1440);
    expect(parseTime('17:00:00', true)).toBe(1020);
    expect(parseTime('17:00:30', true)).toBeNull();
    expect(parseTime('25:00', true)).toBeNull();
    expect(parseTime(' 09:00', false)).toBeNull();
    expect(parseTime(900, false)).toBeNull();
    expect(timeProblem('25:00', true)).toBe('Time must be HH:MM between 00:01 and 24:00 (24:00 ends the day) (got "25:00")');
    expect(timeProblem('', false)).toBe('Time must be HH:MM between 00:00 and 23:59');
    expect(timeProblem('09:00', false)).toBeNull();
  });

  it('the schema regex (what the Content Manager checks in the browser) accepts exactly what the server accepts', () => {
    const attrs = workingInterval.attributes as Record<string, any>;
    expect(attrs.start).toMatchObject({ type: 'customField', customField: 'plugin::support-desk.time', regex: START_PATTERN, required: true });
    expect(attrs.end).toMatchObject({ type: 'customField', customField: 'plugin::support-desk.time', regex: END_PATTERN, required: true, options: { endOfDay: true } });
    const start = new RegExp(attrs.start.regex);
    const end = new RegExp(attrs.end.regex);
    const disagree = candidates.filter((t) => start.test(t) !== (parseTime(t, false) !== null) || end.test(t) !== (parseTime(t, true) !== null));
    expect(disagree).toEqual([]);
    expect(candidates.filter((t) => end.test(t)).length).toBeGreaterThan(1440);
  });

  it('the admin says it in en and zh-Hans', () => {
    const keys = ['time.label', 'time.description', 'time.error.start', 'time.error.end', 'time.error.got'];
    for (const key of keys) {
      expect((en as Record<string, string>)[key]).toBeTruthy();
      expect((zhHans as Record<string, string>)[key]).toBeTruthy();
    }
    // The English texts are the server's words (an API caller reads the same message).
    expect((en as Record<string, string>)['time.error.end']).toBe(timeProblem('', true));
    expect((en as Record<string, string>)['time.error.start']).toBe(timeProblem('', false));
    expect((zhHans as Record<string, string>)['time.error.got']).toContain('{value}');
  });
});

describe('shipped Content Manager configuration', () => {
  const interval = SHIPPED_CALENDAR_CM.find((m) => m.uid === 'calendar.working-interval')!;
  const fields = ['weekday', 'start', 'end', 'label'];
  const strapiDefault = { settings: { mainField: 'start', pageSize: 10 }, metadatas: { start: { edit: { label: 'start', description: '' } } }, layouts: { edit: [[{ name: 'weekday', size: 6 }]] } };
  const apply = (current: Record<string, unknown>, applied: Record<string, unknown>) => applyShipped(current, interval, fields, applied);

  it('applies every setting on first boot and records it', () => {
    const first = apply(strapiDefault, {});
    expect(first.changed).toBe(true);
    expect((first.config.settings as any).mainField).toBe('label');
    expect((first.config.settings as any).pageSize).toBe(10);
    expect((first.config.metadatas as any).start.edit.label).toBe('Start');
    expect((first.config.metadatas as any).label.edit).toMatchObject({ visible: false, editable: false, description: 'Computed when saved' });
    expect((first.config.metadatas as any).end.edit).toMatchObject({ label: 'End', placeholder: '18:00', description: 'Local time HH:MM, 00:01–24:00 (24:00 ends the day)' });
    expect((first.config.layouts as any).edit).toEqual([[{ name: 'weekday', size: 4 }, { name: 'start', size: 4 }, { name: 'end', size: 4 }]]);
    expect(first.applied['settings.mainField']).toBe('label');
    expect(first.kept).toEqual([]);
    // Idempotent: the second boot changes nothing.
    const second = apply(first.config, first.applied);
    expect(second.changed).toBe(false);
    expect(second.config).toEqual(first.config);
  });

  it('keeps what the admin changed since, and still applies the rest', () => {
    const first = apply(strapiDefault, {});
    const edited = JSON.parse(JSON.stringify(first.config));
    edited.settings.mainField = 'weekday';
    edited.metadatas.start.edit.label = 'Von';
    delete edited.metadatas.end.edit.description; // removed by the admin: stays removed
    const again = apply(edited, first.applied);
    expect(again.config.settings).toMatchObject({ mainField: 'weekday' });
    expect((again.config.metadatas as any).start.edit.label).toBe('Von');
    expect(again.kept.sort()).toEqual(['metadatas.end.edit.description', 'metadatas.start.edit.label', 'settings.mainField']);
    // A later boot still leaves them.
    expect(apply(again.config, again.applied).kept).toHaveLength(3);
  });

  it('states every calendar and contract view in the format of all shipped views', () => {
    const paths = (uid: string, names: string[]) => shippedPaths(SHIPPED_CALENDAR_CM.find((m) => m.uid === uid)!.spec, names);
    const calendar = paths('api::business-calendar.business-calendar', ['name', 'timezone', 'working_intervals', 'sla_contracts']);
    expect(calendar).toMatchObject({
      'settings.mainField': 'name',
      'layouts.list': ['id', 'name', 'timezone', 'description'],
      'metadatas.timezone.edit.label': 'Time zone',
      'metadatas.timezone.list.label': 'Time zone',
      'metadatas.sla_contracts.edit.label': 'SLA contracts using it',
      'metadatas.working_intervals.edit.label': 'Working hours',
    });
    const contract = paths('api::sla-contract.sla-contract', ['business_calendar', 'warn_at_percent']);
    expect(contract).toMatchObject({ 'metadatas.business_calendar.edit.mainField': 'name', 'metadatas.business_calendar.edit.description': 'None = 24×7', 'metadatas.warn_at_percent.edit.label': 'Warn at (% of the target)' });
    // Components have no list view: no page size shipped for them.
    expect(paths('sla.target', ['priority'])['settings.pageSize']).toBeUndefined();
    expect(paths('calendar.extra-working-day', ['works_like'])).toMatchObject({ 'settings.mainField': 'date', 'metadatas.works_like.edit.label': 'Worked like' });
  });
});

describe('public holidays for everyone (date-holidays with statutory corrections)', () => {
  const cn2026 = holidaysFromDateHolidays('CN', 2026);
  const dates = cn2026.map((h) => h.date);

  it('leaves out holidays of one group only (Children’s Day, the half days)', () => {
    expect(dates).not.toContain('2026-06-01');
    expect(dates).not.toContain('2026-03-08');
    expect(dates).not.toContain('2026-05-04');
    expect(dates).not.toContain('2026-08-01');
  });

  it('has the four statutory Spring Festival days and both Labour Day days (since 2025)', () => {
    // Chinese New Year 2026 is 17 February: eve 16th, 1st–3rd day 17th–19th.
    expect(cn2026.filter((h) => h.name.includes('春节')).map((h) => h.date)).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19']);
    expect(dates).toEqual(expect.arrayContaining(['2026-05-01', '2026-05-02', '2026-10-01', '2026-10-02', '2026-10-03', '2026-01-01']));
    expect(dates).toHaveLength(13);
    // Chinese New Year 2025 is 29 January.
    expect(holidaysFromDateHolidays('CN', 2025).filter((h) => h.name.includes('春节')).map((h) => h.date)).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(validateCalendar({ timezone: 'Asia/Shanghai', working_intervals: [], holidays: cn2026 })).toEqual([]);
  });

  it('keeps the rules before 2025 (three Spring Festival days, one Labour Day)', () => {
    const cn2024 = holidaysFromDateHolidays('CN', 2024, { language: 'en' });
    expect(cn2024.filter((h) => h.name === 'Spring Festival')).toHaveLength(3);
    expect(cn2024.map((h) => h.date)).not.toContain('2024-05-02');
  });
});
