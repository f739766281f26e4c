/**
 * KB search index, version stamp and response-cache invalidation.
 *
 * - The index (sd_kb_search + tsvector/GIN on PostgreSQL, FTS5 on SQLite; see the migration
 *   database/migrations/2026.11.28T00.00.00.kb-search.js) holds one row per published article locale.
 *   `afterWrite(documentId)` rebuilds a document's rows from the published rows, bumps the version
 *   stamp and — on PostgreSQL — sends NOTIFY, all in the writer's transaction (NOTIFY is delivered on commit).
 * - Every instance keeps its response cache tagged with the version stamp it last saw. It learns of
 *   a newer stamp at once for its own writes (on commit), through LISTEN sd_kb_changed for other
 *   instances' writes, and by polling the one-row stamp every `pollMs` as a backstop (lost
 *   connection, SQLite files shared by several processes). While the LISTEN connection is down the
 *   cache is bypassed, so a missed notification can never leave a stale answer in service.
 */
import type { Core } from '@strapi/strapi';
import { createRequire } from 'module';
import { indexTokens, markdownToText } from '../kb/text';
import { conceptFtsMatch, conceptTsQuery, joinTokens, toFtsMatch, toTsQuery, toTsVector, type Concept, type ParsedQuery } from '../kb/query';
import { createResponseCache } from '../kb/response-cache';
import { conceptToSkip, termStatsFrom, type TermStats } from '../kb/term-stats';
import type { Vocabulary } from '../kb/spell';
import { createClock } from '../utils/clock';
import { pluginConfig } from '../utils/plugin-config';
import { ARTICLE_UID } from '../constants';

export const KB_CHANNEL = 'sd_kb_changed';
/** Bump when the tokenization changes: the index is rebuilt at the next start. */
const INDEX_FORMAT = 2;

type Knex = import('knex').Knex;
type Row = Record<string, any>;

export interface IndexSearchParams {
  query: ParsedQuery;
  /**
   * 'all': every concept must match (ranked by weighted relevance); 'any': one is enough (same rank);
   * 'coverage': one is enough, ranked first by how many concepts a row matches, then by how many
   * of them its title or tags match, then by relevance (the relaxed search: full matches come first).
   */
  mode: 'all' | 'any' | 'coverage';
  locale: string;
  visibilities: string[];
  categoryIds?: number[];
  limit: number;
  offset: number;
  withCount: boolean;
  /** Relaxed: how many rows match every concept, when the caller knows (0: none to add to the window). */
  fullMatches?: number;
  /** Relaxed, PostgreSQL: the concept left out of the candidate search (term-stats.ts conceptToSkip); it still counts in coverage and rank. */
  leaveOut?: number;
}

/**
 * Bounded work per search, whatever the number of matches. A search ranks at most MAX_SEARCH_RESULTS
 * matches (RELAX_CANDIDATES for the relaxed one) and counts them up to that many (+1 to know there
 * are more: `totalCapped`). The window is the first matches the index yields (PostgreSQL: storage
 * order; SQLite: the newest, highest rowid), ranked exactly — two stages, so ranking never reads
 * every match of a common word (a search matching more is better refined than paged). Pages past
 * the window are empty.
 */
export const MAX_SEARCH_RESULTS = 1000;
/** The relaxed search: candidates (matching any concept) ranked by coverage, then relevance. */
export const RELAX_CANDIDATES = 500;
/**
 * The search relaxes when fewer rows than this match every concept. Those full matches (fewer than
 * this) join the relaxed window whatever their place in the index, so they always come first.
 */
export const RELAX_BELOW = 3;
/** How long the term statistics of the index (pg_stats) are used before they are read again. */
const TERM_STATS_TTL_MS = 5 * 60 * 1000;
/** Up to this many index rows the typo vocabulary is every Latin word of the index; above, the statistics' common ones (PostgreSQL). */
const VOCABULARY_FULL_ROWS = 20000;
/** The typo vocabulary keeps at most this many words (the most frequent), and is read again at most this often after a KB change. */
const VOCABULARY_MAX_WORDS = 50000;
const VOCABULARY_MIN_AGE_MS = 60 * 1000;
/** How many rows a search of this mode can list (and count). */
export const searchWindow = (mode: IndexSearchParams['mode']) => (mode === 'coverage' ? RELAX_CANDIDATES : MAX_SEARCH_RESULTS);

const rowsOf = (result: any): Row[] => (Array.isArray(result) ? result : (result?.rows ?? []));

const parseJsonArray = (v: unknown): string[] => {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string' && v) {
    try {
      const parsed = JSON.parse(v);
      return Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
      return [];
    }
  }
  return [];
};

