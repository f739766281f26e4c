/**
 * Technical update notices (pure: no Strapi import).
 *
 * - A notice concerns product lines and/or models (`product_lines`, `models`: lists of names, as the
 *   assets' `product_line` / `model` hold them; compared trimmed and case-insensitively). At least one
 *   of the two lists is given.
 * - An asset is concerned when its product line or its model is named; an organization when it owns
 *   a concerned asset. Its contacts are told when the notice is published — exactly once per contact
 *   and notice, however often it is published again (the outbox dedupe key), unless the organization
 *   switched update-notice mail off (`mail_on_update_notice`).
 * - Each reader gets the title and notes in their language (en / zh-Hans; the other one when theirs
 *   is empty).
 */

export const NOTICE_SEVERITIES = ['info', 'recommended', 'critical'] as const;
export type NoticeSeverity = (typeof NOTICE_SEVERITIES)[number];

/** Most names per list and longest name (an asset's product_line / model is at most 100 characters). */
export const MAX_TARGETS = 50;
export const MAX_TARGET_LENGTH = 100;

export interface NoticeTargets {
  product_lines: string[];
  models: string[];
}

export type TargetsCheck = ({ ok: true } & NoticeTargets) | { ok: false; field: 'product_lines' | 'models'; message: string };

const norm = (s: string) => s.trim().toLowerCase();

function readList(value: unknown, field: 'product_lines' | 'models'): string[] | { field: typeof field; message: string } {
  if (value === undefined || value === null) return [];
  const what = field === 'models' ? 'model names' : 'product line names';
  if (!Array.isArray(value)) return { field, message: `${field} must be a list of ${what}, e.g. ["S5700", "S6700"] (got ${JSON.stringify(value)?.slice(0, 40)}).` };
  if (value.length > MAX_TARGETS) return { field, message: `${field} names at most ${MAX_TARGETS} entries (got ${value.length}).` };
  const out: string[] = [];
  for (const v of value) {
    if (typeof v !== 'string' || !v.trim()) return { field, message: `${field} must hold non-empty names only (got ${JSON.stringify(v)?.slice(0, 40)}).` };
    if (v.trim().length > MAX_TARGET_LENGTH) return { field, message: `A name in ${field} is longer than ${MAX_TARGET_LENGTH} characters.` };
    if (!out.some((o) => norm(o) === norm(v))) out.push(v.trim());
  }
  return out;
}

/** The lists a notice concerns, checked: lists of names, deduplicated, at least one name in all. */
export function checkTargets(productLines: unknown, models: unknown): TargetsCheck {
  const lines = readList(productLines, 'product_lines');
  if (!Array.isArray(lines)) return { ok: false, ...lines };
  const mods = readList(models, 'models');
  if (!Array.isArray(mods)) return { ok: false, ...mods };
  if (!lines.length && !mods.length) {
    return { ok: false, field: 'product_lines', message: 'A notice concerns at least one product line or model: fill product_lines and/or models (as the assets name them).' };
  }
  return { ok: true, product_lines: lines, models: mods };
}

/** Lists as stored (possibly not yet checked): the names, or [] for anything else. */
export function targetsOf(notice: { product_lines?: unknown; models?: unknown }): NoticeTargets {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : []);
  return { product_lines: list(notice.product_lines), models: list(notice.models) };
}

/** Does the notice concern this asset (its product line or its model is named)? */
export function concernsAsset(targets: NoticeTargets, asset: { product_line?: string | null; model?: string | null }): boolean {
  const line = asset.product_line ? norm(asset.product_line) : '';
  const model = asset.model ? norm(asset.model) : '';
  return (line !== '' && targets.product_lines.some((l) => norm(l) === line)) || (model !== '' && targets.models.some((m) => norm(m) === model));
}

/** The assets a notice concerns among these. */
export const concernedAssets = <A extends { product_line?: string | null; model?: string | null }>(targets: NoticeTargets, assets: readonly A[]): A[] =>
  assets.filter((a) => concernsAsset(targets, a));

export interface NoticeText {
  title_en?: string | null;
  title_zh?: string | null;
  notes_en?: string | null;
  notes_zh?: string | null;
}

/** Title and notes in a reader's language: zh-Hans for a Chinese locale, else English; the other when empty. */
export function localizedNotice(n: NoticeText, locale: string | null | undefined): { locale: 'en' | 'zh-Hans'; title: string; notes: string | null } {
  const zh = typeof locale === 'string' && /^zh(?![-_](hant|tw|hk|mo))/i.test(locale.trim());
  const pick = (a: string | null | undefined, b: string | null | undefined) => (a && a.trim() ? a : b && b.trim() ? b : null);
  return zh
    ? { locale: 'zh-Hans', title: pick(n.title_zh, n.title_en) ?? '', notes: pick(n.notes_zh, n.notes_en) }
    : { locale: 'en', title: pick(n.title_en, n.title_zh) ?? '', notes: pick(n.notes_en, n.notes_zh) };
}

export interface NoticeContact {
  id: number;
  email: string | null;
  name: string | null;
  locale: string | null;
  blocked?: boolean | null;
  organizationId: number | null;
}

export interface NoticeOrganization {
  id: number;
  /** null / undefined counts as on. */
  mail_on_update_notice?: boolean | null;
  /** The organization's concerned assets. */
  assets: Array<{ serial_number: string; model?: string | null; product_line?: string | null }>;
}

export interface PlannedNoticeMail {
  to: { email: string; name: string | null; locale: string | null };
  contactId: number;
  organizationId: number;
  dedupeKey: string;
  serials: string[];
}

/** Dedupe key of a notice's mail to a contact: once per contact and notice, whatever is re-published. */
export const noticeDedupeKey = (noticeDocumentId: string, contactId: number) => `update-notice:${noticeDocumentId}:${contactId}`;

/**
 * Who is told about a published notice: every contact with an address (not blocked) of each
 * concerned organization that did not switch notices off; each contact once (by id and by address).
 */
export function planNoticeMails(noticeDocumentId: string, organizations: readonly NoticeOrganization[], contacts: readonly NoticeContact[]): PlannedNoticeMail[] {
  const orgs = new Map(organizations.filter((o) => o.assets.length && o.mail_on_update_notice !== false).map((o) => [o.id, o]));
  const seen = new Set<string>();
  const out: PlannedNoticeMail[] = [];
  for (const c of [...contacts].sort((a, b) => a.id - b.id)) {
    const org = c.organizationId !== null ? orgs.get(c.organizationId) : undefined;
    const email = c.email?.trim();
    if (!org || !email || c.blocked || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push({
      to: { email, name: c.name, locale: c.locale },
      contactId: c.id,
      organizationId: org.id,
      dedupeKey: noticeDedupeKey(noticeDocumentId, c.id),
      serials: org.assets.map((a) => a.serial_number).sort().slice(0, 20),
    });
  }
  return out;
}
