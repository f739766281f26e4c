/**
 * The ticket panel's admin routes (issue 15): recording a customer's reply given by phone or in
 * person (customer_reply as the requester, channel on the event, SLA clock resumes), the agents a
 * ticket may go to (whitelisted fields, open load), take it, canned replies rendered for the ticket
 * (RBAC: agents read, supervisors write in the Content Manager), the action answers carrying the
 * panel's view, and SLA events stored as structured data. Bad input: a clear 4xx and nothing written.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { adminLogin, customerLogin, fullAccessToken } from '../helpers/auth';
import { desk, TICKET } from '../helpers/desk';
import { fewestStatements } from '../helpers/statements';

const CANNED = 'plugin::support-desk.canned-reply';

let app: TestApp;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number; email: string };
let supervisor: { jwt: string; id: number; email: string };
let author: { jwt: string; id: number; email: string };
let customer: { jwt: string; id: number; email: string };

beforeAll(async () => {
  app = await startApp();
  d = desk(app, await fullAccessToken(app.strapi));
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
  author = await adminLogin(app.strapi, app.http, 'strapi-author');
  customer = await customerLogin(app.strapi, app.http, null, 'panel.contact');
  // A default contract (24×7), so that tickets get SLA clocks.
  const targets = ['P1', 'P2', 'P3', 'P4'].map((priority, i) => ({ priority, first_response_minutes: 60 * (i + 1), resolution_minutes: 480 * (i + 1) }));
  await app.strapi.documents('api::sla-contract.sla-contract' as any).create({ data: { name: 'Standard', code: 'STD-PANEL', is_default: true, targets } as any });
});
afterAll(async () => {
  await app?.stop();
});

const as = (who: { jwt: string }) => d.as(who.jwt);
const eventCount = async (documentId: string) => (await d.events((await d.row(documentId)).id)).length;

/** A ticket awaiting the customer (asked by the agent). */
async function awaiting() {
  const t = await d.ticket({ type: 'consultation', requester: customer.id });
  return d.walk(t.documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }, { action: 'request_info', message: 'Which firmware runs on the switch?' }]);
}

