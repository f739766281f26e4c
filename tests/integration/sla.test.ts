/**
 * SLA engine wired into the workflow: contract choice, deadlines, pauses, first response,
 * recompute on priority/contract/calendar changes, validation of calendars and contracts, and the
 * sweep that records each warning and breach once — also with two instances on one database.
 */
import { startApp, testDb, postgresReachable, type TestApp } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { startWorker } from '../helpers/worker';
import { addBusinessMinutes } from '../../src/plugins/support-desk/server/src/sla/business-hours';

let app: TestApp;
let dropDatabase: () => Promise<void>;
let token: string;
const MIN = 60_000;

const TICKET = 'api::ticket.ticket';
const req = () => ({
  post: (url: string, body: unknown) => app.http().post(url).set('Authorization', `Bearer ${token}`).send(body as object),
  put: (url: string, body: unknown) => app.http().put(url).set('Authorization', `Bearer ${token}`).send(body as object),
});
const row = (id: number) => app.strapi.db.query(TICKET).findOne({ where: { id }, populate: ['sla_contract'] });
const events = (id: number, kind: string) => app.strapi.db.query('plugin::support-desk.ticket-event').findMany({ where: { ticket: { id }, kind } });
const SHANGHAI = {
  timezone: 'Asia/Shanghai',
  working_intervals: ['mon', 'tue', 'wed', 'thu', 'fri'].flatMap((weekday) => [
    { weekday, start: '09:00', end: '12:00' },
    { weekday, start: '13:00', end: '18:00' },
  ]),
};
const targets = (fr: number, res: number) => ['P1', 'P2', 'P3', 'P4'].map((priority, i) => ({ priority, first_response_minutes: fr * (i + 1), resolution_minutes: res * (i + 1) }));

let calendar: any;
let standard: any; // default, business hours
let premium: any; // 24×7
let premiumOrg: any;
let expiredOrg: any;
let agentId: number;
let group: any;

/** The calendar, contracts, organizations, agent and group the tests use, in `app`'s database. */
async function createFixtures() {
  token = await fullAccessToken(app.strapi);
  calendar = (await req().post('/api/business-calendars', { data: { name: 'Shanghai office', ...SHANGHAI } })).body.data;
  standard = (await req().post('/api/sla-contracts', { data: { name: 'Standard', code: 'STD', is_default: true, business_calendar: calendar.documentId, targets: targets(60, 600) } })).body.data;
  premium = (await req().post('/api/sla-contracts', { data: { name: 'Premium', code: 'PREM', targets: targets(30, 240), warn_at_percent: 50 } })).body.data;
  const expired = (await req().post('/api/sla-contracts', { data: { name: 'Old', code: 'OLD', valid_until: '2020-12-31', targets: targets(5, 10) } })).body.data;
  premiumOrg = (await req().post('/api/organizations', { data: { name: 'Premium Co', code: 'PREMCO', sla_contract: premium.documentId } })).body.data;
  expiredOrg = (await req().post('/api/organizations', { data: { name: 'Lapsed Co', code: 'LAPSED', sla_contract: expired.documentId } })).body.data;
  const agent = await app.strapi.db.query('admin::user').create({ data: { firstname: 'Ann', lastname: 'Agent', email: 'ann.sla@example.test', isActive: true } });
  const lead = await app.strapi.db.query('admin::user').create({ data: { firstname: 'Lee', lastname: 'Lead', email: 'lee.sla@example.test', isActive: true } });
  agentId = agent.id;
  group = (await req().post('/api/support-groups', { data: { name: 'Network', code: 'NETSLA' } })).body.data;
  await app.strapi.db.query('api::support-group.support-group').update({ where: { id: group.id }, data: { lead: lead.id } });
}

beforeAll(async () => {
  app = await startApp();
  dropDatabase = app.dropDatabase;
  await createFixtures();
});
afterAll(async () => {
  await app?.shutdown();
  await dropDatabase?.();
});

async function ticket(data: Record<string, unknown> = {}) {
  const res = await req().post('/api/tickets', { data: { subject: 'SLA check', urgency: 'medium', impact: 'medium', ...data } });
  expect(res.status).toBe(201);
  return row(res.body.data.id);
}
async function act(t: any, body: Record<string, unknown>) {
  const res = await req().post(`/api/support-desk/tickets/${t.documentId}/transitions`, { version: t.version, ...body });
  if (res.status !== 200) throw new Error(`${body.action} → ${res.status} ${JSON.stringify(res.body.error)}`);
  return res;
}

