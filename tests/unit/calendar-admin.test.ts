/**
 * Issue 15 (calendars and contracts in the Content Manager): row labels, the shipped Content
 * Manager configuration applied without overwriting admin changes, public holidays for everyone.
 */
import { holidaysFromDateHolidays, validateCalendar } from '../../src/plugins/support-desk/server/src/sla';
import { intervalLabel, targetLabel, formatMinutes, withLabels } from '../../src/plugins/support-desk/server/src/calendar/labels';
import { applyShipped, SHIPPED_CALENDAR_CM } from '../../src/plugins/support-desk/server/src/calendar/cm-config';

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

describe('shipped Content Manager configuration', () => {
  const interval = SHIPPED_CALENDAR_CM.find((m) => m.uid === 'calendar.working-interval')!;
  const strapiDefault = { settings: { mainField: 'start', pageSize: 10 }, metadatas: { start: { edit: { label: 'start', description: '' } } }, layouts: { edit: [[{ name: 'weekday', size: 6 }]] } };

  it('applies every setting on first boot and records it', () => {
    const first = applyShipped(strapiDefault, interval.settings, {});
    expect(first.changed).toBe(true);
    expect((first.config.settings as any).mainField).toBe('label');
    expect((first.config.settings as any).pageSize).toBe(10);
    expect((first.config.metadatas as any).start.edit.label).toBe('Start');
    expect((first.config.metadatas as any).label.edit.visible).toBe(false);
    expect(first.applied['settings.mainField']).toBe('label');
    expect(first.kept).toEqual([]);
    // Idempotent: the second boot changes nothing.
    const second = applyShipped(first.config, interval.settings, first.applied);
    expect(second.changed).toBe(false);
    expect(second.config).toEqual(first.config);
  });

  it('keeps what the admin changed since, and still applies the rest', () => {
    const first = applyShipped(strapiDefault, interval.settings, {});
    const edited = JSON.parse(JSON.stringify(first.config));
    edited.settings.mainField = 'weekday';
    edited.metadatas.start.edit.label = 'Von';
    delete edited.metadatas.end.edit.description; // removed by the admin: stays removed
    const again = applyShipped(edited, interval.settings, first.applied);
    expect(again.config.settings).toMatchObject({ mainField: 'weekday' });
    expect((again.config.metadatas as any).start.edit.label).toBe('Von');
    expect(again.kept.sort()).toEqual(['metadatas.end.edit.description', 'metadatas.start.edit.label', 'settings.mainField']);
    // A later boot still leaves them.
    expect(applyShipped(again.config, interval.settings, again.applied).kept).toHaveLength(3);
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
