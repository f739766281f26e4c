/**
 * The management dashboard against a fixture whose figures are computed by hand below (not by the
 * code under test): eleven tickets written straight to the database with their marks, business
 * minutes and counters, escalations and visits. Period: Mon 2026-11-02 to Mon 2026-11-09 (UTC).
 *
 *  #   group agent state             pri chan   type  created      1st resp (bm) due fr   resolved    (bm) due res     reopen pam csat cat/model/root
 *  T1  G1    A     closed            P2  phone  fault 11-02 01:00  11-02 01:30 30 02:00   11-02 05:00 240  11-02 09:00 0      1   5    PSU/SW-1/capacitor
 *  T2  G1    A     resolved          P2  email  fault 11-03 01:00  11-03 03:00 120 02:00  11-04 01:00 600  11-03 09:00 1      3   2    PSU/SW-1/capacitor
 *  T3  G1    B     closed            P3  phone  fault 11-03 02:00  11-03 02:10 10 03:00   11-05 02:00 60   11-06 00:00 0      0   4    Fan/SW-2/dust
 *  T4  G2    C     resolved          P4  web    cons. 11-04 00:00  11-04 00:20 20 01:00   11-04 06:00 30   11-04 08:00 0      2   –    (breach recorded 05:00), Storage Arrays
 *  T5  G1    –     in_progress       P1  phone  fault 11-05 00:00  –              01:00
 *  T6  G1    A     awaiting_customer P2  portal fault 11-06 00:00  11-06 00:40 40 01:00
 *  T7  G1    –     new               P3  phone  fault 11-07 00:00                 01:00
 *  T8  G1    –     cancelled         P3  phone  fault 11-06 12:00
 *  T9  G1    –     in_progress       P2  email  fault 10-30 00:00  (before the period)
 *  T10 G1    A     closed            P3  phone  fault 10-31 00:00  10-31 00:05 5      11-02 10:00 900  11-01 00:00 0      1   3    PSU/SW-1/firmware
 *  T11 G1    –     new               P3  phone  fault 11-10 00:00  (after the period)
 * Escalations: T2 rd 11-03 (answered), T5 qa 11-05 (open), T1 product 11-02 (closed, answered), T9 rd 10-30 (outside).
 * Visits: T3 completed 11-04, T5 scheduled 11-06, T2 scheduled 11-10 (outside).
 */
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';
import { desk, uniq } from '../helpers/desk';

const TICKET = 'api::ticket.ticket';
let app: TestApp;
let d: ReturnType<typeof desk>;
let superAdmin: { jwt: string; id: number };
let supervisor: { jwt: string; id: number };
let agentA: { jwt: string; id: number };
let agentC: { jwt: string; id: number };
let g1: any;
let g2: any;
let agentB: any;

const at = (s: string) => new Date(`2026-${s}:00.000Z`); // '11-02T01:00'
const PERIOD = 'from=2026-11-02&to=2026-11-09&trend=day';

