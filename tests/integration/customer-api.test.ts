/**
 * The customer API (/api/support-desk/customer/...): contacts of two organizations log in with
 * users-permissions and work their tickets while an integration (API token) plays the agent.
 * Organization scoping (404), the public timeline only, the output whitelist, mass assignment,
 * optimistic concurrency, bad input, and who is refused (Public, other roles, API tokens).
 */
import { startApp, type TestApp } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { rest, type Rest } from '../helpers/fixtures';

const TICKET = 'api::ticket.ticket';
const EVENT = 'plugin::support-desk.ticket-event';
const PERMISSION = 'plugin::users-permissions.permission';
const BASE = '/api/support-desk/customer/tickets';
const PASSWORD = 'Customer-Test-2026!';

/** The whitelist of contracts/customer.ts CustomerTicket, in its order. */
const TICKET_KEYS = [
  'documentId', 'number', 'subject', 'description', 'status', 'priority', 'channel', 'type', 'urgency', 'impact', 'asset', 'requester',
  'solution', 'first_response_due_at', 'resolution_due_at', 'resolved_at', 'closed_at', 'createdAt', 'updatedAt', 'version', 'actions',
].sort();
const EVENT_KEYS = ['id', 'kind', 'from_status', 'to_status', 'actor_type', 'actor_name', 'body', 'createdAt'].sort();

let app: TestApp;
let token: string;
let r: Rest;
let orgA: any;
let orgB: any;
let assetA: any;
let agentId: number;
let faultCategory: any;
const jwt: Record<'a' | 'a2' | 'b' | 'noOrg' | 'plain', string> = {} as any;
const userIds: Record<string, number> = {};

async function makeUser(key: keyof typeof jwt, roleType: string, organizationId: number | null) {
  const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
  const username = `${key.toLowerCase()}.${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
  const email = `${username}@customer.test`;
  const user = await app.strapi.plugin('users-permissions').service('user').add({
    username, email, password: PASSWORD, provider: 'local', confirmed: true, blocked: false, role: role.id, full_name: `Contact ${key}`,
    preferred_locale: 'en', ...(organizationId ? { organization: organizationId } : {}),
  });
  const login = await app.http().post('/api/auth/local').send({ identifier: email, password: PASSWORD });
  if (login.status !== 200) {
    const stored = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: user.id } });
    throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)} ${JSON.stringify(stored)} ${email}`);
  }
  jwt[key] = login.body.jwt;
  userIds[key] = user.id;
}

beforeAll(async () => {
  app = await startApp();
  token = await fullAccessToken(app.strapi);
  r = rest(app, token);
  orgA = await r.create('organizations', { name: 'Alpha Logistics', code: 'ALPHA', region: 'East China' });
  orgB = await r.create('organizations', { name: 'Beta Hospital', code: 'BETA', region: 'North China' });
  assetA = await r.create('assets', { serial_number: 'SN-ALPHA-001', model: 'SW-9300-48P', product_line: 'Network Switches', organization: orgA.documentId });
  await r.create('assets', { serial_number: 'SN-BETA-001', model: 'ST-7000', product_line: 'Storage Arrays', organization: orgB.documentId });
  faultCategory = await r.create('fault-categories', { name: 'Optics', code: 'OPTICS' });
  agentId = (await app.strapi.db.query('admin::user').create({ data: { firstname: 'Ann', lastname: 'Agent', email: 'ann.agent@example.test', isActive: true } })).id;
  await makeUser('a', 'customer', orgA.id);
  await makeUser('a2', 'customer', orgA.id);
  await makeUser('b', 'customer', orgB.id);
  await makeUser('noOrg', 'customer', null);
  await makeUser('plain', 'authenticated', null);
});
afterAll(async () => {
  await app?.stop();
});

// --- helpers -----------------------------------------------------------------------------------

