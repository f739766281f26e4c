#!/usr/bin/env node
'use strict';
// The public KB API against Strapi's plain core find, same data, same run:
//   1. GET /api/kb-articles                               (core find, Public role; the baseline)
//   2. GET /api/support-desk/kb/articles?pageSize=25      (ours: list, anonymous → response cache)
//   3. GET /api/support-desk/kb/search?q=…                (ours: 14 queries, en + zh, cycled; cached)
//   4. the same searches with an API token                (agents: no cache, the full pipeline + index)
// then grows the data to `--scale` published rows (default 100k), rebuilds the index, and times the
// search service itself (p50/p95, no HTTP, no cache) with EXPLAIN of each query.
//
//   node bench/kb-public.js [--db postgres|sqlite|both] [--count 10000] [--scale 100000] [--duration 10] [--connections 10] [--load bulk|documents]
// --load bulk (default) writes the draft and published rows with the query engine and rebuilds the
// index once (10k articles in seconds); --load documents goes through the document service (slow).
const { createDatabase, freshSecrets, startApp, log, runInStrapi } = require('./lib/app');
const { measure, DEFAULTS } = require('./lib/load');
const { report } = require('./lib/report');
const { guard } = require('./lib/guard');
const { runPerDatabase, parseFlags } = require('./lib/cli');

const CORE = '/api/kb-articles';
const OURS_LIST = '/api/support-desk/kb/articles?pageSize=25';
const QUERIES = [
  ['firmware', 'en'], ['router', 'en'], ['network connection', 'en'], ['error code', 'en'], ['power', 'en'], ['login', 'en'], ['update fails', 'en'],
  ['固件', 'zh-Hans'], ['路由器', 'zh-Hans'], ['网络', 'zh-Hans'], ['无法开机', 'zh-Hans'], ['电', 'zh-Hans'], ['交换机', 'zh-Hans'], ['固件升级', 'zh-Hans'],
];
const searchPath = ([q, locale]) => `/api/support-desk/kb/search?q=${encodeURIComponent(q)}&locale=${locale}&pageSize=10`;

function parseArgs(argv) {
  const opts = parseFlags(argv, {
    usage: 'node bench/kb-public.js [--db postgres|sqlite|both] [--count N] [--scale N (0: skip)] [--duration S] [--connections C] [--warmup S] [--runs R] [--load bulk|documents]',
    defaults: { db: 'postgres', count: Number(process.env.BENCH_COUNT || 10000), scale: 100000, duration: DEFAULTS.duration, connections: DEFAULTS.connections, warmup: DEFAULTS.warmup, runs: 20, load: 'bulk' },
    flags: { '--db': ['db', String], '--count': ['count', Number], '--scale': ['scale', Number], '--duration': ['duration', Number], '--connections': ['connections', Number], '--warmup': ['warmup', Number], '--runs': ['runs', Number], '--load': ['load', String] },
  });
  if (!['bulk', 'documents'].includes(opts.load)) throw new Error(`--load must be bulk or documents, not ${opts.load}`);
  return opts;
}

