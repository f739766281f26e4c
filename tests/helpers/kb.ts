/** Knowledge-base test data: articles written through the document service (so every KB middleware runs). */
import type { Core } from '@strapi/strapi';

export const ARTICLE = 'api::kb-article.kb-article';
export const CATEGORY = 'api::kb-category.kb-category';

export interface ArticleText {
  title: string;
  body: string;
  summary?: string;
  tags?: string[];
  slug?: string;
}

/** Creates a document with an `en` and optionally a `zh-Hans` version; publishes both unless `draft`. */
export async function createArticle(
  strapi: Core.Strapi,
  en: ArticleText,
  zh?: ArticleText,
  opts: { visibility?: 'public' | 'internal'; draft?: boolean; category?: string; review_due_at?: string; responsible_editor?: number } = {},
) {
  const shared: Record<string, unknown> = { visibility: opts.visibility ?? 'public' };
  if (opts.category) shared.category = opts.category;
  if (opts.review_due_at) shared.review_due_at = opts.review_due_at;
  if (opts.responsible_editor) shared.responsible_editor = opts.responsible_editor;
  const docs = strapi.documents(ARTICLE as any);
  const created = await docs.create({ locale: 'en', data: { ...en, ...shared } as any });
  if (zh) await docs.update({ documentId: created.documentId, locale: 'zh-Hans', data: { ...zh, ...shared } as any });
  if (!opts.draft) await docs.publish({ documentId: created.documentId, locale: '*' });
  return created.documentId as string;
}

export async function createCategory(strapi: Core.Strapi, slug: string, en: string, zh: string) {
  const docs = strapi.documents(CATEGORY as any);
  const cat = await docs.create({ locale: 'en', data: { name: en, slug } as any });
  await docs.update({ documentId: cat.documentId, locale: 'zh-Hans', data: { name: zh, slug } as any });
  return cat.documentId as string;
}