describe('deadlines at creation', () => {
  it('uses the organization’s active contract (24×7: due = created + target)', async () => {
    const t = await ticket({ organization: premiumOrg.documentId });
    expect(t.sla_contract.id).toBe(premium.id);
    const created = new Date(t.createdAt).getTime();
    expect(new Date(t.first_response_due_at).getTime()).toBe(created + 90 * MIN); // P3: 3 × 30
    expect(new Date(t.resolution_due_at).getTime()).toBe(created + 720 * MIN); // P3: 3 × 240
    expect(new Date(t.first_response_warn_at).getTime()).toBe(created + 45 * MIN); // 50 %
  });

  it('falls back to the default contract (business hours) when the organization’s has expired', async () => {
    const t = await ticket({ organization: expiredOrg.documentId });
    expect(t.sla_contract.id).toBe(standard.id);
    const created = new Date(t.createdAt);
    expect(new Date(t.first_response_due_at).toISOString()).toBe(addBusinessMinutes(created, 180, SHANGHAI).toISOString());
  });

  it('shows each clock’s state on the ticket through the API', async () => {
    const t = await ticket({ organization: premiumOrg.documentId });
    const res = await app.http().get(`/api/support-desk/tickets/${t.documentId}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data.first_response_due_at).toBeTruthy();
    expect(res.body.data.resolution_due_at).toBeTruthy();
    expect(res.body.meta.sla).toEqual([
      { clock: 'first_response', state: 'running', due: new Date(t.first_response_due_at).toISOString(), breached: false, remaining_minutes: null },
      { clock: 'resolution', state: 'running', due: new Date(t.resolution_due_at).toISOString(), breached: false, remaining_minutes: null },
    ]);
  });
});

describe('clock effects of the workflow', () => {
  it('first response is met by the first public agent message and does not pause', async () => {
    let t = await ticket({ organization: premiumOrg.documentId });
    t = (await act(t, { action: 'triage', assignee: agentId })).body.data;
    t = (await act(t, { action: 'start' })).body.data;
    const res = await act(t, { action: 'request_info', message: 'Which port?' });
    expect(res.status).toBe(200);
    const stored = await row(t.id);
    expect(stored.first_responded_at).toBeTruthy();
    expect(stored.first_response_due_at).toBeTruthy();
  });

  it('a public comment also counts as first response; an internal one does not', async () => {
    const t = await ticket({ organization: premiumOrg.documentId });
    await req().post(`/api/support-desk/tickets/${t.documentId}/comments`, { body: 'internal note', visibility: 'internal' });
    expect((await row(t.id)).first_responded_at).toBeNull();
    await req().post(`/api/support-desk/tickets/${t.documentId}/comments`, { body: 'We are on it', visibility: 'public' });
    expect((await row(t.id)).first_responded_at).toBeTruthy();
  });

  it('pauses the resolution clock in solution_proposed (due null, remaining kept) and resumes it with the pause added', async () => {
    let t = await ticket({ organization: premiumOrg.documentId });
    const created = new Date(t.createdAt).getTime();
    t = (await act(t, { action: 'triage', assignee: agentId })).body.data;
    t = (await act(t, { action: 'start' })).body.data;
    t = (await act(t, { action: 'propose_solution', solution: 'Swap the optic' })).body.data;
    let stored = await row(t.id);
    expect(stored.resolution_due_at).toBeNull();
    expect(stored.sla_paused_at).toBeTruthy();
    expect(stored.resolution_remaining_minutes).toBeGreaterThanOrEqual(719);
    // Pretend the pause began 30 minutes ago.
    await app.strapi.db.query(TICKET).update({ where: { id: t.id }, data: { sla_paused_at: new Date(Date.now() - 30 * MIN) } });
    t = (await act(t, { action: 'reject_solution', reason: 'Customer prefers a replacement' })).body.data;
    stored = await row(t.id);
    expect(stored.sla_paused_at).toBeNull();
    expect(stored.sla_paused_minutes).toBe(30);
    // The pause is kept to the millisecond (sla_paused_ms); the minutes are its rounded display.
    expect(Number(stored.sla_paused_ms)).toBeGreaterThanOrEqual(30 * MIN);
    expect(new Date(stored.resolution_due_at).getTime()).toBe(created + 720 * MIN + Number(stored.sla_paused_ms));
    expect(stored.resolution_remaining_minutes).toBeNull();
  });

  it('a priority change recomputes the deadlines keeping the pause time accrued, with an event', async () => {
    let t = await ticket({ organization: premiumOrg.documentId });
    const created = new Date(t.createdAt).getTime();
    await app.strapi.db.query(TICKET).update({ where: { id: t.id }, data: { sla_paused_minutes: 45, sla_paused_ms: 45 * MIN } });
    const res = await req().put(`/api/tickets/${t.documentId}`, { data: { priority: 'P1', priority_reason: 'Hospital ward offline', version: t.version } });
    expect(res.status).toBe(200);
    t = await row(t.id);
    expect(new Date(t.first_response_due_at).getTime()).toBe(created + 30 * MIN);
    expect(new Date(t.resolution_due_at).getTime()).toBe(created + (240 + 45) * MIN);
    expect(await events(t.id, 'sla_recomputed')).toHaveLength(1);
  });

  it('editing the contract recomputes its open tickets', async () => {
    const t = await ticket({ organization: premiumOrg.documentId });
    const created = new Date(t.createdAt).getTime();
    const res = await req().put(`/api/sla-contracts/${premium.documentId}`, { data: { targets: targets(20, 200) } });
    expect(res.status).toBe(200);
    const after = await row(t.id);
    expect(new Date(after.first_response_due_at).getTime()).toBe(created + 60 * MIN);
    expect(new Date(after.resolution_due_at).getTime()).toBe(created + 600 * MIN);
    expect((await events(t.id, 'sla_recomputed')).length).toBeGreaterThanOrEqual(1);
  });

  it('a contract edited after it was used applies to the next ticket at once (the cached contract is checked against its stamp)', async () => {
    await ticket({ organization: premiumOrg.documentId }); // reads the contract (and keeps it)
    expect((await req().put(`/api/sla-contracts/${premium.documentId}`, { data: { targets: targets(7, 70) } })).status).toBe(200);
    try {
      const t = await ticket({ organization: premiumOrg.documentId });
      const created = new Date(t.createdAt).getTime();
      expect(new Date(t.first_response_due_at).getTime()).toBe(created + 21 * MIN); // P3: 3 × 7
      expect(new Date(t.resolution_due_at).getTime()).toBe(created + 210 * MIN); // P3: 3 × 70
    } finally {
      expect((await req().put(`/api/sla-contracts/${premium.documentId}`, { data: { targets: targets(20, 200) } })).status).toBe(200);
    }
  });
});

describe('bad calendars and contracts: 400 naming the field, nothing written', () => {
  const count = (uid: string) => app.strapi.db.query(uid as any).count({});
  it.each([
    ['a resolution target shorter than the first-response target', { name: 'Bad', code: 'BAD1', targets: [{ priority: 'P1', first_response_minutes: 60, resolution_minutes: 30 }] }, 'targets.0.resolution_minutes'],
    ['a target of 0', { name: 'Zero', code: 'BAD2', targets: [{ priority: 'P1', first_response_minutes: 0, resolution_minutes: 30 }] }, 'targets.0.first_response_minutes'],
    ['two targets for P1', { name: 'Dup', code: 'BAD3', targets: [{ priority: 'P1', first_response_minutes: 10, resolution_minutes: 30 }, { priority: 'P1', first_response_minutes: 20, resolution_minutes: 40 }] }, 'targets.1.priority'],
  ])('contract with %s', async (_what, data, field) => {
    const before = await count('api::sla-contract.sla-contract');
    const res = await req().post('/api/sla-contracts', { data });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: any) => e.path.join('.'))).toContain(field);
    expect(await count('api::sla-contract.sla-contract')).toBe(before);
  });

  it.each([
    ['overlapping intervals', { working_intervals: [{ weekday: 'mon', start: '09:00', end: '12:00' }, { weekday: 'mon', start: '11:00', end: '13:00' }] }, 'working_intervals.1.start'],
    ['an interval ending before it starts', { working_intervals: [{ weekday: 'tue', start: '18:00', end: '09:00' }] }, 'working_intervals.0.end'],
    ['an unknown time zone', { timezone: 'Mars/Olympus_Mons', working_intervals: [{ weekday: 'mon', start: '09:00', end: '17:00' }] }, 'timezone'],
  ])('calendar with %s', async (_what, data, field) => {
    const before = await count('api::business-calendar.business-calendar');
    const res = await req().post('/api/business-calendars', { data: { name: `Bad ${field}`, timezone: 'Asia/Shanghai', ...data } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: any) => e.path.join('.'))).toContain(field);
    expect(await count('api::business-calendar.business-calendar')).toBe(before);
  });

  it('an invalid calendar update writes nothing', async () => {
    const res = await req().put(`/api/business-calendars/${calendar.documentId}`, { data: { timezone: 'Nowhere/Land' } });
    expect(res.status).toBe(400);
    expect((await app.strapi.db.query('api::business-calendar.business-calendar').findOne({ where: { id: calendar.id } })).timezone).toBe('Asia/Shanghai');
  });
});

/** Tickets whose clocks have all passed their warning and due times (assigned, in a group with a lead). */
async function overdueTickets(n: number) {
  const ids: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t = await ticket({ organization: premiumOrg.documentId, subject: `Overdue ${i}` });
    const past = new Date(Date.now() - 60 * MIN);
    await app.strapi.db.query(TICKET).update({
      where: { id: t.id },
      data: { first_response_warn_at: past, first_response_due_at: past, resolution_warn_at: past, resolution_due_at: past, assignee: agentId, group: group.id, state: 'in_progress' },
    });
    ids.push(t.id);
  }
  return ids;
}
const notifications = (ticketIds: number[]) =>
  app.strapi.db.query('plugin::support-desk.notification').findMany({ where: { ticket: { id: { $in: ticketIds } } } });

describe('sweep', () => {
  it('marks each warning and breach once, with events, notifications to assignee and lead, and escalation', async () => {
    const ids = await overdueTickets(3);
    const first = await app.strapi.plugin('support-desk').service('sla').sweep();
    expect(first.first_response_warning).toBeGreaterThanOrEqual(3);
    for (const id of ids) {
      const t = await row(id);
      expect(t.first_response_warned_at && t.first_response_breached_at && t.resolution_warned_at && t.resolution_breached_at).toBeTruthy();
      expect(t.escalation_level).toBe(1);
      expect(await events(id, 'sla_warning')).toHaveLength(2);
      expect(await events(id, 'sla_breach')).toHaveLength(2);
    }
    const sent = await notifications(ids);
    expect(sent).toHaveLength(3 * 4 * 2); // tickets × marks × (assignee + lead)
    expect(new Set(sent.map((n: any) => n.recipient_email))).toEqual(new Set(['ann.sla@example.test', 'lee.sla@example.test']));
    const again = await app.strapi.plugin('support-desk').service('sla').sweep();
    expect(Object.values(again).every((v) => v === 0)).toBe(true);
    expect(await notifications(ids)).toHaveLength(24);
    expect((await row(ids[0])).escalation_level).toBe(1);
  });

  it('skips paused, answered and closed clocks', async () => {
    const [paused, answered, closed] = await overdueTickets(3);
    await app.strapi.db.query(TICKET).update({ where: { id: paused }, data: { sla_paused_at: new Date() } });
    await app.strapi.db.query(TICKET).update({ where: { id: answered }, data: { first_responded_at: new Date() } });
    await app.strapi.db.query(TICKET).update({ where: { id: closed }, data: { state: 'closed' } });
    await app.strapi.plugin('support-desk').service('sla').sweep();
    expect(await row(paused)).toMatchObject({ resolution_breached_at: null });
    expect((await row(paused)).first_response_breached_at).toBeTruthy();
    expect(await row(answered)).toMatchObject({ first_response_breached_at: null, first_response_warned_at: null });
    expect(await row(closed)).toMatchObject({ first_response_breached_at: null, resolution_breached_at: null });
  });
});

describe('SLA report', () => {
  it('computes first-response and resolution compliance by priority, organization, group and period in SQL', async () => {
    const { adminLogin } = await import('../helpers/auth');
    const supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
    const get = (q: string) => app.http().get(`/support-desk/reports/sla?${q}`).set('Authorization', `Bearer ${supervisor.jwt}`);
    const t1 = await ticket({ organization: premiumOrg.documentId, subject: 'Report met', urgency: 'high', impact: 'high' });
    const t2 = await ticket({ organization: premiumOrg.documentId, subject: 'Report breached', urgency: 'high', impact: 'high' });
    const due = new Date(t1.first_response_due_at).getTime();
    await app.strapi.db.query(TICKET).update({ where: { id: t1.id }, data: { first_responded_at: new Date(due - MIN) } });
    await app.strapi.db.query(TICKET).update({ where: { id: t2.id }, data: { first_responded_at: new Date(due + 10 * MIN) } });

    const from = new Date(Date.now() - 3600_000).toISOString();
    const byPriority = await get(`groupBy=priority&from=${from}`);
    expect(byPriority.status).toBe(200);
    const p1 = byPriority.body.data.find((r: any) => r.key === 'P1');
    expect(p1.first_response_met).toBeGreaterThanOrEqual(1);
    expect(p1.first_response_breached).toBeGreaterThanOrEqual(1);
    expect(p1.first_response_compliance).toBeGreaterThan(0);
    expect(p1.first_response_compliance).toBeLessThan(100);

    const byOrg = await get(`groupBy=organization&from=${from}`);
    expect(byOrg.body.data.find((r: any) => r.key === 'Premium Co').tickets).toBeGreaterThanOrEqual(2);
    const byPeriod = await get(`groupBy=period&period=day&from=${from}`);
    expect(byPeriod.body.data[0].key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await get('groupBy=group')).status).toBe(200);

    for (const [q, param] of [['groupBy=colour', 'groupBy'], ['from=yesterday-ish', 'from'], ['period=decade&groupBy=period', 'period'], ['from=2026-12-01&to=2026-11-01', 'from']]) {
      const bad = await get(q);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.errors[0].path).toEqual([param]);
    }
    const agent = await adminLogin(app.strapi, app.http, 'support-agent');
    expect((await app.http().get('/support-desk/reports/sla').set('Authorization', `Bearer ${agent.jwt}`)).status).toBe(403);
  });
});

describe('holiday import', () => {
  it('adds a country’s public holidays of a year to a calendar once, validated, supervisors only', async () => {
    const { adminLogin } = await import('../helpers/auth');
    const supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
    const post = (who: string, id: string, body: object) => app.http().post(`/support-desk/calendars/${id}/holidays/import`).set('Authorization', `Bearer ${who}`).send(body);
    const first = await post(supervisor.jwt, calendar.documentId, { country: 'CN', year: 2027 });
    expect(first.status).toBe(200);
    expect(first.body.data.added).toBeGreaterThanOrEqual(7);
    const stored = await app.strapi.db.query('api::business-calendar.business-calendar').findOne({ where: { id: calendar.id }, populate: ['holidays'] });
    expect(stored.holidays.map((h: any) => String(h.date).slice(0, 10))).toContain('2027-10-01');
    const again = await post(supervisor.jwt, calendar.documentId, { country: 'cn', year: 2027 });
    expect(again.body.data).toMatchObject({ added: 0 });
    expect(again.body.data.skipped).toBe(first.body.data.added);

    for (const [body, field] of [[{ country: 'XX', year: 2027 }, 'country'], [{ country: 'China', year: 2027 }, 'country'], [{ country: 'CN', year: 1990 }, 'year']] as const) {
      const bad = await post(supervisor.jwt, calendar.documentId, body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.errors[0].path).toEqual([field]);
    }
    expect((await post(supervisor.jwt, 'nosuchcalendar', { country: 'CN', year: 2027 })).status).toBe(404);
    const agent = await adminLogin(app.strapi, app.http, 'support-agent');
    expect((await post(agent.jwt, calendar.documentId, { country: 'CN', year: 2028 })).status).toBe(403);
  });
});

describe('contract validity on the calendar’s local date', () => {
  it('at 00:30 on 1 January in Shanghai (16:30 UTC the day before) a contract valid from 1 January applies, one valid until 31 December does not', async () => {
    const sla = app.strapi.plugin('support-desk').service('sla');
    const from2027 = (await req().post('/api/sla-contracts', { data: { name: 'From 2027', code: 'Y2027', valid_from: '2027-01-01', business_calendar: calendar.documentId, targets: targets(60, 600) } })).body.data;
    const until2026 = (await req().post('/api/sla-contracts', { data: { name: 'Until 2026', code: 'Y2026', valid_until: '2026-12-31', business_calendar: calendar.documentId, targets: targets(60, 600) } })).body.data;
    const newYearOrg = (await req().post('/api/organizations', { data: { name: 'New Year Co', code: 'NEWYEAR', sla_contract: from2027.documentId } })).body.data;
    const oldYearOrg = (await req().post('/api/organizations', { data: { name: 'Old Year Co', code: 'OLDYEAR', sla_contract: until2026.documentId } })).body.data;
    const beforeMidnight = new Date('2026-12-31T15:30:00Z'); // 23:30 in Shanghai
    const afterMidnight = new Date('2026-12-31T16:30:00Z'); // 00:30 on 1 January in Shanghai, still 31 December in UTC

    expect((await sla.chooseContract(newYearOrg.id, beforeMidnight)).code).toBe('STD');
    expect((await sla.chooseContract(newYearOrg.id, afterMidnight)).code).toBe('Y2027');
    expect((await sla.chooseContract(oldYearOrg.id, beforeMidnight)).code).toBe('Y2026');
    expect((await sla.chooseContract(oldYearOrg.id, afterMidnight)).code).toBe('STD');
  });
});

describe('SLA report weeks', () => {
  it('keys weeks by ISO week on both databases: 2026-12-31 and 2027-01-01 in 2026-W53, 2027-01-04 in 2027-W01', async () => {
    const report = app.strapi.plugin('support-desk').service('sla-report');
    const instants = ['2026-12-28T00:00:00Z', '2026-12-31T12:00:00Z', '2027-01-01T12:00:00Z', '2027-01-03T23:59:00Z', '2027-01-04T00:00:00Z', '2027-01-10T23:00:00Z'];
    for (const [i, at] of instants.entries()) {
      const t = await ticket({ subject: `Week key ${i}` });
      await app.strapi.db.query(TICKET).update({ where: { id: t.id }, data: { createdAt: new Date(at) } });
    }
    const rows = await report.compliance({ groupBy: 'period', period: 'week', from: new Date('2026-12-27T00:00:00Z'), to: new Date('2027-01-11T00:00:00Z') });
    expect(rows.map((r: any) => [r.key, r.tickets])).toEqual([
      ['2026-W53', 4],
      ['2027-W01', 2],
    ]);
  });
});

// Several sweepers at once need PostgreSQL (row locks, SKIP LOCKED). On a SQLite run (plain
// `npm test`) these run too, on a PostgreSQL database of their own, whenever PostgreSQL is reachable
// (tests/global-setup.ts probes it and prints why when it is not).
(testDb === 'postgres' || postgresReachable ? describe : describe.skip)(`several sweepers on PostgreSQL${testDb === 'postgres' ? '' : ' (own database in a SQLite run)'}`, () => {
  // Last in the file: a second Strapi cannot live beside the first in one process (its admin actions
  // would register twice), so the SQLite app is shut down (its database is dropped in the file's afterAll).
  let ownDatabase = false;
  beforeAll(async () => {
    if (testDb === 'postgres') return;
    await app.shutdown();
    app = undefined as unknown as TestApp;
    ownDatabase = true;
    app = await startApp({ db: 'postgres' });
    await createFixtures();
  });
  afterAll(async () => {
    if (!ownDatabase) return;
    await app?.stop();
    app = undefined as unknown as TestApp; // nothing left for the file's afterAll to shut down
  });

  it('a row another sweeper holds (for another mark) is waited for, not left unmarked', async () => {
    const [held] = await overdueTickets(1);
    const knex = app.strapi.db.connection;
    // Another sweeper's transaction holds the row, as while it marks a different clock or kind.
    const trx = await knex.transaction();
    await trx('tickets').where({ id: held }).forUpdate().select('id');
    const sweeping = app.strapi.plugin('support-desk').service('sla').sweep();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await row(held)).first_response_warned_at).toBeNull(); // still held: not marked yet
    await trx.commit();
    await sweeping;
    const t = await row(held);
    expect(t.first_response_warned_at && t.first_response_breached_at && t.resolution_warned_at && t.resolution_breached_at).toBeTruthy();
    expect(await notifications([held])).toHaveLength(8);
  });

  it('two instances on one PostgreSQL: 200 tickets, exactly one warning and one breach notification per ticket, clock and recipient', async () => {
    const ids = await overdueTickets(200);
    // A second Strapi cannot live in this process (its admin actions would register twice): fork it.
    const second = await startWorker({ ...process.env });
    try {
      const a = app.strapi.plugin('support-desk').service('sla');
      await Promise.all([a.sweep({ batchSize: 20 }), second.call('sla', 'sweep', { batchSize: 20 }), a.sweep({ batchSize: 20 }), second.call('sla', 'sweep', { batchSize: 20 })]);
      const sent = await notifications(ids);
      expect(sent).toHaveLength(200 * 4 * 2);
      const keys = sent.map((n: any) => n.dedupe_key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const id of ids.slice(0, 20)) {
        expect(await events(id, 'sla_warning')).toHaveLength(2);
        expect(await events(id, 'sla_breach')).toHaveLength(2);
        expect((await row(id)).escalation_level).toBe(1);
      }
    } finally {
      await second.exit();
    }
  }, 300000);
});
