/**
 * Attack classes on write paths:
 * - integration routes opened to a users-permissions role by mistake (tickets, escalations, visits);
 * - hard-deleting tickets (core REST with a full-access token, Content Manager delete and bulk delete);
 * - forging timeline events (Content Manager, document service);
 * - writing system-maintained ticket fields (csat_rating, number, SLA timestamps, counters …);
 * - `version` that is not a positive integer JSON number, on every endpoint that takes one.
 * Every refusal is a 4xx with a message naming what is wrong, and writes nothing.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken, readOnlyToken } from '../helpers/auth';
import { desk, EVENT, TICKET } from '../helpers/desk';

let app: TestApp;
let token: string;
let d: ReturnType<typeof desk>;
let superAdmin: { jwt: string };
let customerJwt: string;
let orgId: number;

const PASSWORD = 'Customer2026!';
const CM = '/content-manager/collection-types';

beforeAll(async () => {
  app = await startApp();
  token = await fullAccessToken(app.strapi, 'write-paths');
  d = desk(app, token);
  superAdmin = await adminLogin(app.strapi, app.http, 'strapi-super-admin');
  const org = await app.strapi.db.query('api::organization.organization').create({ data: { name: 'Gamma Rail', code: `GAMMA-${Date.now()}`.slice(0, 20) } });
  orgId = org.id;
  const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
  const email = `gamma.${Date.now()}@customer.test`;
  await app.strapi.plugin('users-permissions').service('user').add({ username: `gamma${Date.now()}`, email, password: PASSWORD, provider: 'local', confirmed: true, blocked: false, role: role.id, organization: org.id });
  const login = await app.http().post('/api/auth/local').send({ identifier: email, password: PASSWORD });
  customerJwt = login.body.jwt;
});

afterAll(async () => {
  await app?.stop();
});

const cm = (method: 'get' | 'put' | 'post' | 'delete', path: string, body?: object) => {
  const req = app.http()[method](path).set('Authorization', `Bearer ${superAdmin.jwt}`);
  return body ? req.send(body) : req;
};
/**
 * The edit form the Content Manager loads and sends back whole on save: every scalar field as
 * loaded (relations as counts are left out, and `status`: the Content Manager's own draft & publish
 * status it adds to every document; the ticket's workflow field is `state`).
 */
async function cmForm(documentId: string) {
  const data = (await cm('get', `${CM}/${TICKET}/${documentId}`)).body.data as Record<string, unknown>;
  return Object.fromEntries(Object.entries(data).filter(([k, v]) => k !== 'status' && !(v && typeof v === 'object' && 'count' in v)));
}
const ticketRow = (documentId: string) => app.strapi.db.query(TICKET).findOne({ where: { documentId } });