beforeAll(async () => {
  app = await startApp({ env: { MONTHLY_REPORT_RECIPIENTS: 'QA.Lead@example.test, product.owner@example.test' } });
  d = desk(app, await fullAccessToken(app.strapi));
  superAdmin = await adminLogin(app.strapi, app.http, 'strapi-super-admin');
  supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
  agentA = await adminLogin(app.strapi, app.http, 'support-agent');
  await app.strapi.db.query('admin::user').update({ where: { id: agentA.id }, data: { firstname: 'Ann', lastname: 'Agent' } });
  agentB = await d.admin('Bob');
  agentC = await adminLogin(app.strapi, app.http, 'support-agent');
  const productContact = await d.admin('Pia');
  await d.profile(productContact.id, { display_name: 'Pia Product', department: 'product', is_department_contact: true, preferred_locale: 'zh-Hans', email: 'product.owner@example.test' });
  const q = (uid: string) => app.strapi.db.query(uid as any);
  g1 = await q('api::support-group.support-group').create({ data: { name: 'Switch team', code: uniq('G1-').slice(0, 20), lead: supervisor.id, members: [agentA.id, agentB.id] } });
  g2 = await q('api::support-group.support-group').create({ data: { name: 'Storage team', code: uniq('G2-').slice(0, 20), members: [agentC.id] } });
  const psu = await q('api::fault-category.fault-category').create({ data: { name: 'PSU', code: uniq('PSU').slice(0, 20) } });
  const fan = await q('api::fault-category.fault-category').create({ data: { name: '风扇 Fan', code: uniq('FAN').slice(0, 20) } });
  const sw1 = await q('api::asset.asset').create({ data: { serial_number: uniq('SN1-'), model: 'SW-1', product_line: 'Network Switches' } });
  const sw2 = await q('api::asset.asset').create({ data: { serial_number: uniq('SN2-'), model: 'SW-2', product_line: 'Network Switches' } });

  let n = 0;
  const ticket = (data: Record<string, unknown>) =>
    q(TICKET).create({ data: { number: `TS-9${String(++n).padStart(5, '0')}`, subject: `Fixture ${n}`, urgency: 'medium', impact: 'medium', type: 'fault', product_line: 'Network Switches', group: g1.id, version: 1, ...data } });
  const t1 = await ticket({ state: 'closed', priority: 'P2', channel: 'phone', assignee: agentA.id, fault_category: psu.id, asset: sw1.id, root_cause: 'capacitor', createdAt: at('11-02T01:00'), first_responded_at: at('11-02T01:30'), first_response_business_minutes: 30, first_response_due_at: at('11-02T02:00'), resolved_at: at('11-02T05:00'), resolution_business_minutes: 240, resolution_due_at: at('11-02T09:00'), reopen_count: 0, public_agent_messages: 1, csat_rating: 5 });
  const t2 = await ticket({ state: 'resolved', priority: 'P2', channel: 'email', assignee: agentA.id, fault_category: psu.id, asset: sw1.id, root_cause: 'capacitor', createdAt: at('11-03T01:00'), first_responded_at: at('11-03T03:00'), first_response_business_minutes: 120, first_response_due_at: at('11-03T02:00'), resolved_at: at('11-04T01:00'), resolution_business_minutes: 600, resolution_due_at: at('11-03T09:00'), reopen_count: 1, public_agent_messages: 3, csat_rating: 2 });
  const t3 = await ticket({ state: 'closed', priority: 'P3', channel: 'phone', assignee: agentB.id, fault_category: fan.id, asset: sw2.id, root_cause: 'dust', createdAt: at('11-03T02:00'), first_responded_at: at('11-03T02:10'), first_response_business_minutes: 10, first_response_due_at: at('11-03T03:00'), resolved_at: at('11-05T02:00'), resolution_business_minutes: 60, resolution_due_at: at('11-06T00:00'), reopen_count: 0, public_agent_messages: 0, csat_rating: 4 });
  await ticket({ state: 'resolved', priority: 'P4', channel: 'web', type: 'consultation', product_line: 'Storage Arrays', group: g2.id, assignee: agentC.id, createdAt: at('11-04T00:00'), first_responded_at: at('11-04T00:20'), first_response_business_minutes: 20, first_response_due_at: at('11-04T01:00'), resolved_at: at('11-04T06:00'), resolution_business_minutes: 30, resolution_due_at: at('11-04T08:00'), resolution_breached_at: at('11-04T05:00'), reopen_count: 0, public_agent_messages: 2 });
  const t5 = await ticket({ state: 'in_progress', priority: 'P1', channel: 'phone', createdAt: at('11-05T00:00'), first_response_due_at: at('11-05T01:00') });
  await ticket({ state: 'awaiting_customer', priority: 'P2', channel: 'portal', assignee: agentA.id, createdAt: at('11-06T00:00'), first_responded_at: at('11-06T00:40'), first_response_business_minutes: 40, first_response_due_at: at('11-06T01:00') });
  await ticket({ state: 'new', priority: 'P3', channel: 'phone', createdAt: at('11-07T00:00'), first_response_due_at: at('11-07T01:00') });
  await ticket({ state: 'cancelled', priority: 'P3', channel: 'phone', createdAt: at('11-06T12:00') });
  const t9 = await ticket({ state: 'in_progress', priority: 'P2', channel: 'email', createdAt: at('10-30T00:00') });
  await ticket({ state: 'closed', priority: 'P3', channel: 'phone', assignee: agentA.id, fault_category: psu.id, asset: sw1.id, root_cause: 'firmware', createdAt: at('10-31T00:00'), first_responded_at: at('10-31T00:05'), first_response_business_minutes: 5, resolved_at: at('11-02T10:00'), resolution_business_minutes: 900, resolution_due_at: at('11-01T00:00'), reopen_count: 0, public_agent_messages: 1, csat_rating: 3 });
  await ticket({ state: 'new', priority: 'P3', channel: 'phone', createdAt: at('11-10T00:00') });

  const esc = (ticketId: number, department: string, state: string, createdAt: Date, answeredAt: Date | null = null) =>
    q('api::escalation.escalation').create({ data: { ticket: ticketId, department, state, reason: 'fixture', level: 1, createdAt, answered_at: answeredAt } });
  await esc(t2.id, 'rd', 'answered', at('11-03T05:00'), at('11-03T09:00'));
  await esc(t5.id, 'qa', 'open', at('11-05T02:00'));
  await esc(t1.id, 'product', 'closed', at('11-02T02:00'), at('11-02T03:00'));
  await esc(t9.id, 'rd', 'open', at('10-30T02:00'));
  const visit = (ticketId: number, state: string, start: Date) =>
    q('api::onsite-visit.onsite-visit').create({ data: { ticket: ticketId, state, scheduled_start: start, scheduled_end: new Date(start.getTime() + 7200_000), address: 'Shanghai' } });
  await visit(t3.id, 'completed', at('11-04T01:00'));
  await visit(t5.id, 'scheduled', at('11-06T01:00'));
  await visit(t2.id, 'scheduled', at('11-10T01:00'));
});
afterAll(async () => {
  await app?.stop();
});

