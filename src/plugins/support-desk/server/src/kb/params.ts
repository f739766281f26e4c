/**
 * Validation of the public KB endpoints' query parameters. Pure: returns values or throws
 * KbInputError with a message a person can act on (the controller turns it into HTTP 400).
 */
export class KbInputError extends Error {
  constructor(message: string, public details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'KbInputError';
  }
}

export const KB_LOCALES = ['en', 'zh-Hans'] as const;
export type KbLocale = (typeof KB_LOCALES)[number];
export const DEFAULT_LOCALE: KbLocale = 'en';
export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_QUERY_LENGTH = 200;
export const MAX_PAGE = 1000;

type Raw = Record<string, unknown>;

/** Rejects parameters the endpoint does not know (filters, populate, status, fields, sort ...). */
export function assertOnly(query: Raw, allowed: string[]) {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw new KbInputError(`Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; this endpoint accepts ${allowed.map((k) => `"${k}"`).join(', ')}.`, { unknown, allowed });
  }
}

const single = (name: string, v: unknown): string | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new KbInputError(`"${name}" must be given once, as plain text.`, { param: name });
  return v;
};

/** Accepts a locale code case-insensitively ("zh-hans" → "zh-Hans"). */
export function parseLocale(v: unknown, fallback: KbLocale = DEFAULT_LOCALE): KbLocale {
  const s = single('locale', v);
  if (s === undefined || s === '') return fallback;
  const found = KB_LOCALES.find((l) => l.toLowerCase() === s.toLowerCase());
  if (!found) throw new KbInputError(`Unknown locale "${s.slice(0, 40)}"; use one of ${KB_LOCALES.join(', ')}.`, { param: 'locale', allowed: KB_LOCALES });
  return found;
}

/** How the locale of a search was chosen (reported in meta.localeSource). */
export type LocaleSource = 'parameter' | 'script' | 'accept-language' | 'default';

/** The KB locale an Accept-Language header prefers (q-values honoured; any zh → zh-Hans), if any. */
export function localeFromAcceptLanguage(header: string | undefined | null): KbLocale | undefined {
  if (!header) return undefined;
  const prefs = header.slice(0, 500).split(',').map((part, i) => {
    const [tag, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)).find(Boolean);
    return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, i };
  }).filter((p) => p.tag && p.q > 0 && !Number.isNaN(p.q));
  prefs.sort((a, b) => b.q - a.q || a.i - b.i);
  for (const p of prefs) {
    if (p.tag === 'zh' || p.tag.startsWith('zh-')) return 'zh-Hans';
    if (p.tag === 'en' || p.tag.startsWith('en-')) return 'en';
  }
  return undefined;
}

/**
 * The locale to search when the caller gave none: Chinese characters in the text → zh-Hans;
 * otherwise the caller's Accept-Language; otherwise the default.
 */
export function detectLocale(text: string, acceptLanguage?: string | null, fallback: KbLocale = DEFAULT_LOCALE): { locale: KbLocale; source: LocaleSource } {
  if (/\p{Script=Han}/u.test(text)) return { locale: 'zh-Hans', source: 'script' };
  const accepted = localeFromAcceptLanguage(acceptLanguage);
  if (accepted) return { locale: accepted, source: 'accept-language' };
  return { locale: fallback, source: 'default' };
}

function positiveInt(name: string, v: unknown, dflt: number, max?: number): number {
  const s = single(name, v);
  if (s === undefined || s === '') return dflt;
  if (!/^-?\d+$/.test(s)) throw new KbInputError(`"${name}" must be a whole number, not "${s.slice(0, 40)}".`, { param: name });
  const n = Number(s);
  if (n < 1) throw new KbInputError(`"${name}" must be 1 or more, not ${s.slice(0, 40)}.`, { param: name });
  if (max !== undefined && n > max) throw new KbInputError(`"${name}" must be at most ${max}.`, { param: name, max });
  return n;
}

export interface Paging {
  page: number;
  pageSize: number;
  withCount: boolean;
}

/** page ≥ 1 (at most 1000), pageSize capped at 50 (larger asks get 50), withCount true|false. */
export function parsePaging(query: Raw): Paging {
  const page = positiveInt('page', query.page, 1, MAX_PAGE);
  const pageSize = Math.min(positiveInt('pageSize', query.pageSize, DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const wc = single('withCount', query.withCount);
  if (wc !== undefined && !['true', 'false', '1', '0'].includes(wc)) throw new KbInputError(`"withCount" must be true or false, not "${wc.slice(0, 40)}".`, { param: 'withCount' });
  return { page, pageSize, withCount: wc === undefined || wc === 'true' || wc === '1' };
}

export function parseSearchText(v: unknown, name = 'q', max = MAX_QUERY_LENGTH): string {
  const s = single(name, v);
  if (s === undefined || s.trim() === '') throw new KbInputError(`"${name}" is required: type at least one word or character to search for.`, { param: name });
  if (s.length > max) throw new KbInputError(`"${name}" is ${s.length} characters long; keep it to ${max} or fewer.`, { param: name, max });
  // A trailing space stays: it tells the parser the last word is finished (no prefix match).
  return s.replace(/^\s+/, '');
}

export function parseSlug(v: unknown, name = 'category'): string | undefined {
  const s = single(name, v);
  if (s === undefined || s === '') return undefined;
  if (!/^[A-Za-z0-9_.~-]{1,200}$/.test(s)) throw new KbInputError(`"${name}" must be a slug (letters, digits, - _ . ~).`, { param: name });
  return s;
}

/** Body of POST /kb/suggest: a ticket's subject and description. */
export function parseSuggestBody(body: unknown): { subject: string; description: string; locale?: unknown; limit: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new KbInputError('Send a JSON object: { "subject": "...", "description": "...", "locale": "en" }.');
  const b = body as Raw;
  const subject = typeof b.subject === 'string' ? b.subject : '';
  const description = typeof b.description === 'string' ? b.description : '';
  if (b.subject !== undefined && typeof b.subject !== 'string') throw new KbInputError('"subject" must be text.', { param: 'subject' });
  if (b.description !== undefined && typeof b.description !== 'string') throw new KbInputError('"description" must be text.', { param: 'description' });
  if (!subject.trim() && !description.trim()) throw new KbInputError('Give a "subject" or a "description" to suggest articles for.');
  if (subject.length > 500) throw new KbInputError(`"subject" is ${subject.length} characters long; keep it to 500 or fewer.`, { param: 'subject' });
  if (description.length > 20000) throw new KbInputError(`"description" is ${description.length} characters long; keep it to 20000 or fewer.`, { param: 'description' });
  let limit = 5;
  if (b.limit !== undefined) {
    if (!Number.isInteger(b.limit) || (b.limit as number) < 1 || (b.limit as number) > 10) throw new KbInputError('"limit" must be a whole number from 1 to 10.', { param: 'limit' });
    limit = b.limit as number;
  }
  return { subject, description, locale: b.locale, limit };
}

export function parseFeedbackBody(body: unknown): { helpful: boolean } {
  const b = (body && typeof body === 'object' ? body : {}) as Raw;
  if (typeof b.helpful !== 'boolean') throw new KbInputError('Send { "helpful": true } or { "helpful": false }.', { param: 'helpful' });
  return { helpful: b.helpful };
}
