/**
 * The dashboard's pure rules: the percentile definition (values worked out by hand), the FCR rule,
 * CSV for spreadsheets, the period parser and its buckets, business minutes stored on tickets.
 */
import { percentile, percentileSql } from '../../src/plugins/support-desk/server/src/metrics/percentile';
import { fcrSql, isFirstContactResolution } from '../../src/plugins/support-desk/server/src/metrics/fcr';
import { toCsv } from '../../src/plugins/support-desk/server/src/metrics/csv';
import { bucketKey, bucketStarts, parseDashboardQuery } from '../../src/plugins/support-desk/server/src/metrics/period';
import { firstResponseBusinessMinutes, resolutionBusinessMinutes } from '../../src/plugins/support-desk/server/src/metrics/business-minutes';
import { compileCalendar } from '../../src/plugins/support-desk/server/src/sla/business-hours';

describe('percentile (continuous, linear interpolation like PostgreSQL percentile_cont)', () => {
  it.each([
    [[10, 20, 30, 40], 0.5, 25],
    [[10, 20, 30, 40], 0.9, 37],
    [[40, 10, 30, 20], 0.9, 37],
    [[5], 0.9, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9, 10],
    [[10, 20, 30, 40, 120], 0.9, 88],
    [[0, 100], 0.5, 50],
  ])('%j at %p is %p', (values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 9);
  });
  it('no values → null; a fraction outside [0, 1] is refused', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
  it('SQL: percentile_cont on PostgreSQL, window functions on SQLite, nothing but the fixed fractions inlined', () => {
    expect(percentileSql('postgres', 'SELECT 0 AS k, x AS v FROM t')).toContain('percentile_cont(0.9) WITHIN GROUP (ORDER BY s.v)');
    const lite = percentileSql('sqlite', 'SELECT 0 AS k, x AS v FROM t');
    expect(lite).toContain('ROW_NUMBER() OVER (PARTITION BY s.k ORDER BY s.v)');
    expect(lite).not.toContain('percentile_cont');
  });
});

describe('first-contact resolution', () => {
  it.each([
    [{ resolved: true, reopenCount: 0, publicAgentMessages: 0 }, true],
    [{ resolved: true, reopenCount: 0, publicAgentMessages: 1 }, true],
    [{ resolved: true, reopenCount: 0, publicAgentMessages: 2 }, false],
    [{ resolved: true, reopenCount: 1, publicAgentMessages: 0 }, false],
    [{ resolved: false, reopenCount: 0, publicAgentMessages: 0 }, false],
    [{ resolved: true, reopenCount: 0, publicAgentMessages: null }, false],
  ])('%j → %p', (input, expected) => {
    expect(isFirstContactResolution(input)).toBe(expected);
  });
  it('the SQL names the same columns and bound', () => {
    expect(fcrSql('t.')).toBe('(t.public_agent_messages IS NOT NULL AND t.public_agent_messages <= 1 AND t.reopen_count = 0)');
  });
});

describe('CSV', () => {
  it('starts with a BOM, quotes what needs quoting, CRLF lines, defuses formulas', () => {
    const csv = toCsv(
      [
        { header: 'name', value: (r: any) => r.name },
        { header: 'n', value: (r: any) => r.n },
      ],
      [
        { name: '风扇, "Fan"', n: 3 },
        { name: '=HYPERLINK("x")', n: -2 },
        { name: null, n: 1.5 },
      ],
    );
    expect(csv).toBe('\uFEFFname,n\r\n"风扇, ""Fan""",3\r\n"\'=HYPERLINK(""x"")",-2\r\n,1.5\r\n');
  });
});

