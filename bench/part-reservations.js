#!/usr/bin/env node
'use strict';
// Part reservations under load against a plain core update of the same parts, same run.
//
//   node bench/part-reservations.js [--db postgres|sqlite|both] [--parts 1000] [--duration 10] [--connections 20]
//
// Per database (default PostgreSQL): fresh database -> 1 hot part + N parts (opening stock 1e6 each,
// a receive movement each) + 50 in_progress tickets + a full-access API token -> `strapi start`
// (production) -> check one request of each kind ->
//   hot:     ours POST /api/support-desk/tickets/:documentId/parts { part: <hot>, quantity: 1 } (the
//            inventory service: transaction, row lock on the part, ledger row, counts, timeline event),
//            every request on the one hot part; baseline PUT /api/parts/<hot> { data: { location } };
//   spread:  the same, round-robin over the N parts;
// -> stop -> check in the database that every part's counts equal its ledger's sums and that at least
// the acknowledged reservations were written -> drop.
const { createDatabase, freshSecrets, startApp, httpRequest, log } = require('./lib/app');
const { loadParts, verifyParts } = require('./lib/part-data');
const { measure, DEFAULTS } = require('./lib/load');
const { report } = require('./lib/report');
const { guard } = require('./lib/guard');
const { runPerDatabase, parseFlags } = require('./lib/cli');

const RESERVE = '/api/support-desk/tickets/:documentId/parts';
const CORE_UPDATE = '/api/parts/:documentId';

function parseArgs(argv) {
  return parseFlags(argv, {
    usage: 'node bench/part-reservations.js [--db postgres|sqlite|both] [--parts N] [--duration S] [--connections C] [--warmup S]',
    defaults: { db: 'postgres', parts: Number(process.env.BENCH_COUNT || 1000), duration: DEFAULTS.duration, connections: 20, warmup: DEFAULTS.warmup },
    flags: { '--db': ['db', String], '--parts': ['parts', Number], '--count': ['parts', Number], '--duration': ['duration', Number], '--connections': ['connections', Number], '--warmup': ['warmup', Number] },
  });
}

function createLoad(loaded) {
  const headers = { authorization: `Bearer ${loaded.token}`, 'content-type': 'application/json' };
  const acked = { reserve: 0, update: 0, other: 0 };
  let n = 0;
  const count = (kind) => (status) => {
    if (status === 200 || status === 201) acked[kind] += 1;
    else acked.other += 1;
  };
  const reserve = (pickPart) => [
    {
      setupRequest(req) {
        const i = n++;
        const ticket = loaded.tickets[i % loaded.tickets.length];
        return { ...req, method: 'POST', path: RESERVE.replace(':documentId', ticket), headers, body: JSON.stringify({ part: pickPart(i), quantity: 1 }) };
      },
      onResponse: count('reserve'),
    },
  ];
  const update = (pickPart) => [
    {
      setupRequest(req) {
        const i = n++;
        return { ...req, method: 'PUT', path: CORE_UPDATE.replace(':documentId', pickPart(i)), headers, body: JSON.stringify({ data: { location: `SH-${i % 97}` } }) };
      },
      onResponse: count('update'),
    },
  ];
  const hot = () => loaded.hot;
  const spread = (i) => loaded.parts[i % loaded.parts.length];
  return { headers, acked, hot: { ours: reserve(hot), baseline: update(hot) }, spread: { ours: reserve(spread), baseline: update(spread) } };
}

async function checkOnce(app, loaded, load) {
  const res = await httpRequest('POST', `${app.url}${RESERVE.replace(':documentId', loaded.tickets[0])}`, { headers: load.headers, body: { part: loaded.hot, quantity: 1 } });
  if (res.status !== 201) throw new Error(`reservation check -> ${res.status}: ${res.body.slice(0, 500)}`);
  load.acked.reserve += 1;
  const put = await httpRequest('PUT', `${app.url}${CORE_UPDATE.replace(':documentId', loaded.hot)}`, { headers: load.headers, body: { data: { location: 'SH-CHECK' } } });
  if (put.status !== 200) throw new Error(`core update check -> ${put.status}: ${put.body.slice(0, 500)}`);
  load.acked.update += 1;
}

async function benchDatabase(kind, opts) {
  const t0 = Date.now();
  const db = await guard.add(await createDatabase(kind, 'part-reservations'), (d) => d.drop());
  const secrets = freshSecrets();
  try {
    log(`${kind}: loading 1 hot part + ${opts.parts} parts and 50 tickets into ${db.label} ...`);
    const loaded = await loadParts(db, { parts: opts.parts, tickets: 50, secrets });
    log(`${kind}: loaded in ${(loaded.ms / 1000).toFixed(1)} s`);
    await db.settle();
    const load = createLoad(loaded);
    const app = guard.add(await startApp({ db, secrets }), (s) => s.stop());
    log(`${kind}: strapi start answered /_health in ${(app.bootMs / 1000).toFixed(1)} s at ${app.url}`);
    const results = [];
    try {
      await checkOnce(app, loaded, load);
      const common = { url: app.url, duration: opts.duration, connections: opts.connections, warmup: opts.warmup, serverPid: app.pid, dbName: db.database };
      for (const scenario of ['hot', 'spread']) {
        const label = scenario === 'hot' ? 'one hot part' : `${opts.parts} parts`;
        log(`${kind}: measuring reservations on ${label} (${opts.warmup} s warm-up + ${opts.duration} s, ${opts.connections} connections) ...`);
        const ours = await measure({ ...common, path: '/', requests: load[scenario].ours });
        log(`${kind}: measuring core updates on ${label} ...`);
        const baseline = await measure({ ...common, path: '/', requests: load[scenario].baseline });
        results.push({ endpoint: `reserve, ${label}`, oursLabel: 'POST tickets/:id/parts', ours, baselineLabel: 'core PUT /api/parts/:id', baseline });
      }
    } finally {
      await guard.release(app);
    }
    const check = await verifyParts(db, { secrets });
    const problems = [];
    if (check.mismatches) problems.push(`${check.mismatches} parts whose counts differ from their ledger or have reserved > on_hand`);
    if (check.reserveMovements < load.acked.reserve) problems.push(`acknowledged reservations missing: ${load.acked.reserve} acknowledged, ${check.reserveMovements} written`);
    if (check.reservedTotal !== check.reserveMovements) problems.push(`reserved total ${check.reservedTotal} ≠ reserve movements ${check.reserveMovements}`);
    if (problems.length) console.log(`WARNING: ledger check failed: ${problems.join('; ')}`);
    else log(`${kind}: ledger check ok: ${check.parts} parts, counts = ledger sums, ${check.reserveMovements} reservations (${load.acked.reserve} acknowledged)`);
    report({
      name: 'part-reservations',
      db: kind,
      title: `POST ${RESERVE} (reserve 1) vs core PUT ${CORE_UPDATE}`,
      context: { parts: opts.parts, duration: opts.duration, warmup: opts.warmup, connections: opts.connections, acked: load.acked, ledgerCheck: check, bootMs: app.bootMs, loadMs: loaded.ms, baseline: 'core REST update (PUT /api/parts/:id, location) of the same part(s), same server, same run', database: db.label, wallMs: Date.now() - t0 },
      results,
    });
    if (problems.length) throw new Error(`${kind}: ledger check failed`);
  } finally {
    await guard.release(db);
  }
}

if (require.main === module) runPerDatabase('part-reservations', { parseArgs, benchDatabase });

module.exports = { createLoad };
