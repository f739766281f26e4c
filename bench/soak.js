#!/usr/bin/env node
'use strict';
// Soak: a realistic mix at a fixed total rate against two app instances on one PostgreSQL database.
//
//   node bench/soak.js [--rate 50] [--minutes 30] [--restart-db-at <minute>] [--kill-instance-at <minute>]
//                      [--pg-cluster main] [--kb 300] [--customers 40] [--tickets 400] [--node-args "<V8 flags>"]
//
// Fresh database -> KB articles, customers (JWTs), a supervisor, an API token, in_progress tickets ->
// two `strapi start` (production) on it, SLA sweep and notification dispatcher on in both, mail to a
// local SMTP sink -> one autocannon per route class and instance (half the class's rate each, fixed
// `overallRate`) for the run -> drain the outbox -> audit -> report.
// Classes (share of the total rate, out of 50): customer creates a ticket 4, customer replies 5,
// customer lists tickets 4, agent transitions 6 (propose/reject, each with the version the previous
// answer returned), agent comments 4, KB article reads 12, KB searches 12, supervisor opens the
// dashboard or the SLA report 3.
// Every 15 s a few open tickets get their SLA deadlines moved into the past (as time passing would),
// so that the sweep has breaches to mark and the dispatcher mail to send; marks are sampled.
// RSS, event-loop delay and outbox backlog of each instance come from its /metrics every 10 s.
// Retained memory: a minute after warm-up and when the load ends, each instance is made to run a full
// GC (through its loopback inspector) and its heap and RSS are read right after: growth there is a
// leak, while the 10 s samples also swing with V8's lazy old-space collections.
// --node-args "...": extra Node/V8 flags for both instances (e.g. "--max-old-space-size=512", the cap
//   an operator would set for a container; see docs/deploy.md, Memory).
// --restart-db-at M: `pg_ctlcluster --skip-systemctl-redirect <ver> <cluster> restart` at minute M;
//   statuses are counted apart while PostgreSQL is down (5xx vs 503 with a message) and every
//   acknowledged ticket creation is looked up in the database at the end.
// --kill-instance-at M: SIGKILL instance B at minute M; its share of the load moves to A (as a load
//   balancer would), and A's jobs must keep going (new breaches marked, outbox drained).
// PostgreSQL only. Set BENCH_PG_PORT to run against another cluster (e.g. a private one for restarts).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');
const { promisify } = require('util');
const autocannon = require('autocannon');
const { createDatabase, freshSecrets, startApp, httpRequest, httpGet, freePort, log, stamp } = require('./lib/app');
const { loadKbArticles } = require('./lib/kb-data');
const { loadSoakData } = require('./lib/soak-data');
const { createLoad } = require('./ticket-transitions');
const { resultsDir, table } = require('./lib/report');
const { guard } = require('./lib/guard');
const { parseFlags, skipIfSqliteOnly } = require('./lib/cli');

const SHARES = { 'customer create': 4, 'customer reply': 5, 'customer list': 4, 'agent transition': 6, 'agent comment': 4, 'kb read': 12, 'kb search': 12, 'supervisor report': 3 };
const WRITES = ['customer create', 'customer reply', 'agent transition', 'agent comment'];
const CUSTOMER = '/api/support-desk/customer/tickets';
const SEARCHES = ['router reset', 'printer E-104', 'firmware update', 'VPN disconnect', 'camera offline', 'NAS rebuild', '路由器', 'password', 'SFP optic', 'backup'];
const METRICS_TOKEN = `soak-metrics-${Date.now()}-token`;
const SAMPLE_MS = 10000;

