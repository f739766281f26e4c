/**
 * Local wall-clock times of a working interval (pure; shared by the server's calendar check in
 * sla/business-hours.ts and the admin's time input, admin/src/components/TimeInput.tsx).
 *
 * `HH:MM` (also `HH:MM:SS[.sss]` with zero seconds, as Strapi `time` fields serialize). A start lies
 * in 00:00–23:59, an end in 00:01–24:00 (24:00 ends the day). The same rule as a regular expression
 * is the `regex` of `start` / `end` in src/components/calendar/working-interval.json, so the Content
 * Manager refuses an impossible time in the browser before any request (unit test: they agree).
 */

const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** Minutes since local midnight, or null. `end`: 00:01–24:00, else 00:00–23:59. */
export function parseTime(value: unknown, end: boolean): number | null {
  if (typeof value !== 'string') return null;
  const m = TIME_RE.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (m[3] !== undefined && Number(m[3]) !== 0) return null;
  if (m[4] !== undefined && Number(m[4]) !== 0) return null;
  if (min > 59) return null;
  if (h === 24 && min === 0 && end) return 1440;
  if (h > 23) return null;
  if (end && h === 0 && min === 0) return null;
  return h * 60 + min;
}

const SECONDS = '(?::00(?:\\.0{1,3})?)?';
/** `parseTime(v, false) !== null` as a pattern (the schema's `regex` of `start`). */
export const START_PATTERN = `^(?:[01]\\d|2[0-3]):[0-5]\\d${SECONDS}$`;
/** `parseTime(v, true) !== null` as a pattern (the schema's `regex` of `end`). */
export const END_PATTERN = `^(?!00:00${SECONDS}$)(?:(?:[01]\\d|2[0-3]):[0-5]\\d|24:00)${SECONDS}$`;

/** What a time must be (English; the admin has it in en and zh-Hans as `time.error.start|end`). */
export function timeRule(end: boolean): string {
  return end ? 'Time must be HH:MM between 00:01 and 24:00 (24:00 ends the day)' : 'Time must be HH:MM between 00:00 and 23:59';
}

/** The refusal of an impossible time, naming what was sent (at most 20 characters of it). */
export function timeProblem(value: unknown, end: boolean): string | null {
  if (parseTime(value, end) !== null) return null;
  const got = typeof value === 'string' && value !== '' ? ` (got "${value.slice(0, 20)}")` : '';
  return `${timeRule(end)}${got}`;
}
