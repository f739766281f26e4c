'use strict';
// Child-side jobs of bench/kb-public.js, run inside a loaded Strapi by app.runInStrapi():
//   { job: 'token' }                       -> a full-access API token (agents: uncached search path)
//   { job: 'scale', target, queries, runs } -> grow kb_articles to `target` published rows (copies of
//        the loaded ones, with new documentIds), rebuild the search index, then time the search
//        service (no HTTP, no cache) and EXPLAIN its query.
const { runJob } = require('./lib/in-strapi');
const { grow } = require('./lib/kb-grow');

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const round = (x) => Math.round(x * 100) / 100;

runJob(async (strapi, args) => {
  if (args.job === 'token') {
    const token = await strapi.service('admin::api-token').create({ name: `bench-${Date.now()}`, type: 'full-access', lifespan: null });
    return { token: token.accessKey };
  }
  if (args.job !== 'scale') throw new Error(`unknown job ${args.job}`);
  const grown = await grow(strapi, args.target);
  if (strapi.db.dialect.client === 'postgres') await strapi.db.connection.raw('ANALYZE kb_articles');
  const index = strapi.plugin('support-desk').service('kbIndex');
  const kb = strapi.plugin('support-desk').service('kb');
  const t0 = Date.now();
  const indexed = await index.rebuild();
  const rebuildMs = Date.now() - t0;
  if (strapi.db.dialect.client === 'postgres') await strapi.db.connection.raw('VACUUM ANALYZE sd_kb_search');
  const perQuery = [];
  const all = [];
  const plans = [];
  for (const [q, locale] of args.queries) {
    const times = [];
    let total = null;
    for (let i = 0; i < args.runs; i += 1) {
      const t = process.hrtime.bigint();
      const res = await kb.search({ agent: false }, { q, locale, page: 1, pageSize: 10, withCount: true });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      total = res.meta.pagination.total;
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    const plan = await kb.explainSearch(q, locale);
    plans.push({ q, locale, plan });
    perQuery.push({ q, locale, total, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), seqScan: /Seq Scan on sd_kb_search/.test(plan) });
  }
  all.sort((a, b) => a - b);
  return { grown, indexed, rebuildMs, perQuery, overall: { n: all.length, p50: round(percentile(all, 50)), p95: round(percentile(all, 95)), p99: round(percentile(all, 99)) }, plans };
});

