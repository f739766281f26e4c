/**
 * Issue 16, item 4: a business calendar with no working time is refused (400 naming
 * `working_intervals`, nothing saved) on create and update, and nothing in the SLA path turns a
 * calendar into a 500 on ticket writes — even one that got into the database without the checks.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';

const TICKET = 'api::ticket.ticket';
const CALENDAR = 'api::business-calendar.business-calendar';
let app: TestApp;
let token: string;
const req = () => ({
  get: (url: string) => app.http().get(url).set('Authorization', `Bearer ${token}`),
  post: (url: string, body: unknown) => app.http().post(url).set('Authorization', `Bearer ${token}`).send(body as object),
  put: (url: string, body: unknown) => app.http().put(url).set('Authorization', `Bearer ${token}`).send(body as object),
});
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
const targets = ['P1', 'P2', 'P3', 'P4'].map((priority) => ({ priority, first_response_minutes: 60, resolution_minutes: 600 }));
const paths = (res: any) => (res.body.error?.details?.errors ?? []).map((e: any) => e.path.join('.'));

let calendar: any;
let org: any;

beforeAll(async () => {
  app = await startApp();
  token = await fullAccessToken(app.strapi);
  calendar = (await req().post('/api/business-calendars', { data: { name: 'Every day', timezone: 'UTC', working_intervals: WEEK } })).body.data;
  const contract = (await req().post('/api/sla-contracts', { data: { name: 'Guarded', code: 'GUARD', business_calendar: calendar.documentId, targets } })).body.data;
  org = (await req().post('/api/organizations', { data: { name: 'Guard Co', code: 'GUARDCO', sla_contract: contract.documentId } })).body.data;
});
afterAll(async () => {
  await app?.stop();
});

describe(`business calendars without working time (${testDb})`, () => {
  it('create with no working intervals: 400 naming working_intervals, nothing saved', async () => {
    const before = await app.strapi.db.query(CALENDAR).count();
    const res = await req().post('/api/business-calendars', { data: { name: 'Never', timezone: 'UTC', working_intervals: [] } });
    expect(res.status).toBe(400);
    expect(paths(res)).toContain('working_intervals');
    expect(res.body.error.message).toMatch(/no working time/);
    expect(await app.strapi.db.query(CALENDAR).count()).toBe(before);
  });

  it('update of a calendar in use to no intervals: 400, nothing saved, its tickets still take writes', async () => {
    const created = await req().post('/api/tickets', { data: { subject: 'Under the calendar', organization: org.documentId, urgency: 'medium', impact: 'medium' } });
    expect(created.status).toBe(201);
    const res = await req().put(`/api/business-calendars/${calendar.documentId}`, { data: { working_intervals: [] } });
    expect(res.status).toBe(400);
    expect(paths(res)).toContain('working_intervals');
    const stored = await app.strapi.db.query(CALENDAR).findOne({ where: { id: calendar.id }, populate: ['working_intervals'] });
    expect(stored.working_intervals).toHaveLength(7);
    const t = await app.strapi.db.query(TICKET).findOne({ where: { documentId: created.body.data.documentId } });
    const update = await req().put(`/api/tickets/${t.documentId}`, { data: { subject: 'Still writable', version: t.version } });
    expect(update.status).toBe(200);
  });

  it('a calendar whose every working day is a holiday for ten years: 400 naming working_intervals', async () => {
    // Mondays only, and every Monday of the next ~10 years a holiday.
    const holidays: Array<{ date: string; name: string }> = [];
    const d = new Date();
    d.setUTCDate(d.getUTCDate() - 7);
    while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
    for (let i = 0; i < 530; i++) {
      holidays.push({ date: d.toISOString().slice(0, 10), name: `Closed ${i}` });
      d.setUTCDate(d.getUTCDate() + 7);
    }
    const res = await req().post('/api/business-calendars', { data: { name: 'Closed Mondays', timezone: 'UTC', working_intervals: [{ weekday: 'mon', start: '09:00', end: '17:00' }], holidays } });
    expect(res.status).toBe(400);
    expect(paths(res)).toContain('working_intervals');
    expect(res.body.error.message).toMatch(/every day with working intervals is a holiday/);
  });

  it('a calendar with no working time that got in without the checks (raw database edit): ticket writes under it still succeed, 24×7', async () => {
    const broken = (await req().post('/api/business-calendars', { data: { name: 'Soon broken', timezone: 'UTC', working_intervals: [{ weekday: 'mon', start: '09:00', end: '10:00' }] } })).body.data;
    const contract = (await req().post('/api/sla-contracts', { data: { name: 'Broken', code: 'BROKEN', business_calendar: broken.documentId, targets } })).body.data;
    const brokenOrg = (await req().post('/api/organizations', { data: { name: 'Broken Co', code: 'BROKENCO', sla_contract: contract.documentId } })).body.data;
    // Remove its intervals behind Strapi's back (as an import or a manual SQL edit could).
    const { joinTable } = (app.strapi.db.metadata.get(CALENDAR).attributes as any).working_intervals;
    await app.strapi.db.connection(joinTable.name).where(joinTable.joinColumn.name, broken.id).del();
    await app.strapi.db.query(CALENDAR).update({ where: { id: broken.id }, data: { updatedAt: new Date(Date.now() + 1000) } });

    const res = await req().post('/api/tickets', { data: { subject: 'Under a broken calendar', organization: brokenOrg.documentId, urgency: 'medium', impact: 'medium' } });
    expect(res.status).toBe(201);
    const t = await app.strapi.db.query(TICKET).findOne({ where: { documentId: res.body.data.documentId } });
    expect(new Date(t.first_response_due_at).getTime() - new Date(t.createdAt).getTime()).toBe(60 * 60_000);
    const update = await req().put(`/api/tickets/${t.documentId}`, { data: { subject: 'Still writable', version: t.version } });
    expect(update.status).toBe(200);
  });
});