const get = (jwt: string, path: string) => app.http().get(path).set('Authorization', `Bearer ${jwt}`);

describe('dashboard figures (hand-computed)', () => {
  let data: any;
  beforeAll(async () => {
    const res = await get(superAdmin.jwt, `/support-desk/dashboard?${PERIOD}`);
    expect(res.status).toBe(200);
    data = res.body.data;
    expect(res.body.meta).toEqual({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z', trend: 'day', group: null, productLine: null });
  });

  it('backlog now by state and priority, and its daily trend from the backlog at the start', () => {
    expect(data.backlog.total).toBe(5);
    expect(data.backlog.byState).toEqual({ new: 2, triaged: 0, in_progress: 2, awaiting_customer: 1, solution_proposed: 0 });
    expect(data.backlog.byPriority).toEqual({ P1: 1, P2: 2, P3: 2, P4: 0 });
    expect(data.backlog.openAtStart).toBe(2);
    expect(data.backlog.trend.map((b: any) => [b.key, b.opened, b.resolved, b.backlog])).toEqual([
      ['2026-11-02', 1, 2, 1],
      ['2026-11-03', 2, 0, 3],
      ['2026-11-04', 1, 2, 2],
      ['2026-11-05', 1, 1, 2],
      ['2026-11-06', 2, 0, 3],
      ['2026-11-07', 1, 0, 4],
      ['2026-11-08', 0, 0, 4],
    ]);
  });

  it('SLA compliance of the tickets opened in the period', () => {
    expect(data.sla).toEqual({ tickets: 8, first_response: { met: 4, breached: 1, compliance: 80 }, resolution: { met: 2, breached: 2, compliance: 50 } });
  });

  it('median and p90 in business minutes (continuous percentile)', () => {
    // first response: 10, 20, 30, 40, 120 → median 30; p90 at 0.9·4 = 3.6 → 40 + 0.6·80 = 88
    // resolution: 30, 60, 240, 600, 900 → median 240; p90 → 600 + 0.6·300 = 780
    expect(data.times).toEqual({ unit: 'business_minutes', first_response: { count: 5, median: 30, p90: 88 }, resolution: { count: 5, median: 240, p90: 780 } });
  });

  it('resolved, reopen rate, first-contact resolution and CSAT of the tickets resolved in the period', () => {
    expect(data.resolved).toBe(5);
    expect(data.reopen).toEqual({ reopened: 1, rate: 20 });
    expect(data.fcr).toEqual({ count: 3, rate: 60 }); // T1, T3, T10
    expect(data.csat).toEqual({ responses: 4, average: 3.5, satisfied: 2, satisfied_percent: 50 });
  });

  it('channels, escalations by department, on-site visits', () => {
    expect(data.channels).toEqual([
      { channel: 'phone', tickets: 5 },
      { channel: 'email', tickets: 1 },
      { channel: 'portal', tickets: 1 },
      { channel: 'web', tickets: 1 },
    ]);
    expect(data.escalations).toEqual([
      { department: 'product', raised: 1, answered: 1, open: 0 },
      { department: 'qa', raised: 1, answered: 0, open: 1 },
      { department: 'rd', raised: 1, answered: 1, open: 0 },
    ]);
    expect(data.visits.total).toBe(2);
    expect(data.visits.byState).toMatchObject({ completed: 1, scheduled: 1, cancelled: 0 });
  });

  it('fault Pareto by category (with root causes) and by product model', () => {
    expect(data.faults.byCategory).toEqual([
      { category: 'PSU', code: expect.any(String), tickets: 3, percent: 75, cumulative_percent: 75, root_causes: [{ root_cause: 'capacitor', tickets: 2 }, { root_cause: 'firmware', tickets: 1 }] },
      { category: '风扇 Fan', code: expect.any(String), tickets: 1, percent: 25, cumulative_percent: 100, root_causes: [{ root_cause: 'dust', tickets: 1 }] },
    ]);
    expect(data.faults.byModel).toEqual([
      { model: 'SW-1', product_line: 'Network Switches', tickets: 3, percent: 75, cumulative_percent: 75 },
      { model: 'SW-2', product_line: 'Network Switches', tickets: 1, percent: 25, cumulative_percent: 100 },
    ]);
  });

  it('the scorecard per agent (a super admin sees every agent)', () => {
    expect(data.scorecard).toEqual([
      { agent: { id: agentA.id, name: 'Ann Agent' }, resolved: 3, resolution_met: 1, resolution_breached: 2, resolution_compliance: 33.3, resolution_median_minutes: 600, csat_responses: 3, csat_average: 3.33, reopened: 1, reopen_rate: 33.3 },
      { agent: { id: agentB.id, name: 'Bob Test' }, resolved: 1, resolution_met: 1, resolution_breached: 0, resolution_compliance: 100, resolution_median_minutes: 60, csat_responses: 1, csat_average: 4, reopened: 0, reopen_rate: 0 },
      { agent: { id: agentC.id, name: expect.any(String) }, resolved: 1, resolution_met: 0, resolution_breached: 1, resolution_compliance: 0, resolution_median_minutes: 30, csat_responses: 0, csat_average: null, reopened: 0, reopen_rate: 0 },
    ]);
  });
});

describe('scope and who sees what', () => {
  it('narrows to a group (by code or documentId) and to a product line', async () => {
    const byCode = await get(superAdmin.jwt, `/support-desk/dashboard?${PERIOD}&group=${g2.code}`);
    expect(byCode.status).toBe(200);
    expect(byCode.body.meta.group).toMatchObject({ code: g2.code, name: 'Storage team' });
    expect(byCode.body.data.sla.tickets).toBe(1);
    expect(byCode.body.data.channels).toEqual([{ channel: 'web', tickets: 1 }]);
    expect(byCode.body.data.backlog.total).toBe(0);
    const byId = await get(superAdmin.jwt, `/support-desk/dashboard?${PERIOD}&group=${g1.documentId}`);
    expect(byId.body.data.sla.tickets).toBe(7);
    const storage = await get(superAdmin.jwt, `/support-desk/dashboard?${PERIOD}&productLine=${encodeURIComponent('Storage Arrays')}`);
    expect(storage.body.data.resolved).toBe(1);
    expect(storage.body.data.times.resolution).toEqual({ count: 1, median: 30, p90: 30 });
  });

  it('a supervisor sees the scorecard of their groups’ agents only; an agent only their own scorecard', async () => {
    const res = await get(supervisor.jwt, `/support-desk/dashboard?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.body.data.scorecard.map((r: any) => r.agent.id)).toEqual([agentA.id, agentB.id]);

    expect((await get(agentA.jwt, `/support-desk/dashboard?${PERIOD}`)).status).toBe(403);
    const mine = await get(agentA.jwt, `/support-desk/scorecard/me?${PERIOD}`);
    expect(mine.status).toBe(200);
    expect(mine.body.data).toMatchObject({ agent: { id: agentA.id }, resolved: 3, resolution_median_minutes: 600, reopen_rate: 33.3 });
    const none = await get(agentC.jwt, '/support-desk/scorecard/me?from=2026-10-01&to=2026-10-02');
    expect(none.body.data).toMatchObject({ agent: { id: agentC.id }, resolved: 0, resolution_median_minutes: null });
  });

  it('bad input is 400 naming the parameter', async () => {
    for (const [query, param] of [
      ['from=2026-11-09&to=2026-11-02', 'to'],
      ['from=2026-11-02&to=2026-11-02', 'to'],
      ['from=yesterday', 'from'],
      ['to=2026-13-01', 'to'],
      [`${PERIOD}&group=no-such-group`, 'group'],
      [`${PERIOD}&trend=month`, 'trend'],
      ['from=2020-01-01&to=2026-01-01&trend=day', 'trend'],
      [`${PERIOD}&group=a&group=b`, 'group'],
    ]) {
      const res = await get(superAdmin.jwt, `/support-desk/dashboard?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.details.errors[0].path).toEqual([param]);
    }
    const badTable = await get(superAdmin.jwt, `/support-desk/dashboard/export?${PERIOD}&table=secrets`);
    expect(badTable.status).toBe(400);
    expect(badTable.body.error.details.errors[0].path).toEqual(['table']);
  });
});

describe('CSV export', () => {
  it('serves each table as UTF-8 CSV with a byte-order mark', async () => {
    const res = await get(superAdmin.jwt, `/support-desk/dashboard/export?${PERIOD}&table=fault_categories`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="fault_categories-2026-11-02-2026-11-09.csv"');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.subarray(3).toString('utf8').split('\r\n')).toEqual([
      'category,code,tickets,percent,cumulative_percent,top_root_causes',
      expect.stringMatching(/^PSU,[^,]+,3,75,75,capacitor \(2\); firmware \(1\)$/),
      expect.stringMatching(/^风扇 Fan,[^,]+,1,25,100,dust \(1\)$/),
      '',
    ]);
  });
});

