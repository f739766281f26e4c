/**
 * The public knowledge base: published articles by locale (with fallback), search with highlighted
 * snippets, suggestions (deflection), categories, feedback (rate-limited) and batched view counts.
 *
 * Visibility rule, applied in every query here: callers who are not agents see published `public`
 * articles only; agents (admin panel, API tokens) also see `internal` ones. Nothing here returns drafts.
 */
import type { Core } from '@strapi/strapi';
import { createRequire } from 'module';
import { errors } from '@strapi/utils';
import { parseQuery, isEmptyQuery, type ParsedQuery, type Segmenter } from '../kb/query';
import { compileSynonyms, type SynonymIndex } from '../kb/synonyms';
import { MIN_CORRECTED_LENGTH, correctQuery, correctableWord, writtenCorrection } from '../kb/spell';
import { markdownToText } from '../kb/text';
import { highlightAll, snippet } from '../kb/highlight';
import { slidingWindow } from '../kb/rate-limit';
import { DEFAULT_LOCALE, KbInputError, KB_LOCALES, detectLocale, type KbLocale, type LocaleSource, type Paging } from '../kb/params';
import { getService, getServiceOf } from '../utils/get-service';
import { RELAX_BELOW, type KbIndexService } from './kb-index';
import { pluginConfig } from '../utils/plugin-config';
import { ARTICLE_UID, CATEGORY_UID, SYNONYM_UID } from '../constants';

type Row = Record<string, any>;

export interface KbCaller {
  /** Admin panel users and API tokens: internal articles are visible to them. */
  agent: boolean;
}

const LIST_FIELDS = ['id', 'documentId', 'slug', 'locale', 'title', 'summary', 'tags', 'product_lines', 'visibility', 'helpful_count', 'not_helpful_count', 'view_count', 'publishedAt', 'updatedAt'];
const CATEGORY_POPULATE = { category: { select: ['documentId', 'slug', 'name'] } };

/** Rate-limit bucket of KB votes (table sd_rate_limits). */
export const FEEDBACK_BUCKET = 'kb-feedback';

/**
 * The parts of the search that can be switched off — only by the relevance benchmark
 * (bench/kb-relevance.js), which measures the plain all-words search as its baseline in the same run.
 */
export interface SearchStrategy {
  stopWords: boolean;
  synonyms: boolean;
  relax: boolean;
  /** Correct words no article holds (kb/spell.ts) when the search finds nothing or only partial matches. */
  correct: boolean;
}
const FULL_STRATEGY: SearchStrategy = { stopWords: true, synonyms: true, relax: true, correct: true };
/** Fewer full matches than this: the search relaxes (partial matches follow the full ones). */
export { RELAX_BELOW };

const visibilities = (caller: KbCaller) => (caller.agent ? ['public', 'internal'] : ['public']);

function listItem(row: Row) {
  return {
    documentId: row.documentId,
    slug: row.slug,
    locale: row.locale,
    title: row.title,
    summary: row.summary ?? null,
    category: row.category ? { documentId: row.category.documentId, slug: row.category.slug, name: row.category.name } : null,
    tags: Array.isArray(row.tags) ? row.tags : [],
    product_lines: Array.isArray(row.product_lines) ? row.product_lines : [],
    visibility: row.visibility,
    helpful_count: row.helpful_count ?? 0,
    not_helpful_count: row.not_helpful_count ?? 0,
    view_count: row.view_count ?? 0,
    publishedAt: row.publishedAt,
    updatedAt: row.updatedAt,
  };
}

