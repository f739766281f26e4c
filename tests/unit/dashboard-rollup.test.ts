/**
 * The rollups' pure rules (metrics/rollup.ts): which whole UTC days and partial edge days a period
 * splits into, and percentiles over a histogram equal to the reference percentile (percentile_cont).
 */
import { splitPeriod, histogramPercentile, addToHistogram, dayStart, dayText } from '../../src/plugins/support-desk/server/src/metrics/rollup';
import { percentile } from '../../src/plugins/support-desk/server/src/metrics/percentile';

const d = (s: string) => new Date(s);

describe('splitPeriod', () => {
  it('midnight to midnight: whole days only', () => {
    expect(splitPeriod(d('2026-11-02T00:00:00Z'), d('2026-11-09T00:00:00Z'))).toEqual({ whole: { from: d('2026-11-02T00:00:00Z'), to: d('2026-11-09T00:00:00Z') }, edges: [] });
  });
  it('partial days at both edges', () => {
    expect(splitPeriod(d('2026-11-02T07:30:00Z'), d('2026-11-09T15:00:00Z'))).toEqual({
      whole: { from: d('2026-11-03T00:00:00Z'), to: d('2026-11-09T00:00:00Z') },
      edges: [
        { from: d('2026-11-02T07:30:00Z'), to: d('2026-11-03T00:00:00Z') },
        { from: d('2026-11-09T00:00:00Z'), to: d('2026-11-09T15:00:00Z') },
      ],
    });
  });
  it('no whole day inside: one live range', () => {
    expect(splitPeriod(d('2026-11-02T07:00:00Z'), d('2026-11-02T18:00:00Z'))).toEqual({ whole: null, edges: [{ from: d('2026-11-02T07:00:00Z'), to: d('2026-11-02T18:00:00Z') }] });
    expect(splitPeriod(d('2026-11-02T07:00:00Z'), d('2026-11-03T06:00:00Z'))).toEqual({ whole: null, edges: [{ from: d('2026-11-02T07:00:00Z'), to: d('2026-11-03T06:00:00Z') }] });
  });
  it('exactly one whole day between two partial ones', () => {
    expect(splitPeriod(d('2026-11-02T23:00:00Z'), d('2026-11-04T01:00:00Z')).whole).toEqual({ from: d('2026-11-03T00:00:00Z'), to: d('2026-11-04T00:00:00Z') });
  });
  it('since ever (from null): every day before the end, its own day live', () => {
    expect(splitPeriod(null, d('2026-11-02T07:30:00Z'))).toEqual({ whole: { from: null, to: d('2026-11-02T00:00:00Z') }, edges: [{ from: d('2026-11-02T00:00:00Z'), to: d('2026-11-02T07:30:00Z') }] });
    expect(splitPeriod(null, d('2026-11-02T00:00:00Z'))).toEqual({ whole: { from: null, to: d('2026-11-02T00:00:00Z') }, edges: [] });
  });
  it('an empty period has nothing', () => {
    expect(splitPeriod(d('2026-11-02T00:00:00Z'), d('2026-11-02T00:00:00Z'))).toEqual({ whole: null, edges: [] });
  });
  it('day texts and starts are UTC', () => {
    expect(dayText(d('2026-11-02T23:59:59Z'))).toBe('2026-11-02');
    expect(dayStart('2026-11-02')).toEqual(d('2026-11-02T00:00:00Z'));
  });
});

describe('histogramPercentile = percentile over the expanded values', () => {
  const expand = (h: Map<number, number>) => [...h].flatMap(([v, n]) => Array(Math.max(n, 0)).fill(v));
  it('hand-worked: 10, 20, 30, 40', () => {
    const h = new Map([[40, 1], [10, 1], [30, 1], [20, 1]]);
    expect(histogramPercentile(h, 0.5)).toBe(25);
    expect(histogramPercentile(h, 0.9)).toBeCloseTo(37, 10);
  });
  it('repeated values and zero counts (a corrected bucket)', () => {
    const h = new Map([[5, 3], [7, 0], [9, 2]]); // 5 5 5 9 9
    expect(histogramPercentile(h, 0.5)).toBe(5);
    expect(histogramPercentile(h, 0.9)).toBeCloseTo(9, 10);
    expect(histogramPercentile(new Map([[7, 0]]), 0.5)).toBeNull();
  });
  it('matches the reference on pseudo-random histograms', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 200; round++) {
      const h = new Map<number, number>();
      const size = 1 + Math.floor(rnd() * 40);
      for (let i = 0; i < size; i++) addToHistogram(h, Math.floor(rnd() * 60), 1 + Math.floor(rnd() * 4));
      for (const p of [0, 0.5, 0.9, 1]) expect(histogramPercentile(h, p)).toBeCloseTo(percentile(expand(h), p) as number, 9);
    }
  });
  it('refuses a fraction outside [0, 1]', () => {
    expect(() => histogramPercentile(new Map([[1, 1]]), 1.5)).toThrow(RangeError);
  });
});
