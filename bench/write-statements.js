#!/usr/bin/env node
'use strict';
// SQL statements per request on the ticket write path (a diagnostic, not a load bench).
//
//   node bench/write-statements.js [--db postgres|sqlite|both] [--repeat 3] [--verbose]
//
// Per database: fresh database -> a few in_progress tickets, fault categories and customers (the
// transitions bench's loader) -> `strapi start` (production) with bench/lib/sql-trace.js preloaded,
// which logs every statement knex sends and every HTTP request -> one request at a time, each kind
// `--repeat` times (the first of a kind warms caches), a pause after each so that work the request
// left running after its answer (document-service `entry.*` events) is counted too -> per kind: the
// statements before the answer, after it, their total database time and the SQL of the last repeat
// (`--verbose`). Saved in bench/results/write-statements-<db>-<time>.json.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createDatabase, freshSecrets, startApp, httpRequest, log } = require('./lib/app');
const { loadTickets } = require('./lib/ticket-data');
const { guard } = require('./lib/guard');
const { runPerDatabase, parseFlags } = require('./lib/cli');

const SOLUTION = 'Replace the SFP+ optic in port 49, then clear the interface counters and watch for 30 minutes.';
const REASON = 'Still flapping after the optic was replaced.';

function parseArgs(argv) {
  return parseFlags(argv, {
    usage: 'node bench/write-statements.js [--db postgres|sqlite|both] [--repeat N] [--verbose]',
    defaults: { db: 'postgres', repeat: 3, verbose: false },
    flags: { '--db': ['db', String], '--repeat': ['repeat', Number], '--verbose': ['verbose', true] },
  });
}

/** Splits the trace into requests: statements between a request's start and its answer, and after it. */
function parseTrace(text) {
  const requests = [];
  let current = null;
  for (const line of text.split('\n')) {
    const [kind, a, ...rest] = line.split('\t');
    if (kind === 'REQ') {
      current = { request: a, before: [], after: [], status: null, ms: null };
      requests.push(current);
    } else if (kind === 'END' && current) {
      current.status = Number(a);
      current.ms = Number(rest[0]);
    } else if (kind === 'Q' && current) {
      (current.status == null ? current.before : current.after).push({ ms: Number(a), sql: rest.join('\t') });
    }
  }
  return requests;
}

const classify = (sql) => {
  const s = sql.trim().toLowerCase();
  if (/^(begin|commit|rollback|savepoint|release)/.test(s)) return 'tx';
  return s.split(' ')[0];
};

