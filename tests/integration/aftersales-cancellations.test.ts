/**
 * Cancellations in after-sales (issue 11): a cancelled training session cancels its enrolled and
 * waitlisted attendees (seats freed, nobody promoted) and tells each by e-mail through the outbox —
 * delivered to a real SMTP server — in their language, once; through the admin route (trainings.manage)
 * and the Content Manager alike; a cancelled session takes no enrollment and stays cancelled. A
 * cancelled on-site visit gives the parts reserved for it back to stock (release movements in the
 * same transaction, on the timeline), leaving the ticket's own reservations alone.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { eventText } from '../../src/plugins/support-desk/server/src/timeline/texts';
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { startSmtpServer } from '../helpers/smtp';
import { adminLogin, customerLogin, fullAccessToken } from '../helpers/auth';
import { desk, uniq } from '../helpers/desk';

const TRAINING = 'api::training.training';
const SESSION = 'api::training-session.training-session';
const ENROLLMENT = 'api::enrollment.enrollment';
const PART = 'api::part.part';
const MOVE = 'api::stock-movement.stock-movement';
const PROFILE = 'api::agent-profile.agent-profile';
const DAY = 86_400_000;

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number; email: string };
let supervisor: { jwt: string; id: number; email: string };
let orgId: number;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startApp({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_IGNORE_TLS: 'true', SMTP_FROM: 'Support Desk <desk@aftersales.test>' } });
  d = desk(app, await fullAccessToken(app.strapi));
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
  orgId = (await app.strapi.db.query('api::organization.organization').create({ data: { name: 'Cancel Org', code: uniq('CO-').slice(0, 20) } })).id;
  // Boots Strapi: slow on a loaded machine.
}, 300_000);
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

const as = (jwt: string) => ({
  get: (url: string) => app.http().get(url).set('Authorization', `Bearer ${jwt}`),
  post: (url: string, body: object = {}) => app.http().post(url).set('Authorization', `Bearer ${jwt}`).send(body),
  put: (url: string, body: object) => app.http().put(url).set('Authorization', `Bearer ${jwt}`).send(body),
});
async function delivered(): Promise<Array<ParsedMail & { to_: string[] }>> {
  await app.strapi.plugin('support-desk').service('notification-dispatcher').drain();
  return Promise.all(smtp.mails.map(async (m) => Object.assign(await simpleParser(m.raw), { to_: m.to })));
}

async function customerSession(capacity: number) {
  const training = await d.docs(TRAINING).create({ data: { title: `Switch course ${uniq()}`, code: uniq('TR').slice(0, 20), audience: 'customer', product_line: 'Network Switches' } });
  const start = Date.now() + 10 * DAY;
  return d.docs(SESSION).create({ data: { training: training.documentId, starts_at: new Date(start).toISOString(), ends_at: new Date(start + 4 * 3_600_000).toISOString(), capacity, state: 'open', location: 'Shanghai' } });
}
const enrollmentsOf = (sessionDocumentId: string) => app.strapi.db.query(ENROLLMENT).findMany({ where: { session: { documentId: sessionDocumentId } }, orderBy: { id: 'asc' } });
const sessionRow = (documentId: string) => app.strapi.db.query(SESSION).findOne({ where: { documentId } });

describe(`a cancelled training session (${testDb})`, () => {
  it('cancels every enrolled and waitlisted attendee, frees the seats, promotes nobody, and tells each once in their language', async () => {
    const s = await customerSession(1);
    const en = await customerLogin(app.strapi, app.http, orgId);
    const zh = await customerLogin(app.strapi, app.http, orgId);
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: zh.id }, data: { preferred_locale: 'zh-Hans' } });
    const staff = await d.admin('Trainee');
    await d.profile(staff.id, { preferred_locale: 'zh-Hans' });
    expect((await as(en.jwt).post(`/api/support-desk/customer/trainings/${s.documentId}/enroll`)).body.data.status).toBe('enrolled');
    expect((await as(zh.jwt).post(`/api/support-desk/customer/trainings/${s.documentId}/enroll`)).body.data.status).toBe('waitlisted');
    const left = await customerLogin(app.strapi, app.http, orgId);
    const leftEnrollment = await as(left.jwt).post(`/api/support-desk/customer/trainings/${s.documentId}/enroll`);
    expect((await as(left.jwt).post(`/api/support-desk/customer/enrollments/${leftEnrollment.body.data.documentId}/cancel`)).status).toBe(200);

    // Agents may not cancel a session; bad input is 400; nothing written.
    expect((await as(agent.jwt).post(`/support-desk/training-sessions/${s.documentId}/cancel`, { reason: 'x' })).status).toBe(403);
    expect((await as(supervisor.jwt).post(`/support-desk/training-sessions/${s.documentId}/cancel`, { reason: 42 })).status).toBe(400);
    expect((await as(supervisor.jwt).post(`/support-desk/training-sessions/${s.documentId}/cancel`, { why: 'x' })).status).toBe(400);
    expect((await sessionRow(s.documentId)).state).toBe('full');

    const res = await as(supervisor.jwt).post(`/support-desk/training-sessions/${s.documentId}/cancel`, { reason: 'The trainer is ill.' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: s.documentId, state: 'cancelled' });
    expect(res.body.meta.cancelled).toHaveLength(2);
    expect(res.body.meta.notified).toBe(2);
    expect((await enrollmentsOf(s.documentId)).map((e: any) => e.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((await sessionRow(s.documentId)).state).toBe('cancelled');

    const rows = await d.notifications({ template: 'training_cancelled' });
    expect(rows.filter((r: any) => [en.email, zh.email, left.email].includes(r.recipient_email)).map((r: any) => [r.recipient_email, r.message_locale]).sort()).toEqual([
      [en.email, 'en'],
      [zh.email, 'zh-Hans'],
    ].sort());
    const mails = await delivered();
    const toEn = mails.find((m) => m.to_.includes(en.email))!;
    expect(toEn.subject).toMatch(/^Training cancelled: Switch course/);
    expect(toEn.text).toContain('The trainer is ill.');
    expect(toEn.text).toContain('Where: Shanghai');
    expect(mails.find((m) => m.to_.includes(zh.email))!.subject).toMatch(/^培训已取消：/);
    expect(mails.some((m) => m.to_.includes(left.email) && /cancelled|取消/.test(m.subject ?? ''))).toBe(false);

    // Cancelled: no enrollment, no second cancellation, no way back; no second mail.
    expect((await as(en.jwt).post(`/api/support-desk/customer/trainings/${s.documentId}/enroll`)).status).toBe(400);
    const again = await as(supervisor.jwt).post(`/support-desk/training-sessions/${s.documentId}/cancel`, {});
    expect(again.status).toBe(400);
    expect(again.body.error.details.code).toBe('session_not_cancellable');
    const back = await as(supervisor.jwt).put(`/content-manager/collection-types/${SESSION}/${s.documentId}`, { state: 'open' });
    expect(back.status).toBe(400);
    expect(back.body.error.message).toMatch(/stays cancelled/);
    expect((await sessionRow(s.documentId)).state).toBe('cancelled');
    expect((await d.notifications({ template: 'training_cancelled' })).filter((r: any) => r.recipient_email === en.email)).toHaveLength(1);
  });

  it('set to cancelled in the Content Manager: the same — attendees cancelled and told', async () => {
    const s = await customerSession(5);
    const c = await customerLogin(app.strapi, app.http, orgId);
    await as(c.jwt).post(`/api/support-desk/customer/trainings/${s.documentId}/enroll`);
    const res = await as(supervisor.jwt).put(`/content-manager/collection-types/${SESSION}/${s.documentId}`, { state: 'cancelled', location: 'Online' });
    expect(res.status).toBe(200);
    expect(res.body.data.state).toBe('cancelled');
    const row = await sessionRow(s.documentId);
    expect(row).toMatchObject({ state: 'cancelled', location: 'Online' });
    expect((await enrollmentsOf(s.documentId)).map((e: any) => e.state)).toEqual(['cancelled']);
    expect((await d.notifications({ template: 'training_cancelled' })).map((r: any) => r.recipient_email)).toContain(c.email);
  });

  it('a completed session cannot be cancelled (400, nothing written)', async () => {
    const s = await customerSession(5);
    await app.strapi.db.query(SESSION).update({ where: { documentId: s.documentId }, data: { state: 'completed' } });
    const res = await as(supervisor.jwt).post(`/support-desk/training-sessions/${s.documentId}/cancel`, {});
    expect(res.status).toBe(400);
    expect((await sessionRow(s.documentId)).state).toBe('completed');
    expect((await as(supervisor.jwt).post('/support-desk/training-sessions/nope/cancel', {})).status).toBe(404);
  });
});

describe(`a cancelled on-site visit (${testDb})`, () => {
  async function partWith(onHand: number) {
    const res = await d.api.post('/api/parts', { data: { sku: uniq('P-').slice(0, 30), name: 'Fan module', on_hand: onHand, unit_cost: 40 } });
    expect(res.status).toBe(201);
    return res.body.data;
  }
  const partRow = (documentId: string) => app.strapi.db.query(PART).findOne({ where: { documentId } });
  async function visitWithParts(part: any, start: string) {
    const t = await d.ticket({ type: 'consultation' });
    await d.walk(t.documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }]);
    const engineer = await d.admin('Engineer');
    await app.strapi.db.query(PROFILE).create({ data: { user: engineer.id, display_name: 'Eng', skills: [], available: true } });
    const visit = await as(agent.jwt).post(`/support-desk/tickets/${t.documentId}/visits`, { engineer: engineer.id, scheduled_start: start, scheduled_end: new Date(new Date(start).getTime() + 2 * 3_600_000).toISOString() });
    expect(visit.status).toBe(201);
    const v = visit.body.data.documentId;
    expect((await as(agent.jwt).post(`/support-desk/tickets/${t.documentId}/parts`, { part: part.documentId, quantity: 3, visit: v })).status).toBe(201);
    expect((await as(agent.jwt).post(`/support-desk/tickets/${t.documentId}/parts`, { part: part.documentId, quantity: 2 })).status).toBe(201);
    return { t, v };
  }
  async function ledgerMatches(documentId: string) {
    const part = await partRow(documentId);
    expect(await app.strapi.plugin('support-desk').service('inventory').ledgerSum(part.id)).toEqual({ on_hand: part.on_hand, reserved: part.reserved });
    return part;
  }

  it('through the visits route: the visit’s reservation goes back to stock (release movements); the ticket’s own stays', async () => {
    const part = await partWith(10);
    const { t, v } = await visitWithParts(part, '2027-02-01T01:00:00Z');
    expect(await partRow(part.documentId)).toMatchObject({ on_hand: 10, reserved: 5 });
    expect((await as(agent.jwt).post(`/support-desk/visits/${v}/cancel`, {})).status).toBe(400); // a reason is required: nothing released
    expect(await partRow(part.documentId)).toMatchObject({ reserved: 5 });
    expect((await as(agent.jwt).post(`/support-desk/visits/${v}/cancel`, { reason: 'Customer site closed' })).status).toBe(200);
    expect(await ledgerMatches(part.documentId)).toMatchObject({ on_hand: 10, reserved: 2 });
    const releases = await app.strapi.db.query(MOVE).findMany({ where: { part: { documentId: part.documentId }, kind: 'release' }, populate: ['visit', 'ticket'] });
    expect(releases.map((m: any) => [m.quantity, m.reserved_delta, m.visit?.documentId, m.ticket?.documentId, m.note])).toEqual([[3, -3, v, t.documentId, 'On-site visit cancelled']]);
    const events = await d.events((await d.row(t.documentId)).id, 'part');
    expect(events.at(-1)).toMatchObject({ body: null, data: { action: 'release', quantity: 3, cause: 'visit_cancelled', visit: v } });
    expect(eventText(events.at(-1), 'en', 'UTC')).toMatch(/^Released 3 × .*: the on-site visit is cancelled\.$/);
    const lines = await as(agent.jwt).get(`/support-desk/tickets/${t.documentId}/parts`);
    expect(lines.status).toBe(200);
  });

  it('set to cancelled in the Content Manager: the same release, in the same transaction', async () => {
    const part = await partWith(6);
    const { v } = await visitWithParts(part, '2027-02-02T01:00:00Z');
    const res = await as(supervisor.jwt).put(`/content-manager/collection-types/api::onsite-visit.onsite-visit/${v}`, { state: 'cancelled' });
    expect(res.status).toBe(200);
    expect(await ledgerMatches(part.documentId)).toMatchObject({ on_hand: 6, reserved: 2 });
  });
});
