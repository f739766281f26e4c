#!/usr/bin/env node
'use strict';
// GET /api/kb-articles (core list, default page: 25 published `en` rows) under load, against a bare
// Node `http` server that answers the same page straight from the same database (the ceiling).
//
//   node bench/kb-list.js [--db sqlite|postgres|both] [--count 1000] [--duration 10] [--connections 10]
//                         [--warmup 2] [--rounds 1]
//
// Per database: fresh database -> 1000 published articles through the document service + Public `find`
// -> settle (VACUUM ANALYZE) -> `strapi start` (production) -> check the page -> baseline child on the
// same database -> check it returns the very same JSON -> per round: warm-up + measured run of each
// (ABBA order) -> stop both -> drop. Figures are the medians over the rounds.
const { createDatabase, freshSecrets, startApp, startChildServer, httpGet, log } = require('./lib/app');
const { loadKbArticles } = require('./lib/kb-data');
const { measure, combineRounds, DEFAULTS } = require('./lib/load');
const { report } = require('./lib/report');
const { guard } = require('./lib/guard');
const { runPerDatabase, parseFlags } = require('./lib/cli');

const ENDPOINT = '/api/kb-articles';

function parseArgs(argv) {
  return parseFlags(argv, {
    usage: 'node bench/kb-list.js [--db sqlite|postgres|both] [--count N] [--duration S] [--connections C] [--warmup S] [--rounds R]',
    defaults: { db: 'both', count: Number(process.env.BENCH_COUNT || 1000), duration: DEFAULTS.duration, connections: DEFAULTS.connections, warmup: DEFAULTS.warmup, rounds: DEFAULTS.rounds },
    flags: { '--db': ['db', String], '--count': ['count', Number], '--duration': ['duration', Number], '--connections': ['connections', Number], '--warmup': ['warmup', Number], '--rounds': ['rounds', (v) => Math.max(1, Number(v))] },
  });
}

async function getJson(url) {
  const res = await httpGet(url, 10000);
  if (res.status !== 200) throw new Error(`GET ${url} -> ${res.status}: ${res.body.slice(0, 500)}`);
  return { json: JSON.parse(res.body), bytes: Buffer.byteLength(res.body), headers: res.headers };
}

/** The baseline must answer what Strapi answers: same rows, same keys, same values, same order. */
function compareResponses(strapi, baseline) {
  const problems = [];
  const a = strapi.data;
  const b = baseline.data;
  if (JSON.stringify(strapi.meta) !== JSON.stringify(baseline.meta)) problems.push(`meta differs: ${JSON.stringify(strapi.meta)} vs ${JSON.stringify(baseline.meta)}`);
  if (a.length !== b.length) problems.push(`row count differs: ${a.length} vs ${b.length}`);
  const ids = (rows) => rows.map((r) => r.id).join(',');
  if (ids([...a].sort((x, y) => x.id - y.id)) !== ids([...b].sort((x, y) => x.id - y.id))) problems.push(`not the same rows: ids ${ids(a)} vs ${ids(b)}`);
  else if (ids(a) !== ids(b)) problems.push('same rows in a different order');
  const byId = new Map(b.map((r) => [r.id, r]));
  for (const row of a) {
    const other = byId.get(row.id);
    if (!other) continue;
    if (JSON.stringify(Object.keys(row)) !== JSON.stringify(Object.keys(other))) {
      problems.push(`keys differ for id ${row.id}: ${Object.keys(row)} vs ${Object.keys(other)}`);
      break;
    }
    const diff = Object.keys(row).filter((k) => JSON.stringify(row[k]) !== JSON.stringify(other[k]));
    if (diff.length) {
      problems.push(`values differ for id ${row.id}: ${diff.map((k) => `${k}: ${JSON.stringify(row[k])} vs ${JSON.stringify(other[k])}`).join('; ')}`);
      break;
    }
  }
  return problems;
}

