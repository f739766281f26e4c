#!/usr/bin/env node
'use strict';
// The management dashboard endpoint (GET /support-desk/dashboard) on PostgreSQL at 100k (and 1M)
// tickets: p50 and p95 of sequential requests (one connection: the figure a supervisor waits for),
// for the default period (30 days, all groups), a group and product line, and a 365-day period by
// week. Issue 12 goal: p50 ≤ 300 ms at 1M. The machine's load average is printed with the figures.
//
//   node bench/dashboard.js [--sizes 100000,1000000] [--requests 40]
//   BENCH_KEEP_DB=1 node bench/dashboard.js --sizes 100000,1000000   one database per size, kept (names printed)
//   node bench/dashboard.js --reuse sd_bench_…,sd_bench_…            times again on kept databases (no load)
const os = require('os');
const { createDatabase, existingDatabase, runInStrapi, startApp, httpRequest, log } = require('./lib/app');
const { guard } = require('./lib/guard');
const { parseFlags, skipIfSqliteOnly } = require('./lib/cli');

function parseArgs(argv) {
  skipIfSqliteOnly('dashboard bench', 'generate_series loading');
  const opts = parseFlags(argv, {
    usage: 'node bench/dashboard.js [--sizes N,N…] [--requests R] [--reuse <database>[,<database>…]] [--explain] [--no-fold]',
    defaults: { sizes: [100000], requests: 40, reuse: [], explain: false, noFold: false },
    flags: {
      '--sizes': ['sizes', (v) => v.split(',').map(Number)],
      '--requests': ['requests', (v) => Math.max(5, Number(v))],
      '--reuse': ['reuse', (v) => v.split(',').filter(Boolean)],
      '--explain': ['explain', true],
      // No fold before timing: on a database whose rollup watermark is NULL the reads are all live.
      '--no-fold': ['noFold', true],
    },
  });
  if (opts.sizes.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error('--sizes must be integers ≥ 1000');
  return opts;
}

// The plugin's cron tasks stay off in the loader and the measured server: the SLA sweep would mark a
// year of overdue bench tickets (changing the figures, locking rows the loader links, adding load).
const CRON_OFF = { SLA_SWEEP_ENABLED: 'false', NOTIFY_ENABLED: 'false', AUTO_CLOSE_ENABLED: 'false', KB_REVIEW_REMINDERS_ENABLED: 'false', MONTHLY_REPORT_ENABLED: 'false', DASHBOARD_ROLLUP_ENABLED: 'false' };

// The cases of --explain (the service called in-process, each query then run under EXPLAIN ANALYZE).
const EXPLAIN_CASES = [
  ['30 days, all groups', {}],
  ['30 days, group + product line', { group: 'BG1', productLine: 'Network Switches' }],
];

function printExplain(size, report) {
  for (const c of report) {
    console.log(`\n${size} tickets, ${c.label}: service ${c.serviceMs} ms (queries in parallel); EXPLAIN ANALYZE one at a time, sum ${c.totalMs} ms`);
    for (const q of c.queries) {
      console.log(`  ${String(q.ms).padStart(8)} ms  hit ${q.hit} read ${q.read}  ${q.sql.replace(/\s+/g, ' ')}`);
      for (const line of q.plan) console.log(`              ${line}`);
    }
  }
}

const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

async function measure(url, jwt, path, requests) {
  const times = [];
  for (let i = 0; i < requests + 3; i += 1) {
    const t0 = process.hrtime.bigint();
    const res = await httpRequest('GET', `${url}${path}`, { headers: { authorization: `Bearer ${jwt}` }, timeoutMs: 60000 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${res.body.slice(0, 300)}`);
    if (i >= 3) times.push(ms); // 3 warm-up requests
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times[times.length - 1] };
}

/**
 * The databases to time, each with the size to load it to (0 = reused as it is). Several sizes share
 * one growing database, except with BENCH_KEEP_DB=1: then each size gets its own database, so that
 * every kept database can be timed again alone with --reuse.
 */
async function databases(opts) {
  if (opts.reuse.length) return Promise.all(opts.reuse.map(async (name) => ({ db: await existingDatabase('postgres', name), size: 0 })));
  if (process.env.BENCH_KEEP_DB === '1') return Promise.all(opts.sizes.map(async (size) => ({ db: await createDatabase('postgres', 'dashboard'), size, fresh: true })));
  const db = await createDatabase('postgres', 'dashboard');
  return opts.sizes.map((size) => ({ db, size }));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  guard.arm(Number(process.env.BENCH_TIMEOUT || 3600) * 1000);
  const targets = await databases(opts);
  for (const db of new Set(targets.map((t) => t.db))) guard.add(db, (d) => d.drop());
  const email = 'bench.admin@example.test';
  const password = 'Bench-Admin-2026!';
  const rows = [];
  let have = 0;
  for (const { db, size: target, fresh } of targets) {
    let size = target;
    if (target) {
      const loaded = await runInStrapi(db, 'bench/dashboard-job.js', { size, have: fresh ? 0 : have, email, password }, { env: CRON_OFF, timeoutMs: 60 * 60 * 1000 });
      have = size;
      log(`loaded ${loaded.tickets} tickets into ${db.label} in ${(loaded.loadMs / 1000).toFixed(1)} s`);
    } else {
      size = await ticketCount(db);
      log(`reusing ${db.label}: ${size} tickets (load average ${os.loadavg()[0].toFixed(2)})`);
    }
    // The rollups' fold (the first one on a database is the backfill of every ticket), timed.
    const fold = !opts.noFold ? await runInStrapi(db, 'bench/dashboard-fold-job.js', {}, { env: CRON_OFF, timeoutMs: 60 * 60 * 1000 }) : null;
    if (fold) log(`rollup fold: ${fold.changed} ticket(s) changed of ${fold.tickets} taken, ${(fold.ms / 1000).toFixed(1)} s (load average ${os.loadavg()[0].toFixed(2)}); ${fold.sizes.map((t) => `${t.name} ${t.rows} rows ${(t.bytes / 1048576).toFixed(1)} MB`).join(', ')}`);
    if (opts.explain) {
      const report = await runInStrapi(db, 'bench/dashboard-explain-job.js', { cases: EXPLAIN_CASES }, { env: CRON_OFF, timeoutMs: 30 * 60 * 1000 });
      printExplain(size, report);
    }
    const app = guard.add(await startApp({ db, env: CRON_OFF, timeoutMs: 15 * 60 * 1000 }), (a) => a.stop());
    try {
      const login = await httpRequest('POST', `${app.url}/admin/login`, { body: { email, password } });
      if (login.status !== 200) throw new Error(`admin login → ${login.status} ${login.body}`);
      const jwt = login.json().data.token;
      const cases = [
        ['30 days, all groups', '/support-desk/dashboard'],
        ['30 days, group + product line', `/support-desk/dashboard?group=BG1&productLine=${encodeURIComponent('Network Switches')}`],
        ['365 days by week', `/support-desk/dashboard?from=${new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10)}&trend=week`],
      ];
      for (const [label, path] of cases) {
        const load0 = os.loadavg()[0];
        const r = await measure(app.url, jwt, path, opts.requests);
        rows.push({ size, label, ...r, load: [load0, os.loadavg()[0]] });
      }
    } finally {
      await guard.release(app);
    }
  }
  console.log(`\nGET /support-desk/dashboard, PostgreSQL, ${opts.requests} sequential requests per case (after 3 warm-up), ${os.cpus().length} cores`);
  console.log('tickets   case                             p50 ms   p95 ms   max ms   load avg (1 min) before/after');
  for (const r of rows) {
    console.log(`${String(r.size).padStart(8)}  ${r.label.padEnd(32)} ${r.p50.toFixed(1).padStart(7)}  ${r.p95.toFixed(1).padStart(7)}  ${r.max.toFixed(1).padStart(7)}   ${r.load.map((l) => l.toFixed(2)).join(' / ')}`);
  }
  const fs = require('fs');
  const path = require('path');
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `dashboard-postgres-${Date.now()}.json`), JSON.stringify({ opts, rows, cpus: os.cpus().length }, null, 2));
  if (process.env.BENCH_KEEP_DB === '1' && !opts.reuse.length) {
    console.log(`kept: node bench/dashboard.js --reuse ${[...new Set(targets.map((t) => t.db.database))].join(',')}`);
  }
}

async function ticketCount(db) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT COUNT(*)::int AS n FROM tickets');
    return rows[0].n;
  } finally {
    await client.end();
  }
}

main().then(
  () => guard.done(0),
  async (err) => {
    console.error(err && err.stack ? err.stack : err);
    await guard.done(1);
  },
);
