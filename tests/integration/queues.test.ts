/**
 * The agent's workspace admin routes (services/queues.ts): queues scoped per role, paging and
 * sorting, the agent list (whitelisted), bulk assign with a result per ticket, phone tickets, and the
 * Content Manager's ticket read condition for agents.
 *
 * Tickets in no group yet (before triage) are visible to every agent: the triage inbox.
 * Fixture: G1 (lead: supervisor S; agent A through A's agent profile), G2 (member: agent B).
 *  t1 G1 assignee A, resolution warns in the past, due in 2 h     (at risk)
 *  t2 G1 unassigned, first response overdue by 10 min           (at risk, nearest)
 *  t3 G2 assignee B, awaiting_customer
 *  t4 G2 unassigned
 *  t5 no group, assignee A
 *  t6 G1 closed
 */
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';
import { desk, uniq, TICKET, EVENT } from '../helpers/desk';

let app: TestApp;
let d: ReturnType<typeof desk>;
let S: { jwt: string; id: number };
let A: { jwt: string; id: number };
let B: { jwt: string; id: number };
let SA: { jwt: string; id: number };
let g1: any;
let g2: any;
let org: any;
let otherOrg: any;
let contact: any;
let stranger: any;
let asset: any;
const t: Record<string, any> = {};

const get = (who: { jwt: string }, url: string) => app.http().get(url).set('Authorization', `Bearer ${who.jwt}`);
const post = (who: { jwt: string }, url: string, body: unknown) => app.http().post(url).set('Authorization', `Bearer ${who.jwt}`).send(body as object);
const numbers = (res: any) => res.body.data.map((r: any) => r.number);
const mine = (list: string[]) => list.filter((n) => Object.values(t).some((x) => x.number === n));

beforeAll(async () => {
  app = await startApp();
  const s = app.strapi;
  d = desk(app, await fullAccessToken(s));
  SA = await adminLogin(s, app.http, 'strapi-super-admin');
  S = await adminLogin(s, app.http, 'support-supervisor');
  A = await adminLogin(s, app.http, 'support-agent');
  B = await adminLogin(s, app.http, 'support-agent');
  await s.db.query('admin::user').update({ where: { id: A.id }, data: { firstname: 'Ann', lastname: 'Agent' } });
  g1 = await d.group({ name: 'Switch team', lead: S.id });
  g2 = await d.group({ name: 'Storage team', members: [B.id] });
  await d.profile(A.id, { display_name: 'Ann A.', groups: [g1.id] });
  org = await s.db.query('api::organization.organization').create({ data: { name: 'Acme Networks', code: uniq('AC').slice(0, 12), region: 'east' } });
  otherOrg = await s.db.query('api::organization.organization').create({ data: { name: 'Other Corp', code: uniq('OC').slice(0, 12) } });
  const role = await s.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
  const contactOf = (o: any, name: string) =>
    s.plugin('users-permissions').service('user').add({ username: uniq(name), email: `${uniq(name)}@c.test`.toLowerCase(), password: 'Customer-Test-2026!', provider: 'local', confirmed: true, blocked: false, role: role.id, full_name: `${name} Caller`, phone: '+86 10 5555', organization: o.id });
  contact = await contactOf(org, 'Wang');
  stranger = await contactOf(otherOrg, 'Li');
  asset = await s.db.query('api::asset.asset').create({ data: { serial_number: uniq('SN-'), model: 'SW-9300', product_line: 'Network Switches', organization: org.id } });

  const now = Date.now();
  const at = (min: number) => new Date(now + min * 60_000);
  const make = async (key: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const created = await d.systemTicket({ subject: `Queue ${key}`, ...data });
    t[key] = await s.db.query(TICKET).update({ where: { id: created.id }, data: extra });
  };
  await make('t1', { group: g1.id, assignee: A.id, organization: org.id }, { state: 'in_progress', first_responded_at: at(-50), resolution_warn_at: at(-5), resolution_due_at: at(120) });
  await make('t2', { group: g1.id }, { first_response_warn_at: at(-30), first_response_due_at: at(-10), resolution_due_at: at(300) });
  await make('t3', { group: g2.id, assignee: B.id }, { state: 'awaiting_customer', sla_paused_at: at(-20), resolution_remaining_minutes: 42 });
  await make('t4', { group: g2.id }, { resolution_due_at: at(600) });
  await make('t5', { assignee: A.id }, { resolution_due_at: at(900) });
  await make('t6', { group: g1.id }, { state: 'closed' });
});