const as = (who: string | null) => {
  const auth = (req: any) => (who ? req.set('Authorization', `Bearer ${who}`) : req);
  return {
    get: (url: string, query: Record<string, unknown> = {}) => auth(app.http().get(url).query(query)),
    post: (url: string, body: unknown = {}) => auth(app.http().post(url)).send(body as object),
  };
};
const customer = (key: keyof typeof jwt) => as(jwt[key]);
const agent = () => as(token);
const row = (documentId: string) => app.strapi.db.query(TICKET).findOne({ where: { documentId }, populate: ['organization', 'requester', 'asset'] });
const ticketCount = () => app.strapi.db.query(TICKET).count({});
const eventCount = () => app.strapi.db.query(EVENT).count({});

async function openTicket(key: keyof typeof jwt = 'a', data: Record<string, unknown> = {}) {
  const res = await customer(key).post(BASE, { subject: 'Uplink port flapping', description: 'Port 49 goes down every few minutes.', type: 'consultation', ...data });
  expect(res.status).toBe(201);
  return res.body.data;
}

/** Runs an agent action through the integration endpoint; returns the new version. */
async function agentStep(documentId: string, body: Record<string, unknown>) {
  const version = (await row(documentId)).version;
  const res = await agent().post(`/api/support-desk/tickets/${documentId}/transitions`, { version, ...body });
  if (res.status !== 200) throw new Error(`${body.action}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.version as number;
}
/** new → triaged → in_progress. */
async function startWork(documentId: string) {
  await agentStep(documentId, { action: 'triage', assignee: agentId });
  await agentStep(documentId, { action: 'start' });
}

/** A 4xx that wrote nothing: same ticket count, same event count, and the ticket (if any) unchanged. */
async function expectNothingWritten(documentId: string | null, fn: () => Promise<any>, status: number) {
  const [tickets, events] = [await ticketCount(), await eventCount()];
  const before = documentId ? await row(documentId) : null;
  const res = await fn();
  expect(res.status).toBe(status);
  expect(await ticketCount()).toBe(tickets);
  expect(await eventCount()).toBe(events);
  if (documentId) {
    const after = await row(documentId);
    expect({ state: after.state, version: after.version, updatedAt: String(after.updatedAt) }).toEqual({ state: before.state, version: before.version, updatedAt: String(before.updatedAt) });
  }
  return res;
}

// --- tests -------------------------------------------------------------------------------------

describe('roles', () => {
  it('the Customer role is granted exactly the customer routes; Public and Authenticated none of them (nor tickets)', async () => {
    const perms = async (type: string) => {
      const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } });
      return (await app.strapi.db.query(PERMISSION).findMany({ where: { role: { id: role.id } } })).map((p: any) => p.action).sort();
    };
    const ours = ['approve', 'comment', 'confirm', 'create', 'find', 'findOne', 'reject', 'reopen', 'unknownAction'].map((a) => `plugin::support-desk.customer-tickets.${a}`);
    // (Other features grant the role their own public actions, e.g. the KB; nothing else about tickets.)
    expect((await perms('customer')).filter((a: string) => a.includes('ticket'))).toEqual(ours);
    expect((await perms('public')).filter((a: string) => a.includes('customer-tickets') || a.startsWith('api::ticket'))).toEqual([]);
    expect((await perms('authenticated')).filter((a: string) => a.includes('customer-tickets'))).toEqual([]);
  });
});

describe('who may call', () => {
  const ROUTES: Array<['get' | 'post', string]> = [
    ['get', BASE], ['post', BASE], ['get', `${BASE}/DOC`], ['post', `${BASE}/DOC/comments`],
    ['post', `${BASE}/DOC/approve`], ['post', `${BASE}/DOC/reject`], ['post', `${BASE}/DOC/confirm`], ['post', `${BASE}/DOC/reopen`],
    ['post', `${BASE}/DOC/escalate`],
  ];
  let doc: string;
  beforeAll(async () => {
    doc = (await openTicket('a')).documentId;
  });
  const call = (who: ReturnType<typeof as>, method: 'get' | 'post', path: string) =>
    method === 'get' ? who.get(path.replace('DOC', doc)) : who.post(path.replace('DOC', doc), { subject: 'x', body: 'x', version: 1 });

  it.each(ROUTES)('Public: %s %s is 403 and writes nothing', async (method, path) => {
    await expectNothingWritten(doc, () => call(as(null), method, path), 403);
  });

  it.each(ROUTES)('an authenticated user without the Customer role: %s %s is 403', async (method, path) => {
    await expectNothingWritten(doc, () => call(as(jwt.plain), method, path), 403);
  });

  it.each(ROUTES)('an API token (integration): %s %s is 403 naming the customer login', async (method, path) => {
    const res = await expectNothingWritten(doc, () => call(as(token), method, path), 403);
    expect(res.body.error.message).toMatch(/customer contacts: log in with POST \/api\/auth\/local/);
  });

  it('a customer contact without an organization is 403 with a message saying so', async () => {
    const res = await customer('noOrg').get(BASE);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/not linked to a customer organization/);
    const create = await expectNothingWritten(null, () => customer('noOrg').post(BASE, { subject: 'Hello' }), 403);
    expect(create.body.error.message).toMatch(/not linked/);
  });

  it('even if an admin grants another role the permission, the policy still requires the Customer role', async () => {
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    const grant = await app.strapi.db.query(PERMISSION).create({ data: { action: 'plugin::support-desk.customer-tickets.find', role: role.id } });
    try {
      const res = await as(jwt.plain).get(BASE);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/Customer role/);
    } finally {
      await app.strapi.db.query(PERMISSION).delete({ where: { id: grant.id } });
    }
  });

  it('a customer cannot use the core ticket REST API or the integration endpoints', async () => {
    await expectNothingWritten(doc, () => customer('a').post('/api/tickets', { data: { subject: 'Direct' } }), 403);
    await expectNothingWritten(doc, () => customer('a').get('/api/tickets'), 403);
    await expectNothingWritten(doc, () => customer('a').post(`/api/support-desk/tickets/${doc}/transitions`, { action: 'cancel', version: 1, reason: 'x' }), 403);
  });
});

describe('creating a ticket', () => {
  it('takes organization and requester from the caller, the asset by serial, channel portal; answers the whitelist', async () => {
    const res = await customer('a').post(BASE, { subject: '  Switch reboots  ', description: 'Every night at 2 am.', type: 'fault', urgency: 'high', impact: 'medium', asset_serial: 'SN-ALPHA-001', channel: 'portal' });
    expect(res.status).toBe(201);
    const t = res.body.data;
    expect(Object.keys(t).sort()).toEqual(TICKET_KEYS);
    expect(t).toMatchObject({
      subject: 'Switch reboots', status: 'new', version: 1, priority: 'P2', channel: 'portal', type: 'fault', urgency: 'high', impact: 'medium',
      asset: { serial_number: 'SN-ALPHA-001', model: 'SW-9300-48P' }, requester: { name: 'Contact a' }, solution: null, actions: ['comment'],
    });
    expect(t.number).toMatch(/^TS-\d{6}$/);
    expect(Array.isArray(res.body.meta.suggestions)).toBe(true);
    expect(res.body.meta.timeline.map((e: any) => [e.kind, e.actor_type, e.body])).toEqual([['created', 'customer', 'Switch reboots']]);
    const stored = await row(t.documentId);
    expect(stored.organization.id).toBe(orgA.id);
    expect(stored.requester.id).toBe(userIds.a);
    expect(stored.asset.id).toBe(assetA.id);
    expect(stored).toMatchObject({ product_line: 'Network Switches', region: 'East China' });
    // The answer is built from the ticket as created (no read again): the same as reading it.
    const read = await customer('a').get(`${BASE}/${t.documentId}`);
    expect(read.status).toBe(200);
    expect(t).toEqual(read.body.data);
    expect(res.body.meta.timeline).toEqual(read.body.meta.timeline);
  });

  it('links the new ticket to its organization and requester as the query engine would: each one’s list gets its next place', async () => {
    const links = async (documentId: string) => {
      const id = (await row(documentId)).id;
      const knex = app.strapi.db.connection;
      return {
        organization: await knex('tickets_organization_lnk').where({ ticket_id: id }).select('organization_id', 'ticket_ord'),
        requester: await knex('tickets_requester_lnk').where({ ticket_id: id }).select('user_id', 'ticket_ord'),
      };
    };
    const first = (await customer('a').post(BASE, { subject: 'First of two' }).expect(201)).body.data;
    const second = (await customer('a').post(BASE, { subject: 'Second of two' }).expect(201)).body.data;
    const [a, b] = [await links(first.documentId), await links(second.documentId)];
    expect(a.organization).toHaveLength(1);
    expect(a.requester).toHaveLength(1);
    expect(Number(a.organization[0].organization_id)).toBe(orgA.id);
    expect(Number(a.requester[0].user_id)).toBe(userIds.a);
    expect(Number(b.organization[0].ticket_ord)).toBe(Number(a.organization[0].ticket_ord) + 1);
    expect(Number(b.requester[0].ticket_ord)).toBe(Number(a.requester[0].ticket_ord) + 1);
    // The organization's and the contact's ticket lists, as the Content Manager reads them: the two last, in order.
    const org = await app.strapi.db.query('api::organization.organization').findOne({ where: { id: orgA.id }, populate: { tickets: { select: ['documentId'] } } });
    expect(org.tickets.slice(-2).map((t: any) => t.documentId)).toEqual([first.documentId, second.documentId]);
    const contact = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: userIds.a }, populate: { tickets: { select: ['documentId'] } } });
    expect(contact.tickets.slice(-2).map((t: any) => t.documentId)).toEqual([first.documentId, second.documentId]);
  });

  it('answers KB suggestions: public published articles only', async () => {
    await r.create('kb-articles', { title: 'Fan tray noise on the SW-9300 switch', summary: 'Replace the fan tray.', body: 'A loud fan tray on the SW-9300 switch usually means a worn fan.', visibility: 'public' }, '?status=published');
    await r.create('kb-articles', { title: 'Fan tray noise: engineers only', summary: 'Internal.', body: 'Internal fan tray procedure for the SW-9300 switch.', visibility: 'internal' }, '?status=published');
    const res = await customer('a').post(BASE, { subject: 'Fan tray noise on our switch', description: 'The SW-9300 fan tray is very loud.' });
    expect(res.status).toBe(201);
    const titles = res.body.meta.suggestions.map((a: any) => a.title);
    expect(titles).toContain('Fan tray noise on the SW-9300 switch');
    expect(titles).not.toContain('Fan tray noise: engineers only');
    for (const a of res.body.meta.suggestions) expect(Object.keys(a).sort()).toEqual(['documentId', 'locale', 'slug', 'summary', 'title']);
  });

  it('an asset of another organization is refused like an unknown serial: 400 naming asset_serial, nothing written', async () => {
    for (const serial of ['SN-BETA-001', 'SN-NOWHERE']) {
      const res = await expectNothingWritten(null, () => customer('a').post(BASE, { subject: 'Array slow', asset_serial: serial }), 400);
      expect(res.body.error.details.errors.map((e: any) => e.path[0])).toEqual(['asset_serial']);
      expect(res.body.error.message).toMatch(/not an asset of your organization/);
    }
  });

  it('a missing subject and bad enum values are 400 naming each field', async () => {
    const res = await expectNothingWritten(null, () => customer('a').post(BASE, { description: 'no subject', urgency: 'critical', type: 'wish' }), 400);
    expect(res.body.error.details.errors.map((e: any) => e.path[0]).sort()).toEqual(['subject', 'type', 'urgency']);
    expect(res.body.error.message).toMatch(/subject is required/);
    expect(res.body.error.message).toMatch(/urgency must be one of low, medium, high/);
  });

  // Mass assignment: every field that is not part of the request is refused, protected fields by name.
  it.each([
    ['status', 'closed'], ['number', 'TS-999999'], ['version', 5], ['requester', 1], ['organization', 1], ['priority', 'P1'], ['priority_reason', 'VIP'],
    ['assignee', 1], ['group', 1], ['sla_contract', 1], ['resolved_at', '2026-01-01T00:00:00.000Z'], ['closed_at', '2026-01-01T00:00:00.000Z'],
    ['first_response_due_at', '2030-01-01T00:00:00.000Z'], ['resolution_due_at', '2030-01-01T00:00:00.000Z'], ['sla_paused_minutes', 999],
    ['escalation_level', 3], ['reopen_count', 0], ['root_cause', 'x'], ['solution', 'x'], ['fault_category', 1], ['createdAt', '2020-01-01T00:00:00.000Z'],
    ['id', 1], ['documentId', 'abc'], ['asset', 1], ['product_line', 'x'], ['csat_rating', 5],
  ])('POST %s is refused: 400 naming it, nothing written', async (field, value) => {
    const res = await expectNothingWritten(null, () => customer('a').post(BASE, { subject: 'Sneaky', [field]: value }), 400);
    expect(res.body.error.details.errors.map((e: any) => e.path[0])).toEqual([field]);
    expect(res.body.error.message).toMatch(new RegExp(`${field} cannot be set by a customer`));
  });

  it('unknown fields, a channel other than portal, and a body wrapped in data are refused too', async () => {
    const unknown = await expectNothingWritten(null, () => customer('a').post(BASE, { subject: 'x', colour: 'red' }), 400);
    expect(unknown.body.error.message).toMatch(/Unknown field "colour" \(accepted: subject, description, type, urgency, impact, asset_serial, channel\)/);
    const channel = await expectNothingWritten(null, () => customer('a').post(BASE, { subject: 'x', channel: 'phone' }), 400);
    expect(channel.body.error.details.errors[0].path).toEqual(['channel']);
    const wrapped = await expectNothingWritten(null, () => customer('a').post(BASE, { data: { subject: 'x' } }), 400);
    expect(wrapped.body.error.message).toMatch(/top level of the body/);
  });
});

describe('the full flow', () => {
  it('create → info requested → reply resumes → proposed → rejected → proposed → approved → resolved → confirmed → reopened → closed; window enforced', async () => {
    const t = await openTicket('a', { type: 'fault', asset_serial: 'SN-ALPHA-001' });
    const url = `${BASE}/${t.documentId}`;
    await startWork(t.documentId);

    // Agent asks for information (public), and writes an internal note.
    await agentStep(t.documentId, { action: 'request_info', message: 'Please send the output of show logging.' });
    const note = await agent().post(`/api/support-desk/tickets/${t.documentId}/comments`, { body: 'SECRET-INTERNAL-NOTE: customer firmware is pirated', visibility: 'internal' });
    expect(note.status).toBe(201);
    let view = await customer('a').get(url);
    expect(view.status).toBe(200);
    expect(view.body.data).toMatchObject({ status: 'awaiting_customer', actions: ['comment'] });
    expect(view.body.meta.timeline.map((e: any) => e.body)).toContain('Please send the output of show logging.');
    expect(JSON.stringify(view.body)).not.toMatch(/SECRET-INTERNAL-NOTE/);

    // The customer's comment is their reply: the ticket resumes.
    const reply = await customer('a').post(`${url}/comments`, { body: 'Here is the log: link flap on Te1/0/49.' });
    expect(reply.status).toBe(201);
    expect(reply.body.data.status).toBe('in_progress');
    const replyEvent = reply.body.meta.timeline.at(-1);
    expect(Object.keys(replyEvent).sort()).toEqual(EVENT_KEYS);
    expect(replyEvent).toMatchObject({ kind: 'transition', from_status: 'awaiting_customer', to_status: 'in_progress', actor_type: 'customer', body: 'Here is the log: link flap on Te1/0/49.' });

    // A comment while in progress is just a comment.
    const plain = await customer('a2').post(`${url}/comments`, { body: 'Colleague here: it also happens on port 50.' });
    expect(plain.status).toBe(201);
    expect(plain.body.data.status).toBe('in_progress');
    expect(plain.body.meta.timeline.at(-1)).toMatchObject({ kind: 'comment', actor_type: 'customer', body: 'Colleague here: it also happens on port 50.' });
    // Answered from the ticket as read before the comment (not read again): the same as a fresh read.
    expect(plain.body).toEqual((await customer('a2').get(url)).body);

    // Proposed → rejected with a reason.
    await agentStep(t.documentId, { action: 'propose_solution', solution: 'Replace the SFP+ optic in port 49.' });
    view = await customer('a').get(url);
    expect(view.body.data).toMatchObject({ status: 'solution_proposed', solution: 'Replace the SFP+ optic in port 49.', actions: ['comment', 'approve', 'reject'] });
    const rejected = await customer('a').post(`${url}/reject`, { version: view.body.data.version, reason: 'We already replaced it last week.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.data).toMatchObject({ status: 'in_progress', solution: null, version: view.body.data.version + 1 });
    expect(rejected.body.meta.timeline.at(-1)).toMatchObject({ kind: 'transition', to_status: 'in_progress', actor_type: 'customer', body: 'We already replaced it last week.' });

    // Proposed → approved.
    await agentStep(t.documentId, { action: 'propose_solution', solution: 'Update firmware to 17.9.4 (fixes the optic driver).' });
    view = await customer('a').get(url);
    const approved = await customer('a').post(`${url}/approve`, { version: view.body.data.version });
    expect(approved.status).toBe(200);
    expect(approved.body.data.status).toBe('in_progress');

    // Resolved (with internal fields) → confirmed.
    await agentStep(t.documentId, { action: 'resolve', resolution_method: 'update', solution: 'Firmware updated to 17.9.4.', fault_category: faultCategory.documentId, root_cause: 'SECRET-ROOT-CAUSE: driver bug' });
    view = await customer('a').get(url);
    expect(view.body.data).toMatchObject({ status: 'resolved', solution: 'Firmware updated to 17.9.4.', actions: ['comment', 'confirm', 'reopen'] });
    expect(view.body.data.resolved_at).toEqual(expect.any(String));
    expect(JSON.stringify(view.body)).not.toMatch(/SECRET-ROOT-CAUSE|SECRET-INTERNAL-NOTE|root_cause|resolution_method|assignee|priority_reason|sla_contract/);
    const confirmed = await customer('a').post(`${url}/confirm`, { version: view.body.data.version });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toMatchObject({ status: 'closed', actions: ['reopen'] });
    expect(confirmed.body.data.closed_at).toEqual(expect.any(String));

    // Reopen within the window.
    const reopened = await customer('a').post(`${url}/reopen`, { version: confirmed.body.data.version, reason: 'It came back after a week.' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.data).toMatchObject({ status: 'in_progress', closed_at: null, resolved_at: null });
    expect((await row(t.documentId)).reopen_count).toBe(1);

    // Resolved and closed again; 8 days later a reopen is refused and nothing is written.
    await agentStep(t.documentId, { action: 'resolve', resolution_method: 'update', solution: 'Replaced the whole switch.' });
    view = await customer('a').get(url);
    const closedAgain = await customer('a').post(`${url}/confirm`, { version: view.body.data.version });
    expect(closedAgain.status).toBe(200);
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    await app.strapi.db.query(TICKET).update({ where: { documentId: t.documentId }, data: { closed_at: eightDaysAgo } });
    view = await customer('a').get(url);
    expect(view.body.data.actions).toEqual([]);
    const late = await expectNothingWritten(t.documentId, () => customer('a').post(`${url}/reopen`, { version: view.body.data.version }), 400);
    expect(late.body.error.message).toMatch(/can only be reopened within 7 days of closing/);
    expect(late.body.error.details.code).toBe('reopen_window_expired');

    // The whole public timeline, as the customer sees it, never carries internal events or data.
    const timeline = (await customer('a').get(url)).body.meta.timeline;
    for (const e of timeline) expect(Object.keys(e).sort()).toEqual(EVENT_KEYS);
    const internal = await app.strapi.db.query(EVENT).findMany({ where: { ticket: { id: (await row(t.documentId)).id }, visibility: 'internal' } });
    expect(internal.length).toBeGreaterThan(0); // assignment, the note, …
    const shownIds = new Set(timeline.map((e: any) => e.id));
    for (const e of internal) expect(shownIds.has(e.id)).toBe(false);
  });
});

describe('listing', () => {
  let mine: any[];
  beforeAll(async () => {
    mine = [];
    for (let i = 0; i < 3; i += 1) mine.push(await openTicket('a', { subject: `List ${i}` }));
    await openTicket('b', { subject: 'Beta only' });
  });

  it('shows the organization’s tickets only (any contact’s), newest first, with the whitelist', async () => {
    const res = await customer('a2').get(BASE, { pageSize: 100 });
    expect(res.status).toBe(200);
    const rows = res.body.data;
    expect(rows.length).toBe(res.body.meta.pagination.total);
    expect(rows.every((t: any) => !t.subject.includes('Beta'))).toBe(true);
    const orgIds = await Promise.all(rows.map(async (t: any) => (await row(t.documentId)).organization.id));
    expect(new Set(orgIds)).toEqual(new Set([orgA.id]));
    expect(rows.slice(0, 3).map((t: any) => t.subject)).toEqual(['List 2', 'List 1', 'List 0']);
    for (const t of rows) expect(Object.keys(t).sort()).toEqual(TICKET_KEYS);
    const created = rows.map((t: any) => Date.parse(t.createdAt));
    expect([...created].sort((x, y) => y - x)).toEqual(created);
    const b = await customer('b').get(BASE);
    expect(b.body.data.map((t: any) => t.subject)).toEqual(['Beta only']);
  });

  it('pages (pageSize capped at 100) and filters by status', async () => {
    const page2 = await customer('a').get(BASE, { page: 2, pageSize: 1 });
    expect(page2.body.data.map((t: any) => t.subject)).toEqual(['List 1']);
    expect(page2.body.meta.pagination).toMatchObject({ page: 2, pageSize: 1 });
    expect(page2.body.meta.pagination.pageCount).toBe(page2.body.meta.pagination.total);
    const capped = await customer('a').get(BASE, { pageSize: 5000 });
    expect(capped.body.meta.pagination.pageSize).toBe(100);
    await startWork(mine[0].documentId);
    const working = await customer('a').get(BASE, { status: 'in_progress' });
    expect(working.body.data.map((t: any) => t.documentId)).toContain(mine[0].documentId);
    expect(working.body.data.every((t: any) => t.status === 'in_progress')).toBe(true);
    const several = await customer('a').get(BASE, { status: 'new,in_progress' });
    expect(several.body.data.every((t: any) => ['new', 'in_progress'].includes(t.status))).toBe(true);
  });

  it('bad list parameters are 400 naming them', async () => {
    const status = await customer('a').get(BASE, { status: 'open' });
    expect(status.status).toBe(400);
    expect(status.body.error.message).toMatch(/Unknown status "open" \(statuses: new, triaged/);
    const page = await customer('a').get(BASE, { page: 0 });
    expect(page.status).toBe(400);
    expect(page.body.error.details.errors[0].path).toEqual(['page']);
    const other = await customer('a').get(BASE, { 'filters[organization][id]': orgB.id });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toMatch(/Unknown query parameter "filters"/);
  });
});

describe('another organization’s ticket is 404, exactly like an unknown one', () => {
  it.each([
    ['get', ''], ['post', '/comments'], ['post', '/approve'], ['post', '/reject'], ['post', '/confirm'], ['post', '/reopen'],
  ])('%s …%s', async (method, suffix) => {
    const theirs = await openTicket('b', { subject: 'Beta private' });
    await startWork(theirs.documentId);
    await agentStep(theirs.documentId, { action: 'propose_solution', solution: 'Beta solution' });
    const version = (await row(theirs.documentId)).version;
    const body = suffix === '/comments' ? { body: 'peek' } : { version };
    const send = (id: string) => (method === 'get' ? customer('a').get(`${BASE}/${id}${suffix}`) : customer('a').post(`${BASE}/${id}${suffix}`, body));
    const res = await expectNothingWritten(theirs.documentId, () => send(theirs.documentId), 404);
    const unknown = await send('nosuchdocumentid000000000');
    expect(unknown.status).toBe(404);
    expect(res.body.error.name).toBe(unknown.body.error.name);
    expect(res.body.error.message.replace(theirs.documentId, 'ID')).toBe(unknown.body.error.message.replace('nosuchdocumentid000000000', 'ID'));
    expect(JSON.stringify(res.body)).not.toMatch(/Beta/);
    // Their own contact still can.
    expect((await customer('b').get(`${BASE}/${theirs.documentId}`)).status).toBe(200);
  });
});

describe('bad input on the actions: 4xx a person can act on, nothing written', () => {
  let t: any;
  beforeEach(async () => {
    t = await openTicket('a');
    await startWork(t.documentId);
    await agentStep(t.documentId, { action: 'propose_solution', solution: 'Reboot the switch.' });
  });
  const url = (suffix: string) => `${BASE}/${t.documentId}${suffix}`;

  it('a stale version is 409 with the current version', async () => {
    const current = (await row(t.documentId)).version;
    const res = await expectNothingWritten(t.documentId, () => customer('a').post(url('/approve'), { version: current - 1 }), 409);
    expect(res.body.error.details.currentVersion).toBe(current);
    expect(res.body.error.message).toMatch(/Reload the ticket and try again/);
  });

  it('a missing version is 400 naming version', async () => {
    const res = await expectNothingWritten(t.documentId, () => customer('a').post(url('/approve'), {}), 400);
    expect(res.body.error.message).toMatch(/version is required/);
  });

  it('an action the status does not allow is 400 naming the status and what is allowed', async () => {
    const version = (await row(t.documentId)).version;
    const res = await expectNothingWritten(t.documentId, () => customer('a').post(url('/confirm'), { version }), 400);
    expect(res.body.error.message).toMatch(/Cannot "confirm" a ticket in status "solution_proposed"/);
    expect(res.body.error.details.allowed).toEqual(['approve_solution', 'reject_solution']);
  });

  it('an unknown action (or one that is not the customer\'s) is 400 listing the customer actions', async () => {
    const version = (await row(t.documentId)).version;
    for (const action of ['escalate', 'cancel', 'resolve']) {
      const res = await expectNothingWritten(t.documentId, () => customer('a').post(url(`/${action}`), { version, reason: 'x' }), 400);
      expect(res.body.error.message).toMatch(new RegExp(`Unknown action "${action}" on a ticket\\. Customer actions: .*approve`));
    }
  });

  it('an unknown ticket is 404', async () => {
    for (const suffix of ['', '/comments', '/approve']) {
      const send = suffix ? customer('a').post(`${BASE}/nosuchdocumentid000000000${suffix}`, suffix === '/comments' ? { body: 'x' } : { version: 1 }) : customer('a').get(`${BASE}/nosuchdocumentid000000000`);
      const res = await expectNothingWritten(null, () => send, 404);
      expect(res.body.error.message).toBe('No ticket with id "nosuchdocumentid000000000" in your organization.');
    }
  });

  it.each([['status', 'closed'], ['priority', 'P1'], ['solution', 'mine'], ['assignee', 1], ['version_override', 1], ['requester', 1]])(
    'mass assignment on an action: %s is 400 naming it',
    async (field, value) => {
      const version = (await row(t.documentId)).version;
      const res = await expectNothingWritten(t.documentId, () => customer('a').post(url('/approve'), { version, [field]: value }), 400);
      expect(res.body.error.details.errors.map((e: any) => e.path[0])).toEqual([field]);
    },
  );

  it('a comment with a visibility, an empty body or a non-string body is refused', async () => {
    const vis = await expectNothingWritten(t.documentId, () => customer('a').post(url('/comments'), { body: 'hidden?', visibility: 'internal' }), 400);
    expect(vis.body.error.details.errors[0].path).toEqual(['visibility']);
    const empty = await expectNothingWritten(t.documentId, () => customer('a').post(url('/comments'), { body: '   ' }), 400);
    expect(empty.body.error.message).toMatch(/body is required/);
    await expectNothingWritten(t.documentId, () => customer('a').post(url('/comments'), { body: { text: 'x' } }), 400);
  });

  it('a comment on a closed ticket says to reopen', async () => {
    const version = (await row(t.documentId)).version;
    await customer('a').post(url('/approve'), { version });
    await agentStep(t.documentId, { action: 'resolve', resolution_method: 'guidance', solution: 'Rebooted.' });
    await customer('a').post(url('/confirm'), { version: (await row(t.documentId)).version });
    const res = await expectNothingWritten(t.documentId, () => customer('a').post(url('/comments'), { body: 'One more thing' }), 400);
    expect(res.body.error.message).toMatch(/is closed: reopen it/);
  });
});
