#!/usr/bin/env node
'use strict';
// KB search latency at volume: loads `--count` articles (bulk, half zh-Hans), grows them to `--scale`
// published rows (default 100 000), rebuilds the index and times the search service per query
// (p50/p95 over `--runs`, total counted): on PostgreSQL the RUM ranking (KB_SEARCH_INDEX=auto, when
// the extension is there) against ts_rank (the default, same data, same run) with the ratio; on
// SQLite FTS5. Heavy: run it once, not in a loop.
//
//   node bench/kb-search-scale.js [--db postgres|sqlite|both] [--count 10000] [--scale 100000] [--runs 20]
//   BENCH_KEEP_DB=1 node bench/kb-search-scale.js …          keeps the loaded database (its name is printed)
//   node bench/kb-search-scale.js --db postgres --reuse sd_bench_…   times again on it (no load, no rebuild)
const fs = require('fs');
const path = require('path');
const { createDatabase, existingDatabase, freshSecrets, runInStrapi, log } = require('./lib/app');
const { guard } = require('./lib/guard');
const { runPerDatabase, parseFlags } = require('./lib/cli');

// The public bench's queries plus the hard cases of issue 13: one Chinese character, words in about
// half of the articles, relaxed queries (no article has every word), a prefix being typed.
const QUERIES = [
  ['firmware', 'en'], ['router', 'en'], ['network connection', 'en'], ['error code', 'en'], ['power', 'en'], ['login', 'en'], ['update fails', 'en'],
  ['固件', 'zh-Hans'], ['路由器', 'zh-Hans'], ['网络', 'zh-Hans'], ['无法开机', 'zh-Hans'], ['电', 'zh-Hans'], ['交换机', 'zh-Hans'], ['固件升级', 'zh-Hans'],
  ['check', 'en'], ['the device', 'en'], ['设', 'zh-Hans'], ['检查', 'zh-Hans'],
  ['router kangaroo firmware', 'en'], ['how do I reset my printer password', 'en'], ['打印机连不上', 'zh-Hans'], ['firmw', 'en'],
];

function parseArgs(argv) {
  return parseFlags(argv, {
    usage: 'node bench/kb-search-scale.js [--db postgres|sqlite] [--count N] [--scale N] [--runs R] [--reuse <database name | SQLite file>] [--plans rum,gin]',
    defaults: { db: 'postgres', count: 10000, scale: 100000, runs: 20, reuse: '', plans: '' },
    flags: { '--db': ['db', String], '--count': ['count', Number], '--scale': ['scale', Number], '--runs': ['runs', Number], '--reuse': ['reuse', String], '--plans': ['plans', String] },
  });
}

const load1 = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function benchDatabase(kind, opts) {
  const t0 = Date.now();
  if (opts.reuse && opts.db === 'both') throw new Error('--reuse needs --db sqlite or --db postgres');
  const db = await guard.add(opts.reuse ? await existingDatabase(kind, opts.reuse) : await createDatabase(kind, 'kb-search-scale'), (d) => d.drop());
  const secrets = freshSecrets();
  try {
    if (opts.reuse) log(`${kind}: reusing ${db.label} (no load, no rebuild; load average ${load1()}) ...`);
    else {
      log(`${kind}: loading ${opts.count} kb-articles (bulk) ...`);
      const loaded = await runInStrapi(db, 'bench/lib/kb-data.js', { count: opts.count, batch: 50, seed: 42, bulk: true }, { secrets, timeoutMs: 60 * 60 * 1000 });
      log(`${kind}: loaded ${loaded.count} in ${(loaded.ms / 1000).toFixed(1)} s; growing to ${opts.scale} rows, rebuilding, timing (load average ${load1()}) ...`);
      await db.settle();
    }
    const only = opts.plans ? opts.plans.split(',') : undefined;
    const r = await runInStrapi(db, 'bench/kb-search-scale-job.js', { target: opts.scale, queries: QUERIES, runs: opts.runs, reuse: Boolean(opts.reuse), plans: only }, { secrets, timeoutMs: 60 * 60 * 1000, env: { KB_SEARCH_INDEX: 'auto' } });
    const plans = Object.keys(r.plans);
    console.log(`\n${kind}: search service at ${r.grown.rows} published article rows (index ${r.indexed} rows, ${r.rebuildMs === null ? 'reused' : `rebuilt in ${(r.rebuildMs / 1000).toFixed(1)} s`}; detected path: ${r.detected}; load average before/after: ${r.load.join(' / ')}; 2 cores)`);
    console.log(`${'query'.padEnd(36)} ${'locale'.padEnd(8)} ${'total'.padStart(6)} ${plans.map((p) => `${`${p} p50`.padStart(10)} ${`${p} p95`.padStart(10)}`).join(' ')}${plans.length > 1 ? '  p95 ratio' : ''}`);
    r.plans[plans[0]].perQuery.forEach((q, i) => {
      const cells = plans.map((p) => `${String(r.plans[p].perQuery[i].p50).padStart(10)} ${String(r.plans[p].perQuery[i].p95).padStart(10)}`).join(' ');
      const ratio = plans.length > 1 ? `  ${(r.plans[plans[0]].perQuery[i].p95 / r.plans[plans[1]].perQuery[i].p95).toFixed(3)}` : '';
      console.log(`${(q.q + (q.relaxed ? ' (relaxed)' : '')).padEnd(36)} ${q.locale.padEnd(8)} ${String(q.total + (q.totalCapped ? "+" : "")).padStart(6)} ${cells}${ratio}`);
    });
    for (const p of plans.filter((x) => r.plans[x].perQuery[0].explain)) {
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS), ${p} path (statement: execution ms, top-level buffers, index rows read from the heap):`);
      for (const q of r.plans[p].perQuery) console.log(`${q.q.padEnd(36)} ${q.explain.map((e) => `${e.mode}: ${e.ms} ms, ${e.buffers}, ${e.heapRows} rows`).join(' | ')}`);
    }
    for (const p of plans) console.log(`${p}: overall p50 ${r.plans[p].overall.p50} ms, p95 ${r.plans[p].overall.p95} ms, p99 ${r.plans[p].overall.p99} ms (${r.plans[p].overall.n} searches)`);
    for (const p of plans) console.log(`plan (${p}) for "${QUERIES[0][0]}":\n${r.plans[p].explain}\ncount:\n${r.plans[p].explainCount}`);
    const file = path.join(__dirname, 'results', `kb-search-scale-${kind}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}Z.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ kind, ...r, wallMs: Date.now() - t0 }, null, 2));
  } finally {
    await guard.release(db);
  }
}

runPerDatabase('kb-search-scale', { parseArgs, benchDatabase, defaultTimeoutS: 2 * 60 * 60 });