const createKbService = ({ strapi }: { strapi: Core.Strapi }) => {
  const articles = () => strapi.db.query(ARTICLE_UID);
  const knex = () => strapi.db.connection;
  /** Votes per client, shared by every instance (services/rate-limits.ts). */
  const feedbackWindow = slidingWindow(
    { limit: pluginConfig(strapi).kb.feedbackLimit, windowMs: pluginConfig(strapi).kb.feedbackWindowMs },
    'KB_FEEDBACK_LIMIT / KB_FEEDBACK_WINDOW_MS',
  );
  const pendingViews = new Map<string, number>();
  let flushTimer: NodeJS.Timeout | null = null;
  let jieba: { cut: (text: string, hmm?: boolean) => string[] } | null | undefined;
  /** The editors' synonym list, compiled; reloaded when the KB version stamp moves (a kb-synonym write bumps it). */
  let synonymCache: { version: number; index: SynonymIndex; loading?: Promise<SynonymIndex> } | null = null;

  /** jieba (dictionary loaded once, ~0.3 s); without it a Chinese run is searched as one word. */
  const segmenter = (): Segmenter | undefined => {
    if (jieba === undefined) {
      try {
        const requireFromApp = createRequire(`${strapi.dirs.app.root}/package.json`);
        const { Jieba } = requireFromApp('@node-rs/jieba');
        const { dict } = requireFromApp('@node-rs/jieba/dict');
        jieba = Jieba.withDict(dict);
      } catch (err) {
        strapi.log.warn(`[support-desk] @node-rs/jieba is not available (${(err as Error).message}); Chinese queries are matched as whole phrases`);
        jieba = null;
      }
    }
    return jieba ? (text) => jieba!.cut(text, false) : undefined;
  };

  /** Synonym groups of the KB editors (content type kb-synonym), current as of the version stamp. */
  async function synonyms(): Promise<SynonymIndex> {
    const version = getService('kbIndex').version;
    if (synonymCache && synonymCache.version === version) return synonymCache.loading ?? synonymCache.index;
    const loading = strapi.db.query(SYNONYM_UID).findMany({ select: ['terms'], orderBy: { id: 'asc' }, limit: 5000 })
      .then((rows: Row[]) => compileSynonyms(rows.map((r) => r.terms)));
    const entry: NonNullable<typeof synonymCache> = { version, index: synonymCache?.index ?? compileSynonyms([]), loading };
    synonymCache = entry;
    try {
      entry.index = await loading;
    } catch (err) {
      if (synonymCache === entry) synonymCache = null;
      throw err;
    } finally {
      delete entry.loading;
    }
    return entry.index;
  }

  const publishedWhere = (caller: KbCaller, extra: Row = {}) => ({ publishedAt: { $notNull: true }, visibility: { $in: visibilities(caller) }, ...extra });

  async function categoryIdsBySlug(slug: string): Promise<number[]> {
    const rows = await strapi.db.query(CATEGORY_UID).findMany({ where: { slug }, select: ['id'] });
    return rows.map((r: Row) => r.id);
  }

  async function rowsByIds(ids: number[]): Promise<Row[]> {
    if (!ids.length) return [];
    const rows: Row[] = await articles().findMany({ where: { id: { $in: ids } }, select: [...LIST_FIELDS, 'body'], populate: CATEGORY_POPULATE });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter(Boolean) as Row[];
  }

  function withHighlight(row: Row, query: ParsedQuery) {
    const terms = query.highlight;
    const text = `${row.summary ?? ''}\n${markdownToText(row.body)}`;
    return { ...listItem(row), highlight: { title: highlightAll(row.title ?? '', terms), snippet: snippet(text, terms, 180) } };
  }

  /**
   * The query with its unknown words corrected (kb/spell.ts), or null: only one-word Latin concepts
   * the vocabulary does not hold are looked up (no article has them at all), then replaced by their
   * closest vocabulary word.
   */
  async function correction(query: ParsedQuery) {
    const index = getService('kbIndex');
    const vocab = await index.vocabulary();
    if (!vocab.size) return null;
    const candidates = query.concepts.filter((c) => {
      const token = correctableWord(c);
      if (!token || token.length < MIN_CORRECTED_LENGTH || /\d/.test(token)) return false;
      if (!c.alts[0][0][0].prefix) return !vocab.has(token);
      for (const w of vocab.keys()) if (w.startsWith(token)) return false;
      return true;
    });
    const unmatched = await index.unmatchedWords(candidates);
    return unmatched.size ? correctQuery(query, unmatched, vocab) : null;
  }

  const service = {
    segmenter,

    /** Published articles of one locale, newest first. */
    async list(caller: KbCaller, opts: { locale: KbLocale; category?: string } & Paging) {
      const where: Row = publishedWhere(caller, { locale: opts.locale });
      if (opts.category) where.category = { id: { $in: await categoryIdsBySlug(opts.category) } };
      const rows: Row[] = await articles().findMany({
        where,
        select: LIST_FIELDS,
        populate: CATEGORY_POPULATE,
        orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
        limit: opts.pageSize,
        offset: (opts.page - 1) * opts.pageSize,
      });
      const total = opts.withCount ? await articles().count({ where }) : null;
      return { data: rows.map(listItem), meta: { locale: opts.locale, pagination: pagination(opts, total) } };
    },

    /**
     * One article by slug or documentId. Fallback: the requested locale; if the article has no
     * published version in it, the default locale (en); else any published version. meta.fallback says so.
     */
    async findOne(caller: KbCaller, idOrSlug: string, locale: KbLocale) {
      const match = { $or: [{ slug: idOrSlug }, { documentId: idOrSlug }] };
      let row: Row | null = await articles().findOne({ where: publishedWhere(caller, { locale, ...match }), populate: CATEGORY_POPULATE });
      if (!row) {
        const any: Row | null = await articles().findOne({ where: publishedWhere(caller, match), select: ['documentId'] });
        if (!any) throw new errors.NotFoundError(`No published article "${idOrSlug.slice(0, 100)}".`);
        const versions: Row[] = await articles().findMany({ where: publishedWhere(caller, { documentId: any.documentId }), populate: CATEGORY_POPULATE });
        row = versions.find((v) => v.locale === locale) ?? versions.find((v) => v.locale === DEFAULT_LOCALE) ?? versions[0];
      }
      const localizations: Row[] = await articles().findMany({ where: publishedWhere(caller, { documentId: row!.documentId }), select: ['locale', 'slug', 'title'], orderBy: { locale: 'asc' } });
      return {
        data: { ...listItem(row!), body: row!.body ?? '' },
        meta: {
          requestedLocale: locale,
          locale: row!.locale,
          fallback: row!.locale !== locale,
          localizations: localizations.map((l) => ({ locale: l.locale, slug: l.slug, title: l.title })),
        },
      };
    },

    /**
     * Full-text search. Stop and question words need not match; synonym phrases match any phrase of
     * their group. Every remaining concept must match (prefix for the word being typed), ranked with
     * titles and tags above bodies. When fewer than RELAX_BELOW rows match them all, the search
     * relaxes: rows matching any concept, ranked by how many they match (full matches first), then by
     * how many in the title or tags, then by relevance; partial ones are marked `match: "partial"`
     * and meta.relaxed is true. Bounded at any size (kb-index.ts MAX_SEARCH_RESULTS): at most 1000
     * results (500 relaxed), counted up to there; `pagination.totalCapped` says there are more.
     */
    async search(caller: KbCaller, request: { q: string; locale?: KbLocale; acceptLanguage?: string; category?: string; strategy?: Partial<SearchStrategy> } & Paging) {
      const strategy = { ...FULL_STRATEGY, ...request.strategy };
      // No locale given: Chinese characters → zh-Hans, else Accept-Language, else the default.
      const detected = request.locale ? { locale: request.locale, source: 'parameter' as LocaleSource } : detectLocale(request.q, request.acceptLanguage);
      const opts = { ...request, locale: detected.locale };
      const query = parseQuery(opts.q, segmenter(), { stopWords: strategy.stopWords, synonyms: strategy.synonyms ? await synonyms() : undefined });
      if (isEmptyQuery(query)) throw new KbInputError('"q" has no letters, digits or Chinese characters to search for.', { param: 'q' });
      const categoryIds = opts.category ? await categoryIdsBySlug(opts.category) : undefined;
      const index = getService('kbIndex');
      const base = { locale: opts.locale, visibilities: visibilities(caller), categoryIds, limit: opts.pageSize, offset: (opts.page - 1) * opts.pageSize, withCount: opts.withCount };
      const run = async (q: ParsedQuery) => {
        let found = await index.search({ ...base, query: q, mode: 'all' });
        let relaxed = false;
        if (strategy.relax && q.concepts.length > 1) {
          // How many rows match every concept (up to RELAX_BELOW): from this page when it tells, else one more look.
          const full = found.total ?? (base.offset === 0 && found.ids.length < base.limit ? found.ids.length : (await index.search({ ...base, query: q, mode: 'all', limit: RELAX_BELOW, offset: 0, withCount: false })).ids.length);
          if (full < RELAX_BELOW) {
            found = await index.search({ ...base, query: q, mode: 'coverage', fullMatches: full });
            relaxed = true;
          }
        }
        return { query: q, found, relaxed };
      };
      let result = await run(query);
      let corrected: { q: string; words: Array<{ from: string; to: string }> } | null = null;
      // Nothing found, or only partial matches: words no article holds may be typos. The corrected
      // search answers when its best result matches more of the query's concepts.
      if (strategy.correct && (result.relaxed || !result.found.ids.length)) {
        const fix = await correction(query);
        if (fix) {
          const again = await run(fix.query);
          const best = (r: typeof result) => (!r.found.ids.length ? 0 : r.relaxed ? (r.found.coverage[0] ?? 0) : r.query.concepts.length);
          if (best(again) > best(result)) {
            result = again;
            corrected = { q: '', words: fix.corrections };
          }
        }
      }
      const { found, relaxed } = result;
      const rows = await rowsByIds(found.ids);
      if (corrected) corrected = writtenCorrection(opts.q, corrected.words, rows.length ? `${rows[0].title ?? ''}\n${rows[0].summary ?? ''}\n${markdownToText(rows[0].body)}` : '');
      const coverageOf = new Map(found.ids.map((id, i) => [id, found.coverage[i]]));
      const n = result.query.concepts.length;
      return {
        data: rows.map((r) => ({ ...withHighlight(r, result.query), match: (coverageOf.get(r.id) ?? n) >= n ? 'all' : 'partial' })),
        meta: { q: opts.q, locale: opts.locale, localeSource: detected.source, relaxed, ...(corrected ? { corrected } : {}), pagination: { ...pagination(opts, found.total), ...(found.total === null ? {} : { totalCapped: found.totalCapped }) } },
      };
    },

    /** The plan the database picks for a search's statement (benchmarks and tests check the index is used and the work bounded). */
    async explainSearch(q: string, locale: KbLocale, opts: Parameters<KbIndexService['explainSearch']>[2] = {}) {
      return getService('kbIndex').explainSearch(parseQuery(q, segmenter(), { synonyms: await synonyms() }), locale, opts);
    },

    /**
     * Deflection: articles matching a ticket's subject and description (any of their concepts, ranked).
     * Locale: the one given, else zh-Hans when the text contains Chinese, else Accept-Language, else en.
     */
    async suggest(caller: KbCaller, opts: { subject?: string; description?: string; locale?: KbLocale; acceptLanguage?: string; limit?: number }) {
      const text = `${opts.subject ?? ''}\n${opts.subject ?? ''}\n${opts.description ?? ''}`.slice(0, 4000); // the subject counts twice
      const locale: KbLocale = opts.locale ?? detectLocale(text, opts.acceptLanguage).locale;
      const parsed = parseQuery(text, segmenter(), { synonyms: await synonyms() });
      // Lone Chinese characters match too much in a long text: dropped when words remain.
      const lone = (c: ParsedQuery['concepts'][number]) => !c.synonym && c.alts[0].length === 1 && c.alts[0][0].length === 1 && c.alts[0][0][0].kind === 'cjk' && Array.from(c.alts[0][0][0].token).length === 1;
      const multi = parsed.concepts.filter((c) => !lone(c));
      const query: ParsedQuery = { concepts: multi.length ? multi : parsed.concepts, highlight: parsed.highlight };
      if (isEmptyQuery(query)) return { data: [], meta: { locale } };
      const { ids } = await getService('kbIndex').search({ query, mode: 'any', locale, visibilities: visibilities(caller), limit: opts.limit ?? 5, offset: 0, withCount: false });
      const rows = await rowsByIds(ids);
      return { data: rows.map((r) => withHighlight(r, query)), meta: { locale } };
    },

    /** Categories of a locale with the number of visible published articles in each. */
    async categories(caller: KbCaller, locale: KbLocale) {
      const cats: Row[] = await strapi.db.query(CATEGORY_UID).findMany({
        where: { locale },
        orderBy: [{ sort_order: 'asc' }, { name: 'asc' }],
        populate: { parent: { select: ['documentId', 'slug'] } },
      });
      const attr = strapi.db.metadata.get(ARTICLE_UID).attributes.category as any;
      const jt = attr.joinTable;
      const counts: Row[] = await knex()(`${jt.name} as l`)
        .join('kb_articles as a', 'a.id', `l.${jt.joinColumn.name}`)
        .whereNotNull('a.published_at')
        .where('a.locale', locale)
        .whereIn('a.visibility', visibilities(caller))
        .groupBy(`l.${jt.inverseJoinColumn.name}`)
        .select(`l.${jt.inverseJoinColumn.name} as id`)
        .count({ n: '*' });
      const byId = new Map(counts.map((c) => [Number(c.id), Number(c.n)]));
      return {
        data: cats.map((c) => ({
          documentId: c.documentId, slug: c.slug, name: c.name, description: c.description ?? null, sort_order: c.sort_order ?? 0,
          parent: c.parent ? { documentId: c.parent.documentId, slug: c.parent.slug } : null,
          articleCount: byId.get(c.id) ?? 0,
        })),
        meta: { locale },
      };
    },

    /**
     * Helpful / not helpful: rate-limited per client across all instances (bucket `kb-feedback`;
     * a refused vote writes nothing); counts on every row of the document.
     */
    async feedback(caller: KbCaller, documentId: string, helpful: boolean, clientKey: string) {
      const verdict = await getServiceOf(strapi, 'rate-limits').hit(FEEDBACK_BUCKET, clientKey, feedbackWindow);
      if (!verdict.allowed) {
        throw new errors.RateLimitError(`Too many votes from this client; try again in ${verdict.retryAfterSeconds} s.`, { retryAfter: verdict.retryAfterSeconds });
      }
      const exists = await articles().findOne({ where: publishedWhere(caller, { documentId }), select: ['id'] });
      if (!exists) throw new errors.NotFoundError(`No published article "${documentId.slice(0, 100)}".`);
      const column = helpful ? 'helpful_count' : 'not_helpful_count';
      await knex()('kb_articles').where({ document_id: documentId }).increment(column, 1);
      const row: Row = await knex()('kb_articles').where({ document_id: documentId }).whereNotNull('published_at').first('helpful_count', 'not_helpful_count');
      return { documentId, helpful, helpful_count: Number(row.helpful_count), not_helpful_count: Number(row.not_helpful_count), remaining: verdict.remaining };
    },

    /** Counts a view in memory; `flushViews` writes them in one transaction every few seconds. */
    recordView(documentId: string) {
      pendingViews.set(documentId, (pendingViews.get(documentId) ?? 0) + 1);
    },
    pendingViews: () => new Map(pendingViews),

    async flushViews() {
      if (!pendingViews.size) return 0;
      const batch = new Map(pendingViews);
      pendingViews.clear();
      try {
        await knex().transaction(async (trx) => {
          for (const [documentId, n] of batch) await trx('kb_articles').where({ document_id: documentId }).increment('view_count', n);
        });
      } catch (err) {
        for (const [documentId, n] of batch) pendingViews.set(documentId, (pendingViews.get(documentId) ?? 0) + n);
        strapi.log.warn(`[support-desk] KB view counts not written yet (${(err as Error).message}); retrying`);
      }
      return batch.size;
    },

    synonyms,

    start() {
      segmenter();
      const every = pluginConfig(strapi).kb.viewFlushMs;
      flushTimer = setInterval(() => void service.flushViews(), every);
      flushTimer.unref();
    },

    async stop() {
      if (flushTimer) clearInterval(flushTimer);
      flushTimer = null;
      await service.flushViews();
    },
  };
  return service;
};

function pagination(p: Paging, total: number | null) {
  return total === null
    ? { page: p.page, pageSize: p.pageSize }
    : { page: p.page, pageSize: p.pageSize, pageCount: Math.ceil(total / p.pageSize), total };
}

export { KB_LOCALES };
export type KbService = ReturnType<typeof createKbService>;
export default createKbService;