describe(`integration routes need an API token (${testDb})`, () => {
  test('granted to the Customer and Public roles by mistake, they still answer 403 with a message', async () => {
    const t = await d.ticket({ organization: orgId });
    const plain = ['ticket', 'escalation', 'onsite-visit'];
    for (const type of ['customer', 'public']) {
      const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } });
      const actions = [
        ...plain.flatMap((p) => ['find', 'findOne', 'create', 'update', 'delete'].map((a) => `api::${p}.${p}.${a}`)),
        ...['findOne', 'timeline', 'transition', 'comment', 'assign'].map((a) => `plugin::support-desk.tickets.${a}`),
        ...['list', 'create', 'answer', 'close'].map((a) => `plugin::support-desk.escalations.${a}`),
        ...['list', 'schedule', 'arrive', 'complete', 'cancel'].map((a) => `plugin::support-desk.visits.${a}`),
      ];
      for (const action of actions) await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
    }
    const before = await app.strapi.db.query(TICKET).count({});
    const calls: Array<[string, string, object?]> = [
      ['get', '/api/tickets'],
      ['get', `/api/tickets/${t.documentId}`],
      ['post', '/api/tickets', { data: { subject: 'Sneaky', urgency: 'low', impact: 'low' } }],
      ['put', `/api/tickets/${t.documentId}`, { data: { subject: 'Changed', version: t.version } }],
      ['delete', `/api/tickets/${t.documentId}`],
      ['get', '/api/escalations'],
      ['get', '/api/onsite-visits'],
      ['get', `/api/support-desk/tickets/${t.documentId}`],
      ['get', `/api/support-desk/tickets/${t.documentId}/timeline`],
      ['post', `/api/support-desk/tickets/${t.documentId}/transitions`, { action: 'triage', version: t.version }],
      ['post', `/api/support-desk/tickets/${t.documentId}/comments`, { body: 'hi' }],
      ['get', `/api/support-desk/tickets/${t.documentId}/escalations`],
      ['post', `/api/support-desk/tickets/${t.documentId}/escalations`, { department: 'rd', reason: 'x', version: t.version }],
      ['get', `/api/support-desk/tickets/${t.documentId}/visits`],
    ];
    for (const [who, auth] of [['customer', customerJwt], ['public', null]] as const) {
      for (const [method, path, body] of calls) {
        let req = (app.http() as any)[method](path);
        if (auth) req = req.set('Authorization', `Bearer ${auth}`);
        const res = body ? await req.send(body) : await req;
        expect({ who, method, path, status: res.status }).toEqual({ who, method, path, status: 403 });
        expect(res.body.error.message).toMatch(/API token/);
      }
    }
    expect(await app.strapi.db.query(TICKET).count({})).toBe(before);
    expect((await ticketRow(t.documentId)).subject).toBe('Switch down');
    // the customer API still works for the customer
    await app.http().get('/api/support-desk/customer/tickets').set('Authorization', `Bearer ${customerJwt}`).expect(200);
    // and an API token still passes, within its own scope: a read-only token reads but cannot write
    await d.api.get(`/api/support-desk/tickets/${t.documentId}`).expect(200);
    const ro = await readOnlyToken(app.strapi, 'write-paths-ro');
    for (const plural of ['tickets', 'escalations', 'onsite-visits']) {
      await app.http().get(`/api/${plural}`).set('Authorization', `Bearer ${ro}`).expect(200);
      await app.http().post(`/api/${plural}`).set('Authorization', `Bearer ${ro}`).send({ data: { subject: 'x' } }).expect(403);
    }
    await app.http().put(`/api/tickets/${t.documentId}`).set('Authorization', `Bearer ${ro}`).send({ data: { subject: 'x', version: t.version } }).expect(403);
  });

  test("every app type's core routes but the KB's are for integrations: granted by mistake, a role reads and writes nothing", async () => {
    // Enumerated from Strapi's registry, so a type added later is covered without editing this test.
    const KB_TYPES = ['api::kb-article.kb-article', 'api::kb-category.kb-category'];
    // Types with core REST routes (a type without routes, like the KB synonyms, answers 404 anyway).
    const hasRoutes = (apiName: string) => Object.keys((app.strapi as any).apis[apiName]?.routes ?? {}).length > 0;
    const types = Object.values(app.strapi.contentTypes as Record<string, any>).filter((ct) => ct.uid.startsWith('api::') && !KB_TYPES.includes(ct.uid) && hasRoutes(ct.apiName));
    expect(types.length).toBeGreaterThanOrEqual(18);
    for (const type of ['customer', 'public']) {
      const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } });
      for (const ct of types) {
        for (const a of ['find', 'findOne', 'create']) await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action: `${ct.uid}.${a}`, role: role.id } });
      }
    }
    for (const ct of types) {
      const base = `/api/${ct.info.pluralName}`;
      const before = await app.strapi.db.query(ct.uid).count({});
      for (const [who, auth] of [['customer', customerJwt], ['public', null]] as const) {
        for (const [method, path] of [['get', base], ['get', `${base}/x1y2z3`], ['post', base]] as const) {
          let req = (app.http() as any)[method](path);
          if (auth) req = req.set('Authorization', `Bearer ${auth}`);
          const res = method === 'post' ? await req.send({ data: { name: 'Sneaky' } }) : await req;
          expect({ uid: ct.uid, who, method, path, status: res.status }).toEqual({ uid: ct.uid, who, method, path, status: 403 });
          expect(res.body.error.message).toMatch(/API token/);
        }
      }
      expect({ uid: ct.uid, count: await app.strapi.db.query(ct.uid).count({}) }).toEqual({ uid: ct.uid, count: before });
    }
    // The public site still reads the KB through the core routes it is granted.
    const publicRole = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action: 'api::kb-article.kb-article.find', role: publicRole.id } });
    await app.http().get('/api/kb-articles').expect(200);
  });
});