afterAll(() => app?.stop());

describe('queues: scoping per role', () => {
  test('agent A: own tickets, unassigned of G1, at risk nearest breach first; no all-open', async () => {
    expect(mine(numbers(await get(A, '/support-desk/queues/mine').expect(200))).sort()).toEqual([t.t1.number, t.t5.number].sort());
    expect(mine(numbers(await get(A, '/support-desk/queues/unassigned').expect(200)))).toEqual([t.t2.number]);
    const risk = await get(A, '/support-desk/queues/at-risk').expect(200);
    expect(mine(numbers(risk))).toEqual([t.t2.number, t.t1.number]);
    const row2 = risk.body.data.find((r: any) => r.number === t.t2.number);
    expect(row2.sla.clock).toBe('first_response');
    expect(row2.sla.remaining_ms).toBeLessThan(0);
    const row1 = risk.body.data.find((r: any) => r.number === t.t1.number);
    expect(row1.sla.clock).toBe('resolution');
    expect(row1.assignee).toEqual({ id: A.id, name: 'Ann A.' });
    expect(row1.organization).toEqual({ documentId: org.documentId, name: 'Acme Networks' });
    expect(Object.keys(row1.assignee)).toEqual(['id', 'name']);
    expect((await get(A, '/support-desk/queues/awaiting').expect(200)).body.data).toEqual([]);
    const forbidden = await get(A, '/support-desk/queues/all-open');
    expect(forbidden.status).toBe(403);
    const summary = await get(A, '/support-desk/queues').expect(200);
    expect(summary.body.data.map((q: any) => q.queue)).toEqual(['mine', 'unassigned', 'at-risk', 'awaiting']);
    expect(summary.body.data.find((q: any) => q.queue === 'at-risk').count).toBe(2);
  });

  test('agent B (G2 member): own, unassigned of G2, awaiting with the paused clock', async () => {
    expect(mine(numbers(await get(B, '/support-desk/queues/unassigned').expect(200)))).toEqual([t.t4.number]);
    const awaiting = await get(B, '/support-desk/queues/awaiting').expect(200);
    expect(mine(numbers(awaiting))).toEqual([t.t3.number]);
    expect(awaiting.body.data[0].sla).toMatchObject({ paused: true, paused_remaining_minutes: 42, remaining_ms: null });
  });

  test('supervisor S (lead of G1): all-open of their groups; super admin: everything open', async () => {
    // G1's and the ticket in no group yet (t5); not G2's.
    expect(mine(numbers(await get(S, '/support-desk/queues/all-open?sort=number').expect(200)))).toEqual([t.t1.number, t.t2.number, t.t5.number]);
    const all = mine(numbers(await get(SA, '/support-desk/queues/all-open?sort=number&pageSize=100').expect(200)));
    expect(all).toEqual([t.t1, t.t2, t.t3, t.t4, t.t5].map((x) => x.number));
  });

  test('paging and sorting are done by the server', async () => {
    const p2 = await get(A, '/support-desk/queues/at-risk?pageSize=1&page=2').expect(200);
    expect(numbers(p2)).toEqual([t.t1.number]);
    expect(p2.body.meta.pagination).toEqual({ page: 2, pageSize: 1, total: 2, pageCount: 2 });
    const desc = await get(SA, '/support-desk/queues/all-open?sort=number&order=desc&pageSize=2').expect(200);
    expect(numbers(desc)).toEqual([t.t5.number, t.t4.number]);
    const bySubject = await get(SA, '/support-desk/queues/all-open?sort=subject&order=asc&pageSize=100').expect(200);
    const subjects = bySubject.body.data.map((r: any) => r.subject);
    expect(subjects).toEqual([...subjects].sort());
  });

  test('bad query parameters: 400 naming the parameter', async () => {
    for (const [url, param] of [
      ['/support-desk/queues/bogus', 'queue'],
      ['/support-desk/queues/mine?page=0', 'page'],
      ['/support-desk/queues/mine?pageSize=1000', 'pageSize'],
      ['/support-desk/queues/mine?sort=password', 'sort'],
      ['/support-desk/queues/mine?order=up', 'order'],
      ['/support-desk/queues/mine?where=1', 'where'],
    ]) {
      const res = await get(A, url);
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual([param]);
    }
    expect((await app.http().get('/support-desk/queues/mine')).status).toBe(401);
  });
});

