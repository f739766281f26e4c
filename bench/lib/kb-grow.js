'use strict';
// Grows kb_articles to `target` published rows inside a loaded Strapi: copies of the published rows
// (both locales of a document keep one new documentId). Used by bench/kb-jobs.js and kb-search-scale-job.js.

async function grow(strapi, target) {
  const knex = strapi.db.connection;
  const count = async () => Number((await knex('kb_articles').whereNotNull('published_at').count({ n: '*' }))[0].n);
  const base = await count();
  const maxId = Number((await knex('kb_articles').max({ m: 'id' }))[0].m);
  const columns = Object.keys(await knex('kb_articles').columnInfo()).filter((c) => !['id', 'document_id', 'slug', 'title'].includes(c));
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const t0 = Date.now();
  // Copies of the published rows, both locales of a document keeping one new documentId.
  for (let g = 1; (await count()) < target; g += 1) {
    await knex.raw(
      `INSERT INTO kb_articles (document_id, slug, title, ${cols})
       SELECT substr(document_id, 1, 19) || 'c' || ?, slug || '-c' || ?, title || ' #' || ?, ${cols}
       FROM kb_articles WHERE published_at IS NOT NULL AND id <= ?`,
      [String(g).padStart(4, '0'), g, g, maxId],
    );
  }
  return { base, rows: await count(), ms: Date.now() - t0 };
}

module.exports = { grow };
