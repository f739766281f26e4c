'use strict';
// Loads the demo knowledge base of src/seed/kb.ts (compiled to dist/src/seed/kb.js) into a loaded
// Strapi through the document service, so every KB middleware runs (index, version stamp): the
// categories, every topic in en + zh-Hans (published), and the editors' synonym list.
const path = require('path');

async function loadDemoKb(strapi) {
  const { KB_CATEGORIES, KB_TOPICS, KB_SYNONYMS } = require(path.resolve(__dirname, '..', '..', 'dist', 'src', 'seed', 'kb.js'));
  const docs = (uid) => strapi.documents(uid);
  const categories = {};
  for (const c of KB_CATEGORIES) {
    const cat = await docs('api::kb-category.kb-category').create({ locale: 'en', data: { name: c.en, slug: c.key, sort_order: c.sort_order } });
    await docs('api::kb-category.kb-category').update({ documentId: cat.documentId, locale: 'zh-Hans', data: { name: c.zh, slug: c.key, sort_order: c.sort_order } });
    categories[c.key] = cat.documentId;
  }
  for (const t of KB_TOPICS) {
    const shared = { category: categories[t.category], tags: t.tags, product_lines: t.product_lines, visibility: t.visibility };
    const a = await docs('api::kb-article.kb-article').create({ locale: 'en', data: { ...t.en, slug: t.slug, ...shared } });
    await docs('api::kb-article.kb-article').update({ documentId: a.documentId, locale: 'zh-Hans', data: { ...t.zh, slug: t.slug, ...shared } });
    await docs('api::kb-article.kb-article').publish({ documentId: a.documentId, locale: '*' });
  }
  for (const s of KB_SYNONYMS) await docs('api::kb-synonym.kb-synonym').create({ data: s });
  return { topics: KB_TOPICS.length, synonyms: KB_SYNONYMS.length };
}

module.exports = { loadDemoKb };