function parseArgs(argv) {
  const num = (name) => (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number ≥ 0, not ${v}`);
    return n;
  };
  const opts = parseFlags(argv, {
    usage: 'node bench/soak.js [--rate 50] [--minutes 30] [--restart-db-at M] [--kill-instance-at M] [--pg-cluster main] [--kb 300] [--customers 40] [--tickets 400] [--node-args "--max-old-space-size=512"]',
    defaults: { db: 'postgres', rate: 50, minutes: 30, restartDbAt: null, killInstanceAt: null, pgCluster: process.env.BENCH_PG_CLUSTER || 'main', kb: 300, customers: 40, tickets: 400, nodeArgs: '' },
    flags: {
      '--db': ['db', String],
      '--rate': ['rate', num('--rate')],
      '--minutes': ['minutes', num('--minutes')],
      '--restart-db-at': ['restartDbAt', num('--restart-db-at')],
      '--kill-instance-at': ['killInstanceAt', num('--kill-instance-at')],
      '--pg-cluster': ['pgCluster', String],
      '--kb': ['kb', num('--kb')],
      '--customers': ['customers', num('--customers')],
      '--tickets': ['tickets', num('--tickets')],
      '--node-args': ['nodeArgs', String],
    },
  });
  if (opts.db !== 'postgres') throw new Error('the soak runs on PostgreSQL only (--db postgres)');
  for (const k of ['restartDbAt', 'killInstanceAt']) if (opts[k] !== null && opts[k] >= opts.minutes) throw new Error(`--${k === 'restartDbAt' ? 'restart-db-at' : 'kill-instance-at'} must be before the end (--minutes ${opts.minutes})`);
  if (opts.rate < 8) throw new Error('--rate must be at least 8 (one request a second for every route class)');
  return opts;
}

/** A local SMTP sink (npm smtp-server) that counts what it receives. */
async function startSmtpSink() {
  const { SMTPServer } = require('smtp-server');
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  // A sender killed mid-message (--kill-instance-at) resets its connection: not an error of the sink.
  server.on('error', () => {});
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.server.address().port, received: () => received, close: () => new Promise((r) => server.close(r)) };
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : null);
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

/** Per route class: statuses (overall and while PostgreSQL is down), 2xx latencies, errors, 503 bodies. */
function newStats() {
  return { status: {}, outage: {}, latencies: [], errors: 0, errorKinds: {}, five03WithMessage: 0, five03Bare: 0, requests: 0, startedAt: Date.now() };
}

/**
 * Request generators of each class. `cursor` state lives here so that both instances' autocannons
 * share it (round-robin over customers and tickets; a transition ticket is never in flight twice).
 */
function createClasses(seed, supervisor, acked) {
  let c = 0;
  const customer = () => seed.customerJwts[c++ % seed.customerJwts.length];
  const half = Math.floor(seed.tickets.length / 2);
  const transitions = createLoad(seed.tickets.slice(0, half), seed.token);
  const commented = seed.tickets.slice(half);
  let t = 0;
  const nextCommented = () => commented[t++ % commented.length];
  let k = 0;
  const json = (token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const from = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  const one = (build, onResponse) => [{ setupRequest: (req, context) => ({ ...req, ...build(context) }), ...(onResponse ? { onResponse } : {}) }];
  return {
    'customer create': one(
      () => ({ method: 'POST', path: CUSTOMER, headers: json(customer()), body: JSON.stringify({ subject: `Camera offline after a power cut (soak ${k++})`, description: 'Since this morning the camera at the loading dock shows no picture.', urgency: 'medium', impact: 'low' }) }),
      (status, body) => {
        if (status !== 201) return;
        try {
          const d = JSON.parse(body);
          acked.push((d.data || d).documentId);
        } catch {
          acked.push(null);
        }
      },
    ),
    'customer reply': one(() => ({ method: 'POST', path: `${CUSTOMER}/${nextCommented().documentId}/comments`, headers: json(customer()), body: JSON.stringify({ body: 'We restarted it as suggested; the link still drops every few minutes.' }) })),
    'customer list': one(() => ({ method: 'GET', path: `${CUSTOMER}?page=${1 + (k++ % 3)}`, headers: { authorization: `Bearer ${customer()}` } })),
    'agent transition': transitions.transitions,
    'agent comment': one(() => ({ method: 'POST', path: `/api/support-desk/tickets/${nextCommented().documentId}/comments`, headers: json(seed.token), body: JSON.stringify({ body: 'Checked the switch logs: the port flaps every 4 minutes. Replacing the optic.', visibility: k++ % 2 ? 'public' : 'internal' }) })),
    'kb read': one(() => (k++ % 3 === 0 || !seed.slugs.length ? { method: 'GET', path: `/api/support-desk/kb/articles?page=${1 + (k % 5)}` } : { method: 'GET', path: `/api/support-desk/kb/articles/${encodeURIComponent(seed.slugs[k % seed.slugs.length])}` })),
    'kb search': one(() => ({ method: 'GET', path: `/api/support-desk/kb/search?q=${encodeURIComponent(SEARCHES[k++ % SEARCHES.length])}` })),
    'supervisor report': one(() => ({ method: 'GET', path: k++ % 2 ? `/support-desk/dashboard?from=${from}&to=${to}` : `/support-desk/reports/sla?groupBy=priority&from=${from}&to=${to}`, headers: { authorization: `Bearer ${supervisor.jwt}` } })),
    transitionAcked: transitions.acked,
  };
}

/** One autocannon of one class against one instance, for `seconds`, at `rate` requests/s. */
function startLeg({ url, requests, rate, seconds, stats, phase }) {
  const instance = autocannon({ url, connections: Math.max(1, Math.min(rate, 20)), overallRate: rate, duration: Math.max(1, Math.round(seconds)), timeout: 10, requests: requests.map((r) => wrap(r, stats, phase)) });
  instance.on('response', (_client, status, _bytes, ms) => {
    stats.requests += 1;
    stats.status[status] = (stats.status[status] || 0) + 1;
    if (phase.outage) stats.outage[status] = (stats.outage[status] || 0) + 1;
    if (status >= 200 && status < 300) {
      stats.latencies.push(ms);
      // The outage ends at the first write acknowledged after the restart command returned.
      if (phase.recovering && stats.writes) {
        phase.recovering = false;
        phase.outage = false;
        phase.firstWriteAt = Date.now();
      }
    }
  });
  instance.on('reqError', (err) => {
    stats.errors += 1;
    const why = String((err && (err.code || err.message)) || err).slice(0, 80);
    stats.errorKinds[why] = (stats.errorKinds[why] || 0) + 1;
    if (phase.outage) stats.outage.error = (stats.outage.error || 0) + 1;
  });
  const done = new Promise((resolve) => instance.once('done', resolve));
  return { stop: () => instance.stop(), done };
}

/** Keeps the class's own onResponse and checks that a 503 carries a message. */
function wrap(request, stats) {
  const own = request.onResponse;
  return {
    ...request,
    onResponse(status, body, context) {
      if (status === 503) {
        let message = '';
        try {
          message = JSON.parse(body).error?.message || '';
        } catch {
          /* not JSON */
        }
        if (message) stats.five03WithMessage += 1;
        else stats.five03Bare += 1;
      }
      if (own) own(status, body, context);
    },
  };
}

/**
 * A full garbage collection in an instance, through its inspector (HeapProfiler.collectGarbage), so
 * that the heap and RSS read right after it are what the process retains, not garbage waiting for a
 * GC: a leak shows there as growth, while V8's lazy old-space collections only swing the samples.
 */
async function collectGarbage(app) {
  const WebSocket = require('ws');
  const targets = JSON.parse((await httpGet(`http://127.0.0.1:${app.inspectPort}/json/list`, 5000)).body);
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to HeapProfiler.collectGarbage in 30 s')), 30000);
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString());
        if (msg.id !== 1) return;
        clearTimeout(timer);
        if (msg.error) reject(new Error(msg.error.message));
        else resolve();
      });
      ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    });
  } finally {
    ws.terminate();
  }
}

