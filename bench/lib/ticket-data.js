'use strict';
// Tickets for the ticket-transitions benchmark, and the check of what the load wrote.
//
// Parent side:  const info = await loadTickets(db, { count: 2000, secrets });
//               const check = await verifyTickets(db, { documentIds, secrets });
// Child side:   this file run by app.runInStrapi() (createStrapi().load(), no HTTP server).
//
// Tickets are created through the plugin's tickets service as an agent would, so each has its
// number, priority, SLA fields and `created` event; then they are set in_progress with an assignee
// directly in the database (BENCH_VIA_WORKFLOW=1: through the triage and start actions instead, 3×
// slower to load). A default SLA contract on a business calendar comes first (BENCH_NO_SLA=1: none). `BENCH_BATCH` tickets per transaction. It also creates the full-access
// API token the load uses (pass the same `secrets` to the loader and the app, so the token is valid).
const TICKET_UID = 'api::ticket.ticket';
const EVENT_UID = 'plugin::support-desk.ticket-event';

async function loadTickets(db, { count = 2000, batch = Number(process.env.BENCH_BATCH || 50), viaWorkflow = process.env.BENCH_VIA_WORKFLOW === '1', categories = 0, customers = 0, secrets } = {}) {
  const { runInStrapi } = require('./app');
  return runInStrapi(db, __filename, { mode: 'load', count, batch, viaWorkflow, categories, customers }, { secrets });
}

/** After the load: versions, states and events per ticket, to compare with what the client saw. */
async function verifyTickets(db, { secrets } = {}) {
  const { runInStrapi } = require('./app');
  return runInStrapi(db, __filename, { mode: 'verify' }, { secrets });
}

const SUBJECTS = [
  'Uplink port flapping on the core switch',
  'NAS rebuild stuck at 12 %',
  'Camera offline after a power cut',
  'Printer reports error E-104',
  'VoIP phones lose registration every hour',
  'Firmware update fails at 90 %',
];
const LEVELS = ['low', 'medium', 'high'];

/**
 * The plain baselines' rows: `categories` fault categories (a content type no document middleware of
 * ours touches: three text fields, no draft & publish) and `customers` contacts of the organization
 * (users-permissions, Customer role) with their JWTs, who create tickets through the customer API.
 */
async function loadExtras(strapi, { categories, customers, org }) {
  const stamp = Date.now();
  const categoryIds = [];
  for (let start = 0; start < categories; start += 50) {
    await strapi.db.transaction(async () => {
      for (let i = start; i < Math.min(start + 50, categories); i += 1) {
        const c = await strapi.documents('api::fault-category.fault-category').create({ data: { name: `Bench fault ${i}`, code: `BENCH-${i}`, description: 'Loaded by the bench.' } });
        categoryIds.push(c.documentId);
      }
    });
  }
  const customerJwts = [];
  if (customers > 0) {
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
    if (!role) throw new Error('no users-permissions role "customer"');
    const jwt = strapi.plugin('users-permissions').service('jwt');
    for (let i = 0; i < customers; i += 1) {
      const name = `bench.customer.${stamp}.${i}`;
      const user = await strapi.db.query('plugin::users-permissions.user').create({
        data: { username: name, email: `${name}@customer.test`, provider: 'local', confirmed: true, blocked: false, role: role.id, full_name: `Contact ${i}`, preferred_locale: 'en', organization: org.id },
      });
      customerJwts.push(jwt.issue({ id: user.id }));
    }
  }
  return { categories: categoryIds, customerJwts };
}

