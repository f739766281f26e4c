/**
 * Period presets of the dashboard and the SLA report. The pages show the last day included
 * (`until`); the API takes [from, to) with `to` excluded, so `to` = until + 1 day. Dates are UTC days.
 */
export const PERIOD_PRESETS = ['last7', 'last30', 'last90', 'thisMonth', 'lastMonth', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** From and until (both included, YYYY-MM-DD) of a preset. */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, now = new Date()): { from: string; until: string } {
  const today = utcDay(now);
  switch (preset) {
    case 'last7':
      return { from: iso(new Date(today.getTime() - 6 * DAY)), until: iso(today) };
    case 'last30':
      return { from: iso(new Date(today.getTime() - 29 * DAY)), until: iso(today) };
    case 'last90':
      return { from: iso(new Date(today.getTime() - 89 * DAY)), until: iso(today) };
    case 'thisMonth':
      return { from: iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1))), until: iso(today) };
    default: {
      const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
      return { from: iso(first), until: iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1) - DAY)) };
    }
  }
}

/** The API's `to` (exclusive) for an inclusive `until`; null when the date is not valid. */
export function exclusiveTo(until: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) return null;
  const d = new Date(`${until}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) ? null : iso(new Date(d.getTime() + DAY));
}
