/**
 * The one definition of a percentile in the dashboard (pure: no Strapi import).
 *
 * Continuous percentile with linear interpolation — PostgreSQL's `percentile_cont`: for the n values
 * sorted ascending x[0] ≤ … ≤ x[n-1] and a fraction p in [0, 1], the position is r = p·(n − 1);
 * the result is x[⌊r⌋] + (x[⌊r⌋+1] − x[⌊r⌋])·(r − ⌊r⌋) (x[⌊r⌋] when ⌊r⌋ = n − 1). No values → null.
 * Example: median of 10, 20, 30, 40 is 25; p90 of 10, 20, 30, 40 is 37.
 *
 * `percentile` is the reference in JavaScript (unit tests); `percentileSql` is the same in SQL:
 * PostgreSQL's own `percentile_cont`, and on SQLite (which has none) the same formula over
 * `ROW_NUMBER()`/`COUNT()` window functions. tests/integration/dashboard.test.ts checks both
 * databases against hand-computed values.
 */

export type SqlDialect = 'postgres' | 'sqlite';

/** The fractions the dashboard asks for, by column name (only these reach SQL: no input is inlined). */
export const PERCENTILES = { p50: 0.5, p90: 0.9 } as const;
export type PercentileName = keyof typeof PERCENTILES;

export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile fraction ${p} is not in [0, 1]`);
  const xs = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v)).slice().sort((a, b) => a - b);
  if (!xs.length) return null;
  const r = p * (xs.length - 1);
  const lo = Math.floor(r);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo] + (xs[hi] - xs[lo]) * (r - lo);
}

/**
 * SQL answering one row per key `k` with the count `n` and one column per named percentile of `v`,
 * over `source` — a subquery (SQL text, parameters bound by the caller) with columns `k` and `v`.
 * Rows where `v` is NULL are left out. Use a constant `k` (e.g. `0 AS k`) for a single figure.
 */
export function percentileSql(dialect: SqlDialect, source: string, names: readonly PercentileName[] = ['p50', 'p90']): string {
  if (dialect === 'postgres') {
    const cols = names.map((name) => `percentile_cont(${PERCENTILES[name]}) WITHIN GROUP (ORDER BY s.v) AS ${name}`);
    return `SELECT s.k AS k, COUNT(*) AS n, ${cols.join(', ')} FROM (${source}) s WHERE s.v IS NOT NULL GROUP BY s.k`;
  }
  const pos = (p: number) => `(${p} * (w.n - 1))`;
  const floor = (p: number) => `CAST(${pos(p)} AS INTEGER)`;
  const picks = names.flatMap((name) => {
    const p = PERCENTILES[name];
    return [
      `MAX(CASE WHEN w.i = ${floor(p)} THEN w.v END) AS ${name}_lo`,
      `MAX(CASE WHEN w.i = ${floor(p)} + 1 THEN w.v END) AS ${name}_hi`,
      `MAX(${pos(p)} - ${floor(p)}) AS ${name}_frac`,
    ];
  });
  const cols = names.map((name) => `g.${name}_lo + (COALESCE(g.${name}_hi, g.${name}_lo) - g.${name}_lo) * g.${name}_frac AS ${name}`);
  return (
    `SELECT g.k AS k, g.n AS n, ${cols.join(', ')} FROM (` +
    `SELECT w.k AS k, MAX(w.n) AS n, ${picks.join(', ')} FROM (` +
    `SELECT s.k AS k, s.v AS v, ROW_NUMBER() OVER (PARTITION BY s.k ORDER BY s.v) - 1 AS i, COUNT(*) OVER (PARTITION BY s.k) AS n ` +
    `FROM (${source}) s WHERE s.v IS NOT NULL) w GROUP BY w.k) g`
  );
}

/** Minutes shown with one decimal (null stays null). */
export const roundMinutes = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