describe('figures stored on the ticket by the workflow', () => {
  it('business minutes at the first response and the resolution, public agent messages at the resolution; cleared by a reopen', async () => {
    const t = await d.ticket({ type: 'consultation', subject: 'Metrics walk' });
    await d.walk(t.documentId, [{ action: 'triage', assignee: agentA.id }, { action: 'start' }]);
    const internal = await d.api.post(`/api/support-desk/tickets/${t.documentId}/comments`, { body: 'note to self', visibility: 'internal' });
    expect(internal.status).toBe(201);
    expect((await d.row(t.documentId)).first_response_business_minutes).toBeNull();
    const comment = await d.api.post(`/api/support-desk/tickets/${t.documentId}/comments`, { body: 'We are on it', visibility: 'public' });
    expect(comment.status).toBe(201);
    // No SLA contract: 24×7, and the test runs within seconds, so 0 whole minutes.
    expect((await d.row(t.documentId)).first_response_business_minutes).toBe(0);
    await d.walk(t.documentId, [{ action: 'resolve', resolution_method: 'guidance', solution: 'Explained the setting' }]);
    const resolved = await d.row(t.documentId);
    expect(resolved).toMatchObject({ state: 'resolved', resolution_business_minutes: 0, public_agent_messages: 1, first_response_business_minutes: 0 });
    await d.walk(t.documentId, [{ action: 'reopen', reason: 'Still failing' }]);
    expect(await d.row(t.documentId)).toMatchObject({ state: 'in_progress', resolution_business_minutes: null, public_agent_messages: null, reopen_count: 1 });
  });

  it('the fields are refused on every write path', async () => {
    const t = await d.ticket({ subject: 'No hand-made figures' });
    const res = await d.api.put(`/api/tickets/${t.documentId}`, { data: { version: t.version, resolution_business_minutes: 1 } });
    expect(res.status).toBe(400);
    expect((await d.row(t.documentId)).resolution_business_minutes).toBeNull();
  });
});

