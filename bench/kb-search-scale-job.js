'use strict';
// Child side of bench/kb-search-scale.js, inside a loaded Strapi: grows the loaded articles to
// `target` published rows, rebuilds the search index, then times the search service (no HTTP, no
// cache; total counted as the API does by default) per query and per read path: on PostgreSQL the
// RUM path and the GIN path (the baseline, same data, same run); on SQLite FTS5.
const { runJob } = require('./lib/in-strapi');
const { grow } = require('./lib/kb-grow');

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const round = (x) => Math.round(x * 100) / 100;

const fs = require('fs');

const load1 = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

runJob(async (strapi, args) => {
  const pg = strapi.db.dialect.client === 'postgres';
  const index = strapi.plugin('support-desk').service('kbIndex');
  const kb = strapi.plugin('support-desk').service('kb');
  // --reuse: the database was grown and indexed by an earlier run (the start checked the index).
  const grown = args.reuse ? { rows: Number((await strapi.db.connection('kb_articles').whereNotNull('published_at').count({ n: '*' }))[0].n) } : await grow(strapi, args.target);
  if (pg && !args.reuse) await strapi.db.connection.raw('ANALYZE kb_articles');
  const t0 = Date.now();
  const indexed = args.reuse ? Number((await strapi.db.connection('sd_kb_search').count({ n: '*' }))[0].n) : await index.rebuild();
  const rebuildMs = args.reuse ? null : Date.now() - t0;
  if (pg && !args.reuse) await strapi.db.connection.raw('VACUUM ANALYZE sd_kb_search');
  const detected = index.searchPlan();
  const plans = args.plans ?? (pg ? (detected === 'rum' ? ['rum', 'gin'] : ['gin']) : ['sqlite']);
  const load = [load1()];
  const out = {};
  for (const plan of plans) {
    if (pg) index.useSearchPlan(plan);
    const perQuery = [];
    const all = [];
    for (const [q, locale] of args.queries) {
      const times = [];
      let res;
      for (let i = 0; i < args.runs + 2; i += 1) {
        const t = process.hrtime.bigint();
        res = await kb.search({ agent: false }, { q, locale, page: 1, pageSize: 10, withCount: true });
        if (i >= 2) times.push(Number(process.hrtime.bigint() - t) / 1e6); // two warm-up runs
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      perQuery.push({ q, locale, total: res.meta.pagination.total, totalCapped: res.meta.pagination.totalCapped ?? null, relaxed: res.meta.relaxed, first: res.data[0]?.title ?? null, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) });
    }
    all.sort((a, b) => a - b);
    const explain = await kb.explainSearch(args.queries[0][0], args.queries[0][1]);
    // The count statement's plan (only where the search service has one to explain).
    const explainCount = await kb.explainSearch(args.queries[0][0], args.queries[0][1], { statement: 'count' }).catch(() => '(the total comes with the page)');
    // PostgreSQL: EXPLAIN (ANALYZE, BUFFERS) of each statement a query runs (the full match; relaxed,
    // then the relaxed window), which the machine's load does not change: buffers and rows read.
    if (pg) {
      for (const q of perQuery) {
        q.explain = [];
        for (const mode of q.relaxed ? ['all', 'coverage'] : ['all']) {
          const text = await kb.explainSearch(q.q, q.locale, { mode, analyze: true });
          const buffers = (text.match(/Buffers: ([^\n]*)/) ?? [])[1] ?? '';
          const heapRows = [...text.matchAll(/Bitmap Heap Scan on sd_kb_search s[^\n]*actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
          q.explain.push({ mode, ms: Number((text.match(/Execution Time: ([\d.]+)/) ?? [])[1]), buffers, heapRows, plan: text });
        }
      }
    }
    out[plan] = { perQuery, overall: { n: all.length, p50: round(percentile(all, 50)), p95: round(percentile(all, 95)), p99: round(percentile(all, 99)) }, explain, explainCount };
  }
  if (pg) index.useSearchPlan(detected);
  load.push(load1());
  return { grown, indexed, rebuildMs, detected, load, plans: out };
});