async function benchDatabase(kind, opts) {
  const t0 = Date.now();
  const db = await guard.add(await createDatabase(kind, 'kb-list'), (d) => d.drop());
  const secrets = freshSecrets();
  try {
    log(`${kind}: loading ${opts.count} kb-articles into ${db.label} ...`);
    const loaded = await loadKbArticles(db, { count: opts.count, secrets });
    log(`${kind}: loaded ${loaded.count} articles (${loaded.published} published rows) in ${(loaded.ms / 1000).toFixed(1)} s`);
    await db.settle();

    const app = guard.add(await startApp({ db, secrets }), (s) => s.stop());
    log(`${kind}: strapi start answered /_health in ${(app.bootMs / 1000).toFixed(1)} s at ${app.url}`);
    const sample = await getJson(`${app.url}${ENDPOINT}`);
    const rows = sample.json.data;
    if (!Array.isArray(rows) || rows.length === 0) throw new Error(`GET ${ENDPOINT} returned no rows: ${JSON.stringify(sample.json).slice(0, 300)}`);
    log(`${kind}: GET ${ENDPOINT} -> ${rows.length} rows, ${sample.bytes} bytes, locale ${rows[0].locale}`);

    const fields = Object.keys(rows[0]).map((key) => {
      const attr = loaded.meta.attributes[key];
      if (!attr) throw new Error(`response key "${key}" has no column in ${loaded.meta.table}`);
      return { key, column: attr.column, type: attr.type };
    });
    const base = guard.add(
      await startChildServer('bench/baselines/kb-list-server.js', {
        client: kind,
        filename: db.file,
        url: db.url,
        table: loaded.meta.table,
        fields,
        path: ENDPOINT,
        locale: rows[0].locale || 'en',
        pageSize: sample.json.meta.pagination.pageSize,
        orderBy: ['id'], // what Strapi's find does without a sort: ORDER BY t0.id ASC
      }),
      (s) => s.stop(),
    );
    const baseSample = await getJson(`${base.url}${ENDPOINT}`);
    const problems = compareResponses(sample.json, baseSample.json);
    if (problems.length) throw new Error(`the baseline does not answer what strapi answers:\n  ${problems.join('\n  ')}`);
    log(`${kind}: baseline answers the identical JSON (${baseSample.bytes} bytes vs strapi's ${sample.bytes})`);

    // Both servers stay up (an idle one costs < 1 % of a core) and are measured in turn, in ABBA
    // order over the rounds, so that a slow drift of the machine hits both alike.
    const targets = {
      strapi: { url: app.url, serverPid: app.pid, runs: [] },
      baseline: { url: base.url, serverPid: base.pid, runs: [] },
    };
    for (let round = 0; round < opts.rounds; round += 1) {
      const order = round % 2 === 0 ? ['strapi', 'baseline'] : ['baseline', 'strapi'];
      for (const who of order) {
        const t = targets[who];
        log(`${kind}: round ${round + 1}/${opts.rounds}: ${who} (${opts.warmup} s warm-up + ${opts.duration} s, ${opts.connections} connections) ...`);
        t.runs.push(
          await measure({ url: t.url, path: ENDPOINT, duration: opts.duration, connections: opts.connections, warmup: opts.warmup, serverPid: t.serverPid, dbName: db.database }),
        );
      }
    }
    await guard.release(base);
    await guard.release(app);
    const ours = combineRounds(targets.strapi.runs);
    const baseline = combineRounds(targets.baseline.runs);

    report({
      name: 'kb-list',
      db: kind,
      title: `GET ${ENDPOINT} (core list, default page)`,
      context: {
        articles: loaded.count,
        publishedRows: loaded.published,
        pageRows: sample.json.data.length,
        total: sample.json.meta.pagination.total,
        responseBytes: { strapi: sample.bytes, baseline: baseSample.bytes },
        duration: opts.duration,
        warmup: opts.warmup,
        connections: opts.connections,
        rounds: opts.rounds,
        loadMs: loaded.ms,
        bootMs: app.bootMs,
        baseline: 'bare Node http server in a child process, same database, same page and count queries, same JSON',
        database: db.label,
        wallMs: Date.now() - t0,
      },
      results: [{ endpoint: `GET ${ENDPOINT}`, oursLabel: 'strapi', ours, baselineLabel: `node http + ${kind === 'sqlite' ? 'better-sqlite3' : 'pg'}`, baseline }],
    });
    return { ours, baseline };
  } finally {
    await guard.release(db);
  }
}

if (require.main === module) runPerDatabase('kb-list', { parseArgs, benchDatabase });

module.exports = { compareResponses };