async function benchDatabase(kind, opts) {
  const db = await guard.add(await createDatabase(kind, 'write-statements'), (d) => d.drop());
  const secrets = freshSecrets();
  const traceFile = path.join(os.tmpdir(), `sd-sql-trace-${process.pid}-${kind}.log`);
  try {
    const n = opts.repeat * 2 + 2;
    const loaded = await loadTickets(db, { count: n, categories: n, customers: 2, secrets });
    await db.settle();
    fs.writeFileSync(traceFile, '');
    const app = guard.add(
      await startApp({ db, secrets, timeoutMs: 300000, env: { BENCH_SQL_TRACE: traceFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'lib', 'sql-trace.js')}`.trim() } }),
      (s) => s.stop(),
    );
    const token = { authorization: `Bearer ${loaded.token}` };
    const customer = { authorization: `Bearer ${loaded.customerJwts[0]}` };
    const tickets = loaded.tickets.map((t) => ({ ...t }));
    const kinds = [];
    let k = 0;
    try {
      const send = async (label, method, url, headers, body) => {
        const res = await httpRequest(method, `${app.url}${url}`, { headers, body });
        if (res.status >= 300) throw new Error(`${label}: ${method} ${url} -> ${res.status}: ${res.body.slice(0, 300)}`);
        await new Promise((r) => setTimeout(r, 400)); // the request's un-awaited work
        kinds.push(label);
        return res.json().data;
      };
      for (let i = 0; i < opts.repeat; i += 1) {
        const t = tickets[i];
        const proposed = await send('transition propose_solution (API token)', 'POST', `/api/support-desk/tickets/${t.documentId}/transitions`, token, { action: 'propose_solution', version: t.version, solution: SOLUTION });
        const rejected = await send('transition reject_solution (API token)', 'POST', `/api/support-desk/tickets/${t.documentId}/transitions`, token, { action: 'reject_solution', version: proposed.version, reason: REASON });
        t.version = rejected.version;
        const u = tickets[opts.repeat + i];
        await send('core PUT /api/tickets/:id (ticket middleware)', 'PUT', `/api/tickets/${u.documentId}`, token, { data: { description: `Edited by the bench (${i}).`, version: u.version } });
        await send('plain core PUT /api/fault-categories/:id', 'PUT', `/api/fault-categories/${loaded.categories[i]}`, token, { data: { description: `Edited by the bench (${i}).` } });
        const opened = await send('customer POST /api/support-desk/customer/tickets', 'POST', '/api/support-desk/customer/tickets', customer, { subject: `Camera offline after a power cut (${i})`, description: 'Since this morning the camera at the loading dock shows no picture.', urgency: 'medium', impact: 'low' });
        await send('customer POST .../customer/tickets/:id/comments', 'POST', `/api/support-desk/customer/tickets/${opened.documentId}/comments`, customer, { body: 'We restarted it as suggested; the link still drops every few minutes.' });
        await send('customer GET /api/support-desk/customer/tickets', 'GET', '/api/support-desk/customer/tickets?page=1', customer);
        await send('agent POST .../tickets/:id/comments (API token)', 'POST', `/api/support-desk/tickets/${opened.documentId}/comments`, token, { body: 'Checked the switch logs: the port flaps every 4 minutes.', visibility: i % 2 ? 'public' : 'internal' });
        await send('plain core POST /api/fault-categories', 'POST', '/api/fault-categories', token, { data: { name: `Statement fault ${i}`, code: `STMT-${k++}`, description: 'Created by the bench.' } });
      }
    } finally {
      await guard.release(app);
    }
    const requests = parseTrace(fs.readFileSync(traceFile, 'utf8')).filter((r) => !r.request.startsWith('GET /_'));
    if (requests.length !== kinds.length) throw new Error(`trace has ${requests.length} requests, sent ${kinds.length}`);
    const byKind = new Map();
    requests.forEach((r, i) => byKind.set(kinds[i], [...(byKind.get(kinds[i]) ?? []), r]));
    const out = [];
    console.log(`\n== SQL statements per request · ${kind} (${opts.repeat} of each; figures of the last) ==`);
    for (const [label, rs] of byKind) {
      const last = rs[rs.length - 1];
      const all = [...last.before, ...last.after];
      const types = {};
      for (const q of all) types[classify(q.sql)] = (types[classify(q.sql)] ?? 0) + 1;
      const dbMs = all.reduce((s, q) => s + q.ms, 0);
      const row = { kind: label, statementsBeforeAnswer: last.before.length, statementsAfterAnswer: last.after.length, byType: types, dbMs: Number(dbMs.toFixed(1)), requestMs: last.ms, perRepeat: rs.map((r) => r.before.length + r.after.length), sql: all.map((q) => `${q.ms.toFixed(2)} ms  ${q.sql.slice(0, 400)}`) };
      out.push(row);
      console.log(`${label}: ${row.statementsBeforeAnswer} statements before the answer + ${row.statementsAfterAnswer} after (${JSON.stringify(types)}), ${row.dbMs} ms in the database, answered in ${row.requestMs} ms; per repeat ${row.perRepeat.join(', ')}`);
      if (opts.verbose) for (const s of row.sql) console.log(`    ${s}`);
    }
    const dir = path.join(__dirname, 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `write-statements-${kind}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}.json`);
    fs.writeFileSync(file, JSON.stringify({ db: kind, repeat: opts.repeat, requests: out }, null, 2));
    log(`saved ${file}`);
  } finally {
    fs.rmSync(traceFile, { force: true });
    await guard.release(db);
  }
}

if (require.main === module) runPerDatabase('write-statements', { parseArgs, benchDatabase });