describe('agents for the assignee picker', () => {
  test('whitelisted fields, groups and open load; scoped to the caller’s groups', async () => {
    const res = await get(S, '/support-desk/agents').expect(200);
    const ann = res.body.data.find((a: any) => a.id === A.id);
    expect(ann).toEqual({ id: A.id, name: 'Ann A.', groups: [{ documentId: g1.documentId, name: 'Switch team', code: g1.code }], open: 2, available: true, capacity: 20 });
    expect(res.body.data.some((a: any) => a.id === B.id)).toBe(false);
    for (const a of res.body.data) expect(Object.keys(a).sort()).toEqual(['available', 'capacity', 'groups', 'id', 'name', 'open']);
    expect(JSON.stringify(res.body)).not.toMatch(/password|resetPasswordToken|email/);
    const all = await get(SA, '/support-desk/agents').expect(200);
    expect(all.body.data.map((a: any) => a.id)).toEqual(expect.arrayContaining([A.id, B.id, S.id]));
  });
});

describe('bulk assign', () => {
  test('one request, a result per ticket: 200, 409 (stale version), 403 (other group), 404; saved through the workflow', async () => {
    const t1 = await d.row(t.t1.documentId);
    const t2 = await d.row(t.t2.documentId);
    const res = await post(S, '/support-desk/tickets/bulk-assign', {
      assignee: A.id,
      reason: 'Morning split',
      tickets: [
        { documentId: t.t2.documentId, version: t2.version },
        { documentId: t.t1.documentId, version: t1.version + 5 },
        { documentId: t.t4.documentId, version: 1 },
        { documentId: 'nosuchticketdocument00', version: 1 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.status)).toEqual([200, 409, 403, 404]);
    expect(res.body.meta).toEqual({ assigned: 1, failed: 3 });
    expect(res.body.data[0].ticket).toMatchObject({ assignee: { id: A.id, name: 'Ann A.' }, version: t2.version + 1 });
    expect(res.body.data[1].message).toMatch(/changed by someone else|version/i);
    const saved = await d.row(t.t2.documentId);
    expect(saved.assignee.id).toBe(A.id);
    expect((await d.events(saved.id, 'assignment')).length).toBeGreaterThan(0);
    expect((await d.row(t.t4.documentId)).assignee).toBeNull();
    expect((await d.row(t.t1.documentId)).version).toBe(t1.version);
  });

  test('agents may not bulk-assign (403); bad bodies are 400 with nothing written', async () => {
    const t4 = await d.row(t.t4.documentId);
    expect((await post(A, '/support-desk/tickets/bulk-assign', { assignee: A.id, tickets: [{ documentId: t.t4.documentId, version: t4.version }] })).status).toBe(403);
    const bad = [
      [{ assignee: A.id, tickets: [] }, 'tickets'],
      [{ tickets: [{ documentId: t.t4.documentId, version: t4.version }] }, 'assignee'],
      [{ assignee: 'bob', tickets: [{ documentId: t.t4.documentId, version: t4.version }] }, 'assignee'],
      [{ assignee: A.id, tickets: [{ documentId: t.t4.documentId }] }, 'tickets[0].version'],
      [{ assignee: 999999, tickets: [{ documentId: t.t4.documentId, version: t4.version }] }, 'assignee'],
      [{ assignee: A.id, group: 'nosuchgroup', tickets: [{ documentId: t.t4.documentId, version: t4.version }] }, 'group'],
    ] as const;
    for (const [body, path] of bad) {
      const res = await post(SA, '/support-desk/tickets/bulk-assign', body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual([path]);
    }
    // Another supervisor's group as the target group: 403.
    const res = await post(S, '/support-desk/tickets/bulk-assign', { group: g2.documentId, tickets: [{ documentId: t.t2.documentId, version: 1 }] });
    expect(res.status).toBe(403);
    expect((await d.row(t.t4.documentId)).version).toBe(t4.version);
  });
});

describe('phone tickets', () => {
  test('organizations, contacts and assets for the form, whitelisted', async () => {
    const orgs = await get(A, '/support-desk/phone/organizations?q=acme').expect(200);
    expect(orgs.body.data).toEqual([{ documentId: org.documentId, name: 'Acme Networks', code: org.code }]);
    const res = await get(A, `/support-desk/phone/organizations/${org.documentId}/contacts?q=wang`).expect(200);
    expect(res.body.data.contacts.map((c: any) => c.documentId)).toEqual([contact.documentId]);
    expect(Object.keys(res.body.data.contacts[0]).sort()).toEqual(['documentId', 'email', 'id', 'name', 'phone', 'username']);
    expect(res.body.data.assets).toEqual([{ documentId: asset.documentId, serial_number: asset.serial_number, model: 'SW-9300', product_line: 'Network Switches' }]);
    expect(JSON.stringify(res.body)).not.toMatch(/password|Token/);
    expect((await get(A, '/support-desk/phone/organizations/nosuchorg/contacts')).status).toBe(404);
  });

  test('created through the ticket service: number, channel phone, priority from the matrix, timeline; the agent can open it in the CM', async () => {
    const res = await post(A, '/support-desk/tickets', {
      organization: org.documentId, requester: contact.documentId, asset: asset.documentId,
      subject: 'Switch stack lost its VLANs', description: 'Called at 9:10.', urgency: 'high', impact: 'high', type: 'fault',
    });
    expect(res.status).toBe(201);
    const ticket = res.body.data;
    expect(ticket).toMatchObject({ channel: 'phone', state: 'new', priority: 'P1', product_line: 'Network Switches', region: 'east' });
    expect(ticket.number).toMatch(/^TS-\d{6}$/);
    expect(ticket.requester.documentId).toBe(contact.documentId);
    expect(ticket.organization.documentId).toBe(org.documentId);
    const row = await app.strapi.db.query(TICKET).findOne({ where: { documentId: ticket.documentId } });
    const created = await app.strapi.db.query(EVENT).findMany({ where: { ticket: { id: row.id }, kind: 'created' } });
    expect(created).toHaveLength(1);
    expect(created[0].data).toMatchObject({ channel: 'phone', priority: 'P1', number: ticket.number });
    const cm = await get(A, `/content-manager/collection-types/${TICKET}/${ticket.documentId}`);
    expect(cm.status).toBe(200);
  });

  test('bad input: 400 naming the field, nothing written', async () => {
    const before = await app.strapi.db.query(TICKET).count();
    const cases = [
      [{ organization: org.documentId, requester: stranger.documentId, subject: 'x' }, 'requester'],
      [{ organization: org.documentId, requester: contact.documentId, subject: '' }, 'subject'],
      [{ organization: 'nope', requester: contact.documentId, subject: 'x' }, 'organization'],
      [{ organization: org.documentId, requester: contact.documentId, subject: 'x', urgency: 'extreme' }, 'urgency'],
      [{ organization: org.documentId, requester: contact.documentId, subject: 'x', asset: 'nosuchasset' }, 'asset'],
      [{ organization: org.documentId, requester: contact.documentId, subject: 'x', state: 'resolved' }, 'state'],
    ] as const;
    for (const [body, path] of cases) {
      const res = await post(A, '/support-desk/tickets', body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual([path]);
    }
    expect(await app.strapi.db.query(TICKET).count()).toBe(before);
  });
});

describe('Content Manager ticket list for agents (RBAC condition)', () => {
  test('agent A lists the tickets of G1, those in no group, their own and those they created; not G2’s', async () => {
    const res = await get(A, `/content-manager/collection-types/${TICKET}?page=1&pageSize=100`).expect(200);
    const listed = res.body.results.map((r: any) => r.number);
    expect(listed).toEqual(expect.arrayContaining([t.t1.number, t.t2.number, t.t5.number, t.t6.number]));
    expect(listed).not.toContain(t.t3.number);
    expect(listed).not.toContain(t.t4.number);
    expect((await get(A, `/content-manager/collection-types/${TICKET}/${t.t4.documentId}`)).status).toBe(403);
    // B (G2) reads G2's tickets and the group-less t5, not G1's.
    const listedB = (await get(B, `/content-manager/collection-types/${TICKET}?page=1&pageSize=100`).expect(200)).body.results.map((r: any) => r.number);
    expect(listedB).toEqual(expect.arrayContaining([t.t3.number, t.t4.number, t.t5.number]));
    expect(listedB).not.toContain(t.t1.number);
    expect((await get(B, `/content-manager/collection-types/${TICKET}/${t.t5.documentId}`)).status).toBe(200);
    const sup = await get(S, `/content-manager/collection-types/${TICKET}?page=1&pageSize=100`).expect(200);
    expect(sup.body.results.map((r: any) => r.number)).toEqual(expect.arrayContaining([t.t3.number, t.t4.number]));
  });
});