describe(`tickets are never hard-deleted (${testDb})`, () => {
  test('core REST with a full-access token, Content Manager delete and bulk delete: 405, ticket and timeline stay', async () => {
    const t = await d.ticket();
    const events = (await d.events(t.id)).length;
    expect(events).toBeGreaterThan(0);
    const rest = await d.api.get(`/api/tickets/${t.documentId}`).then(() => app.http().delete(`/api/tickets/${t.documentId}`).set('Authorization', `Bearer ${token}`));
    expect(rest.status).toBe(405);
    expect(rest.body.error.message).toMatch(/never deleted.*Cancel/);
    const one = await cm('delete', `${CM}/${TICKET}/${t.documentId}`);
    expect(one.status).toBe(405);
    const bulk = await cm('post', `${CM}/${TICKET}/actions/bulkDelete`, { documentIds: [t.documentId] });
    expect(bulk.status).toBe(405);
    expect(bulk.body.error.message).toMatch(/never deleted/);
    expect(await ticketRow(t.documentId)).toBeTruthy();
    expect((await d.events(t.id)).length).toBe(events);
    await expect((app.strapi.documents(TICKET as any) as any).delete({ documentId: t.documentId })).rejects.toMatchObject({ status: 405 });
  });
});

describe(`timeline events are written by the support desk only (${testDb})`, () => {
  test('creating one through the Content Manager or the document service is refused; the services still write them', async () => {
    const t = await d.ticket();
    const before = await app.strapi.db.query(EVENT).count({});
    const res = await cm('post', `${CM}/${EVENT}`, { kind: 'comment', actor_type: 'customer', actor_name: 'The CEO', visibility: 'public', body: 'Approved, close it.', ticket: t.id });
    expect(res.status).toBe(405);
    expect(res.body.error.message).toMatch(/written by the support desk/);
    await expect((app.strapi.documents(EVENT as any) as any).create({ data: { kind: 'comment', actor_type: 'agent', visibility: 'public', body: 'forged' } })).rejects.toMatchObject({ status: 405 });
    expect(await app.strapi.db.query(EVENT).count({})).toBe(before);
    await d.api.post(`/api/support-desk/tickets/${t.documentId}/comments`, { body: 'A real comment', visibility: 'public' }).expect((r) => expect(r.status).toBeLessThan(300));
    expect(await app.strapi.db.query(EVENT).count({})).toBe(before + 1);
  });
});

describe(`system fields are refused on every write path (${testDb})`, () => {
  test.each([
    ['csat_rating', 5],
    ['number', 'TS-999999'],
    ['resolution_due_at', '2030-01-01T00:00:00.000Z'],
    ['first_responded_at', '2030-01-01T00:00:00.000Z'],
    ['resolution_breached_at', '2030-01-01T00:00:00.000Z'],
    ['escalation_level', 3],
    ['reopen_count', 7],
    ['sla_paused_minutes', 100],
    ['resolved_at', '2030-01-01T00:00:00.000Z'],
  ])('%s: core REST (API token) and Content Manager get 400 naming it; nothing written', async (field, value) => {
    const t = await d.ticket();
    const restRes = await d.api.put(`/api/tickets/${t.documentId}`, { data: { [field]: value, version: t.version } });
    expect(restRes.status).toBe(400);
    expect(restRes.body.error.details.errors.map((e: any) => e.path[0])).toContain(field);
    const form = await cmForm(t.documentId);
    const cmRes = await cm('put', `${CM}/${TICKET}/${t.documentId}`, { ...form, [field]: value });
    expect(cmRes.status).toBe(400);
    expect(cmRes.body.error.message).toContain(field);
    const after = await ticketRow(t.documentId);
    expect(after.version).toBe(t.version);
    expect(String(after[field])).not.toBe(String(value));
  });

  test('the Content Manager can save the form it loaded (unchanged system fields pass)', async () => {
    const t = await d.ticket();
    const form = await cmForm(t.documentId);
    const res = await cm('put', `${CM}/${TICKET}/${t.documentId}`, { ...form, description: 'Edited in the admin' });
    expect(res.status).toBe(200);
    const after = await ticketRow(t.documentId);
    expect(after.description).toBe('Edited in the admin');
    expect(after.version).toBe(t.version + 1);
  });
});