describe('dashboard query', () => {
  const now = new Date('2026-12-01T08:00:00Z');
  it('defaults to the 30 days before now, by day', () => {
    const { query, problems } = parseDashboardQuery({}, now);
    expect(problems).toEqual([]);
    expect(query).toEqual({ from: new Date('2026-11-01T08:00:00Z'), to: now, trend: 'day', group: null, productLine: null });
  });
  it('a long period trends by week; dates are midnight UTC', () => {
    const { query } = parseDashboardQuery({ from: '2026-01-01', to: '2026-07-01', group: 'NET', productLine: 'Network Switches' }, now);
    expect(query).toMatchObject({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-07-01T00:00:00Z'), trend: 'week', group: 'NET', productLine: 'Network Switches' });
  });
  it.each([
    [{ from: '2026-11-09', to: '2026-11-02' }, 'to'],
    [{ from: '2026-02-30' }, 'from'],
    [{ to: '2026-11-02T10:00' }, 'to'],
    [{ trend: 'year' }, 'trend'],
    [{ from: '2020-01-01', to: '2026-01-01', trend: 'day' }, 'trend'],
    [{ group: ['a', 'b'] }, 'group'],
    [{ productLine: 'x'.repeat(101) }, 'productLine'],
  ])('%j → a problem with %p', (q, param) => {
    expect(parseDashboardQuery(q as Record<string, unknown>, now).problems.map((p) => p.param)).toEqual([param]);
  });
  it('buckets: UTC days and ISO weeks (2027-01-01 is in 2026-W53)', () => {
    expect(bucketStarts(new Date('2026-11-02T10:00Z'), new Date('2026-11-04T00:00Z'), 'day').map((d) => bucketKey(d, 'day'))).toEqual(['2026-11-02', '2026-11-03']);
    expect(bucketStarts(new Date('2026-12-30T00:00Z'), new Date('2027-01-05T00:00Z'), 'week').map((d) => bucketKey(d, 'week'))).toEqual(['2026-W53', '2027-W01']);
    expect(bucketKey(new Date('2026-11-30T12:00Z'), 'week')).toBe('2026-W49');
  });
});

describe('business minutes stored on the ticket', () => {
  // Asia/Shanghai, Mon–Fri 09:00–12:00 and 13:00–18:00 (ARCHITECTURE.md worked examples)
  const cal = compileCalendar({
    timezone: 'Asia/Shanghai',
    working_intervals: ['mon', 'tue', 'wed', 'thu', 'fri'].flatMap((weekday) => [
      { weekday, start: '09:00', end: '12:00' },
      { weekday, start: '13:00', end: '18:00' },
    ]) as any,
    holidays: [],
    extra_working_days: [],
  });
  it('first response: Fri 17:30 → Mon 09:30 local is 60 business minutes', () => {
    expect(firstResponseBusinessMinutes(new Date('2026-11-27T09:30:00Z'), new Date('2026-11-30T01:30:00Z'), cal)).toBe(60);
  });
  it('resolution: Mon 11:30 → Mon 14:30 local is 120 business minutes, minus 30 paused = 90; 24×7 without a calendar', () => {
    expect(resolutionBusinessMinutes(new Date('2026-11-30T03:30:00Z'), new Date('2026-11-30T06:30:00Z'), 30, cal)).toBe(90);
    expect(resolutionBusinessMinutes(new Date('2026-11-30T03:30:00Z'), new Date('2026-11-30T06:30:00Z'), 30, null)).toBe(150);
    expect(resolutionBusinessMinutes(new Date('2026-11-30T06:30:00Z'), new Date('2026-11-30T03:30:00Z'), 0, null)).toBe(0);
  });
});

describe('monthly report', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mr = require('../../src/plugins/support-desk/server/src/metrics/monthly-report') as typeof import('../../src/plugins/support-desk/server/src/metrics/monthly-report');
  it('months are UTC calendar months; the report on the 1st covers the month before (across a year)', () => {
    expect(mr.parseMonth('2026-12')).toEqual({ month: '2026-12', from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
    for (const bad of ['2026-13', '2026-1', 'Nov', 202611, null]) expect(mr.parseMonth(bad)).toBeNull();
    expect(mr.previousMonth(new Date('2027-01-01T07:00:00Z'))).toBe('2026-12');
    expect(mr.previousMonth(new Date('2026-03-01T00:00:00Z'))).toBe('2026-02');
  });
  it('the printable page escapes every text (a root cause or an answer cannot inject markup)', () => {
    const report: any = {
      month: '2026-11', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z',
      volumes: { opened: 1, resolved: 1, backlog_end: 0, by_channel: [{ channel: 'web', tickets: 1 }] },
      sla: { tickets: 1, first_response_compliance: 100, resolution_compliance: null },
      times: { first_response_median: 5, resolution_median: 10, resolution_p90: 10 },
      csat: { responses: 0, average: null, satisfied_percent: null }, fcr_rate: 100, reopen_rate: 0,
      top_faults: [{ category: '<img src=x onerror=alert(1)>', tickets: 1, percent: 100, root_causes: [{ root_cause: '"><script>x()</script>', tickets: 1 }] }],
      top_models: [], escalations: [{ number: 'TS-1', department: 'rd', state: 'answered', reason: 'a & b', answer: '<b>fixed</b>', raised_at: '2026-11-02T00:00:00.000Z', answered_at: null }],
    };
    const html = mr.monthlyReportHtml(report, 'en');
    expect(html).not.toMatch(/<script|<img|<b>fixed/);
    expect(html).toContain('&lt;b&gt;fixed&lt;/b&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('a &amp; b');
    expect(html).toContain('<td>–</td>'.slice(0, 4));
    const csv = mr.monthlyReportCsv(report);
    expect(csv.startsWith('\uFEFFSupport report 2026-11\r\n')).toBe(true);
    expect(csv.match(/\uFEFF/g)).toHaveLength(1);
  });
});
