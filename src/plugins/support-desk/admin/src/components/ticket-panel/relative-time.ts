/** The unit and value `Intl.RelativeTimeFormat` (react-intl's formatRelativeTime) reads best for a distance in ms. Pure. */
export type RelativeUnit = 'second' | 'minute' | 'hour' | 'day';

export function relativeParts(targetMs: number, nowMs: number): { value: number; unit: RelativeUnit } {
  const diff = targetMs - nowMs;
  const abs = Math.abs(diff);
  const sign = diff < 0 ? -1 : 1;
  if (abs < 60_000) return { value: sign * Math.round(abs / 1000), unit: 'second' };
  if (abs < 3_600_000) return { value: sign * Math.round(abs / 60_000), unit: 'minute' };
  if (abs < 86_400_000) return { value: sign * Math.round(abs / 3_600_000), unit: 'hour' };
  return { value: sign * Math.round(abs / 86_400_000), unit: 'day' };
}
