/**
 * On-site visits: scheduling (customer told the window in their locale, public event), no double
 * booking of an engineer (message naming the clash; half-open windows; parallel bookings: one
 * wins; raw writes too), arrival, completion with the report and cancellation on the timeline.
 */
import { eventText } from '../../src/plugins/support-desk/server/src/timeline/texts';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';
import { desk } from '../helpers/desk';

let app: TestApp;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number };
let engineer: any;
let engineer2: any;
let requester: any;

const VISIT = 'api::onsite-visit.onsite-visit';
const DAY = '2026-12-07';
const at = (hhmm: string, day = DAY) => `${day}T${hhmm}:00.000Z`;

beforeAll(async () => {
  app = await startApp();
  d = desk(app, await fullAccessToken(app.strapi));
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  engineer = await d.admin('Wang');
  await d.profile(engineer.id, { display_name: 'Wang Jun', skills: ['onsite'] });
  engineer2 = await d.admin('Huang');
  requester = await app.strapi.db.query('plugin::users-permissions.user').create({
    data: { username: `cust${Date.now()}`, email: `customer.${Date.now()}@example.test`, provider: 'local', confirmed: true, blocked: false, preferred_locale: 'en', full_name: 'Li Lei' },
  });
});
afterAll(async () => {
  await app?.stop();
});

const schedule = (documentId: string, body: Record<string, unknown>) => d.as(agent.jwt).post(`/support-desk/tickets/${documentId}/visits`, body);
const visitAction = (documentId: string, action: string, body: Record<string, unknown> = {}) => d.as(agent.jwt).post(`/support-desk/visits/${documentId}/${action}`, body);

async function workingTicket() {
  const t = await d.ticket({ type: 'fault', requester: requester.id });
  return d.walk(t.documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }]);
}

