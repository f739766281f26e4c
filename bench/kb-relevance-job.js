'use strict';
// Child side of bench/kb-relevance.js, run inside a loaded Strapi by app.runInStrapi(): loads the demo
// KB (src/seed/kb.ts: categories, articles in en + zh-Hans, the editors' synonym list) through the
// document service, then runs the evaluation queries through the search service twice:
//   baseline — every word required, no stop words, no synonyms, no relaxation, locale `en` when none
//              is given (the search before issue 13);
//   current  — the search as shipped (stop words, synonyms, relaxation, locale detection).
// Each in two conditions: the query's own locale given, and no locale at all (no Accept-Language).
const { runJob } = require('./lib/in-strapi');
const { loadDemoKb } = require('./lib/demo-kb');

runJob(async (strapi, args) => {
  await loadDemoKb(strapi);
  const kb = strapi.plugin('support-desk').service('kb');
  const caller = { agent: false };
  const strategies = {
    baseline: { strategy: { stopWords: false, synonyms: false, relax: false, correct: false }, locale: (given) => given ?? 'en' },
    current: { strategy: undefined, locale: (given) => given }, // none: the service detects it
  };
  const out = {};
  for (const [name, s] of Object.entries(strategies)) {
    for (const condition of ['locale', 'none']) {
      const rows = [];
      for (const item of args.queries) {
        const locale = s.locale(condition === 'locale' ? item.lang : undefined);
        const res = await kb.search(caller, { q: item.q, locale, page: 1, pageSize: 10, withCount: false, strategy: s.strategy });
        const slugs = res.data.map((a) => a.slug);
        const rank = slugs.findIndex((slug) => item.expect.includes(slug)) + 1; // 0: not in the first 10
        rows.push({ q: item.q, lang: item.lang, set: item.set, locale: res.meta.locale, rank, top: slugs.slice(0, 3), empty: slugs.length === 0, relaxed: Boolean(res.meta.relaxed) });
      }
      out[`${name}/${condition}`] = rows;
    }
  }
  return out;
});