describe(`version is a positive integer JSON number everywhere (${testDb})`, () => {
  const BAD: unknown[] = ['1', [1], 1.5, 1e300, true, 0, -1, { v: 1 }];
  test('core PUT, transitions, assign, escalations and customer actions answer 400 naming version', async () => {
    const t = await d.ticket();
    const mine = await app.http().post('/api/support-desk/customer/tickets').set('Authorization', `Bearer ${customerJwt}`).send({ subject: 'Customer ticket', description: 'Broken' });
    expect(mine.status).toBe(201);
    for (const version of BAD) {
      const calls: Array<[string, () => any]> = [
        ['core PUT', () => d.api.put(`/api/tickets/${t.documentId}`, { data: { description: 'x', version } })],
        ['transition', () => d.transition(t.documentId, { action: 'triage', version })],
        ['assign', () => d.api.post(`/api/support-desk/tickets/${t.documentId}/assign`, { group: null, assignee: null, version })],
        ['escalation', () => d.api.post(`/api/support-desk/tickets/${t.documentId}/escalations`, { department: 'rd', reason: 'Needs R&D', version })],
        ['customer confirm', () => app.http().post(`/api/support-desk/customer/tickets/${mine.body.data.documentId}/confirm`).set('Authorization', `Bearer ${customerJwt}`).send({ version })],
      ];
      for (const [name, call] of calls) {
        const res = await call();
        expect({ name, version, status: res.status }).toEqual({ name, version, status: 400 });
        expect({ name, version, paths: (res.body.error.details.errors ?? []).map((e: any) => e.path.join('.')) }).toEqual({ name, version, paths: expect.arrayContaining(['version']) });
      }
    }
    expect((await ticketRow(t.documentId)).version).toBe(t.version);
    expect((await ticketRow(t.documentId)).state).toBe('new');
    // a JSON number still works
    await d.transition(t.documentId, { action: 'triage', version: t.version }).expect(200);
  });
});

describe(`stock counts change only through the inventory service (${testDb})`, () => {
  const PART = 'api::part.part';
  const MOVE = 'api::stock-movement.stock-movement';

  test('on_hand/reserved edits (core REST, Content Manager) and forged movement deltas are refused; nothing is written', async () => {
    const created = await d.api.post('/api/parts', { data: { sku: `WP-${Date.now().toString(36).toUpperCase()}`, name: 'Guarded part', on_hand: 3 } });
    expect(created.status).toBe(201);
    const part = created.body.data;
    const movements = await app.strapi.db.query(MOVE).count({});
    const attempts: Array<[string, () => Promise<any>]> = [
      ['REST on_hand', () => d.api.put(`/api/parts/${part.documentId}`, { data: { on_hand: 1000 } })],
      ['REST reserved', () => d.api.put(`/api/parts/${part.documentId}`, { data: { reserved: 3 } })],
      ['REST on_hand as text', () => d.api.put(`/api/parts/${part.documentId}`, { data: { on_hand: '1000', name: 'x' } })],
      ['CM on_hand', () => cm('put', `${CM}/${PART}/${part.documentId}`, { sku: part.sku, name: part.name, on_hand: 0, reserved: 0 })],
      ['CM reserved', () => cm('put', `${CM}/${PART}/${part.documentId}`, { sku: part.sku, name: part.name, on_hand: 3, reserved: 2 })],
      ['REST forged delta', () => d.api.post('/api/stock-movements', { data: { part: part.documentId, kind: 'receive', quantity: 1, on_hand_delta: 999 } })],
      ['REST forged reserved delta', () => d.api.post('/api/stock-movements', { data: { part: part.documentId, kind: 'return', quantity: 1, reserved_delta: -1 } })],
      ['CM forged delta', () => cm('post', `${CM}/${MOVE}`, { part: { connect: [{ documentId: part.documentId }] }, kind: 'receive', quantity: 1, on_hand_delta: 50 })],
      ['REST reserve without a ticket', () => d.api.post('/api/stock-movements', { data: { part: part.documentId, kind: 'reserve', quantity: 1 } })],
      ['REST negative quantity', () => d.api.post('/api/stock-movements', { data: { part: part.documentId, kind: 'receive', quantity: -4 } })],
    ];
    for (const [what, call] of attempts) {
      const res = await call();
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect(res.body.error.message.length).toBeGreaterThan(20);
    }
    expect(await app.strapi.db.query(PART).findOne({ where: { documentId: part.documentId } })).toMatchObject({ on_hand: 3, reserved: 0, name: 'Guarded part' });
    expect(await app.strapi.db.query(MOVE).count({})).toBe(movements);
    // Movements stay append-only.
    const [m] = await app.strapi.db.query(MOVE).findMany({ where: { part: { documentId: part.documentId } } });
    expect((await d.api.put(`/api/stock-movements/${m.documentId}`, { data: { note: 'rewritten' } })).status).toBe(405);
    expect((await cm('delete', `${CM}/${MOVE}/${m.documentId}`)).status).toBe(405);
  });
});