/** Growth from `from` to `to` in percent, or null when either is missing. */
function growthPct(from, to) {
  return from && to != null ? round(((to - from) / from) * 100) : null;
}

function slopePerMinute(points, key) {
  const xs = points.filter((p) => typeof p[key] === 'number');
  if (xs.length < 3) return null;
  const mx = xs.reduce((a, p) => a + p.at, 0) / xs.length;
  const my = xs.reduce((a, p) => a + p[key], 0) / xs.length;
  let num = 0;
  let den = 0;
  for (const p of xs) {
    num += (p.at - mx) * (p[key] - my);
    den += (p.at - mx) ** 2;
  }
  return den ? round((num / den) * 60000, 2) : null;
}

function parseMetrics(text) {
  const value = (name) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  let backlog = 0;
  for (const m of text.matchAll(/^support_desk_outbox_backlog(?:\{[^}]*\})? ([0-9.eE+-]+)$/gm)) backlog += Number(m[1]);
  const mb = (name) => (value(name) === null ? null : round(value(name) / 1048576));
  // Heap used (V8, garbage included until a GC): beside RSS, which also moves with the allocator.
  return { rssMb: mb('process_resident_memory_bytes'), heapMb: mb('nodejs_heap_size_used_bytes'), lagMs: round(value('nodejs_eventloop_lag_seconds') * 1000, 2), lagP99Ms: round(value('nodejs_eventloop_lag_p99_seconds') * 1000, 2), backlog };
}

