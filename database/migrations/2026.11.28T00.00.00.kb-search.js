'use strict';
/**
 * Knowledge-base search index and KB version stamp (see the support-desk plugin, services/kb-index.ts).
 *
 * - sd_kb_state: one row; `version` goes up by one in the same transaction as every change of a KB
 *   article (publish, unpublish, update, delete). Caches on every instance compare against it.
 * - sd_kb_search: one row per published article locale (article_id = the published row's id).
 *   PostgreSQL: a `tsv tsvector` column (tokens made by the application: stemmed words, CJK unigrams
 *   and bigrams, with weights A title, B tags, C summary, D body) and a GIN index on it.
 *   SQLite: an FTS5 table `sd_kb_fts` whose rowid is sd_kb_search.id.
 * - kb_articles: indexes for the public list (locale + published rows) and the slug lookup.
 *
 * Idempotent (IF NOT EXISTS); re-run by the plugin after the schema sync (see register.ts).
 */
const isPostgres = (knex) => ['postgres', 'postgresql', 'pg'].includes(knex.client.config.client) || knex.client.dialect === 'postgresql';

async function up(knex) {
  if (isPostgres(knex)) {
    await knex.raw(`CREATE TABLE IF NOT EXISTS sd_kb_state (
      id integer PRIMARY KEY,
      version bigint NOT NULL DEFAULT 0,
      changed_at timestamptz NOT NULL DEFAULT now(),
      index_format integer NOT NULL DEFAULT 0)`);
    await knex.raw('INSERT INTO sd_kb_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING');
    await knex.raw(`CREATE TABLE IF NOT EXISTS sd_kb_search (
      id bigserial PRIMARY KEY,
      article_id integer NOT NULL,
      document_id varchar(255) NOT NULL,
      locale varchar(32) NOT NULL,
      visibility varchar(32) NOT NULL,
      category_id integer,
      tsv tsvector NOT NULL)`);
    await knex.raw('CREATE INDEX IF NOT EXISTS sd_kb_search_tsv_idx ON sd_kb_search USING gin (tsv)');
    await knex.raw('CREATE INDEX IF NOT EXISTS sd_kb_search_document_idx ON sd_kb_search (document_id)');
  } else {
    await knex.raw(`CREATE TABLE IF NOT EXISTS sd_kb_state (
      id integer PRIMARY KEY,
      version integer NOT NULL DEFAULT 0,
      changed_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      index_format integer NOT NULL DEFAULT 0)`);
    await knex.raw('INSERT OR IGNORE INTO sd_kb_state (id) VALUES (1)');
    await knex.raw(`CREATE TABLE IF NOT EXISTS sd_kb_search (
      id integer PRIMARY KEY,
      article_id integer NOT NULL,
      document_id text NOT NULL,
      locale text NOT NULL,
      visibility text NOT NULL,
      category_id integer)`);
    await knex.raw('CREATE INDEX IF NOT EXISTS sd_kb_search_document_idx ON sd_kb_search (document_id)');
    await knex.raw("CREATE VIRTUAL TABLE IF NOT EXISTS sd_kb_fts USING fts5(title, tags, summary, body, tokenize = 'unicode61 remove_diacritics 0')");
  }
  if (await knex.schema.hasTable('kb_articles')) {
    await knex.raw('CREATE INDEX IF NOT EXISTS kb_articles_public_list_idx ON kb_articles (locale, published_at, visibility)');
    await knex.raw('CREATE INDEX IF NOT EXISTS kb_articles_slug_idx ON kb_articles (slug)');
    await knex.raw('CREATE INDEX IF NOT EXISTS kb_articles_review_due_idx ON kb_articles (review_due_at)');
  }
}

async function down(knex) {
  await knex.raw('DROP TABLE IF EXISTS sd_kb_fts');
  await knex.raw('DROP TABLE IF EXISTS sd_kb_search');
  await knex.raw('DROP TABLE IF EXISTS sd_kb_state');
  for (const name of ['kb_articles_public_list_idx', 'kb_articles_slug_idx', 'kb_articles_review_due_idx']) await knex.raw(`DROP INDEX IF EXISTS ${name}`);
}

// `idempotent` tells the support-desk plugin it may re-run `up` after schema sync (see register.ts).
module.exports = { up, down, idempotent: true };
