#!/usr/bin/env node
'use strict';
// Relevance of the KB search on its evaluation set (tests/fixtures/kb-eval-queries.json: customer-
// phrased questions in English and Chinese over the demo KB). Prints, per database, precision@3 (the
// share of queries with a right article in the top 3), MRR (mean reciprocal rank, first 10 results)
// and the empty answers, for the baseline (the search before issue 13: every word required, no stop
// words, no synonyms, no relaxation, `en` without a locale) and the current search, each with the
// query's locale given and with no locale; then lists the current misses.
//
//   node bench/kb-relevance.js [--db sqlite|postgres|both] [--verbose]
const fs = require('fs');
const path = require('path');
const { createDatabase, freshSecrets, runInStrapi, log } = require('./lib/app');
const { guard } = require('./lib/guard');
const { runPerDatabase, parseFlags } = require('./lib/cli');

const EVAL = path.resolve(__dirname, '..', 'tests', 'fixtures', 'kb-eval-queries.json');

function parseArgs(argv) {
  return parseFlags(argv, {
    usage: 'node bench/kb-relevance.js [--db sqlite|postgres|both] [--verbose]',
    defaults: { db: 'sqlite', verbose: false },
    flags: { '--db': ['db', String], '--verbose': ['verbose', true] },
  });
}

/** precision@3, MRR and empty answers of one run's rows. */
function metrics(rows) {
  const n = rows.length;
  const top3 = rows.filter((r) => r.rank >= 1 && r.rank <= 3).length;
  const mrr = rows.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / n;
  return { n, top3, p3: top3 / n, mrr, empty: rows.filter((r) => r.empty).length };
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;

async function benchDatabase(kind, opts) {
  const queries = JSON.parse(fs.readFileSync(EVAL, 'utf8')).queries;
  const db = await guard.add(await createDatabase(kind, 'kb-relevance'), (d) => d.drop());
  try {
    log(`${kind}: loading the demo KB and running ${queries.length} queries × 4 …`);
    const result = await runInStrapi(db, 'bench/kb-relevance-job.js', { queries }, { secrets: freshSecrets() });
    console.log(`\nKB search relevance on ${kind}: ${queries.length} queries (${queries.filter((q) => q.lang === 'en').length} en, ${queries.filter((q) => q.lang === 'zh-Hans').length} zh-Hans)`);
    console.log(`${'search'.padEnd(10)} ${'locale'.padEnd(8)} ${'P@3'.padStart(8)} ${'MRR'.padStart(6)} ${'empty'.padStart(6)}  P@3 en / zh   (held-out and typo queries alone)`);
    const summary = {};
    for (const [key, rows] of Object.entries(result)) {
      const [name, condition] = key.split('/');
      const m = metrics(rows);
      const en = metrics(rows.filter((r) => r.lang === 'en'));
      const zh = metrics(rows.filter((r) => r.lang === 'zh-Hans'));
      const held = metrics(rows.filter((r) => r.set === 'held-out'));
      const typos = metrics(rows.filter((r) => r.set === 'typos'));
      summary[key] = m;
      console.log(`${name.padEnd(10)} ${(condition === 'locale' ? 'given' : 'none').padEnd(8)} ${pct(m.p3).padStart(8)} ${m.mrr.toFixed(3).padStart(6)} ${String(m.empty).padStart(6)}  ${pct(en.p3)} / ${pct(zh.p3)}   held-out ${held.n}: ${pct(held.p3)}, MRR ${held.mrr.toFixed(3)}; typos ${typos.n}: ${pct(typos.p3)}, MRR ${typos.mrr.toFixed(3)}`);
    }
    for (const condition of ['locale', 'none']) {
      const misses = result[`current/${condition}`].filter((r) => !(r.rank >= 1 && r.rank <= 3));
      if (misses.length || opts.verbose) console.log(`\ncurrent search, locale ${condition === 'locale' ? 'given' : 'none'}: ${misses.length} outside the top 3`);
      for (const r of opts.verbose ? result[`current/${condition}`] : misses) console.log(`  ${r.rank ? `#${r.rank}` : '—'.padEnd(3)} [${r.locale}] ${r.q} → ${r.top.join(', ') || '(nothing)'}${r.relaxed ? ' (relaxed)' : ''}`);
    }
    return summary;
  } finally {
    await db.drop();
  }
}

runPerDatabase('kb-relevance', { parseArgs, benchDatabase });
