#!/usr/bin/env node
'use strict';
// Workflow transitions under load against a plain core update of the same tickets, same run.
//
//   node bench/ticket-transitions.js [--db sqlite|postgres|both] [--count 2000] [--duration 10] [--connections 10]
//
// Per database: fresh database -> N in_progress tickets through the tickets service (create, triage,
// start) + a full-access API token -> `strapi start` (production) -> check one request of each kind ->
//   ours:     POST /api/support-desk/tickets/:documentId/transitions, alternating per ticket
//             propose_solution (in_progress -> solution_proposed) and reject_solution (back), each
//             with the version the previous answer returned;
//   baseline: PUT /api/tickets/:documentId { data: { description, version } } (core REST update; it
//             goes through the same ticket document middleware: version claim, field_change event);
//   plain:    PUT /api/fault-categories/:documentId { data: { description } } (core REST update of a
//             content type no document middleware of ours touches: the framework's floor for a write);
// both on the same tickets, round-robin over all N (a ticket is never in flight twice), warm-up +
// measured run each. Then creation (`--create-connections`, 20):
//   ours:     POST /api/support-desk/customer/tickets as customers of the organization (number, SLA,
//             `created` event, mail to the requester, KB suggestions in the answer);
//   plain:    POST /api/fault-categories { data: { name, code, description } } (core REST create).
// -> stop -> check in the database that every accepted write is there exactly once (one version step
// and one event per write, one `created` event per new ticket, none lost) -> drop.
const { createDatabase, freshSecrets, startApp, httpRequest, log } = require('./lib/app');
const { loadTickets, verifyTickets } = require('./lib/ticket-data');
const { measure, DEFAULTS } = require('./lib/load');
const { report } = require('./lib/report');
const { guard } = require('./lib/guard');
const { runPerDatabase, parseFlags } = require('./lib/cli');

const TRANSITION = '/api/support-desk/tickets/:documentId/transitions';
const CORE_UPDATE = '/api/tickets/:documentId';
const PLAIN_UPDATE = '/api/fault-categories/:documentId';
const CUSTOMER_CREATE = '/api/support-desk/customer/tickets';
const PLAIN_CREATE = '/api/fault-categories';
const CUSTOMERS = 20;
const SOLUTION = 'Replace the SFP+ optic in port 49, then clear the interface counters and watch for 30 minutes.';
const REASON = 'Still flapping after the optic was replaced.';

function parseArgs(argv) {
  const opts = parseFlags(argv, {
    usage: 'node bench/ticket-transitions.js [--db sqlite|postgres|both] [--count N] [--duration S] [--connections C] [--warmup S] [--create-connections C] [--create-rate R]',
    defaults: { db: 'both', count: Number(process.env.BENCH_COUNT || 2000), duration: DEFAULTS.duration, connections: DEFAULTS.connections, warmup: DEFAULTS.warmup, createConnections: 20, createRate: 4 },
    flags: { '--db': ['db', String], '--count': ['count', Number], '--duration': ['duration', Number], '--connections': ['connections', Number], '--warmup': ['warmup', Number], '--create-connections': ['createConnections', Number], '--create-rate': ['createRate', Number] },
  });
  if (!(opts.count >= opts.connections * 10)) throw new Error(`--count must be at least 10 × --connections (a ticket must never be in flight twice)`);
  return opts;
}

/**
 * Client-side state of every ticket (version, workflow state) and the count of writes the server
 * acknowledged. Requests take tickets round-robin and never one with a request in flight, so every
 * request carries the version the previous answer returned.
 */