async function check(url, path, headers = {}) {
  const res = await new Promise((resolve, reject) => {
    const http = require('http');
    const req = http.get(`${url}${path}`, { headers, agent: false, timeout: 10000 }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c) => (body += c));
      r.on('end', () => resolve({ status: r.statusCode, body }));
    });
    req.on('error', reject);
  });
  if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status}: ${res.body.slice(0, 300)}`);
  const json = JSON.parse(res.body);
  if (!Array.isArray(json.data) || json.data.length === 0) throw new Error(`GET ${path} returned no rows`);
  return { rows: json.data.length, bytes: Buffer.byteLength(res.body), total: json.meta?.pagination?.total };
}

async function benchDatabase(kind, opts) {
  const t0 = Date.now();
  const db = await guard.add(await createDatabase(kind, 'kb-public'), (d) => d.drop());
  const secrets = freshSecrets();
  try {
    log(`${kind}: loading ${opts.count} kb-articles (half zh-Hans) into ${db.label} ...`);
    // lib/kb-data.js through runInStrapi with a longer limit than loadKbArticles' default 10 min:
    // 10k articles through the document service take longer than that on a busy machine.
    const loaded = await runInStrapi(db, 'bench/lib/kb-data.js', { count: opts.count, batch: Number(process.env.BENCH_BATCH || 50), seed: 42, bulk: opts.load === 'bulk' }, { secrets, timeoutMs: 60 * 60 * 1000 });
    log(`${kind}: loaded ${loaded.count} articles in ${(loaded.ms / 1000).toFixed(1)} s`);
    await db.settle();
    const { token } = await runInStrapi(db, 'bench/kb-jobs.js', { job: 'token' }, { secrets });

    const app = guard.add(await startApp({ db, secrets }), (s) => s.stop());
    log(`${kind}: strapi start in ${(app.bootMs / 1000).toFixed(1)} s at ${app.url}`);
    const auth = { Authorization: `Bearer ${token}` };
    const samples = {
      core: await check(app.url, CORE),
      list: await check(app.url, OURS_LIST),
      search: await Promise.all(QUERIES.map((q) => check(app.url, searchPath(q)))),
    };
    await check(app.url, searchPath(QUERIES[0]), auth);
    const m = (extra) => measure({ url: app.url, duration: opts.duration, connections: opts.connections, warmup: opts.warmup, serverPid: app.pid, dbName: db.database, ...extra });
    log(`${kind}: measuring core find ...`);
    const core = await m({ path: CORE });
    log(`${kind}: measuring our list ...`);
    const list = await m({ path: OURS_LIST });
    log(`${kind}: measuring our search (anonymous, cached) ...`);
    const requests = QUERIES.map((q) => ({ method: 'GET', path: searchPath(q) }));
    const search = await m({ path: searchPath(QUERIES[0]), requests });
    log(`${kind}: measuring our search with an API token (uncached) ...`);
    const searchAgent = await m({ path: searchPath(QUERIES[0]), requests, headers: auth });
    await guard.release(app);

    report({
      name: 'kb-public',
      db: kind,
      title: `public KB list and search vs core find (${opts.count} articles, half zh-Hans)`,
      context: {
        articles: loaded.count,
        samples: { core: { rows: samples.core.rows, bytes: samples.core.bytes }, list: { rows: samples.list.rows, bytes: samples.list.bytes }, searchTotals: samples.search.map((s, i) => `${QUERIES[i][0]}:${s.total}`) },
        duration: opts.duration, warmup: opts.warmup, connections: opts.connections, database: db.label, bootMs: app.bootMs,
        baseline: 'Strapi core GET /api/kb-articles (Public find, 25 rows, withCount) on the same app and database',
      },
      results: [
        { endpoint: `GET ${OURS_LIST}`, oursLabel: 'kb list (anonymous, cached)', ours: list, baselineLabel: 'core find', baseline: core },
        { endpoint: 'GET /api/support-desk/kb/search (14 queries)', oursLabel: 'kb search (anonymous, cached)', ours: search, baselineLabel: 'core find', baseline: core },
        { endpoint: 'GET /api/support-desk/kb/search (API token)', oursLabel: 'kb search (agent, uncached)', ours: searchAgent, baselineLabel: 'core find', baseline: core },
      ],
    });

    if (opts.scale > 0) {
      log(`${kind}: growing to ${opts.scale} published rows, rebuilding the index, timing ${QUERIES.length} queries × ${opts.runs} ...`);
      const scale = await runInStrapi(db, 'bench/kb-jobs.js', { job: 'scale', target: opts.scale, queries: QUERIES, runs: opts.runs }, { secrets, timeoutMs: 30 * 60 * 1000 });
      console.log(`\n${kind}: search service at ${scale.grown.rows} published article rows (index ${scale.indexed} rows, rebuilt in ${(scale.rebuildMs / 1000).toFixed(1)} s)`);
      console.log('query                 locale    total   p50 ms   p95 ms  seq scan');
      for (const q of scale.perQuery) console.log(`${q.q.padEnd(20)}  ${q.locale.padEnd(8)} ${String(q.total).padStart(6)} ${String(q.p50).padStart(8)} ${String(q.p95).padStart(8)}  ${q.seqScan ? 'YES' : 'no'}`);
      console.log(`overall (${scale.overall.n} searches): p50 ${scale.overall.p50} ms, p95 ${scale.overall.p95} ms, p99 ${scale.overall.p99} ms`);
      console.log(`plan for "${scale.plans[0].q}":\n${scale.plans[0].plan}`);
      const fs = require('fs');
      const path = require('path');
      const file = path.join(__dirname, 'results', `kb-search-scale-${kind}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}Z.json`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ kind, ...scale, wallMs: Date.now() - t0 }, null, 2));
    }
  } finally {
    await guard.release(db);
  }
}

if (require.main === module) runPerDatabase('kb-public', { parseArgs, benchDatabase, defaultTimeoutS: 2 * 60 * 60 });