async function load(strapi, { count, batch, viaWorkflow, categories = 0, customers = 0 }) {
  const t0 = Date.now();
  const tickets = strapi.plugin('support-desk').service('tickets');
  const admin = await strapi.db.query('admin::user').create({
    data: { firstname: 'Bench', lastname: 'Agent', email: `bench.agent.${Date.now()}@example.test`, isActive: true },
  });
  const actor = { kind: 'agent', id: admin.id, name: 'Bench Agent' };
  // A default SLA contract on a business calendar, as every desk has (BENCH_NO_SLA=1: none, the
  // tickets then have no deadlines and no ticket write reads a contract).
  if (process.env.BENCH_NO_SLA !== '1') {
    const calendar = await strapi.documents('api::business-calendar.business-calendar').create({
      data: {
        name: 'Bench office hours',
        timezone: 'Asia/Shanghai',
        working_intervals: ['mon', 'tue', 'wed', 'thu', 'fri'].flatMap((weekday) => [
          { weekday, start: '09:00', end: '12:00' },
          { weekday, start: '13:00', end: '18:00' },
        ]),
      },
    });
    await strapi.documents('api::sla-contract.sla-contract').create({
      data: {
        name: 'Bench Standard',
        code: 'BENCHSTD',
        is_default: true,
        active: true,
        business_calendar: calendar.documentId,
        targets: ['P1', 'P2', 'P3', 'P4'].map((priority, i) => ({ priority, first_response_minutes: 30 * 2 ** i, resolution_minutes: 480 * 2 ** i })),
      },
    });
  }
  const org = await strapi.documents('api::organization.organization').create({ data: { name: 'Bench Logistics', code: 'BENCH', region: 'East China' } });
  const out = [];
  const timing = { create: 0, start: 0 };
  for (let start = 0; start < count; start += batch) {
    await strapi.db.transaction(async () => {
      for (let i = start; i < Math.min(start + batch, count); i += 1) {
        let c0 = Date.now();
        const t = await tickets.create(
          {
            subject: `${SUBJECTS[i % SUBJECTS.length]} (#${i})`,
            description: `Reported by the bench at site ${i % 17}. The problem started after the last maintenance window.`,
            channel: 'api',
            type: 'consultation',
            urgency: LEVELS[i % 3],
            impact: LEVELS[(i >> 1) % 3],
            organization: org.documentId,
          },
          actor,
        );
        timing.create += Date.now() - c0;
        c0 = Date.now();
        if (viaWorkflow) {
          const triaged = await tickets.transition(t.documentId, { action: 'triage', version: t.version, assignee: admin.id }, actor);
          const started = await tickets.transition(t.documentId, { action: 'start', version: triaged.version }, actor);
          out.push({ documentId: t.documentId, version: started.version, state: started.state });
        } else {
          // new → in_progress with an assignee, directly: triage and start have no clock effect and are
          // not what is measured; this keeps loading at one document write per ticket.
          await strapi.db.query(TICKET_UID).update({ where: { id: t.id }, data: { state: 'in_progress', assignee: admin.id } });
          out.push({ documentId: t.documentId, version: t.version, state: 'in_progress' });
        }
        timing.start += Date.now() - c0;
      }
    });
  }
  const token = await strapi.service('admin::api-token').create({ name: `bench-transitions-${Date.now()}`, type: 'full-access', lifespan: null });
  const extras = await loadExtras(strapi, { categories, customers, org });
  return { count: out.length, tickets: out, token: token.accessKey, ...extras, eventsByKind: await eventsByKind(strapi), timing, ms: Date.now() - t0 };
}

async function eventsByKind(strapi) {
  const rows = await strapi.db.connection(strapi.db.metadata.get(EVENT_UID).tableName).select('kind').count({ n: '*' }).groupBy('kind');
  return Object.fromEntries(rows.map((e) => [e.kind, Number(e.n)]));
}

async function verify(strapi) {
  const rows = await strapi.db.query(TICKET_UID).findMany({ select: ['documentId', 'version', 'state'] });
  return { tickets: rows.map((r) => ({ documentId: r.documentId, version: r.version, state: r.state })), eventsByKind: await eventsByKind(strapi) };
}

async function childMain(strapi, args) {
  if (args.mode === 'load') return load(strapi, args);
  if (args.mode === 'verify') return verify(strapi);
  throw new Error(`unknown mode ${args.mode}`);
}

module.exports = { loadTickets, verifyTickets };

if (require.main === module) require('./in-strapi').runJob(childMain);