function createLoad(tickets, token, { categories = [], customerJwts = [] } = {}) {
  const state = tickets.map((t) => ({ documentId: t.documentId, version: t.version, state: t.state, pending: false }));
  const acked = { transition: 0, update: 0, plainUpdate: 0, create: 0, plainCreate: 0, conflicts: 0, other: 0 };
  let cursor = 0;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  // A ticket whose request was built but never answered (in flight when a run stopped) has an
  // unknown version from then on: it is left out of the rotation instead of being answered 409.
  const take = () => {
    for (let tried = 0; tried < state.length; tried += 1) {
      const t = state[cursor++ % state.length];
      if (!t.pending) {
        t.pending = true;
        return t;
      }
    }
    throw new Error('every ticket has a request in flight: use more tickets (--count) or fewer connections');
  };
  const onAnswer = (kind) => (status, body, context) => {
    const t = context.ticket;
    if (!t) return;
    t.pending = false;
    if (status === 200) {
      const data = JSON.parse(body).data;
      t.version = data.version;
      t.state = data.state;
      acked[kind] += 1;
    } else if (status === 409) {
      acked.conflicts += 1;
      const current = JSON.parse(body).error?.details?.currentVersion;
      if (current) t.version = current;
    } else {
      acked.other += 1;
    }
  };

  const transitionBody = (t) =>
    t.state === 'in_progress'
      ? { action: 'propose_solution', version: t.version, solution: SOLUTION }
      : { action: 'reject_solution', version: t.version, reason: REASON };

  let categoryCursor = 0;
  let created = 0;
  const counted = (kind) => (status) => {
    if (status === 200 || status === 201) acked[kind] += 1;
    else acked.other += 1;
  };
  return {
    state,
    acked,
    headers,
    plainUpdates: [
      {
        // Categories round-robin: with ≥ 10 × connections of them none is in flight twice.
        setupRequest(req) {
          const id = categories[categoryCursor++ % categories.length];
          return { ...req, method: 'PUT', path: PLAIN_UPDATE.replace(':documentId', id), headers, body: JSON.stringify({ data: { description: `Seen again in the field (edit ${categoryCursor}).` } }) };
        },
        onResponse: counted('plainUpdate'),
      },
    ],
    creates: [
      {
        setupRequest(req) {
          const n = created++;
          const customer = customerJwts[n % customerJwts.length];
          return {
            ...req,
            method: 'POST',
            path: CUSTOMER_CREATE,
            headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json' },
            body: JSON.stringify({ subject: `Camera offline after a power cut (bench ${n})`, description: 'Since this morning the camera at the loading dock shows no picture.', urgency: 'medium', impact: 'low' }),
          };
        },
        onResponse: counted('create'),
      },
    ],
    plainCreates: [
      {
        setupRequest(req) {
          const n = created++;
          return { ...req, method: 'POST', path: PLAIN_CREATE, headers, body: JSON.stringify({ data: { name: `Bench fault ${n}`, code: `BC-${process.pid}-${n}`, description: 'Created by the bench.' } }) };
        },
        onResponse: counted('plainCreate'),
      },
    ],
    transitionBody,
    transitions: [
      {
        setupRequest(req, context) {
          const t = take();
          context.ticket = t;
          return { ...req, method: 'POST', path: TRANSITION.replace(':documentId', t.documentId), headers, body: JSON.stringify(transitionBody(t)) };
        },
        onResponse: onAnswer('transition'),
      },
    ],
    updates: [
      {
        setupRequest(req, context) {
          const t = take();
          context.ticket = t;
          const n = t.version;
          return { ...req, method: 'PUT', path: CORE_UPDATE.replace(':documentId', t.documentId), headers, body: JSON.stringify({ data: { description: `Customer called again (edit ${n}): the link drops every few minutes.`, version: t.version } }) };
        },
        onResponse: onAnswer('update'),
      },
    ],
  };
}

/** One request of each kind before measuring: both endpoints work and answer the next version. */
async function checkOnce(app, load) {
  const t = load.state[0];
  const res = await httpRequest('POST', `${app.url}${TRANSITION.replace(':documentId', t.documentId)}`, { headers: load.headers, body: load.transitionBody(t) });
  if (res.status !== 200) throw new Error(`transition check -> ${res.status}: ${res.body.slice(0, 500)}`);
  const after = res.json().data;
  if (after.version !== t.version + 1 || after.state !== 'solution_proposed') throw new Error(`transition check: unexpected answer ${JSON.stringify({ version: after.version, state: after.state })}`);
  Object.assign(t, { version: after.version, state: after.state });
  load.acked.transition += 1;
  const transitionBytes = Buffer.byteLength(res.body);
  const put = await httpRequest('PUT', `${app.url}${CORE_UPDATE.replace(':documentId', t.documentId)}`, { headers: load.headers, body: { data: { description: 'Checked by the bench.', version: t.version } } });
  if (put.status !== 200) throw new Error(`core update check -> ${put.status}: ${put.body.slice(0, 500)}`);
  t.version = put.json().data.version;
  load.acked.update += 1;
  const plain = await httpRequest('PUT', `${app.url}${load.plainUpdates[0].setupRequest({}).path}`, { headers: load.headers, body: { data: { description: 'Checked by the bench.' } } });
  if (plain.status !== 200) throw new Error(`plain core update check -> ${plain.status}: ${plain.body.slice(0, 500)}`);
  load.acked.plainUpdate += 1;
  const c = load.creates[0].setupRequest({});
  const create = await httpRequest('POST', `${app.url}${c.path}`, { headers: c.headers, body: c.body });
  if (create.status !== 201 || !create.json().data?.number) throw new Error(`customer create check -> ${create.status}: ${create.body.slice(0, 500)}`);
  load.acked.create += 1;
  const p = load.plainCreates[0].setupRequest({});
  const plainCreate = await httpRequest('POST', `${app.url}${p.path}`, { headers: p.headers, body: p.body });
  if (plainCreate.status !== 200 && plainCreate.status !== 201) throw new Error(`plain core create check -> ${plainCreate.status}: ${plainCreate.body.slice(0, 500)}`);
  load.acked.plainCreate += 1;
  return { transitionBytes, updateBytes: Buffer.byteLength(put.body), plainUpdateBytes: Buffer.byteLength(plain.body), createBytes: Buffer.byteLength(create.body), plainCreateBytes: Buffer.byteLength(plainCreate.body) };
}

