/**
 * Pure rules of the dashboard's per-day rollups (services/dashboard-rollup.ts; no Strapi import).
 *
 * - `splitPeriod`: a period [from, to) is the whole UTC days inside it (read from the rollups) and
 *   at most two partial days at its edges (read live from the tickets). `from` may be null: "since
 *   ever" (the backlog at the period's start counts every ticket created before it).
 * - `histogramPercentile`: the percentile of metrics/percentile.ts (percentile_cont) over a
 *   histogram value → count, so the rollups can keep whole business minutes per day instead of the
 *   tickets and still answer exactly the same median and p90.
 */

const DAY = 86_400_000;

export interface Range {
  from: Date | null;
  to: Date;
}

export interface PeriodSplit {
  /** The whole UTC days, [from, to) with both at midnight UTC (from null = since ever); null when none. */
  whole: Range | null;
  /** The parts of the period outside the whole days (0, 1 or 2 ranges, each within one UTC day). */
  edges: Array<{ from: Date; to: Date }>;
}

const floorDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY) * DAY);
const ceilDay = (d: Date) => new Date(Math.ceil(d.getTime() / DAY) * DAY);

export function splitPeriod(from: Date | null, to: Date): PeriodSplit {
  if (from && from.getTime() >= to.getTime()) return { whole: null, edges: [] };
  const wholeFrom = from ? ceilDay(from) : null;
  const wholeTo = floorDay(to);
  if (wholeFrom && wholeFrom.getTime() >= wholeTo.getTime()) {
    // No whole day inside (e.g. 10:00 to 18:00, or 10:00 to 09:00 the next day): all live.
    return { whole: null, edges: [{ from: from as Date, to }] };
  }
  const edges: Array<{ from: Date; to: Date }> = [];
  if (from && wholeFrom && wholeFrom.getTime() > from.getTime()) edges.push({ from, to: wholeFrom });
  if (wholeTo.getTime() < to.getTime()) edges.push({ from: wholeTo, to });
  return { whole: { from: wholeFrom, to: wholeTo }, edges };
}

/** `YYYY-MM-DD` of a UTC day (the rollups' `day`). */
export const dayText = (d: Date) => d.toISOString().slice(0, 10);
/** The UTC midnight of a rollup day given as `YYYY-MM-DD` (or a Date the driver made of it). */
export const dayStart = (v: string | Date) => (v instanceof Date ? new Date(Date.UTC(v.getFullYear(), v.getMonth(), v.getDate())) : new Date(`${String(v).slice(0, 10)}T00:00:00.000Z`));

/**
 * percentile_cont over a histogram: value → count (counts ≤ 0 ignored: a correction can leave a
 * zero, never a negative, when the rollup and the contributions agree). Null when empty.
 */
export function histogramPercentile(histogram: ReadonlyMap<number, number>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile fraction ${p} is not in [0, 1]`);
  const entries = [...histogram.entries()].filter(([v, n]) => n > 0 && Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  if (!total) return null;
  const r = p * (total - 1);
  const lo = Math.floor(r);
  const hi = Math.min(lo + 1, total - 1);
  // The values at 0-based ranks lo and hi of the sorted multiset.
  let seen = 0;
  let xLo: number | null = null;
  let xHi: number | null = null;
  for (const [v, n] of entries) {
    if (xLo === null && lo < seen + n) xLo = v;
    if (hi < seen + n) {
      xHi = v;
      break;
    }
    seen += n;
  }
  return (xLo as number) + ((xHi as number) - (xLo as number)) * (r - lo);
}

/** Adds `count` to `value` in `histogram` (creating it). */
export function addToHistogram(histogram: Map<number, number>, value: number, count: number): void {
  histogram.set(value, (histogram.get(value) ?? 0) + count);
}