describe(`record a customer reply (${testDb})`, () => {
  it('runs customer_reply as the requester: back in progress, clock resumed, channel and recorder on the event; the answer is the panel view', async () => {
    const t = await awaiting();
    expect((await d.row(t.documentId)).sla_paused_at).toBeTruthy();
    const res = await as(agent).post(`/support-desk/tickets/${t.documentId}/customer-reply`, { version: t.version, channel: 'phone', body: 'Firmware 4.2.1, said on the phone.' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: t.documentId, state: 'in_progress', version: t.version + 1 });
    const row = await d.row(t.documentId);
    expect(row.state).toBe('in_progress');
    expect(row.sla_paused_at).toBeNull();
    const reply = res.body.meta.timeline.at(-1);
    expect(reply).toMatchObject({ kind: 'transition', from_status: 'awaiting_customer', to_status: 'in_progress', actor_type: 'customer', visibility: 'public', body: 'Firmware 4.2.1, said on the phone.' });
    expect(reply.data).toMatchObject({ action: 'customer_reply', channel: 'phone', recorded_by: { id: agent.id } });
    expect(res.body.meta.sla.map((c: any) => c.clock)).toEqual(['first_response', 'resolution']);
  });

  it.each([
    ['an unknown channel', { channel: 'fax', body: 'x' }, 400, /channel must be one of phone, in_person, email, chat, other/],
    ['an empty text', { channel: 'phone', body: '   ' }, 400, /body is required/],
    ['no version', { channel: 'phone', body: 'x', version: undefined }, 400, /version/],
    ['a stale version', { channel: 'phone', body: 'x', version: 1 }, 409, /.+/],
  ])('refuses %s with %s and writes nothing', async (_name, input, status, message) => {
    const t = await awaiting();
    const before = await eventCount(t.documentId);
    const res = await as(agent).post(`/support-desk/tickets/${t.documentId}/customer-reply`, { version: t.version, ...input });
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect((await d.row(t.documentId)).state).toBe('awaiting_customer');
    expect(await eventCount(t.documentId)).toBe(before);
  });

  it('refuses a ticket that does not await the customer (400), an unknown ticket (404) and a role without the workflow permission (403)', async () => {
    const t = await d.ticket({ type: 'consultation' });
    const res = await as(agent).post(`/support-desk/tickets/${t.documentId}/customer-reply`, { version: t.version, channel: 'phone', body: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/is new, not awaiting the customer/);
    expect((await as(agent).post('/support-desk/tickets/nosuchticket0000000000000/customer-reply', { version: 1, channel: 'phone', body: 'x' })).status).toBe(404);
    const w = await awaiting();
    expect((await as(author).post(`/support-desk/tickets/${w.documentId}/customer-reply`, { version: w.version, channel: 'phone', body: 'x' })).status).toBe(403);
    expect((await d.row(w.documentId)).state).toBe('awaiting_customer');
  });
});

describe(`assignees and take it (${testDb})`, () => {
  it('lists active group members with their open load and whitelisted fields only; the ticket group’s first', async () => {
    const busy = await d.admin('Busy');
    const idle = await d.admin('Idle');
    const blocked = await d.admin('Blocked', { blocked: true });
    const outsider = await d.admin('Outsider');
    const group = await d.group({ members: [busy.id, idle.id, blocked.id] });
    await d.group({ members: [outsider.id] });
    await d.systemTicket({ assignee: busy.id, group: group.id });
    await d.systemTicket({ assignee: busy.id, group: group.id });
    const done = await d.systemTicket({ assignee: idle.id, group: group.id });
    await app.strapi.db.query(TICKET).update({ where: { documentId: done.documentId }, data: { state: 'closed' } });
    const t = await d.systemTicket({ subject: 'Needs an owner', group: group.id });

    const res = await as(agent).get(`/support-desk/tickets/${t.documentId}/assignees`);
    expect(res.status).toBe(200);
    expect(res.body.data.group).toBe(group.documentId);
    const list = res.body.data.assignees as any[];
    const ids = list.map((a) => a.id);
    expect(ids).not.toContain(blocked.id);
    expect(ids).toContain(outsider.id);
    // Members of the ticket's group first, fewest open tickets first.
    expect(list.slice(0, 2).map((a) => [a.id, a.open_tickets, a.in_ticket_group])).toEqual([
      [idle.id, 0, true],
      [busy.id, 2, true],
    ]);
    expect(list.find((a) => a.id === outsider.id).in_ticket_group).toBe(false);
    for (const a of list) expect(Object.keys(a).sort()).toEqual(['groups', 'id', 'in_ticket_group', 'name', 'open_tickets']);
    expect(JSON.stringify(res.body)).not.toMatch(/password|resetPasswordToken|registrationToken|email/);
    expect(res.body.data.groups.find((g: any) => g.documentId === group.documentId)).toEqual({ id: group.id, documentId: group.documentId, name: group.name, code: group.code });

    expect((await as(author).get(`/support-desk/tickets/${t.documentId}/assignees`)).status).toBe(403);
    expect((await as(agent).get('/support-desk/tickets/nosuchticket0000000000000/assignees')).status).toBe(404);
  });

  it('take it: assign to me answers the panel view with the assignment on the timeline', async () => {
    const t = await d.ticket({ type: 'consultation' });
    const res = await as(agent).post(`/support-desk/tickets/${t.documentId}/assign`, { version: t.version, assignee: agent.id });
    expect(res.status).toBe(200);
    expect(res.body.data.assignee).toMatchObject({ id: agent.id, name: `Test support-agent` });
    expect(Object.keys(res.body.data.assignee).sort()).toEqual(['documentId', 'email', 'id', 'name']);
    expect(res.body.meta.timeline.at(-1)).toMatchObject({ kind: 'assignment', data: { to: { assignee: agent.id } } });
  });

  it('a comment answers its timeline with the ticket and its clocks', async () => {
    const t = await d.ticket({ type: 'consultation' });
    const res = await as(agent).post(`/support-desk/tickets/${t.documentId}/comments`, { body: 'We are on it.', visibility: 'public' });
    expect(res.status).toBe(201);
    expect(res.body.data.at(-1)).toMatchObject({ kind: 'comment', visibility: 'public', body: 'We are on it.' });
    // The first public reply meets the first-response clock, and the answer says so.
    expect(res.body.meta.ticket).toMatchObject({ documentId: t.documentId, first_responded_at: expect.any(String) });
    expect(res.body.meta.sla.find((c: any) => c.clock === 'first_response').state).toBe('met');
  });
});

describe(`the panel's view: statements per request (${testDb})`, () => {
  const fewest = async (fn: () => Promise<unknown>) => (await fewestStatements(app.strapi, fn)).count;

  it('GET /tickets/:documentId runs the same number of statements however long the timeline is (no query per event)', async () => {
    const t = await d.ticket({ type: 'consultation' });
    const view = () => as(agent).get(`/support-desk/tickets/${t.documentId}`).expect(200);
    await view();
    const short = await fewest(view);
    for (let i = 0; i < 6; i += 1) await as(agent).post(`/support-desk/tickets/${t.documentId}/comments`, { body: `Note ${i}`, visibility: 'internal' }).expect(201);
    let events = 0;
    const long = await fewest(async () => (events = (await view()).body.meta.timeline.length));
    console.log(`[ticket-panel] GET /support-desk/tickets/:documentId: ${short} statements (${events - 6} events), ${long} statements (${events} events) (${testDb})`);
    expect(events).toBeGreaterThanOrEqual(7);
    expect(long).toBe(short);
  });
});

describe(`canned replies (${testDb})`, () => {
  let ticket: any;
  beforeAll(async () => {
    ticket = await d.ticket({ type: 'consultation', requester: customer.id });
    const docs = app.strapi.documents(CANNED as any) as any;
    await docs.create({ data: { title: 'Asking for logs', language: 'en', body: 'Dear {{requester.name}}, please send the logs for {{ticket.number}}. {{customer.vip}} — {{agent.name}}', active: true } });
    await docs.create({ data: { title: 'Old template', language: 'en', body: 'Retired', active: false } });
    await docs.create({ data: { title: '索取日志', language: 'zh-Hans', body: '{{requester.name}} 您好，请提供工单 {{ticket.number}} 的日志。', active: true } });
  });

  it('lists the active replies of the language with the placeholders filled; unknown ones stay visible', async () => {
    const res = await as(agent).get(`/support-desk/tickets/${ticket.documentId}/canned-replies?language=en`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.title)).toEqual(['Asking for logs']);
    const [reply] = res.body.data;
    expect(Object.keys(reply).sort()).toEqual(['documentId', 'id', 'language', 'text', 'title', 'unresolved']);
    expect(reply.text).toBe(`Dear Contact panel.contact, please send the logs for ${ticket.number}. {{customer.vip}} — Test support-agent`);
    expect(reply.unresolved).toEqual(['customer.vip']);
    const zh = await as(agent).get(`/support-desk/tickets/${ticket.documentId}/canned-replies?language=zh-Hans`);
    expect(zh.body.data.map((r: any) => r.text)).toEqual([`Contact panel.contact 您好，请提供工单 ${ticket.number} 的日志。`]);
  });

  it('refuses an unknown language (400), an unknown ticket (404) and a role without comment permission (403)', async () => {
    const bad = await as(agent).get(`/support-desk/tickets/${ticket.documentId}/canned-replies?language=fr`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('language must be one of en, zh-Hans.');
    expect((await as(agent).get('/support-desk/tickets/nosuchticket0000000000000/canned-replies')).status).toBe(404);
    expect((await as(author).get(`/support-desk/tickets/${ticket.documentId}/canned-replies`)).status).toBe(403);
  });

  it('Content Manager: agents read canned replies but may not write them; supervisors create and update them', async () => {
    const base = `/content-manager/collection-types/${CANNED}`;
    const list = await as(agent).get(base);
    expect(list.status).toBe(200);
    expect(list.body.results.length).toBeGreaterThanOrEqual(3);
    const denied = await as(agent).post(base, { title: 'Mine', language: 'en', body: 'x', active: true });
    expect(denied.status).toBe(403);
    const created = await as(supervisor).post(base, { title: 'Closing', language: 'en', body: 'Closing {{ticket.number}}.', active: true });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId;
    const updated = await app.http().put(`${base}/${documentId}`).set('Authorization', `Bearer ${supervisor.jwt}`).send({ title: 'Closing the ticket', language: 'en', body: 'Closing {{ticket.number}}.', active: true });
    expect(updated.status).toBe(200);
    expect((await app.strapi.db.query(CANNED).findOne({ where: { documentId } })).title).toBe('Closing the ticket');
    expect((await app.http().put(`${base}/${documentId}`).set('Authorization', `Bearer ${agent.jwt}`).send({ title: 'Hijacked' })).status).toBe(403);
  });
});

describe(`SLA events as structured data (${testDb})`, () => {
  it('a warning is stored with its clock and due instant and no English text', async () => {
    const s = app.strapi;
    const t = await d.systemTicket({ subject: 'Due soon' });
    const row = await s.db.query(TICKET).findOne({ where: { documentId: t.documentId } });
    const due = new Date(Date.now() + 10 * 60_000);
    await s.db.query(TICKET).update({ where: { id: row.id }, data: { resolution_due_at: due } });
    await s.plugin('support-desk').service('sla').recordMarks({ clock: 'resolution', kind: 'warning', due: 'resolution_due_at', mark: 'resolution_warned_at' }, [row.id]);
    const [event] = await d.events(row.id, 'sla_warning');
    expect(event.body).toBeNull();
    expect(event.data).toMatchObject({ clock: 'resolution', due_at: due.toISOString() });
  });
});
