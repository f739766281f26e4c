/** Value formatting and escaping for notification templates (pure). */
import { DateTime } from 'luxon';
import type { MessageLocale } from './locale';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A payload value as display text: strings trimmed, numbers as is, anything else empty. */
export function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** One line (subjects, table cells): control characters and line breaks become spaces. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

export function isValidTimeZone(zone: unknown): zone is string {
  return typeof zone === 'string' && zone.length > 0 && DateTime.now().setZone(zone).isValid;
}

function toDateTime(value: unknown): DateTime | null {
  let dt: DateTime | null = null;
  if (value instanceof Date) dt = DateTime.fromJSDate(value);
  else if (typeof value === 'number') dt = DateTime.fromMillis(value);
  else if (typeof value === 'string' && value.trim()) dt = DateTime.fromISO(value.trim(), { setZone: false });
  return dt && dt.isValid ? dt : null;
}

const DATE_FORMAT: Record<MessageLocale, string> = { 'zh-Hans': 'yyyy年M月d日 HH:mm', en: 'ccc d LLL yyyy, HH:mm' };
const LUXON_LOCALE: Record<MessageLocale, string> = { 'zh-Hans': 'zh-CN', en: 'en-GB' };

/** An instant in the reader's zone, e.g. `2026年11月30日 09:30 (Asia/Shanghai)` / `Mon 30 Nov 2026, 09:30 (Asia/Shanghai)`; '' if not a date. */
export function formatInstant(value: unknown, zone: string, locale: MessageLocale): string {
  const dt = toDateTime(value);
  if (!dt) return text(value);
  return `${dt.setZone(zone).setLocale(LUXON_LOCALE[locale]).toFormat(DATE_FORMAT[locale])} (${zone})`;
}

/** A window `start–end` in the reader's zone; the end shows its time only when it is the same local day. */
export function formatWindow(start: unknown, end: unknown, zone: string, locale: MessageLocale): string {
  const s = toDateTime(start);
  const e = toDateTime(end);
  if (!s) return text(start);
  const from = s.setZone(zone).setLocale(LUXON_LOCALE[locale]);
  if (!e) return `${from.toFormat(DATE_FORMAT[locale])} (${zone})`;
  const to = e.setZone(zone).setLocale(LUXON_LOCALE[locale]);
  const toText = from.hasSame(to, 'day') ? to.toFormat('HH:mm') : to.toFormat(DATE_FORMAT[locale]);
  return `${from.toFormat(DATE_FORMAT[locale])}–${toText} (${zone})`;
}

/** Only absolute http(s) URLs become links. */
export function safeUrl(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