describe('indexes', () => {
  it('the dashboard’s period indexes exist after boot', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { INDEXES } = require('../../database/migrations/2026.12.15T00.00.00.dashboard-indexes.js') as { INDEXES: [string, string, string[]][] };
    const knex = app.strapi.db.connection;
    const names: string[] =
      app.strapi.db.dialect.client === 'postgres'
        ? (await knex.raw('SELECT indexname AS name FROM pg_indexes')).rows.map((r: any) => r.name)
        : (await knex.raw("SELECT name FROM sqlite_master WHERE type = 'index'")).map((r: any) => r.name);
    for (const [, name] of INDEXES) expect(names).toContain(name);
    // PostgreSQL: the covering indexes that make the period queries index-only scans (with the
    // relation ids on the row); those of 2026.12.16 they replace are gone.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const covering = require('../../database/migrations/2026.12.17T00.00.00.ticket-link-columns.js').INDEXES as Array<{ name: string }>;
    for (const { name } of covering) {
      if (app.strapi.db.dialect.client === 'postgres') expect(names).toContain(name);
      else expect(names).not.toContain(name);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const replaced = require('../../database/migrations/2026.12.16T00.00.00.dashboard-covering-indexes.js').INDEXES as Array<{ name: string }>;
    for (const { name } of replaced) expect(names).not.toContain(name);
  });
});