describe('scheduling', () => {
  it('books the engineer, tells the customer the window in their locale and puts it on the public timeline', async () => {
    const t = await workingTicket();
    const res = await schedule(t.documentId, { engineer: engineer.id, scheduled_start: '2026-12-07T09:00:00+08:00', scheduled_end: '2026-12-07T11:00:00+08:00', address: 'Room 301, 88 Century Ave, Shanghai' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ state: 'scheduled', address: 'Room 301, 88 Century Ave, Shanghai' });
    expect(new Date(res.body.data.scheduled_start).toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(res.body.data.engineer.id).toBe(engineer.id);
    expect(res.body.meta.customerNotified).toBe(requester.email);

    const [ev] = await d.events(t.id, 'visit_scheduled');
    expect(ev).toMatchObject({ visibility: 'public', actor_type: 'agent' });
    // Structured data, no stored sentence: each reader gets it in their language and zone.
    expect(ev.body).toBeNull();
    expect(ev.data).toMatchObject({ visit: res.body.data.documentId, engineer: engineer.id, engineer_name: 'Wang Jun', scheduled_start: '2026-12-07T01:00:00.000Z', scheduled_end: '2026-12-07T03:00:00.000Z', address: 'Room 301, 88 Century Ave, Shanghai' });
    expect(eventText(ev, 'en', 'UTC')).toBe('On-site visit scheduled for Mon 7 Dec 2026, 01:00–03:00 (UTC): engineer Wang Jun, at Room 301, 88 Century Ave, Shanghai.');
    expect(eventText(ev, 'zh-Hans', 'Asia/Shanghai')).toBe('已安排上门服务：2026年12月7日 09:00–11:00 (Asia/Shanghai)，工程师 Wang Jun，地点 Room 301, 88 Century Ave, Shanghai。');
    const [mail] = await d.notifications({ template: 'visit_scheduled', ticket: { id: t.id } });
    expect(mail).toMatchObject({ recipient_email: requester.email, message_locale: 'en', dedupe_key: `visit:${res.body.data.id}:scheduled` });
    expect(mail.payload).toMatchObject({ number: t.number, window_start: '2026-12-07T01:00:00.000Z', window_end: '2026-12-07T03:00:00.000Z', engineer: 'Wang Jun' });
    // The ticket itself is unchanged (a visit is a record on it, not a state).
    expect((await d.row(t.documentId)).version).toBe(t.version);
  });

  it('refuses an overlapping window for the same engineer with a message naming the clash; touching windows and other engineers are fine', async () => {
    const t1 = await workingTicket();
    const t2 = await workingTicket();
    expect((await schedule(t1.documentId, { engineer: engineer.id, scheduled_start: at('06:00'), scheduled_end: at('08:00') })).status).toBe(201);
    const before = await app.strapi.db.query(VISIT).count({});

    const clash = await schedule(t2.documentId, { engineer: engineer.id, scheduled_start: at('07:30'), scheduled_end: at('09:00') });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toBe(
      `Wang Jun is already booked for ticket ${t1.number} from 2026-12-07 06:00–08:00 UTC, which overlaps the requested window 2026-12-07 07:30–09:00 UTC. ` +
        'Choose a window that ends by 2026-12-07T06:00:00.000Z or starts at 2026-12-07T08:00:00.000Z or later, or another engineer.',
    );
    expect(clash.body.error.details).toMatchObject({ code: 'engineer_double_booked', clash: { ticket: t1.number, scheduled_start: at('06:00'), scheduled_end: at('08:00') } });
    // The first test's visit (01:00–03:00) clashes with a window around it, too.
    const around = await schedule(t2.documentId, { engineer: engineer.id, scheduled_start: at('00:00'), scheduled_end: at('10:00') });
    expect(around.status).toBe(409);
    expect(await app.strapi.db.query(VISIT).count({})).toBe(before);
    expect(await d.events(t2.id, 'visit_scheduled')).toHaveLength(0);
    expect(await d.notifications({ ticket: { id: t2.id }, template: 'visit_scheduled' })).toHaveLength(0);

    expect((await schedule(t2.documentId, { engineer: engineer.id, scheduled_start: at('08:00'), scheduled_end: at('09:00') })).status).toBe(201);
    expect((await schedule(t2.documentId, { engineer: engineer.id, scheduled_start: at('05:00'), scheduled_end: at('06:00') })).status).toBe(201);
    expect((await schedule(t2.documentId, { engineer: engineer2.id, scheduled_start: at('07:00'), scheduled_end: at('08:00') })).status).toBe(201);
  });

  it('two (and five) parallel bookings of one engineer for overlapping windows: exactly one wins', async () => {
    const tickets = await Promise.all(Array.from({ length: 5 }, () => workingTicket()));
    const pair = await Promise.all(tickets.slice(0, 2).map((t) => schedule(t.documentId, { engineer: engineer.id, scheduled_start: at('12:00', '2026-12-08'), scheduled_end: at('14:00', '2026-12-08') })));
    expect(pair.map((r) => r.status).sort()).toEqual([201, 409]);

    const five = await Promise.all(tickets.map((t, i) => schedule(t.documentId, { engineer: engineer.id, scheduled_start: at(`0${i}:30`, '2026-12-09'), scheduled_end: at('06:00', '2026-12-09') })));
    expect(five.filter((r) => r.status === 201)).toHaveLength(1);
    expect(five.filter((r) => r.status === 409)).toHaveLength(4);
    const booked = await app.strapi.db.query(VISIT).findMany({ where: { engineer: { id: engineer.id }, scheduled_end: { $gt: new Date(at('00:00', '2026-12-08')) } } });
    expect(booked).toHaveLength(2);
  });

  it('the same rule holds for raw writes (Content Manager, document service): create and move', async () => {
    const t = await workingTicket();
    const docs = d.docs(VISIT);
    await expect(docs.create({ data: { ticket: t.documentId, engineer: engineer.id, state: 'scheduled', scheduled_start: at('01:30'), scheduled_end: at('02:30') } })).rejects.toThrow(/Wang Jun is already booked for ticket TS-\d{6} from 2026-12-07 01:00–03:00 UTC/);
    // Content Manager style relation input.
    await expect(docs.create({ data: { ticket: t.documentId, engineer: { connect: [{ id: engineer.id }] }, scheduled_start: at('02:00'), scheduled_end: at('04:00') } })).rejects.toThrow(/already booked/);
    const free = await docs.create({ data: { ticket: t.documentId, engineer: engineer.id, state: 'scheduled', scheduled_start: at('15:00'), scheduled_end: at('16:00') } });
    await expect(docs.update({ documentId: free.documentId, data: { scheduled_start: at('17:00') } })).rejects.toThrow(/must be after scheduled_start/);
    await expect(docs.update({ documentId: free.documentId, data: { scheduled_start: at('07:00'), scheduled_end: at('08:30') } })).rejects.toThrow(/already booked/);
    // Moving within its own window is not a clash with itself; a report edit is not checked at all.
    await docs.update({ documentId: free.documentId, data: { scheduled_start: at('15:30'), scheduled_end: at('16:30') } });
    await docs.update({ documentId: free.documentId, data: { report: 'Bring a spare PSU' } });
    // A visit without an engineer (the REST fixture) is not checked for clashes.
    await docs.create({ data: { ticket: t.documentId, state: 'scheduled', scheduled_start: at('01:00'), scheduled_end: at('03:00') } });
  });

  it('answers bad input with an actionable 4xx and writes nothing', async () => {
    const t = await workingTicket();
    const before = await app.strapi.db.query(VISIT).count({});
    const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
      [t.documentId, { scheduled_start: at('10:00'), scheduled_end: at('11:00') }, 400, /engineer is required/],
      [t.documentId, { engineer: 999999, scheduled_start: at('10:00'), scheduled_end: at('11:00') }, 400, /No active admin user with id 999999/],
      [t.documentId, { engineer: engineer.id, scheduled_start: 'tomorrow', scheduled_end: at('11:00') }, 400, /scheduled_start is required: an ISO 8601 date-time/],
      [t.documentId, { engineer: engineer.id, scheduled_start: at('11:00'), scheduled_end: at('10:00') }, 400, /scheduled_end .* must be after scheduled_start/],
      ['nosuchticket', { engineer: engineer.id, scheduled_start: at('10:00'), scheduled_end: at('11:00') }, 404, /No ticket with id "nosuchticket"/],
    ];
    for (const [id, body, status, message] of cases) {
      const res = await schedule(id, body);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
    const cancelled = await d.ticket({ type: 'fault' });
    await d.walk(cancelled.documentId, [{ action: 'cancel', reason: 'dup' }]);
    const closedTicket = await schedule(cancelled.documentId, { engineer: engineer.id, scheduled_start: at('10:00'), scheduled_end: at('11:00') });
    expect(closedTicket.status).toBe(400);
    expect(closedTicket.body.error.message).toMatch(/is cancelled: visits can only be scheduled on open tickets/);
    expect(await app.strapi.db.query(VISIT).count({})).toBe(before);
  });
});

describe('arrival, completion, cancellation', () => {
  it('records arrival and completion with the report as public events; refuses out-of-order steps', async () => {
    const t = await workingTicket();
    const visit = (await schedule(t.documentId, { engineer: engineer.id, scheduled_start: at('10:00', '2026-12-10'), scheduled_end: at('12:00', '2026-12-10') })).body.data;

    const early = await visitAction(visit.documentId, 'complete', { report: 'done' });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toMatch(/Cannot "complete" a visit that is scheduled\. Possible now: arrive, cancel\. Record the arrival first/);

    const arrived = await visitAction(visit.documentId, 'arrive');
    expect(arrived.status).toBe(200);
    expect(arrived.body.data.state).toBe('on_site');
    expect(arrived.body.data.arrived_at).toBeTruthy();

    const noReport = await visitAction(visit.documentId, 'complete', {});
    expect(noReport.status).toBe(400);
    expect(noReport.body.error.message).toMatch(/report is required/);

    const done = await visitAction(visit.documentId, 'complete', { report: 'Replaced PSU 2; array healthy.' });
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({ state: 'completed', report: 'Replaced PSU 2; array healthy.' });

    const kinds = (await d.events(t.id)).filter((e: any) => e.kind.startsWith('visit_'));
    expect(kinds.map((e: any) => [e.kind, e.visibility])).toEqual([['visit_scheduled', 'public'], ['visit_arrived', 'public'], ['visit_completed', 'public']]);
    expect(kinds.map((e: any) => e.body)).toEqual([null, null, null]);
    expect(kinds[1].data).toMatchObject({ engineer_name: 'Wang Jun', from: 'scheduled', to: 'on_site', arrived_at: new Date(arrived.body.data.arrived_at).toISOString() });
    expect(eventText(kinds[1], 'en', 'UTC')).toMatch(/^Wang Jun arrived on site at \w{3} \d+ \w{3} \d{4}, \d\d:\d\d \(UTC\)\.$/);
    expect(kinds[2].data).toMatchObject({ from: 'on_site', to: 'completed', report: 'Replaced PSU 2; array healthy.', completed_at: expect.any(String) });
    expect(eventText(kinds[2], 'en', 'UTC')).toMatch(/ is completed\.\nReplaced PSU 2; array healthy\.$/);

    const timeline = await d.api.get(`/api/support-desk/tickets/${t.documentId}/visits`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.data.map((v: any) => v.state)).toEqual(['completed']);
    expect((await visitAction(visit.documentId, 'cancel', { reason: 'x' })).status).toBe(400);
    expect((await visitAction('nosuchvisit', 'arrive')).status).toBe(404);
  });

  it('a cancelled visit frees the window; cancelling needs a reason', async () => {
    const t = await workingTicket();
    const window = { engineer: engineer.id, scheduled_start: at('10:00', '2026-12-11'), scheduled_end: at('12:00', '2026-12-11') };
    const visit = (await schedule(t.documentId, window)).body.data;
    expect((await schedule(t.documentId, window)).status).toBe(409);
    expect((await visitAction(visit.documentId, 'cancel', {})).status).toBe(400);
    const cancelled = await visitAction(visit.documentId, 'cancel', { reason: 'Customer site closed that day' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data.state).toBe('cancelled');
    const [ev] = await d.events(t.id, 'visit_cancelled');
    expect(ev).toMatchObject({ visibility: 'public', body: null, data: { reason: 'Customer site closed that day', from: 'scheduled', to: 'cancelled' } });
    expect(eventText(ev, 'en', 'UTC')).toBe('The on-site visit of Fri 11 Dec 2026, 10:00–12:00 (UTC) is cancelled.\nCustomer site closed that day');
    expect(eventText(ev, 'zh-Hans', 'UTC')).toBe('2026年12月11日 10:00–12:00 (UTC) 的上门服务已取消。\nCustomer site closed that day');
    expect((await schedule(t.documentId, window)).status).toBe(201);
  });

  it('integrations schedule and update visits through the content API', async () => {
    const t = await workingTicket();
    const res = await d.api.post(`/api/support-desk/tickets/${t.documentId}/visits`, { engineer: engineer2.id, scheduled_start: at('10:00', '2026-12-12'), scheduled_end: at('11:00', '2026-12-12') });
    expect(res.status).toBe(201);
    const arrived = await d.api.post(`/api/support-desk/visits/${res.body.data.documentId}/arrive`, {});
    expect(arrived.status).toBe(200);
    expect((await d.events(t.id, 'visit_arrived'))[0].actor_type).toBe('integration');
  });
});