/** Median of the samples in [from, to) (ms since start). */
function medianOf(samples, key, from, to) {
  const v = samples.filter((s) => s.at >= from && s.at < to && s[key] != null).map((s) => s[key]).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
}

function pgVersion() {
  return fs.readdirSync('/etc/postgresql').sort().pop();
}

async function benchPostgres(opts) {
  const t0 = Date.now();
  const runS = opts.minutes * 60;
  const db = guard.add(await createDatabase('postgres', 'soak'), (d) => d.drop());
  const secrets = freshSecrets();
  const smtp = guard.add(await startSmtpSink(), (s) => s.close());
  const { Client } = require('pg');
  let pg;
  const query = async (sql, params) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        if (!pg) {
          pg = new Client({ connectionString: db.url });
          pg.on('error', () => (pg = null));
          await pg.connect();
        }
        return await pg.query(sql, params);
      } catch (err) {
        pg = null;
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };
  try {
    log(`loading ${opts.kb} KB articles, ${opts.customers} customers, ${opts.tickets} tickets into ${db.label} ...`);
    await loadKbArticles(db, { count: opts.kb, secrets });
    const seed = await loadSoakData(db, { customers: opts.customers, tickets: opts.tickets, secrets });
    await db.settle();
    const env = {
      METRICS_TOKEN,
      SLA_SWEEP_ENABLED: 'true',
      NOTIFY_ENABLED: 'true',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_IGNORE_TLS: 'true',
      SMTP_FROM: 'Support Desk <desk@soak.test>',
      // Many customers share this one client address: the per-account and per-address limits are
      // not what a soak measures (tests/integration/security-rate-limits.test.ts covers them).
      CUSTOMER_TICKET_LIMIT: '1000000',
      CUSTOMER_COMMENT_LIMIT: '1000000',
      LOGIN_ACCOUNT_LIMIT: '10000',
      LOGIN_ADDRESS_LIMIT: '10000',
    };
    const apps = [];
    for (const name of ['A', 'B']) {
      // The inspector listens on loopback only, for the full GCs of the retained-memory check.
      const inspectPort = await freePort();
      const app = guard.add(await startApp({ db, secrets, env, nodeArgs: [...opts.nodeArgs.split(/\s+/).filter(Boolean), `--inspect=127.0.0.1:${inspectPort}`] }), (s) => s.stop());
      app.inspectPort = inspectPort;
      app.name = name;
      app.alive = true;
      apps.push(app);
      log(`instance ${name} answered /_health in ${(app.bootMs / 1000).toFixed(1)} s at ${app.url} (pid ${app.pid})`);
    }
    // An admin access token lives 30 minutes (admin.auth.sessions.accessTokenLifespan); the admin UI
    // gets a new one before then, so does the supervisor here (a login every 10 minutes).
    const supervisor = { jwt: null };
    const supervisorLogin = async () => {
      const login = await httpRequest('POST', `${apps.find((a) => a.alive).url}/admin/login`, { body: seed.supervisor });
      if (login.status !== 200) throw new Error(`supervisor login -> ${login.status}: ${login.body.slice(0, 300)}`);
      supervisor.jwt = login.json().data.token;
    };
    await supervisorLogin();
    const relogin = setInterval(() => supervisorLogin().catch((e) => log(`supervisor login failed (the old token is kept): ${e.message}`)), 10 * 60 * 1000);
    relogin.unref();
    guard.add(relogin, clearInterval);

    const acked = [];
    const classes = createClasses(seed, supervisor, acked);
    const scale = opts.rate / 50;
    const stats = Object.fromEntries(Object.keys(SHARES).map((name) => [name, { ...newStats(), writes: WRITES.includes(name) }]));
    const phase = { outage: false };
    const legs = [];
    const started = Date.now();
    const since = () => Date.now() - started;
    let classIndex = 0;
    const launch = (targets, seconds) => {
      for (const [name, share] of Object.entries(SHARES)) {
        const classRate = Math.max(1, Math.round(share * scale));
        // Integer rates per instance: the remainder goes to the first instance.
        // (a class of 1 request/s goes to one instance, alternating from class to class).
        const per = Math.floor(classRate / targets.length);
        const first = classIndex++ % targets.length;
        targets.forEach((app, i) => {
          const rate = per + (i === first ? classRate - per * targets.length : 0);
          if (rate > 0) legs.push({ app, name, rate, leg: startLeg({ url: app.url, requests: classes[name], rate, seconds, stats: stats[name], phase }) });
        });
      }
    };
    const loadDone = new Promise((resolve) => setTimeout(resolve, runS * 1000));
    log(`soak: ${opts.rate} requests/s for ${opts.minutes} min over instances A and B (load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}) ...`);
    launch(apps, runS);

    // Samplers: /metrics of each live instance, the machine's load, SLA marks.
    const samples = { A: [], B: [] };
    const loads = [];
    const marks = [];
    const injected = [];
    let scrapeErrors = 0;
    const metricsOf = (app) => httpRequest('GET', `${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` }, timeoutMs: 5000 });
    const sampler = setInterval(async () => {
      loads.push({ at: since(), load1: os.loadavg()[0] });
      for (const app of apps) {
        if (!app.alive) continue;
        const res = await metricsOf(app).catch(() => null);
        if (res && res.status === 200) samples[app.name].push({ at: since(), ...parseMetrics(res.body) });
        else scrapeErrors += 1;
      }
    }, SAMPLE_MS);
    const injector = setInterval(async () => {
      try {
        const past = new Date(Date.now() - 3600000);
        const r = await query(
          `UPDATE tickets SET first_response_warn_at = $1, first_response_due_at = $1, resolution_warn_at = $1, resolution_due_at = $1
           WHERE id IN (SELECT id FROM tickets WHERE state IN ('new', 'in_progress') AND resolution_breached_at IS NULL AND sla_paused_at IS NULL AND (resolution_due_at IS NULL OR resolution_due_at > now()) ORDER BY id DESC LIMIT 3) RETURNING id`,
          [past],
        );
        for (const row of r.rows) injected.push({ id: row.id, at: since() });
        const m = await query('SELECT count(*)::int AS n FROM tickets WHERE resolution_breached_at IS NOT NULL');
        marks.push({ at: since(), n: m.rows[0].n });
      } catch (err) {
        log(`deadline injector: ${err.message}`);
      }
    }, 15000);

    const events = [];
    const timers = [];
    // Retained memory: heap and RSS right after a full GC, once after warm-up and once when the load ends.
    const retained = { A: {}, B: {} };
    const measureRetained = async (when) => {
      for (const app of apps) {
        if (!app.alive) continue;
        try {
          await collectGarbage(app);
          const res = await metricsOf(app);
          const m = parseMetrics(res.body);
          retained[app.name][when] = { at: since(), rssMb: m.rssMb, heapMb: m.heapMb };
        } catch (err) {
          log(`full GC in ${app.name}: ${err.message}`);
        }
      }
    };
    const warmupMs = Math.min(120000, 0.2 * runS * 1000);
    // After the first minute past warm-up, whose RSS samples are the sampled growth's baseline, so that
    // this GC does not lower that baseline.
    const retainedStartMs = warmupMs + 61000;
    if (retainedStartMs < runS * 1000 - 30000) timers.push(setTimeout(() => measureRetained('start'), retainedStartMs));
    if (opts.killInstanceAt !== null) {
      timers.push(
        setTimeout(async () => {
          const victim = apps[1];
          log(`minute ${opts.killInstanceAt}: SIGKILL instance ${victim.name} (pid ${victim.pid}); its load moves to A`);
          // Its load generators stop first (else they hammer a closed port), then it dies, then A takes
          // the same rates on top of its own, as a load balancer would.
          const moved = legs.filter((l) => l.app === victim);
          for (const l of moved) l.leg.stop();
          await Promise.all(moved.map((l) => Promise.race([l.leg.done, new Promise((r) => setTimeout(r, 2000))])));
          process.kill(victim.pid, 'SIGKILL');
          victim.alive = false;
          events.push({ at: since(), what: `SIGKILL instance ${victim.name}` });
          const seconds = runS - since() / 1000;
          for (const l of moved) legs.push({ app: apps[0], name: l.name, rate: l.rate, leg: startLeg({ url: apps[0].url, requests: classes[l.name], rate: l.rate, seconds, stats: stats[l.name], phase }) });
        }, opts.killInstanceAt * 60000),
      );
    }
    let outage = null;
    if (opts.restartDbAt !== null) {
      timers.push(
        setTimeout(async () => {
          const ver = pgVersion();
          log(`minute ${opts.restartDbAt}: restarting PostgreSQL ${ver}/${opts.pgCluster} ...`);
          phase.outage = true;
          const s = since();
          try {
            // Asynchronous: the load generators keep sending (and timing) while PostgreSQL restarts.
            await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', ver, opts.pgCluster, 'restart'], { timeout: 120000 });
          } catch (err) {
            log(`pg_ctlcluster restart failed: ${err.message}`);
          }
          const restartedAt = since();
          phase.recovering = true;
          // Readiness: every live instance's /ready answers 200 (its pool reconnected and acquires a
          // connection within 2 s — under heavy load that can take longer than the reconnection).
          let readyAfterMs = null;
          while (since() - restartedAt < 60000) {
            const ready = await Promise.all(apps.filter((a) => a.alive).map((a) => httpGet(`${a.url}/ready`, 3000).then((r) => r.status === 200, () => false)));
            if (ready.every(Boolean)) {
              readyAfterMs = since() - s;
              break;
            }
            await new Promise((r) => setTimeout(r, 500));
          }
          if (phase.recovering) {
            phase.recovering = false;
            phase.outage = false;
          }
          const firstWriteAfterMs = phase.firstWriteAt ? phase.firstWriteAt - started - s : null;
          outage = { startedMs: s, restartCommandMs: restartedAt - s, firstWriteAfterMs, readyAfterMs };
          events.push({ at: s, what: `PostgreSQL restart: command ${restartedAt - s} ms, first write acknowledged ${firstWriteAfterMs} ms after it began, /ready 200 on every instance ${readyAfterMs === null ? 'not within 60 s' : `after ${readyAfterMs} ms`}` });
          log(events[events.length - 1].what);
        }, opts.restartDbAt * 60000),
      );
    }

    await loadDone;
    for (const l of legs) l.leg.stop();
    await Promise.all(legs.map((l) => Promise.race([l.leg.done, new Promise((r) => setTimeout(r, 15000))])));
    for (const tm of timers) clearTimeout(tm);
    clearInterval(injector);
    const loadEndMs = since();
    await measureRetained('end');
    log(`load done after ${(loadEndMs / 1000).toFixed(0)} s; draining the outbox ...`);

    // Drain: no due outbox row left (pending and due, or being sent), within 90 s.
    let backlog;
    const drainStart = Date.now();
    for (;;) {
      backlog = (await query(`SELECT count(*) FILTER (WHERE state = 'pending' AND next_attempt_at <= now())::int AS due, count(*) FILTER (WHERE state = 'sending')::int AS sending, count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'sent')::int AS sent, count(*) FILTER (WHERE state = 'dead')::int AS dead FROM support_desk_notifications`)).rows[0];
      if ((backlog.due === 0 && backlog.sending === 0) || Date.now() - drainStart > 90000) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    backlog.drainMs = Date.now() - drainStart;
    // The sweep marks what the injector made due (allow it one more cron period).
    const sweepWait = Date.now();
    let unmarked;
    for (;;) {
      const ids = injected.map((i) => i.id);
      unmarked = ids.length ? (await query('SELECT id FROM tickets WHERE id = ANY($1) AND resolution_breached_at IS NULL AND sla_paused_at IS NULL AND state IN (\'new\', \'in_progress\')', [ids])).rows.map((r) => r.id) : [];
      if (!unmarked.length || Date.now() - sweepWait > 75000) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    clearInterval(sampler);
    const killAtMs = opts.killInstanceAt === null ? null : opts.killInstanceAt * 60000;
    const markedAfterKill = killAtMs === null ? null : marks.length ? marks[marks.length - 1].n - (marks.filter((m) => m.at <= killAtMs).pop()?.n ?? 0) : 0;

    // Audit: every acknowledged ticket creation is in the database.
    const ids = acked.filter(Boolean);
    const found = ids.length ? (await query('SELECT count(*)::int AS n FROM tickets WHERE document_id = ANY($1)', [ids])).rows[0].n : 0;
    const audit = { acknowledged: acked.length, unreadable: acked.length - ids.length, found, missing: ids.length - found };

    // Figures per class.
    const rows = [['route class', 'rate/s', 'requests', 'p50 ms', 'p99 ms', '2xx', '4xx', '5xx', 'errors', 'outage: 5xx/503+msg/401/err']];
    const classes2 = {};
    for (const [name, s] of Object.entries(stats)) {
      const sorted = Float64Array.from(s.latencies).sort();
      const sum = (pred) => Object.entries(s.status).filter(([c]) => pred(Number(c))).reduce((a, [, n]) => a + n, 0);
      const outage5xx = Object.entries(s.outage).filter(([c]) => Number(c) >= 500).reduce((a, [, n]) => a + n, 0);
      const f = { rate: round(s.requests / (loadEndMs / 1000), 1), requests: s.requests, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), ok: sum((c) => c < 300), c4xx: sum((c) => c >= 400 && c < 500), c5xx: sum((c) => c >= 500), c503: s.status[503] || 0, errors: s.errors, errorKinds: s.errorKinds, status: s.status, outage: s.outage, five03WithMessage: s.five03WithMessage, five03Bare: s.five03Bare };
      classes2[name] = f;
      rows.push([name, f.rate, f.requests, f.p50, f.p99, f.ok, f.c4xx, f.c5xx, f.errors, opts.restartDbAt === null ? '-' : `${outage5xx}/${s.five03WithMessage}/${s.outage[401] || 0}/${s.outage.error || 0}`]);
    }
    const instances = {};
    const iRows = [['instance', 'samples', 'RSS MB after warm-up', 'RSS MB at end', 'RSS growth', 'RSS trend MB/min', 'heap MB after warm-up / at end', 'after full GC: heap MB / RSS MB, warm-up → end', 'retained heap growth', 'lag p99 ms after warm-up', 'lag p99 ms at end', 'max lag p99 ms', 'backlog at end']];
    for (const app of apps) {
      const s = samples[app.name];
      // With a kill, both instances' end figures are those before it (A then carries B's share too).
      const until = killAtMs ?? loadEndMs;
      const firstFrom = warmupMs;
      const lastFrom = Math.max(firstFrom + SAMPLE_MS, until - 60000);
      const rssStart = medianOf(s, 'rssMb', firstFrom, firstFrom + 60000);
      const rssEnd = medianOf(s, 'rssMb', lastFrom, until + 1);
      const lagStart = medianOf(s, 'lagP99Ms', firstFrom, firstFrom + 60000);
      const lagEnd = medianOf(s, 'lagP99Ms', lastFrom, until + 1);
      const growth = growthPct(rssStart, rssEnd);
      // Least-squares slope of RSS after warm-up: a leak climbs; GC cycles only swing around a level.
      const trend = slopePerMinute(s.filter((x) => x.at >= firstFrom && x.at <= until), 'rssMb');
      const heapStart = medianOf(s, 'heapMb', firstFrom, firstFrom + 60000);
      const heapEnd = medianOf(s, 'heapMb', lastFrom, until + 1);
      const r = retained[app.name];
      const retainedGrowth = growthPct(r.start?.heapMb, r.end?.heapMb);
      instances[app.name] = { samples: s, rssStart, rssEnd, rssGrowthPct: growth, rssTrendMbPerMin: trend, heapStart, heapEnd, retained: r, retainedHeapGrowthPct: retainedGrowth, lagP99Start: lagStart, lagP99End: lagEnd, killed: !app.alive };
      const pair = (k) => `${r.start?.[k] ?? '-'} → ${r.end?.[k] ?? '-'}`;
      iRows.push([`${app.name}${app.alive ? '' : ' (killed)'}`, s.length, rssStart, rssEnd, growth == null ? '-' : `${growth} %`, trend ?? '-', `${heapStart} / ${heapEnd}`, `${pair('heapMb')} / ${pair('rssMb')}`, retainedGrowth == null ? '-' : `${retainedGrowth} %`, lagStart, lagEnd, round(Math.max(...s.map((x) => x.lagP99Ms || 0)), 1), s.length ? s[s.length - 1].backlog : '-']);
    }
    const load1 = loads.map((l) => l.load1);
    const summary = {
      name: 'soak',
      db: 'postgres',
      at: new Date().toISOString(),
      opts,
      machine: { cpus: os.cpus().length, load1Min: round(Math.min(...load1), 2), load1Max: round(Math.max(...load1), 2), load1Mean: round(load1.reduce((a, b) => a + b, 0) / (load1.length || 1), 2) },
      classes: classes2,
      transitionAcked: classes.transitionAcked,
      instances,
      outbox: { ...backlog, mailsReceived: smtp.received() },
      sweep: { injected: injected.length, unmarkedAtEnd: unmarked.length, markedAfterKill, marks },
      audit,
      outage,
      events,
      scrapeErrors,
      wallMs: Date.now() - t0,
    };
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `soak-postgres-${stamp()}.json`);
    fs.writeFileSync(file, JSON.stringify(summary, null, 2));

    const total5xx = Object.values(classes2).reduce((a, c) => a + c.c5xx, 0);
    const create = classes2['customer create'];
    const growthOk = Object.values(instances).filter((i) => !i.killed).every((i) => i.rssGrowthPct != null && i.rssGrowthPct < 10);
    const lines = [
      `\nsoak (postgres): ${opts.rate} requests/s for ${opts.minutes} min over 2 instances; load average (1 min) ${summary.machine.load1Min}–${summary.machine.load1Max} (mean ${summary.machine.load1Mean}) on ${summary.machine.cpus} cores`,
      ...events.map((e) => `  at ${(e.at / 1000).toFixed(0)} s: ${e.what}`),
      '',
      table(rows),
      '',
      table(iRows),
      '',
      `5xx: ${total5xx}${opts.restartDbAt !== null ? ` (503 with a message ${Object.values(classes2).reduce((a, c) => a + c.five03WithMessage, 0)}, 503 without ${Object.values(classes2).reduce((a, c) => a + c.five03Bare, 0)})` : ''}   goal 0${opts.restartDbAt !== null ? ' outside the outage' : ''}`,
      `ticket creation p99: ${create.p99} ms   goal ≤ 500 ms`,
      `RSS growth after warm-up (${(warmupMs / 1000).toFixed(0)} s): ${Object.entries(instances).map(([n, i]) => `${n} ${i.rssGrowthPct} %${i.killed ? ' (until killed)' : ''}`).join(', ')}   goal < 10 %: ${growthOk ? 'met' : 'NOT met'}`,
      `retained heap (after a full GC) growth from warm-up to the end: ${Object.entries(instances).filter(([, i]) => !i.killed).map(([n, i]) => `${n} ${i.retainedHeapGrowthPct ?? '-'} %`).join(', ')}   (a leak grows here; lazy GC only swings the samples)`,
      `outbox after a ${(backlog.drainMs / 1000).toFixed(0)} s drain: ${backlog.due} due, ${backlog.sending} sending (${backlog.pending} pending in all, ${backlog.sent} sent, ${backlog.dead} dead); the SMTP sink received ${smtp.received()} mails`,
      `SLA sweep: ${injected.length} tickets made due during the run, ${unmarked.length} left unmarked${markedAfterKill === null ? '' : `; ${markedAfterKill} breaches marked after the kill`}`,
      `audit: ${audit.acknowledged} acknowledged ticket creations, ${audit.found} in the database, ${audit.missing} missing${audit.unreadable ? `, ${audit.unreadable} answers without a documentId` : ''}`,
      `figures: ${path.relative(process.cwd(), file)}`,
    ];
    console.log(lines.join('\n'));
    const problems = [];
    if (audit.missing || audit.unreadable) problems.push('acknowledged ticket creations missing');
    if (unmarked.length) problems.push(`${unmarked.length} due tickets never marked by the sweep`);
    if (backlog.due || backlog.sending) problems.push('outbox backlog left after the drain');
    if (opts.killInstanceAt !== null && !markedAfterKill) problems.push('no breach marked after the kill');
    if (problems.length) throw new Error(problems.join('; '));
    return summary;
  } finally {
    if (pg) await pg.end().catch(() => {});
  }
}

if (require.main === module) {
  skipIfSqliteOnly('soak', 'two instances share one PostgreSQL database');
  const opts = parseArgs(process.argv.slice(2));
  guard.arm(Number(process.env.BENCH_TIMEOUT || opts.minutes * 60 + 20 * 60) * 1000);
  benchPostgres(opts).then(
    () => guard.done(0),
    (err) => {
      console.error(`[bench] soak failed: ${err && err.stack ? err.stack : err}`);
      guard.done(1);
    },
  );
}

module.exports = { parseMetrics };