/**
 * Every accepted write is in the database exactly once: each write is one version step and one
 * event (transition or field_change). Writes still in flight when a run stopped were applied by the
 * server but never acknowledged to the client, so applied − acknowledged ≤ 4 × connections.
 */
function checkWrites(loaded, load, after, connections, createConnections = connections, { writeErrors = 0, createErrors = 0, createRuns = 1 } = {}) {
  const loadedVersions = new Map(loaded.tickets.map((t) => [t.documentId, t.version]));
  let steps = 0;
  for (const t of after.tickets) if (loadedVersions.has(t.documentId)) steps += t.version - loadedVersions.get(t.documentId);
  const count = (byKind, k) => byKind[k] ?? 0;
  const events = count(after.eventsByKind, 'transition') - count(loaded.eventsByKind, 'transition') + count(after.eventsByKind, 'field_change') - count(loaded.eventsByKind, 'field_change');
  const acknowledged = load.acked.transition + load.acked.update;
  const problems = [];
  if (steps !== events) problems.push(`version steps (${steps}) ≠ transition + field_change events written (${events})`);
  if (steps < acknowledged) problems.push(`acknowledged writes missing: ${acknowledged} acknowledged, ${steps} applied`);
  // A request the client gave up on (timeout: counted in errors) may still have been applied.
  if (steps - acknowledged > 4 * connections + writeErrors) problems.push(`${steps - acknowledged} writes applied but never acknowledged (more than the ${4 * connections} that can be in flight when runs stop and the ${writeErrors} the client gave up on)`);
  // Creations: every new ticket has its `created` event; every acknowledged one is there.
  const newTickets = after.tickets.length - loaded.tickets.length;
  const createdEvents = count(after.eventsByKind, 'created') - count(loaded.eventsByKind, 'created');
  const createsAcked = load.acked.create ?? 0;
  if (newTickets !== createdEvents) problems.push(`new tickets (${newTickets}) ≠ created events written (${createdEvents})`);
  if (newTickets < createsAcked) problems.push(`acknowledged creations missing: ${createsAcked} acknowledged, ${newTickets} tickets created`);
  // Each creation measurement (closed loop, then open loop at --create-rate) is a warm-up and a run: 2 stops each.
  const inFlight = 2 * createRuns * createConnections;
  if (newTickets - createsAcked > inFlight + createErrors) problems.push(`${newTickets - createsAcked} tickets created but never acknowledged (more than the ${inFlight} that can be in flight when runs stop and the ${createErrors} the client gave up on)`);
  return { acknowledged, applied: steps, events, unacknowledgedInFlight: steps - acknowledged, creations: { acknowledged: createsAcked, created: newTickets, createdEvents }, ok: problems.length === 0, problems };
}

