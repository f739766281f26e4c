/** Loads the demo knowledge base (src/seed/kb.ts) through the document service: categories, every topic in en + zh-Hans (published), the synonym list. */
import type { Core } from '@strapi/strapi';
import { KB_CATEGORIES, KB_SYNONYMS, KB_TOPICS } from '../../src/seed/kb';
import { ARTICLE, CATEGORY } from './kb';

export const SYNONYM = 'api::kb-synonym.kb-synonym';

export async function loadDemoKb(strapi: Core.Strapi) {
  const docs = (uid: string) => strapi.documents(uid as any);
  const categories: Record<string, string> = {};
  for (const c of KB_CATEGORIES) {
    const cat = await docs(CATEGORY).create({ locale: 'en', data: { name: c.en, slug: c.key, sort_order: c.sort_order } as any });
    await docs(CATEGORY).update({ documentId: cat.documentId, locale: 'zh-Hans', data: { name: c.zh, slug: c.key, sort_order: c.sort_order } as any });
    categories[c.key] = cat.documentId;
  }
  for (const t of KB_TOPICS) {
    const shared = { category: categories[t.category], tags: t.tags, product_lines: t.product_lines, visibility: t.visibility };
    const a = await docs(ARTICLE).create({ locale: 'en', data: { ...t.en, slug: t.slug, ...shared } as any });
    await docs(ARTICLE).update({ documentId: a.documentId, locale: 'zh-Hans', data: { ...t.zh, slug: t.slug, ...shared } as any });
    await docs(ARTICLE).publish({ documentId: a.documentId, locale: '*' });
  }
  for (const s of KB_SYNONYMS) await docs(SYNONYM).create({ data: s as any });
  return { topics: KB_TOPICS };
}
