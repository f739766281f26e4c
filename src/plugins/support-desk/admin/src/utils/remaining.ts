/** Time left until a deadline as a short countdown ("2d 03h", "3h 05m", "12m 04s"); negative: overdue. Pure. */
export function formatRemaining(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d) return `${sign}${d}d ${two(h)}h`;
  if (h) return `${sign}${h}h ${two(m)}m`;
  return `${sign}${m}m ${two(s)}s`;
}

/** Badge colour of a countdown: overdue, under an hour, running. */
export const remainingTone = (ms: number): 'danger' | 'warning' | 'secondary' => (ms < 0 ? 'danger' : ms < 3_600_000 ? 'warning' : 'secondary');
