/**
 * Row labels of calendars and SLA contracts (pure). The Content Manager names a repeatable
 * component row by one field (its "main field"), so each working interval and SLA target stores a
 * label computed from its other fields on every write (documents/sla-config.ts) and at bootstrap
 * for rows written before the label existed: "Mon 09:00–18:00", "P1 — response 30 min, resolution 4 h".
 */
import { WEEKDAYS } from '../sla/business-hours';

const WEEKDAY_NAMES: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

const hhmm = (v: unknown) => (typeof v === 'string' ? v.slice(0, 5) : '');

/** "Mon 09:00–18:00" (whatever is missing stays out: a row being filled in still gets a label). */
export function intervalLabel(row: { weekday?: unknown; start?: unknown; end?: unknown }): string {
  const day = typeof row.weekday === 'string' && (WEEKDAYS as readonly string[]).includes(row.weekday) ? WEEKDAY_NAMES[row.weekday] : '';
  const hours = [hhmm(row.start), hhmm(row.end)].filter(Boolean).join('–');
  return [day, hours].filter(Boolean).join(' ');
}

/** Business minutes as a reader says them: "30 min", "4 h", "1 h 30 min". */
export function formatMinutes(minutes: unknown): string {
  const n = Number(minutes);
  if (!Number.isFinite(n) || n <= 0) return '';
  const h = Math.floor(n / 60);
  const m = Math.round(n % 60);
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** "P1 — response 30 min, resolution 4 h". */
export function targetLabel(row: { priority?: unknown; first_response_minutes?: unknown; resolution_minutes?: unknown }): string {
  const parts = [
    formatMinutes(row.first_response_minutes) && `response ${formatMinutes(row.first_response_minutes)}`,
    formatMinutes(row.resolution_minutes) && `resolution ${formatMinutes(row.resolution_minutes)}`,
  ].filter(Boolean);
  const priority = typeof row.priority === 'string' ? row.priority : '';
  return [priority, parts.join(', ')].filter(Boolean).join(' — ');
}

/** The rows with their labels set (other fields untouched); anything that is not a list is returned as is. */
export function withLabels<T>(rows: T, label: (row: Record<string, unknown>) => string): T {
  if (!Array.isArray(rows)) return rows;
  return rows.map((row) => (row && typeof row === 'object' ? { ...row, label: label(row as Record<string, unknown>) } : row)) as T;
}
