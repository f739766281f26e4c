/**
 * Technical update notices as customers and agents see them: explicit whitelists built field by
 * field (never the stored row).
 */
import { localizedNotice, targetsOf } from '../notices';

type Row = Record<string, any>;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

export interface NoticeAssetRef {
  serial_number: string;
  model: string | null;
  product_line: string | null;
}

/** A notice as a customer contact sees it: in their language, with both translations and their organization's concerned assets. */
export interface CustomerUpdateNotice {
  documentId: string;
  version: string;
  severity: string;
  locale: 'en' | 'zh-Hans';
  title: string;
  notes: string | null;
  translations: { en: { title: string | null; notes: string | null }; 'zh-Hans': { title: string | null; notes: string | null } };
  product_lines: string[];
  models: string[];
  /** When it was first published. */
  published_at: string | null;
  /** When its current text was published (later than published_at after a re-publish). */
  updated_at: string | null;
  /** The organization's assets it concerns. */
  assets: NoticeAssetRef[];
}

export const toNoticeAssetRef = (a: Row): NoticeAssetRef => ({ serial_number: String(a.serial_number), model: a.model ?? null, product_line: a.product_line ?? null });

export function toCustomerUpdateNotice(n: Row, assets: readonly Row[], readerLocale: string | null | undefined): CustomerUpdateNotice {
  const text = localizedNotice(n, readerLocale);
  const targets = targetsOf(n);
  return {
    documentId: n.documentId,
    version: n.version,
    severity: n.severity ?? 'recommended',
    locale: text.locale,
    title: text.title,
    notes: text.notes,
    translations: { en: { title: n.title_en ?? null, notes: n.notes_en ?? null }, 'zh-Hans': { title: n.title_zh ?? null, notes: n.notes_zh ?? null } },
    product_lines: targets.product_lines,
    models: targets.models,
    published_at: iso(n.first_published_at ?? n.publishedAt),
    updated_at: iso(n.publishedAt),
    assets: assets.map(toNoticeAssetRef),
  };
}

/** A notice as agents see it on a ticket or asset. */
export interface AgentUpdateNotice {
  documentId: string;
  version: string;
  severity: string;
  title_en: string | null;
  title_zh: string | null;
  notes_en: string | null;
  notes_zh: string | null;
  product_lines: string[];
  models: string[];
  published_at: string | null;
  updated_at: string | null;
}

export function toAgentUpdateNotice(n: Row): AgentUpdateNotice {
  const targets = targetsOf(n);
  return {
    documentId: n.documentId,
    version: n.version,
    severity: n.severity ?? 'recommended',
    title_en: n.title_en ?? null,
    title_zh: n.title_zh ?? null,
    notes_en: n.notes_en ?? null,
    notes_zh: n.notes_zh ?? null,
    product_lines: targets.product_lines,
    models: targets.models,
    published_at: iso(n.first_published_at ?? n.publishedAt),
    updated_at: iso(n.publishedAt),
  };
}