async function benchDatabase(kind, opts) {
  const t0 = Date.now();
  const db = await guard.add(await createDatabase(kind, 'ticket-transitions'), (d) => d.drop());
  const secrets = freshSecrets();
  try {
    log(`${kind}: loading ${opts.count} in_progress tickets into ${db.label} ...`);
    const loaded = await loadTickets(db, { count: opts.count, categories: Math.max(opts.count, opts.connections * 10), customers: CUSTOMERS, secrets });
    log(`${kind}: loaded ${loaded.count} tickets (events ${JSON.stringify(loaded.eventsByKind)}) in ${(loaded.ms / 1000).toFixed(1)} s`);
    await db.settle();

    const load = createLoad(loaded.tickets, loaded.token, loaded);
    // The customer API's rate limit (20 tickets an hour per contact) would refuse most creations.
    const app = guard.add(await startApp({ db, secrets, env: { CUSTOMER_TICKET_LIMIT: '1000000' } }), (s) => s.stop());
    log(`${kind}: strapi start answered /_health in ${(app.bootMs / 1000).toFixed(1)} s at ${app.url}`);
    let ours;
    let baseline;
    let plain;
    let create;
    let plainCreate;
    let createAtRate;
    let bytes;
    try {
      bytes = await checkOnce(app, load);
      const common = { url: app.url, duration: opts.duration, connections: opts.connections, warmup: opts.warmup, serverPid: app.pid, dbName: db.database };
      log(`${kind}: measuring transitions (${opts.warmup} s warm-up + ${opts.duration} s, ${opts.connections} connections) ...`);
      ours = await measure({ ...common, path: '/', requests: load.transitions });
      log(`${kind}: measuring core updates of the same tickets ...`);
      baseline = await measure({ ...common, path: '/', requests: load.updates });
      log(`${kind}: measuring plain core updates (fault categories) ...`);
      plain = await measure({ ...common, path: '/', requests: load.plainUpdates });
      const creating = { ...common, connections: opts.createConnections };
      log(`${kind}: measuring customer ticket creation (${opts.createConnections} connections) ...`);
      create = await measure({ ...creating, path: '/', requests: load.creates });
      log(`${kind}: measuring plain core creates (fault categories) ...`);
      plainCreate = await measure({ ...creating, path: '/', requests: load.plainCreates });
      if (opts.createRate > 0) {
        // Open loop at the soak's rate of creations (4 of its 50 requests/s): the latency a customer sees
        // when the server is not saturated by creations (the creation goal, p99 ≤ 500 ms).
        log(`${kind}: measuring customer ticket creation at ${opts.createRate}/s (open loop) ...`);
        createAtRate = await measure({ ...creating, path: '/', requests: load.creates, overallRate: opts.createRate });
      }
    } finally {
      await guard.release(app);
    }

    const after = await verifyTickets(db, { secrets });
    const writes = checkWrites(loaded, load, after, opts.connections, opts.createConnections, {
      writeErrors: (ours.errors ?? 0) + (baseline.errors ?? 0),
      createErrors: (create.errors ?? 0) + (createAtRate?.errors ?? 0),
      createRuns: createAtRate ? 2 : 1,
    });
    if (!writes.ok) console.log(`WARNING: write check failed: ${writes.problems.join('; ')}`);
    else log(`${kind}: write check ok: ${writes.applied} writes applied (${writes.acknowledged} acknowledged, ${writes.unacknowledgedInFlight} in flight at a stop), one event each`);

    report({
      name: 'ticket-transitions',
      db: kind,
      title: `POST ${TRANSITION} (propose/reject) vs core PUT ${CORE_UPDATE}`,
      context: {
        tickets: loaded.count,
        duration: opts.duration,
        warmup: opts.warmup,
        connections: opts.connections,
        responseBytes: bytes,
        acked: load.acked,
        writeCheck: writes,
        loadMs: loaded.ms,
        bootMs: app.bootMs,
        baseline: 'core REST update (PUT /api/tickets/:id, description + version) of the same tickets, same server, same run',
        plainBaseline: 'core REST update / create of fault categories (no document middleware of ours), same server, same run',
        createConnections: opts.createConnections,
        database: db.label,
        wallMs: Date.now() - t0,
      },
      results: [
        { endpoint: 'ticket write', oursLabel: 'transition (propose/reject)', ours, baselineLabel: 'core PUT ticket', baseline },
        { endpoint: 'vs plain write', oursLabel: 'transition (propose/reject)', ours, baselineLabel: 'plain core PUT', baseline: plain },
        { endpoint: 'ticket creation', oursLabel: 'customer POST ticket', ours: create, baselineLabel: 'plain core POST', baseline: plainCreate },
        ...(createAtRate ? [{ endpoint: `creation at ${opts.createRate}/s`, oursLabel: 'customer POST ticket (open loop)', ours: createAtRate, baselineLabel: 'plain core POST (closed loop)', baseline: plainCreate }] : []),
      ],
    });
    if (!writes.ok) throw new Error(`${kind}: write check failed`);
    return { ours, baseline, plain, create, plainCreate, createAtRate };
  } finally {
    await guard.release(db);
  }
}

if (require.main === module) runPerDatabase('ticket-transitions', { parseArgs, benchDatabase });

module.exports = { createLoad, checkWrites };
