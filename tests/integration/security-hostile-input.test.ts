/**
 * Hostile input gets 4xx, never 5xx, writes nothing and logs one warning line (no stack, no SQL):
 * NUL bytes in the path, the query and the body; malformed JSON and multipart bodies (before
 * authentication, on every POST route); empty bodies on the users-permissions auth routes; paging
 * numbers that are not plain decimal integers; over-long strings and over-deep bodies; and values
 * PostgreSQL itself refuses (the backstop). Regression suite for issue 9, class "hostile input".
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { adminLogin, customerLogin, fullAccessToken } from '../helpers/auth';
import { rest } from '../helpers/fixtures';

const TICKET = 'api::ticket.ticket';
const EVENT = 'plugin::support-desk.ticket-event';
const CUSTOMER = '/api/support-desk/customer/tickets';

let app: TestApp;
let token: string;
let customer: string;
let agent: string;
let ticketId: string;
let warnings: string[];
let errorsLogged: string[];

beforeAll(async () => {
  app = await startApp();
  token = await fullAccessToken(app.strapi);
  const org = await rest(app, token).create('organizations', { name: 'Hostile Org', code: 'HOSTILE' });
  customer = (await customerLogin(app.strapi, app.http, org.id)).jwt;
  agent = (await adminLogin(app.strapi, app.http, 'support-agent')).jwt;
  const res = await app.http().post(CUSTOMER).set('Authorization', `Bearer ${customer}`).send({ subject: 'Switch reboots' });
  expect(res.status).toBe(201);
  ticketId = res.body.data.documentId;
  jest.spyOn(app.strapi.log, 'warn').mockImplementation(((msg: unknown) => void warnings.push(String(msg))) as any);
  jest.spyOn(app.strapi.log, 'error').mockImplementation(((msg: unknown) => void errorsLogged.push(String(msg instanceof Error ? msg.stack : msg))) as any);
});
beforeEach(() => {
  warnings = [];
  errorsLogged = [];
});
afterAll(async () => {
  jest.restoreAllMocks();
  await app?.stop();
});

const bearer = (jwt: string) => ({ Authorization: `Bearer ${jwt}` });
const counts = async () => ({ tickets: await app.strapi.db.query(TICKET).count(), events: await app.strapi.db.query(EVENT).count() });

/** A validation refusal (not an attack, so not logged): `status` with a message containing `words`, nothing at error level. */
function expectInvalid(res: { status: number; body: any }, words: string | RegExp, status = 400) {
  expect({ status: res.status, message: res.body?.error?.message }).toEqual({ status, message: expect.stringMatching(typeof words === 'string' ? new RegExp(words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : words) });
  expect(errorsLogged).toEqual([]);
}

/** 400 with a message containing `words`, exactly one warn line (one line, no stack), nothing at error level. */
function expectRefused(res: { status: number; body: any }, words: string | RegExp, status = 400) {
  expectInvalid(res, words, status);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/^\[support-desk\] refused [A-Z]+ \S+ → \d{3}: /);
  expect(warnings[0]).not.toMatch(/[\n\r]|\bat \S+ \(|select |insert /i);
  expect(warnings[0].includes(String.fromCharCode(0))).toBe(false);
  warnings = [];
}

describe(`NUL bytes (${testDb})`, () => {
  test('%00 in a path segment: 400 on customer, core and plugin routes', async () => {
    expectRefused(await app.http().get(`${CUSTOMER}/%00`).set(bearer(customer)), 'NUL');
    expectRefused(await app.http().get('/api/tickets/a%00b').set(bearer(token)), 'NUL');
    expectRefused(await app.http().post('/api/support-desk/tickets/%00/comments').set(bearer(token)).send({ body: 'x', visibility: 'public' }), 'NUL');
    expectRefused(await app.http().get('/support-desk/tickets/%00').set(bearer(agent)), 'NUL');
  });

  test('\\u0000 in a subject, description or comment: 400 naming the field, nothing written', async () => {
    const before = await counts();
    expectRefused(await app.http().post(CUSTOMER).set(bearer(customer)).send({ subject: 'Disk\u0000failure' }), 'body field "subject" contains a NUL');
    expectRefused(await app.http().post(CUSTOMER).set(bearer(customer)).send({ subject: 'Disk', description: 'a\u0000' }), 'body field "description"');
    expectRefused(await app.http().post(`${CUSTOMER}/${ticketId}/comments`).set(bearer(customer)).send({ body: '\u0000' }), 'body field "body"');
    expectRefused(await app.http().post('/api/tickets').set(bearer(token)).send({ data: { subject: 'x\u0000' } }), 'body field "data.subject"');
    expectRefused(await app.http().post('/api/tickets').set(bearer(token)).send({ data: { ['sub\u0000ject']: 'x' } }), 'name contains a NUL');
    expect(await counts()).toEqual(before);
  });

  test('%00 in the query string: 400 naming the parameter', async () => {
    expectRefused(await app.http().get('/api/support-desk/kb/search?q=reset%00'), 'query parameter "q"');
    expectRefused(await app.http().get('/api/tickets?filters[subject][$eq]=%00').set(bearer(token)), 'query parameter "filters[subject][$eq]"');
    expectRefused(await app.http().get(`${CUSTOMER}?status=new%00`).set(bearer(customer)), 'query parameter "status"');
  });
});

describe(`malformed bodies (${testDb})`, () => {
  test('malformed JSON: 400 saying what to send, one warn line instead of an error with a stack', async () => {
    const before = await counts();
    for (const text of ['{', '{"subject":', '[1,2', '{"a":1}garbage', '"a string"']) {
      expectRefused(await app.http().post(CUSTOMER).set(bearer(customer)).set('Content-Type', 'application/json').send(text), 'could not be read as application/json');
    }
    expectRefused(await app.http().post('/api/support-desk/kb/suggest').set('Content-Type', 'application/json').send('{"subject":'), 'Send a JSON object');
    expect(await counts()).toEqual(before);
  });

  test('a text/plain body: 400 asking for JSON, nothing written (the fuzz found a 500 on POST /api/users-permissions/roles)', async () => {
    const roles = () => app.strapi.db.query('plugin::users-permissions.role').count();
    const before = { ...(await counts()), roles: await roles() };
    expectRefused(await app.http().post('/api/users-permissions/roles').set(bearer(token)).set('Content-Type', 'text/plain').send('hello'), 'takes a JSON object');
    expectRefused(await app.http().post(CUSTOMER).set(bearer(customer)).set('Content-Type', 'text/plain').send('subject=Printer'), 'Content-Type: application/json');
    expectRefused(await app.http().put(`/api/tickets/${ticketId}`).set(bearer(token)).set('Content-Type', 'text/plain').send('x'), 'text/plain');
    expect({ ...(await counts()), roles: await roles() }).toEqual(before);
  });

  test('malformed multipart/form-data: 400 before authentication on every POST route', async () => {
    const posts = (app.strapi.server.listRoutes() as Array<{ path: string; methods: string[] }>)
      .filter((l) => l.methods.includes('POST') && (l.path.startsWith('/api/') || l.path.startsWith('/support-desk/')))
      .map((l) => l.path.replace(/:[A-Za-z]+/g, 'x').replace('(.*)', 'x'));
    expect(posts.length).toBeGreaterThan(40);
    const bodies: Array<[string, string]> = [
      ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb'],
      ['multipart/form-data', 'garbage'],
    ];
    const wrong: string[] = [];
    for (const path of posts) {
      for (const [type, text] of bodies) {
        const res = await app.http().post(path).set('Content-Type', type).send(text);
        if (res.status !== 400 || !/multipart/.test(res.body?.error?.message)) wrong.push(`${path} ${type}: ${res.status} ${res.body?.error?.message}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(errorsLogged).toEqual([]);
    expect(warnings).toHaveLength(posts.length * bodies.length);
  });

  test('empty bodies on the users-permissions auth routes: 400 naming the missing fields', async () => {
    const cases: Array<[string, string]> = [
      ['/api/auth/local', 'identifier'],
      ['/api/auth/local/register', 'email'],
      ['/api/auth/forgot-password', 'email'],
    ];
    for (const [path, field] of cases) {
      const res = await app.http().post(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.details.errors.map((e: any) => e.path[0])).toContain(field);
    }
    expect(errorsLogged).toEqual([]);
  });
});

describe(`paging numbers (${testDb})`, () => {
  test.each(['1e300', '0x10', '-1', '0', '1.5', '+3', ' 2'])('page=%s is refused on customer, KB, core and admin lists', async (value) => {
    const v = encodeURIComponent(value);
    const says = (name: string) => new RegExp(`^"${name.replace(/[[\]]/g, '\\$&')}" must be (a whole number 1…1000000 written in decimal digits|1 or more), not`);
    const customerList = await app.http().get(`${CUSTOMER}?page=${v}`).set(bearer(customer));
    expect(customerList.body.error.details.errors[0].path).toEqual(['page']);
    expectRefused(customerList, says('page'));
    expectRefused(await app.http().get(`/api/support-desk/kb/articles?page=${v}`), says('page'));
    expectRefused(await app.http().get(`/api/tickets?pagination[page]=${v}`).set(bearer(token)), says('pagination[page]'));
    expectRefused(await app.http().get(`/support-desk/notifications?page=${v}`).set(bearer(agent)), says('page'));
  });

  test('pageSize=abc and pagination[pageSize]=abc are refused; plain integers still work', async () => {
    expectRefused(await app.http().get(`${CUSTOMER}?pageSize=abc`).set(bearer(customer)), '"pageSize" must be a whole number');
    expectRefused(await app.http().get('/api/tickets?pagination[pageSize]=abc').set(bearer(token)), '"pagination[pageSize]"');
    expectRefused(await app.http().get(`${CUSTOMER}?page[]=1`).set(bearer(customer)), 'given once');
    const ok = await app.http().get(`${CUSTOMER}?page=1&pageSize=5`).set(bearer(customer));
    expect(ok.status).toBe(200);
    expect(ok.body.meta.pagination).toMatchObject({ page: 1, pageSize: 5 });
    expect((await app.http().get('/api/tickets?pagination[page]=1&pagination[pageSize]=10').set(bearer(token))).status).toBe(200);
    expect(warnings).toEqual([]);
  });
});

describe(`over-long strings and over-deep bodies (${testDb})`, () => {
  test('a string over 100 000 characters: 400 naming the field and the cap, nothing written', async () => {
    const before = await counts();
    expectRefused(await app.http().post(CUSTOMER).set(bearer(customer)).send({ subject: 'Long', description: 'x'.repeat(100_001) }), 'is 100001 characters long; the most any field accepts is 100000');
    expectRefused(await app.http().post('/api/tickets').set(bearer(token)).send({ data: { subject: 'Long', description: 'y'.repeat(150_000) } }), 'body field "data.description"');
    expect(await counts()).toEqual(before);
  });

  test('a body nested more than 20 levels: 400; 20 levels pass the guard', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i += 1) deep = { a: deep };
    expectRefused(await app.http().post(CUSTOMER).set(bearer(customer)).send({ subject: 'Deep', description: deep }), 'nested more than 20 levels');
    // 20 levels including the body object itself reach the controller, which refuses the type.
    let nineteen: unknown = 'x';
    for (let i = 0; i < 18; i += 1) nineteen = { a: nineteen };
    const res = await app.http().post(CUSTOMER).set(bearer(customer)).send({ subject: 'Deep', description: nineteen });
    expect({ status: res.status, message: res.body.error.message }).toEqual({ status: 400, message: 'description must be a string.' });
    expect(warnings).toEqual([]);
  });

  test('a query nested too deep is refused', async () => {
    expectRefused(await app.http().get(`/api/tickets?filters${'[a]'.repeat(21)}=1`).set(bearer(token)), /nested more than 20 levels|Invalid key/);
  });
});

describe(`REST parameters the core handlers cannot take (${testDb})`, () => {
  test('DELETE of the draft only (status=draft): 400 naming status, both versions kept (the fuzz found a 500 on /api/kb-articles)', async () => {
    const article = await rest(app, token).create('kb-articles', { title: 'Draft delete probe', body: 'Steps' });
    const rows = () => app.strapi.db.query('api::kb-article.kb-article').count({ where: { documentId: article.documentId } });
    const before = await rows();
    expect(before).toBeGreaterThan(0);
    const res = await app.http().delete(`/api/kb-articles/${article.documentId}?status=draft`).set(bearer(token));
    expectRefused(res, /cannot delete only the draft/);
    expect(await rows()).toBe(before);
    // An unknown id with status=draft is refused the same way, before any lookup.
    expectRefused(await app.http().delete('/api/kb-articles/%F1%AF%B5%BF?status=draft&populate=*').set(bearer(token)), /status=draft/);
    // Without status=draft the delete works.
    await app.http().delete(`/api/kb-articles/${article.documentId}`).set(bearer(token)).expect(204);
    expect(await rows()).toBe(0);
  });
});

describe(`filter values (${testDb})`, () => {
  test('a comparison operator given a list of lists: 400 naming it (the fuzz found a 500 on PostgreSQL: "integer = record")', async () => {
    for (const url of [
      '/api/onsite-visits?filters[id][$in][0]=1e300&filters[id][$in][0]=1e300',
      '/api/tickets?filters[id][$in][0][x]=1',
      '/api/kb-articles?filters[$and][0][id][$notIn][1][0]=2&filters[$and][0][id][$notIn][1][1]=3',
    ]) expectRefused(await app.http().get(url).set(bearer(token)), /not a list of lists/);
    // A plain list, and $and/$or lists of conditions, still work.
    await app.http().get('/api/tickets?filters[id][$in][0]=1&filters[id][$in][1]=2').set(bearer(token)).expect(200);
    await app.http().get('/api/tickets?filters[$or][0][id][$eq]=1&filters[$or][1][id][$eq]=2').set(bearer(token)).expect(200);
  });
});

describe(`users-permissions role bodies (${testDb})`, () => {
  const ROLE = 'plugin::users-permissions.role';
  test('a role create or update with keys that are not role fields (id …) or no name: 400 naming the field, nothing written (the fuzz found a 500 on SQLite)', async () => {
    const before = await app.strapi.db.query(ROLE).count();
    expectInvalid(await app.http().post('/api/users-permissions/roles').set(bearer(token)).send({ name: 'Probe', id: 'Note 186', department: 'rd' }), /no field "id", "department"/);
    expectInvalid(await app.http().post('/api/users-permissions/roles').set(bearer(token)).send({ description: 'no name' }), /needs a "name"/);
    const admin = (await adminLogin(app.strapi, app.http, 'strapi-super-admin')).jwt;
    expectInvalid(await app.http().post('/users-permissions/roles').set(bearer(admin)).send({ name: 'Probe', id: 1 }), /no field "id"/);
    const authenticated = await app.strapi.db.query(ROLE).findOne({ where: { type: 'authenticated' } });
    expectInvalid(await app.http().put(`/api/users-permissions/roles/${authenticated.id}`).set(bearer(token)).send({ created_at: 'x' }), /no field "created_at"/);
    expect(await app.strapi.db.query(ROLE).count()).toBe(before);
    // The admin's role form (name, description, permissions, users: []) still creates a role.
    const created = await app.http().post('/users-permissions/roles').set(bearer(admin)).send({ name: 'Partners', description: 'Resellers', permissions: {}, users: [] });
    expect(created.status).toBe(200);
    expect(await app.strapi.db.query(ROLE).count()).toBe(before + 1);
    const partners = await app.strapi.db.query(ROLE).findOne({ where: { name: 'Partners' } });
    await app.http().put(`/api/users-permissions/roles/${partners.id}`).set(bearer(token)).send({ description: 'Resellers and partners' }).expect(200);
    expect((await app.strapi.db.query(ROLE).findOne({ where: { id: partners.id } })).description).toBe('Resellers and partners');
  });
});

describe(`values the database refuses (${testDb})`, () => {
  test('a number filter that is not a number: 400 naming the value, on both databases', async () => {
    expectRefused(await app.http().get('/api/tickets?filters[version][$lt]=x').set(bearer(token)), 'A number was expected for a field, not "x"');
    expectRefused(await app.http().get('/api/tickets/%F2%BA%B0%A1?filters[version][$lt]=x&populate=*').set(bearer(token)), /number was expected/);
  });

  test('a non-integer id filter: PostgreSQL refuses it → 400 with the SQLSTATE in the log, never the SQL; SQLite finds nothing', async () => {
    const res = await app.http().get('/api/tickets?filters[id]=abc').set(bearer(token));
    if (testDb === 'postgres') {
      expectRefused(res, 'wrong type for its field');
    } else {
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([]);
    }
    expect(errorsLogged).toEqual([]);
  });
});