describe('fault statistics', () => {
  it('by category, root cause, product line and model, with the top keys per day (hand-computed)', async () => {
    const byCategory = await get(supervisor.jwt, `/support-desk/faults?${PERIOD}&by=category`);
    expect(byCategory.status).toBe(200);
    expect(byCategory.body.data.rows).toEqual([
      { key: 'PSU', tickets: 3, percent: 75, cumulative_percent: 75 },
      { key: '风扇 Fan', tickets: 1, percent: 25, cumulative_percent: 100 },
    ]);
    expect(byCategory.body.data.buckets.map((b: any) => b.key)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08']);
    expect(byCategory.body.data.series).toEqual([
      { key: 'PSU', points: [2, 0, 1, 0, 0, 0, 0] }, // T1 and T10 on 11-02, T2 on 11-04
      { key: '风扇 Fan', points: [0, 0, 0, 1, 0, 0, 0] }, // T3 on 11-05
    ]);
    const byCause = await get(supervisor.jwt, `/support-desk/faults?${PERIOD}&by=root_cause`);
    expect(byCause.body.data.rows).toEqual([
      { key: 'capacitor', tickets: 2, percent: 50, cumulative_percent: 50 },
      { key: 'dust', tickets: 1, percent: 25, cumulative_percent: 75 },
      { key: 'firmware', tickets: 1, percent: 25, cumulative_percent: 100 },
    ]);
    expect((await get(supervisor.jwt, `/support-desk/faults?${PERIOD}&by=product_line`)).body.data.rows).toEqual([{ key: 'Network Switches', tickets: 4, percent: 100, cumulative_percent: 100 }]);
    expect((await get(supervisor.jwt, `/support-desk/faults?${PERIOD}&by=model`)).body.data.rows.map((r: any) => [r.key, r.tickets])).toEqual([['SW-1', 3], ['SW-2', 1]]);
    const bad = await get(supervisor.jwt, `/support-desk/faults?${PERIOD}&by=colour`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['by']);
    expect((await get(agentA.jwt, `/support-desk/faults?${PERIOD}`)).status).toBe(403);
  });
});

describe('monthly report', () => {
  it('November 2026 as JSON, CSV (BOM) and a printable page (hand-computed)', async () => {
    const res = await get(supervisor.jwt, '/support-desk/reports/monthly?month=2026-11');
    expect(res.status).toBe(200);
    const r = res.body.data;
    expect(r.month).toBe('2026-11');
    // Opened in November: T1–T8 and T11; backlog at 12-01: T5, T6, T7, T9, T11.
    expect(r.volumes).toMatchObject({ opened: 9, resolved: 5, backlog_end: 5 });
    expect(r.sla).toEqual({ tickets: 9, first_response_compliance: 80, resolution_compliance: 50 });
    expect(r.times).toEqual({ first_response_median: 30, resolution_median: 240, resolution_p90: 780 });
    expect(r.csat).toEqual({ responses: 4, average: 3.5, satisfied_percent: 50 });
    expect([r.fcr_rate, r.reopen_rate]).toEqual([60, 20]);
    expect(r.top_faults[0]).toMatchObject({ category: 'PSU', tickets: 3, root_causes: [{ root_cause: 'capacitor', tickets: 2 }, { root_cause: 'firmware', tickets: 1 }] });
    // Escalations to R&D, product and QA raised in November, newest first (T9's of 10-30 is October's).
    expect(r.escalations.map((e: any) => [e.number, e.department, e.state, e.answer])).toEqual([
      ['TS-900005', 'qa', 'open', null],
      ['TS-900002', 'rd', 'answered', null],
      ['TS-900001', 'product', 'closed', null],
    ]);

    const csv = await get(supervisor.jwt, '/support-desk/reports/monthly?month=2026-11&format=csv').buffer(true).parse((r2, cb) => {
      const chunks: Buffer[] = [];
      r2.on('data', (c: Buffer) => chunks.push(c));
      r2.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="support-report-2026-11.csv"');
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFFSupport report 2026-11\r\nmetric,value\r\ntickets opened,9\r\ntickets resolved,5\r\n')).toBe(true);
    expect(text).toContain('\r\n"Escalations to R&D, product and QA"\r\nticket,department,state,raised,reason,answer,answered\r\nTS-900005,qa,open,');
    expect(text).toContain('\r\n风扇 Fan,1,25,dust (1)\r\n');

    const html = await get(supervisor.jwt, '/support-desk/reports/monthly?month=2026-11&format=html&lang=zh-Hans');
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('<h1>技术支持月报 2026-11</h1>');
    expect(html.text).toContain('<td>TS-900002</td><td>rd</td><td>answered</td>');

    for (const [query, param] of [['month=2026-13', 'month'], ['month=november', 'month'], ['month=2026-11&format=pdf', 'format'], ['month=2026-11&lang=fr', 'lang']]) {
      const bad = await get(supervisor.jwt, `/support-desk/reports/monthly?${query}`);
      expect([query, bad.status]).toEqual([query, 400]);
      expect(bad.body.error.details.errors[0].path).toEqual([param]);
    }
    expect((await get(agentA.jwt, '/support-desk/reports/monthly?month=2026-11')).status).toBe(403);
  });

  it('on the 1st, the report of the month before is mailed once to the product contacts and the configured recipients', async () => {
    const service = app.strapi.plugin('support-desk').service('monthly-report');
    const first = await service.run(new Date('2026-12-01T07:00:00Z'));
    expect(first).toEqual({ month: '2026-11', enqueued: 2, recipients: 2 });
    const mails = await d.notifications({ template: 'monthly_report' });
    expect(mails.map((m: any) => [m.recipient_email, m.message_locale, m.dedupe_key]).sort()).toEqual([
      ['product.owner@example.test', 'zh-Hans', 'monthly-report:2026-11:product.owner@example.test'],
      ['qa.lead@example.test', expect.any(String), 'monthly-report:2026-11:qa.lead@example.test'],
    ]);
    expect(mails[0].payload).toMatchObject({ month: '2026-11', opened: 9, resolved: 5, first_response_compliance: 80, csat_average: 3.5, escalations: 3 });
    expect(await service.run(new Date('2026-12-01T08:00:00Z'))).toEqual({ month: '2026-11', enqueued: 0, recipients: 2 });
    expect(await d.notifications({ template: 'monthly_report' })).toHaveLength(2);
  });
});

describe('the relation ids on the ticket row (database/migrations/2026.12.17T00.00.00.ticket-link-columns.js)', () => {
  // A week in June: none of the figures above (November) sees these tickets.
  const JUNE = 'from=2026-06-01&to=2026-06-08&trend=day';
  const column = async (id: number) =>
    (await app.strapi.db.connection('tickets').where({ id }).first('sd_group_id', 'sd_assignee_id', 'sd_fault_category_id', 'sd_asset_id')) as Record<string, number | null>;
  const scope = async (group: { code: string }, extra = '') => {
    const res = await get(superAdmin.jwt, `/support-desk/dashboard?${JUNE}&group=${group.code}${extra}`);
    expect(res.status).toBe(200);
    return res.body.data;
  };

  it('a database made before the columns: the migration adds them, fills them from the link tables, and the figures stay the same', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const migration = require('../../database/migrations/2026.12.17T00.00.00.ticket-link-columns.js') as { up: (k: unknown) => Promise<void>; down: (k: unknown) => Promise<void>; LINKS: Array<{ column: string; table: string; own: string; other: string }> };
    const knex = app.strapi.db.connection;
    const before = await get(superAdmin.jwt, `/support-desk/dashboard?${PERIOD}`);
    await knex.transaction((trx) => migration.down(trx));
    expect(await knex.schema.hasColumn('tickets', 'sd_group_id')).toBe(false);
    await knex.transaction((trx) => migration.up(trx));
    for (const l of migration.LINKS) {
      const [{ filled, wrong }] = await knex('tickets as t')
        .leftJoin(`${l.table} as l`, `l.${l.own}`, 't.id')
        .select(knex.raw(`COUNT(t.${l.column}) AS filled`), knex.raw(`SUM(CASE WHEN t.${l.column} = l.${l.other} OR (t.${l.column} IS NULL AND l.${l.other} IS NULL) THEN 0 ELSE 1 END) AS wrong`));
      expect([l.column, Number(filled) > 0, Number(wrong)]).toEqual([l.column, true, 0]);
    }
    const after = await get(superAdmin.jwt, `/support-desk/dashboard?${PERIOD}`);
    expect(after.body).toEqual(before.body);
  });

  it('changing the group, product line, assignee or fault category through the Content Manager, core REST, the other side or a delete moves the figures', async () => {
    const q = (uid: string) => app.strapi.db.query(uid as any);
    const north = await d.group({ name: 'North team' });
    const south = await d.group({ name: 'South team' });
    const cat = await q('api::fault-category.fault-category').create({ data: { name: 'Optics', code: uniq('OPT').slice(0, 20) } });
    const t = await q(TICKET).create({
      data: { number: `TS-8${uniq().slice(-5)}`, subject: 'Moves around', urgency: 'medium', impact: 'medium', type: 'fault', product_line: 'Network Switches', group: north.id, version: 1, state: 'resolved', priority: 'P3', channel: 'phone', assignee: agentB.id, createdAt: at('06-02T01:00'), resolved_at: at('06-02T03:00'), resolution_business_minutes: 120, root_cause: 'bent fibre' },
    });
    // Written by the query engine: the link rows' triggers filled the columns.
    expect(await column(t.id)).toEqual({ sd_group_id: north.id, sd_assignee_id: agentB.id, sd_fault_category_id: null, sd_asset_id: null });
    expect((await scope(north)).resolved).toBe(1);
    expect((await scope(south)).resolved).toBe(0);

    // Content Manager: another group, an assignee and a fault category.
    const cm = await app
      .http()
      .put(`/content-manager/collection-types/${TICKET}/${t.documentId}`)
      .set('Authorization', `Bearer ${superAdmin.jwt}`)
      .send({ version: 1, group: { connect: [{ documentId: south.documentId }] }, assignee: { connect: [{ id: agentC.id }] }, fault_category: { connect: [{ documentId: cat.documentId }] } });
    expect(cm.status).toBe(200);
    expect(await column(t.id)).toMatchObject({ sd_group_id: south.id, sd_assignee_id: agentC.id, sd_fault_category_id: cat.id });
    expect((await scope(north)).resolved).toBe(0);
    const inSouth = await scope(south);
    expect(inSouth.resolved).toBe(1);
    expect(inSouth.scorecard.map((r: any) => [r.agent.id, r.resolved])).toEqual([[agentC.id, 1]]);
    expect(inSouth.faults.byCategory.map((r: any) => [r.category, r.tickets])).toEqual([['Optics', 1]]);

    // Core REST: back to the first group, and another product line.
    const version = (await q(TICKET).findOne({ where: { id: t.id } })).version;
    const put = await d.api.put(`/api/tickets/${t.documentId}`, { data: { version, group: north.documentId, product_line: 'Storage Arrays' } });
    expect(put.status).toBe(200);
    expect((await column(t.id)).sd_group_id).toBe(north.id);
    expect((await scope(north, `&productLine=${encodeURIComponent('Storage Arrays')}`)).resolved).toBe(1);
    expect((await scope(north, `&productLine=${encodeURIComponent('Network Switches')}`)).resolved).toBe(0);
    expect((await scope(south)).resolved).toBe(0);

    // The other side of the relation: the group's tickets.
    await d.docs('api::support-group.support-group').update({ documentId: south.documentId, data: { tickets: { connect: [{ documentId: t.documentId }] } } });
    expect((await column(t.id)).sd_group_id).toBe(south.id);
    expect((await scope(south)).resolved).toBe(1);

    // Deleting the fault category and the group: the link rows go (cascade), and the columns with them.
    await d.docs('api::fault-category.fault-category').delete({ documentId: cat.documentId });
    await d.docs('api::support-group.support-group').delete({ documentId: south.documentId });
    expect(await column(t.id)).toMatchObject({ sd_group_id: null, sd_fault_category_id: null, sd_assignee_id: agentC.id });
    const all = await get(superAdmin.jwt, `/support-desk/dashboard?${JUNE}`);
    expect(all.body.data.faults.byCategory.map((r: any) => [r.category, r.tickets])).toEqual([[null, 1]]);
  });
});
