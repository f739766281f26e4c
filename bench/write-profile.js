#!/usr/bin/env node
'use strict';
// Where the server's CPU goes on the ticket write path (a diagnostic, not a load bench).
//
//   node bench/write-profile.js [--db postgres|sqlite] [--kind transition|create|plain-update|plain-create|all]
//                               [--duration 10] [--connections 10] [--count 400] [--top 40]
//
// Per kind: fresh database -> tickets, fault categories, customers (the transitions bench's loader)
// -> `strapi start` (production) under `node --cpu-prof` -> warm-up + `--duration` s of the kind's
// load (the transitions bench's requests) -> stop (the profile is written at exit) -> prints the
// server's CPU ms per 2xx request (process CPU time over the measured run, load-independent) and the
// top functions by self time and by the file they are in (node_modules package or our plugin).
// The .cpuprofile files stay in bench/results/ (open them in Chrome DevTools).
const fs = require('fs');
const path = require('path');
const { createDatabase, freshSecrets, startApp } = require('./lib/app');
const { loadTickets } = require('./lib/ticket-data');
const { guard } = require('./lib/guard');
const { runPerDatabase, parseFlags } = require('./lib/cli');
const { createLoad } = require('./ticket-transitions');
const autocannon = require('autocannon');

const KINDS = ['transition', 'create', 'plain-update', 'plain-create'];

function parseArgs(argv) {
  return parseFlags(argv, {
    usage: 'node bench/write-profile.js [--db postgres|sqlite] [--kind transition|create|plain-update|plain-create|all] [--duration S] [--connections C] [--count N] [--top N]',
    defaults: { db: 'postgres', kind: 'all', duration: 10, warmup: 2, connections: 10, count: 400, top: 40 },
    flags: { '--db': ['db', String], '--kind': ['kind', String], '--duration': ['duration', Number], '--warmup': ['warmup', Number], '--connections': ['connections', Number], '--count': ['count', Number], '--top': ['top', Number] },
  });
}

/** CPU time (user + system, ms) of process `pid` from /proc. */
function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in clock ticks (100 Hz)
}

const fire = (opts) =>
  new Promise((resolve, reject) => {
    autocannon({ ...opts, timeout: 10 }, (err, result) => (err ? reject(err) : resolve(result)));
  });

/**
 * Self time per function and per "where" (package or source file) from a .cpuprofile, counting only
 * the samples of the measured run: `window` = [start, end] in ms before the profile's end (the
 * process exit), from the wall clock around the run.
 */
function summarize(file, top, window) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  const from = profile.endTime - window[0] * 1000;
  const to = profile.endTime - window[1] * 1000;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    t += dt[i] ?? 0;
    if (t < from || t > to) continue;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  }
  const fn = new Map();
  const where = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    const url = n.callFrame.url || '';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes('/dist/') ? url.slice(url.indexOf('/dist/') + 1) : url || `(${n.callFrame.functionName || 'native'})`);
    const key = `${n.callFrame.functionName || '(anonymous)'}  ${pkg}:${n.callFrame.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    where.set(pkg, (where.get(pkg) ?? 0) + us);
    total += us;
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs: total / 1000, functions: sorted(fn), where: sorted(where) };
}

async function profileKind(kind, db, secrets, loaded, opts) {
  const dir = path.join(__dirname, 'results', `write-profile-${kind}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  const load = createLoad(loaded.tickets, loaded.token, loaded);
  const requests = { transition: load.transitions, create: load.creates, 'plain-update': load.plainUpdates, 'plain-create': load.plainCreates }[kind];
  const app = guard.add(
    await startApp({ db, secrets, env: { CUSTOMER_TICKET_LIMIT: '1000000' }, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] }),
    (s) => s.stop(),
  );
  let result;
  let serverMs;
  const wall = {};
  try {
    const base = { url: app.url, connections: opts.connections, pipelining: 1, requests };
    if (opts.warmup > 0) await fire({ ...base, duration: opts.warmup });
    const c0 = cpuMs(app.pid);
    wall.start = Date.now();
    result = await fire({ ...base, duration: opts.duration });
    await new Promise((r) => setTimeout(r, 300)); // un-awaited work after the answers
    wall.end = Date.now();
    serverMs = cpuMs(app.pid) - c0;
  } finally {
    await guard.release(app);
    wall.exit = Date.now();
  }
  const ok = result['2xx'];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f));
  const biggest = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  console.log(`\n== ${kind} · ${db.kind}: ${ok} × 2xx in ${result.duration} s (${(ok / result.duration).toFixed(1)}/s, ${result.non2xx} non-2xx, ${result.errors} errors), server CPU ${serverMs.toFixed(0)} ms = ${(serverMs / Math.max(1, ok)).toFixed(1)} ms per request; load ${require('os').loadavg()[0].toFixed(2)} ==`);
  if (!biggest) return console.log('no profile written');
  // The process exits a little before stopChild resolves: the window is at most that much early.
  const s = summarize(biggest, opts.top, [wall.exit - wall.start, wall.exit - wall.end]);
  console.log(`profile ${path.relative(process.cwd(), biggest)} (${s.totalMs.toFixed(0)} ms of samples in the measured run, idle included)`);
  console.log('-- self time by package / file --');
  for (const [k, us] of s.where) console.log(`${(us / 1000).toFixed(0).padStart(8)} ms  ${((100 * us) / 1000 / s.totalMs).toFixed(1).padStart(5)} %  ${k}`);
  console.log('-- self time by function --');
  for (const [k, us] of s.functions) console.log(`${(us / 1000).toFixed(0).padStart(8)} ms  ${((100 * us) / 1000 / s.totalMs).toFixed(1).padStart(5)} %  ${k}`);
}

async function benchDatabase(kind, opts) {
  const db = await guard.add(await createDatabase(kind, 'write-profile'), (d) => d.drop());
  const secrets = freshSecrets();
  try {
    const loaded = await loadTickets(db, { count: opts.count, categories: opts.count, customers: 20, secrets });
    await db.settle();
    for (const k of opts.kind === 'all' ? KINDS : opts.kind.split(',')) {
      if (!KINDS.includes(k)) throw new Error(`--kind: one of ${KINDS.join(', ')} or all`);
      await profileKind(k, db, secrets, loaded, opts);
    }
  } finally {
    await guard.release(db);
  }
}

if (require.main === module && process.argv[2] === '--summarize') {
  // node bench/write-profile.js --summarize <file.cpuprofile> <ms before end: from> <to> [top]
  const s = summarize(process.argv[3], Number(process.argv[6] || 40), [Number(process.argv[4]), Number(process.argv[5])]);
  for (const [k, us] of [...s.where, ['--', 0], ...s.functions]) console.log(`${(us / 1000).toFixed(0).padStart(8)} ms  ${((100 * us) / 1000 / s.totalMs).toFixed(1).padStart(5)} %  ${k}`);
} else if (require.main === module) runPerDatabase('write-profile', { parseArgs, benchDatabase });