const createKbIndexService = ({ strapi }: { strapi: Core.Strapi }) => {
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const knex = () => strapi.db.connection as unknown as Knex;
  const cache = createResponseCache({ ttlMs: pluginConfig(strapi).kb.cacheTtlMs });
  let changedAt = new Date(0);
  /** Time of the version stamp (Last-Modified); pinned by tests. */
  const clock = createClock();
  let listener: { end: () => Promise<void>; query: (sql: string) => Promise<unknown> } | null = null;
  let listenerHealthy = false;
  let stopping = false;
  let pollTimer: NodeJS.Timeout | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  /**
   * PostgreSQL read path: 'rum' when the RUM extension is installed (ensureRum), else 'gin'. Both
   * read a bounded window of matches through the GIN index (searchStatements); 'rum' ranks it with
   * RUM's distance (`tsv <=> q`, an operator of the extension: no RUM index), 'gin' with ts_rank.
   */
  let pgPlan: 'gin' | 'rum' = 'gin';
  /** PostgreSQL's statistics of the index's lexemes (null: not read yet, or none), and when they were read. */
  let termStats: { stats: TermStats | null; at: number; loading?: Promise<void> } = { stats: null, at: 0 };
  /** The typo vocabulary (kb/spell.ts), the KB version it was read at, and when. */
  let vocabulary: { words: Vocabulary | null; version: number; at: number; loading?: Promise<void> } = { words: null, version: -1, at: 0 };

  /** Link table of kb-article.category as Strapi built it. */
  const categoryLink = () => {
    const attr = strapi.db.metadata.get(ARTICLE_UID).attributes.category as any;
    const jt = attr.joinTable;
    return { table: jt.name as string, article: jt.joinColumn.name as string, category: jt.inverseJoinColumn.name as string };
  };

  const learn = (version: number, at?: Date | string) => {
    if (version > cache.version) cache.setVersion(version);
    if (at) {
      const d = new Date(at);
      if (!Number.isNaN(d.getTime()) && d > changedAt) changedAt = d;
    }
  };

  /**
   * The statements of a search (see MAX_SEARCH_RESULTS): `rows` ranks the window and returns a page
   * (LIMIT ? OFFSET ? appended to its arguments); `count` counts matches up to the window + 1;
   * SQLite's `boundary` finds the rowid of the window's oldest row (and whether one more exists).
   */
  const searchStatements = (p: IndexSearchParams) => {
    const vis = p.visibilities;
    const cat = p.categoryIds;
    const filters = `s.locale = ? AND s.visibility IN (${vis.map(() => '?').join(',')})${cat ? ` AND s.category_id IN (${cat.map(() => '?').join(',')})` : ''}`;
    const filterArgs = [p.locale, ...vis, ...(cat ?? [])];
    const win = searchWindow(p.mode);
    const coverage = p.mode === 'coverage';
    // The relaxed window starts with the full matches, unless the caller knows there are none.
    const pin = coverage && p.fullMatches !== 0;
    const concepts = coverage ? p.query.concepts : [];
    if (isPostgres()) {
      // The candidates of a relaxed search may leave out its commonest concept (see term-stats.ts).
      const candidates = p.leaveOut !== undefined && p.leaveOut >= 0 ? { ...p.query, concepts: p.query.concepts.filter((_c, i) => i !== p.leaveOut) } : p.query;
      const match = toTsQuery(candidates, p.mode === 'all' ? 'all' : 'any');
      // The window and the count are read through the GIN index (`@@@`: `@@` of the GIN operator
      // class only). A RUM index would not serve them: its bitmap scan sorts every posting first
      // (115–180 ms for "check:*", 47 600 rows, temp files; GIN ≈ 3 ms), so there is none (ensureRum).
      const matches = `FROM sd_kb_search s, (SELECT ?::tsquery AS q) q WHERE s.tsv @@@ q.q AND ${filters}`;
      const matchArgs = [match, ...filterArgs];
      // Per concept: matched anywhere (c0, c1 …) and in the title or tags (t0, t1 …).
      const qs = concepts.flatMap((_c, i) => [`?::tsquery AS c${i}`, `?::tsquery AS t${i}`]);
      const qArgs = concepts.flatMap((c) => [conceptTsQuery(c), conceptTsQuery(c, 'title')]);
      const sum = (prefix: string) => concepts.map((_c, i) => `(w.tsv @@ q.${prefix}${i})::int`).join(' + ');
      const cols = coverage ? `, ${sum('c')} AS coverage, ${sum('t')} AS title_coverage` : '';
      const queries = `(SELECT ?::tsquery AS q${qs.map((x) => `, ${x}`).join('')}) q`;
      const count = `SELECT count(*) AS n FROM (SELECT 1 ${matches} LIMIT ${win + 1}) m`;
      // Stage 1, the window: the first matches the index yields (a bitmap scan builds the match set
      // from the posting lists, the heap is read until the LIMIT); one row more than the window says
      // whether the total is capped, and the window's size is the total (`n`, no second scan).
      // Stage 2 ranks the window: RUM's distance on the RUM path (its order, same weights), ts_rank
      // on the GIN path. RUM's ordered scan (`ORDER BY tsv <=> q LIMIT n`) is not used: it scores
      // every posting of the query first (107 ms for a word in 55 000 rows at 100k; bench/README.md).
      const rank = pgPlan === 'rum' ? '(w.tsv <=> q.q) AS rank' : "ts_rank('{0.1,0.2,0.4,1.0}', w.tsv, q.q) AS rank";
      // The relaxed ranking reads each window row's tsvector 2 × concepts + 1 times, and PostgreSQL
      // fetches and decompresses a TOASTed value (most are: ≈ 3 kB) at every read. So that window
      // holds a detoasted copy (`tsvector_concat` with an empty vector: one fetch, one copy; the
      // window subquery is not flattened, its LIMIT keeps it apart): a Chinese relaxed query at 100k
      // rows reads 2 767 buffers instead of 11 690 (bench/README.md). A full-match window reads each
      // vector once: no copy.
      const tsv = coverage ? "tsvector_concat(s.tsv, ''::tsvector) AS tsv" : 's.tsv';
      // The relaxed window: the full matches (fewer than RELAX_BELOW, else the search would not
      // relax; `f`, read through the index like the rest) first, then the first any-word matches.
      // A window of the first any-word matches alone could miss them (at 100k rows a word in half
      // of the articles fills it), and they must rank first.
      const full = pin ? `WITH f AS MATERIALIZED (SELECT s.article_id, ${tsv} ${matches} LIMIT ${RELAX_BELOW}) ` : '';
      const fullArgs = pin ? [toTsQuery(p.query, 'all'), ...filterArgs] : [];
      const window = pin
        ? `(SELECT f.article_id, f.tsv, 1 AS pin FROM f UNION ALL (SELECT s.article_id, ${tsv}, 0 AS pin ${matches} AND s.article_id NOT IN (SELECT article_id FROM f) LIMIT ${win + 1}))`
        : `(SELECT s.article_id, ${tsv} ${matches} LIMIT ${win + 1})`;
      const ranked = `SELECT w.article_id${cols}, ${rank}, row_number() OVER (${pin ? 'ORDER BY w.pin DESC' : ''}) AS rn, count(*) OVER () AS n FROM ${window} w, ${queries}`;
      return {
        rows: `${full}SELECT r.article_id${coverage ? ', r.coverage' : ''}, r.n FROM (${ranked}) r WHERE r.rn <= ${win} ORDER BY ${coverage ? 'r.coverage DESC, r.title_coverage DESC, ' : ''}r.rank${pgPlan === 'rum' ? '' : ' DESC'}, r.article_id DESC LIMIT ? OFFSET ?`,
        rowArgs: () => [...fullArgs, ...matchArgs, match, ...qArgs],
        count,
        countArgs: matchArgs,
      };
    }
    const match = toFtsMatch(p.query, p.mode === 'all' ? 'all' : 'any');
    const matches = `FROM sd_kb_fts JOIN sd_kb_search s ON s.id = sd_kb_fts.rowid WHERE sd_kb_fts MATCH ? AND ${filters}`;
    // The window: matches with a rowid at or above the boundary (the newest `win`); 0 when fewer.
    // Relaxed, the full matches (`f`, as on PostgreSQL) join it from below the boundary.
    const inFts = (range: string) => `s.id IN (SELECT rowid FROM sd_kb_fts WHERE sd_kb_fts MATCH ? AND ${range})`;
    const sum = (range: string) => concepts.map(() => `(${inFts(range)})`).join(' + ');
    const cols = (range: string) => (coverage ? `, ${sum(range)} AS coverage, ${sum(range)} AS title_coverage` : '');
    const conceptMatches = [...concepts.map((c) => conceptFtsMatch(c)), ...concepts.map((c) => conceptFtsMatch(c, 'title'))];
    const covArgs = (bound: number) => (coverage ? conceptMatches.flatMap((m) => [m, bound]) : []);
    const rank = 'bm25(sd_kb_fts, 10.0, 4.0, 2.0, 1.0) AS rank';
    const pinned = 'rowid IN (SELECT id FROM f)';
    const windowed = `SELECT s.article_id, ${rank}${cols('rowid >= ?')} ${matches} AND sd_kb_fts.rowid >= ?`;
    const candidates = pin ? `${windowed} UNION ALL SELECT s.article_id, ${rank}${cols(pinned)} ${matches} AND sd_kb_fts.rowid < ? AND sd_kb_fts.${pinned}` : windowed;
    const fullArgs = pin ? [toFtsMatch(p.query, 'all'), ...filterArgs] : [];
    return {
      rows: `${pin ? `WITH f AS MATERIALIZED (SELECT s.id ${matches} LIMIT ${RELAX_BELOW}) ` : ''}SELECT m.article_id${coverage ? ', m.coverage' : ''} FROM (${candidates}) m ORDER BY ${coverage ? 'm.coverage DESC, m.title_coverage DESC, ' : ''}m.rank ASC, m.article_id DESC LIMIT ? OFFSET ?`,
      rowArgs: (bound: number) => [...fullArgs, ...covArgs(bound), match, ...filterArgs, bound, ...(pin ? [...conceptMatches, match, ...filterArgs, bound] : [])],
      boundary: `SELECT sd_kb_fts.rowid AS id ${matches} ORDER BY sd_kb_fts.rowid DESC LIMIT 2 OFFSET ${win - 1}`,
      count: `SELECT count(*) AS n FROM (SELECT 1 ${matches} LIMIT ${win + 1}) m`,
      countArgs: [match, ...filterArgs],
    };
  };

  const service = {
    cache,
    isPostgres,

    /** Whether cached answers may be served (on PostgreSQL: only while LISTEN is connected). */
    cacheUsable: () => !isPostgres() || listenerHealthy,

    /** Last change of any KB article, as an HTTP date (second resolution). */
    lastModified: () => changedAt.toUTCString(),
    /** Pins the clock of the version stamp (tests: the next write's Last-Modified); null = the system clock. */
    pinClock: (at: number | null) => clock.pin(at),
    get version() {
      return cache.version;
    },

    async readState(db: Knex = knex()): Promise<{ version: number; changedAt: Date; indexFormat: number }> {
      const row = (await db('sd_kb_state').where({ id: 1 }).first()) as Row | undefined;
      return { version: Number(row?.version ?? 0), changedAt: new Date(row?.changed_at ?? 0), indexFormat: Number(row?.index_format ?? 0) };
    },

    /** Reads the stamp and drops cached answers older than it. */
    async syncVersion() {
      const state = await service.readState();
      learn(state.version, state.changedAt);
      return state.version;
    },

    /** Index rows of one article document, from its published rows (all locales). */
    async reindexDocument(documentId: string, db: Knex) {
      const link = categoryLink();
      const rows = (await db('kb_articles as a')
        .leftJoin(`${link.table} as l`, `l.${link.article}`, 'a.id')
        .where('a.document_id', documentId)
        .whereNotNull('a.published_at')
        .select('a.id', 'a.document_id', 'a.locale', 'a.title', 'a.summary', 'a.body', 'a.tags', 'a.visibility', `l.${link.category} as category_id`)) as Row[];
      await service.removeDocument(documentId, db);
      await service.insertRows(rows, db);
    },

    async removeDocument(documentId: string, db: Knex) {
      if (!isPostgres()) {
        await db.raw('DELETE FROM sd_kb_fts WHERE rowid IN (SELECT id FROM sd_kb_search WHERE document_id = ?)', [documentId]);
      }
      await db('sd_kb_search').where({ document_id: documentId }).delete();
    },

    /** Index rows for published article rows, in multi-row INSERTs of up to 200 rows. */
    async insertRows(rows: Row[], db: Knex) {
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200).map((r) => {
          const tags = indexTokens(parseJsonArray(r.tags).join(' '));
          return {
            base: [r.id, r.document_id, r.locale, r.visibility ?? 'public', r.category_id ?? null],
            fields: { title: indexTokens(r.title), tags, summary: indexTokens(r.summary), body: indexTokens(markdownToText(r.body)) },
          };
        });
        const marks = (n: number) => `(${Array(n).fill('?').join(', ')})`;
        if (isPostgres()) {
          const tsvs = chunk.map(({ fields: f }) => toTsVector([
            { tokens: f.title, weight: 'A' },
            { tokens: f.tags, weight: 'B' },
            { tokens: f.summary, weight: 'C' },
            { tokens: f.body, weight: 'D' },
          ]));
          await db.raw(
            `INSERT INTO sd_kb_search (article_id, document_id, locale, visibility, category_id, tsv) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?::tsvector)').join(', ')}`,
            chunk.flatMap((c, k) => [...c.base, tsvs[k]]),
          );
        } else {
          // The published row's id serves as the index row id and the FTS rowid (unique, known up front).
          await db.raw(`INSERT INTO sd_kb_search (id, article_id, document_id, locale, visibility, category_id) VALUES ${chunk.map(() => marks(6)).join(', ')}`, chunk.flatMap((c) => [c.base[0], ...c.base]));
          await db.raw(
            `INSERT INTO sd_kb_fts (rowid, title, tags, summary, body) VALUES ${chunk.map(() => marks(5)).join(', ')}`,
            chunk.flatMap(({ base, fields: f }) => [base[0], joinTokens(f.title), joinTokens(f.tags), joinTokens(f.summary), joinTokens(f.body)]),
          );
        }
      }
    },

    /**
     * Called by the kb document middleware inside the writer's transaction: reindex, bump the stamp,
     * NOTIFY (PostgreSQL, delivered on commit); this instance's cache learns the new version on commit.
     */
    async afterWrite(documentId: string | undefined, trx: Knex, onCommit: (cb: () => void) => void) {
      if (documentId) await service.reindexDocument(documentId, trx);
      const now = new Date(clock.now());
      const [row] = rowsOf(await trx.raw('UPDATE sd_kb_state SET version = version + 1, changed_at = ? WHERE id = 1 RETURNING version', [isPostgres() ? now : now.toISOString()]));
      const version = Number(row?.version ?? 0);
      if (isPostgres()) await trx.raw('SELECT pg_notify(?, ?)', [KB_CHANNEL, String(version)]);
      onCommit(() => learn(version, now));
      return version;
    },

    /** Rebuilds the whole index from the published rows (batches of 500). */
    async rebuild() {
      const started = Date.now();
      const db = knex();
      const link = categoryLink();
      await db.transaction(async (trx) => {
        if (!isPostgres()) await trx.raw('DELETE FROM sd_kb_fts');
        await trx('sd_kb_search').delete();
        let lastId = 0;
        for (;;) {
          const rows = (await trx('kb_articles as a')
            .leftJoin(`${link.table} as l`, `l.${link.article}`, 'a.id')
            .whereNotNull('a.published_at')
            .where('a.id', '>', lastId)
            .orderBy('a.id')
            .limit(500)
            .select('a.id', 'a.document_id', 'a.locale', 'a.title', 'a.summary', 'a.body', 'a.tags', 'a.visibility', `l.${link.category} as category_id`)) as Row[];
          if (!rows.length) break;
          await service.insertRows(rows, trx);
          lastId = rows[rows.length - 1].id;
        }
        await trx('sd_kb_state').where({ id: 1 }).update({ index_format: INDEX_FORMAT, version: trx.raw('version + 1'), changed_at: isPostgres() ? new Date() : new Date().toISOString() });
      });
      // Fresh statistics of the new rows' lexemes for the relaxed search (term-stats.ts), not at autovacuum's pace.
      if (isPostgres()) {
        await db.raw('ANALYZE sd_kb_search');
        await service.refreshTermStats();
      }
      const count = Number(((await db('sd_kb_search').count({ n: '*' })) as Row[])[0].n);
      strapi.log.info(`[support-desk] KB search index rebuilt: ${count} article locales in ${Date.now() - started} ms`);
      await service.syncVersion();
      return count;
    },

    /** At startup: rebuild when the index format changed or the index and the published rows disagree. */
    async ensureIndex() {
      const db = knex();
      if (isPostgres()) await service.ensureRum();
      const state = await service.readState(db);
      const published = Number(((await db('kb_articles').whereNotNull('published_at').count({ n: '*' })) as Row[])[0].n);
      const indexed = Number(((await db('sd_kb_search').count({ n: '*' })) as Row[])[0].n);
      if (state.indexFormat !== INDEX_FORMAT || published !== indexed) await service.rebuild();
    },

    /**
     * PostgreSQL: rank with RUM's distance when the extension is there or can be created
     * (KB_SEARCH_INDEX=auto), else with ts_rank (`gin`). Detection at every start. No RUM index:
     * no search statement would read it (its scans score every posting first; see searchStatements),
     * and at 100k articles it took 307 MB, three times the table, and slowed every write and rebuild.
     * One made by an earlier version is dropped.
     */
    async ensureRum(): Promise<'gin' | 'rum'> {
      pgPlan = 'gin';
      const db = knex();
      try {
        await db.raw('DROP INDEX IF EXISTS sd_kb_search_rum_idx');
        if (pluginConfig(strapi).kb.searchIndex === 'gin') return pgPlan;
        const available = rowsOf(await db.raw("SELECT installed_version FROM pg_available_extensions WHERE name = 'rum'"));
        if (!available.length) {
          strapi.log.info('[support-desk] KB search: the RUM extension is not available (Debian: postgresql-<version>-rum); ranking with ts_rank');
          return pgPlan;
        }
        if (!available[0].installed_version) await db.raw('CREATE EXTENSION IF NOT EXISTS rum');
        pgPlan = 'rum';
      } catch (err) {
        strapi.log.warn(`[support-desk] KB search: RUM extension not usable (${(err as Error).message}); ranking with ts_rank`);
      }
      return pgPlan;
    },

    /** The PostgreSQL read path in use ('sqlite' on SQLite). */
    searchPlan: (): 'gin' | 'rum' | 'sqlite' => (isPostgres() ? pgPlan : 'sqlite'),
    /** Benchmarks only: compare both paths on one database in one run. */
    useSearchPlan(plan: 'gin' | 'rum') {
      pgPlan = plan;
      cache.clear();
    },

    /**
     * The index's lexeme statistics (PostgreSQL's `pg_stats` of `sd_kb_search.tsv`, what ANALYZE and
     * autovacuum keep), read at most every TERM_STATS_TTL_MS in the background: a search uses what
     * is there (null at first: nothing is left out). SQLite: null.
     */
    termStats(): TermStats | null {
      if (!isPostgres()) return null;
      if (!termStats.loading && Date.now() - termStats.at > TERM_STATS_TTL_MS) {
        const entry = termStats;
        entry.loading = service.readTermStats()
          .then((stats) => {
            termStats = { stats, at: Date.now() };
          })
          .catch((err) => {
            strapi.log.warn(`[support-desk] KB search: reading the index statistics failed (${(err as Error).message})`);
            termStats = { stats: entry.stats, at: Date.now() };
          });
      }
      return termStats.stats;
    },

    async readTermStats(): Promise<TermStats | null> {
      const [row] = rowsOf(await knex().raw(
        `SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs, c.reltuples AS n
         FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'sd_kb_search' AND s.attname = 'tsv'
         WHERE c.oid = 'sd_kb_search'::regclass`,
      ));
      if (!row?.elems) return null;
      return termStatsFrom(row.elems, (row.freqs ?? []).map(Number), Number(row.n));
    },

    /**
     * Latin index words with the rows holding each, for typo correction (kb/spell.ts): every one
     * while the index is small (PostgreSQL `ts_stat`, SQLite `fts5vocab`), else PostgreSQL's common
     * lexemes (pg_stats). Read again after a KB change, at most every VOCABULARY_MIN_AGE_MS, in the
     * background; only the first read is waited for.
     */
    async vocabulary(): Promise<Vocabulary> {
      const stale = vocabulary.version !== cache.version && Date.now() - vocabulary.at > VOCABULARY_MIN_AGE_MS;
      if ((!vocabulary.words || stale) && !vocabulary.loading) {
        const version = cache.version;
        const entry = vocabulary;
        entry.loading = service.readVocabulary()
          .then((words) => {
            vocabulary = { words, version, at: Date.now() };
          })
          .catch((err) => {
            strapi.log.warn(`[support-desk] KB search: reading the typo vocabulary failed (${(err as Error).message})`);
            vocabulary = { words: entry.words, version: entry.version, at: Date.now() };
          });
      }
      if (!vocabulary.words && vocabulary.loading) await vocabulary.loading;
      return vocabulary.words ?? new Map();
    },

    async readVocabulary(): Promise<Vocabulary> {
      const db = knex();
      const latin = /^[a-z]/;
      if (isPostgres()) {
        const n = Number(rowsOf(await db.raw('SELECT count(*) AS n FROM (SELECT 1 FROM sd_kb_search LIMIT ?) x', [VOCABULARY_FULL_ROWS + 1]))[0].n);
        if (n > VOCABULARY_FULL_ROWS) {
          const stats = await service.refreshTermStats();
          return new Map([...(stats?.shares ?? new Map<string, number>())].filter(([w]) => latin.test(w)).map(([w, share]) => [w, Math.round(share * stats!.rows)]));
        }
        const rows = rowsOf(await db.raw("SELECT word, ndoc FROM ts_stat('SELECT tsv FROM sd_kb_search') WHERE word ~ '^[a-z]' ORDER BY ndoc DESC LIMIT ?", [VOCABULARY_MAX_WORDS]));
        return new Map(rows.map((r) => [String(r.word), Number(r.ndoc)]));
      }
      await db.raw("CREATE VIRTUAL TABLE IF NOT EXISTS sd_kb_fts_vocab USING fts5vocab('sd_kb_fts', 'row')");
      const rows = rowsOf(await db.raw("SELECT term AS word, doc AS ndoc FROM sd_kb_fts_vocab WHERE term >= 'a' AND term < '{' ORDER BY doc DESC LIMIT ?", [VOCABULARY_MAX_WORDS]));
      return new Map(rows.map((r) => [String(r.word), Number(r.ndoc)]).filter(([w]) => latin.test(w as string)) as Array<[string, number]>);
    },

    /** Of these one-word concepts, the tokens no index row holds (any locale or visibility; a prefix: no word starts with it). */
    async unmatchedWords(concepts: Concept[]): Promise<Set<string>> {
      const out = new Set<string>();
      if (!concepts.length) return out;
      await service.withIndexPlan(async (db) => {
        for (const c of concepts) {
          const found = isPostgres()
            ? rowsOf(await db.raw('SELECT 1 FROM sd_kb_search WHERE tsv @@@ ?::tsquery LIMIT 1', [conceptTsQuery(c)]))
            : rowsOf(await db.raw('SELECT 1 FROM sd_kb_fts WHERE sd_kb_fts MATCH ? LIMIT 1', [conceptFtsMatch(c)]));
          if (!found.length) out.add(c.alts[0][0][0].token);
        }
      });
      return out;
    },

    /** Tests: read the statistics now (after ANALYZE) instead of at the next TTL. */
    async refreshTermStats() {
      termStats = { stats: await service.readTermStats(), at: Date.now() };
      return termStats.stats;
    },

    /**
     * Ranked article ids (published rows) of a page and, when asked, the total: exact up to the
     * search window (MAX_SEARCH_RESULTS, relaxed RELAX_CANDIDATES), else the window's size with
     * `totalCapped`. Every statement is bounded by the window (see searchStatements).
     */
    async search(p: IndexSearchParams): Promise<{ ids: number[]; total: number | null; totalCapped: boolean; coverage: number[]; windowFull: boolean }> {
      if (p.categoryIds && p.categoryIds.length === 0) return { ids: [], total: p.withCount ? 0 : null, totalCapped: false, coverage: [], windowFull: false };
      if (p.mode === 'coverage' && p.leaveOut === undefined && isPostgres()) {
        const leaveOut = conceptToSkip(p.query.concepts, service.termStats(), RELAX_CANDIDATES);
        if (leaveOut >= 0) {
          const found = await service.search({ ...p, leaveOut });
          // The estimate held when the candidates without that concept filled the window; else search with every concept.
          if (found.windowFull) return found;
        }
        return service.search({ ...p, leaveOut: -1 });
      }
      const sql = searchStatements(p);
      const win = searchWindow(p.mode);
      const limit = Math.max(0, Math.min(p.limit, win - p.offset));
      return service.withIndexPlan(async (db) => {
        let bound = 0;
        let known: { total: number; capped: boolean } | null = null;
        if (sql.boundary) {
          const edge = rowsOf(await db.raw(sql.boundary, sql.countArgs));
          if (edge.length) {
            bound = Number(edge[0].id);
            known = { total: win, capped: edge.length > 1 };
          }
        }
        const rows = limit > 0 ? rowsOf(await db.raw(sql.rows, [...sql.rowArgs(bound), limit, p.offset])) : [];
        let total: number | null = null;
        let totalCapped = false;
        if (p.withCount) {
          if (known) ({ total, capped: totalCapped } = known);
          else if (rows.length && rows[0].n !== undefined) {
            // PostgreSQL: the window's size came with the page.
            const n = Number(rows[0].n);
            total = Math.min(n, win);
            totalCapped = n > win;
          }
          // A short page that is not empty tells the total (the window held every match); else count.
          else if (rows.length > 0 && rows.length < limit) total = p.offset + rows.length;
          else if (!rows.length && p.offset === 0) total = 0;
          else {
            const n = Number(rowsOf(await db.raw(sql.count, sql.countArgs))[0].n);
            total = Math.min(n, win);
            totalCapped = n > win;
          }
        }
        // PostgreSQL: whether more rows matched than the window holds (a page past the window: taken as full).
        const windowFull = rows.length ? Number(rows[0].n ?? 0) > win : limit === 0;
        return { ids: rows.map((r) => Number(r.article_id)), total, totalCapped, coverage: rows.map((r) => Number(r.coverage ?? p.query.concepts.length)), windowFull };
      });
    },

    /**
     * Runs search statements so that PostgreSQL reads matches through the GIN index. Its cost model
     * prices `tsv @@ q` on a sequential scan as if the tsvector were in the row, but most are TOASTed
     * (≈3 kB each): at 100k articles a "Seq Scan" over "login:*" (5 % of the rows) took 755 ms, the
     * bitmap index scan 31 ms; for a word in every English article 1.56 s vs 0.71 s. So the planner
     * is told not to pick a sequential scan for these statements (SET LOCAL: this transaction only).
     */
    async withIndexPlan<T>(fn: (db: Knex) => Promise<T>): Promise<T> {
      if (!isPostgres()) return fn(knex());
      return knex().transaction(async (trx) => {
        await trx.raw('SET LOCAL enable_seqscan = off');
        return fn(trx);
      });
    },

    /**
     * The plan of one statement of a search as `search` runs it (benchmarks and tests check that the
     * index is used and the work bounded): `rows` the page, `count` the total, `boundary` (SQLite) the window.
     * SQLite: `EXPLAIN QUERY PLAN`, or with `bytecode` its program (LIMIT compiles to DecrJumpZero).
     * `analyze` (PostgreSQL): runs it, `EXPLAIN (ANALYZE, BUFFERS)` — rows and buffers read do not
     * depend on the machine's load, unlike the time.
     */
    async explainSearch(query: ParsedQuery, locale: string, opts: { statement?: 'rows' | 'count' | 'boundary'; mode?: IndexSearchParams['mode']; bytecode?: boolean; analyze?: boolean } = {}): Promise<string> {
      const statement = opts.statement ?? 'rows';
      const mode = opts.mode ?? 'all';
      // A relaxed statement as `search` first tries it: without the concept the statistics say to leave out.
      const leaveOut = mode === 'coverage' && isPostgres() ? conceptToSkip(query.concepts, service.termStats() ?? (await service.refreshTermStats()), RELAX_CANDIDATES) : undefined;
      const sql = searchStatements({ query, mode, locale, visibilities: ['public'], limit: 10, offset: 0, withCount: true, leaveOut });
      const text = statement === 'rows' ? sql.rows : statement === 'count' ? sql.count : sql.boundary;
      if (!text) throw new Error(`No ${statement} statement on this database`);
      const args = statement === 'rows' ? [...sql.rowArgs(0), 10, 0] : sql.countArgs;
      return service.withIndexPlan(async (db) => {
        const explain = isPostgres() ? (opts.analyze ? 'EXPLAIN (ANALYZE, BUFFERS)' : 'EXPLAIN') : opts.bytecode ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN';
        const rows = rowsOf(await db.raw(`${explain} ${text}`, args));
        return rows.map((r) => (isPostgres() ? r['QUERY PLAN'] : opts.bytecode ? `${r.opcode} ${r.p1} ${r.p2} ${r.p3}` : r.detail)).join('\n');
      });
    },

    /** Starts invalidation: LISTEN on PostgreSQL, the stamp poll everywhere. */
    async start() {
      stopping = false;
      await service.syncVersion();
      if (isPostgres()) await service.connectListener();
      const pollMs = pluginConfig(strapi).kb.cachePollMs;
      pollTimer = setInterval(() => {
        service.syncVersion().catch((err) => strapi.log.warn(`[support-desk] KB version poll failed: ${err.message}`));
      }, pollMs);
      pollTimer.unref();
    },

    async connectListener() {
      const requireFromApp = createRequire(`${strapi.dirs.app.root}/package.json`);
      const { Client } = requireFromApp('pg') as typeof import('pg');
      const settings = (strapi.config.get('database.connection') as { connection: Record<string, unknown> }).connection;
      const client = new Client(settings as import('pg').ClientConfig);
      const lost = (why: string) => {
        if (listener !== client) return;
        listenerHealthy = false;
        listener = null;
        client.end().catch(() => {});
        if (stopping) return;
        strapi.log.warn(`[support-desk] KB cache listener lost (${why}); answering uncached until it reconnects`);
        reconnectTimer = setTimeout(() => {
          service.connectListener().catch((err) => lost(err.message));
        }, 1000);
        reconnectTimer.unref();
      };
      listener = client;
      client.on('error', (err: Error) => lost(err.message));
      client.on('end', () => lost('connection ended'));
      client.on('notification', (msg: { channel: string; payload?: string }) => {
        if (msg.channel !== KB_CHANNEL) return;
        learn(Number(msg.payload ?? 0));
        service.syncVersion().catch(() => {});
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${KB_CHANNEL}`);
        // Changes committed before LISTEN took effect are caught by reading the stamp after it.
        await service.syncVersion();
        if (listener === client) listenerHealthy = true;
      } catch (err) {
        lost((err as Error).message);
      }
    },

    async stop() {
      stopping = true;
      if (pollTimer) clearInterval(pollTimer);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      pollTimer = null;
      const l = listener;
      listener = null;
      listenerHealthy = false;
      if (l) await l.end().catch(() => {});
    },
  };
  return service;
};

export type KbIndexService = ReturnType<typeof createKbIndexService>;
export default createKbIndexService;
