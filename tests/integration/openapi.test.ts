/**
 * The OpenAPI document (GET /api/support-desk/kb/openapi.json) of the public KB and the customer API:
 * valid OpenAPI 3.1 (@seriousme/openapi-schema-validator) whose schemas compile as JSON Schema
 * 2020-12; every route of routes/customer.ts and routes/kb-content-api.ts is described (the list
 * comes from the route modules, so a new route must be documented); the documented request fields,
 * enums and limits are what the API enforces; and real answers — 2xx and errors — validate against
 * the schemas documented for their status.
 */
import { execFileSync } from 'child_process';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { appDir, startApp, testDb, type TestApp } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { desk } from '../helpers/desk';
import { createArticle, createCategory } from '../helpers/kb';
import customerRoutes from '../../src/plugins/support-desk/server/src/routes/customer';
import kbRoutes from '../../src/plugins/support-desk/server/src/routes/kb-content-api';
import { ACTION_FIELDS, COMMENT_FIELDS, CREATE_FIELDS, LIST_PARAMS } from '../../src/plugins/support-desk/server/src/contracts/customer';

const DOC_URL = '/api/support-desk/kb/openapi.json';
const PREFIX = '/api/support-desk';
const BASE = `${PREFIX}/customer/tickets`;
const PASSWORD = 'Customer-Test-2026!';
const TICKET_UID = 'api::ticket.ticket';
const EVENT_UID = 'plugin::support-desk.ticket-event';
const VOTE_LIMIT = 3;

/**
 * Routes deliberately left out of the document, with the reason. The catch-all answers every other
 * action name with 400 listing the real ones: documenting it would make client generators emit a
 * method that can only fail; the document's description says what it does instead.
 */
const UNDOCUMENTED: Record<string, string> = {
  'customer-tickets.unknownAction': 'catch-all for unknown action names (always 400), described in info.description',
};

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';
type Doc = Record<string, any>;
interface Route {
  method: string;
  path: string;
  handler: string;
}

let app: TestApp;
let doc: Doc;
let token: string;
let d: ReturnType<typeof desk>;
let agentId: number;
let customerJwt: string;
let otherJwt: string;
let plainJwt: string;
let articleId: string;

const toTemplate = (koaPath: string) => koaPath.replace(/:(\w+)/g, '{$1}');
const operations = (document: Doc) =>
  Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
      .map(([method, op]) => ({ path, method: method as Method, op })),
  );
const documentedRoutes = (routes: Route[]) => routes.filter((r) => !(r.handler in UNDOCUMENTED));

/** Runs the ESM-only validator in a child Node (Jest here runs CommonJS). */
function validateOpenApi(document: unknown): { valid: boolean; version?: string; errors?: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    process.stdin.on('data', (c) => { input += c; });
    process.stdin.on('end', async () => {
      const validator = new Validator();
      const result = await validator.validate(JSON.parse(input));
      process.stdout.write(JSON.stringify({ ...result, version: validator.version }));
    });`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: appDir, input: JSON.stringify(document), encoding: 'utf8' });
  return JSON.parse(out);
}

// --- JSON Schema 2020-12 (ajv) over the document's schemas -------------------------------------

const COMPONENTS_ID = 'urn:support-desk:openapi:components';
let ajv: Ajv2020;
const compiled = new Map<string, ValidateFunction>();

/** `#/components/schemas/X` → the components registered in ajv as one schema with $defs. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', `${COMPONENTS_ID}#/$defs/`) : rewriteRefs(v)]),
  );
}

function buildAjv(document: Doc) {
  // strict: unknown keywords, ignored formats and the like are errors, so a typo in the document fails here.
  ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(document.components.schemas) as Record<string, any> });
}

function validatorFor(key: string, schema: unknown): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(rewriteRefs(schema) as Record<string, any>);
    compiled.set(key, v);
  }
  return v;
}

/** The documented JSON schema of one response (or a failure naming what is missing). */
function responseSchema(method: Method, path: string, status: number) {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
  const response = op.responses[String(status)];
  if (!response) throw new Error(`${method.toUpperCase()} ${path} does not document status ${status} (documents ${Object.keys(op.responses).join(', ')})`);
  const schema = response.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} ${status} has no JSON schema`);
  return schema;
}

/** A real answer: its status is documented for the operation, and its body validates against that schema. */
function expectDocumented(res: { status: number; body: unknown }, method: Method, path: string, status: number) {
  expect({ path, status: res.status, body: res.status === status ? 'ok' : res.body }).toEqual({ path, status, body: 'ok' });
  const validate = validatorFor(`${method} ${path} ${status}`, responseSchema(method, path, status));
  const ok = validate(res.body);
  expect({ path, status, errors: ok ? null : validate.errors, body: ok ? null : res.body }).toEqual({ path, status, errors: null, body: null });
}

function requestSchema(method: Method, path: string) {
  return doc.paths[path][method].requestBody.content['application/json'].schema;
}
const acceptsBody = (method: Method, path: string, value: unknown) => validatorFor(`${method} ${path} request`, requestSchema(method, path))(value);

// --- fixtures ----------------------------------------------------------------------------------

async function contact(roleType: string, organizationId: number | null, key: string) {
  const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
  const username = `${key}.${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
  const email = `${username}@openapi.test`;
  await app.strapi.plugin('users-permissions').service('user').add({
    username, email, password: PASSWORD, provider: 'local', confirmed: true, blocked: false, role: role.id, full_name: `Contact ${key}`,
    preferred_locale: 'en', ...(organizationId ? { organization: organizationId } : {}),
  });
  const login = await app.http().post('/api/auth/local').send({ identifier: email, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return login.body.jwt as string;
}

const as = (jwt: string | null) => {
  const auth = (req: any) => (jwt ? req.set('Authorization', `Bearer ${jwt}`) : req);
  return {
    get: (url: string, query: Record<string, unknown> = {}) => auth(app.http().get(url).query(query)),
    post: (url: string, body: unknown = {}) => auth(app.http().post(url)).send(body as object),
  };
};
const customer = () => as(customerJwt);

async function openTicket(data: Record<string, unknown> = {}) {
  const res = await customer().post(BASE, { subject: 'Uplink port flapping', description: 'Port 49 goes down every few minutes.', type: 'consultation', ...data });
  if (res.status !== 201) throw new Error(`create ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

beforeAll(async () => {
  // A low vote limit, to see a real 429 (the limit is read when the KB service is created).
  app = await startApp({ env: { KB_FEEDBACK_LIMIT: String(VOTE_LIMIT) } });
  token = await fullAccessToken(app.strapi, 'openapi-agent');
  d = desk(app, token);
  const s = app.strapi;
  const orgs = s.documents('api::organization.organization' as any) as any;
  const orgA = await orgs.create({ data: { name: 'Alpha Logistics', code: 'ALPHA-OA', region: 'East China' } });
  const orgB = await orgs.create({ data: { name: 'Beta Hospital', code: 'BETA-OA' } });
  await (s.documents('api::asset.asset' as any) as any).create({ data: { serial_number: 'SN-OA-001', model: 'SW-9300-48P', product_line: 'Network Switches', organization: orgA.documentId } });
  agentId = (await d.admin('Ann')).id;
  customerJwt = await contact('customer', orgA.id, 'a');
  otherJwt = await contact('customer', orgB.id, 'b');
  plainJwt = await contact('authenticated', null, 'plain');

  const cat = await createCategory(s, 'network', 'Networking', '网络');
  articleId = await createArticle(
    s,
    { title: 'Uplink port flapping on the SW-9300 switch', slug: 'uplink-flapping', summary: 'Check the optic and the cable.', body: 'A flapping uplink port usually means a bad SFP+ optic.', tags: ['network'] },
    { title: '交换机上行端口抖动', slug: 'uplink-flapping', summary: '检查光模块和线缆。', body: '上行端口抖动通常是光模块故障。' },
    { category: cat },
  );
  await createArticle(s, { title: 'NVR time drifts', slug: 'nvr-time-drift', body: 'Configure an NTP server.' });

  const res = await app.http().get(DOC_URL);
  expect(res.status).toBe(200);
  doc = res.body;
  buildAjv(doc);
});

afterAll(async () => {
  await app?.stop();
});

// --- the document ------------------------------------------------------------------------------

describe(`the OpenAPI document (${testDb})`, () => {
  it('is served without authentication as JSON, and is valid OpenAPI 3.1', async () => {
    const res = await app.http().get(DOC_URL).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.openapi).toMatch(/^3\.1\.\d+$/);
    expectDocumented(res, 'get', '/kb/openapi.json', 200);
    const result = validateOpenApi(res.body);
    expect(result).toEqual({ valid: true, version: '3.1' });
    // The validator does look: a document with a broken response and a dangling $ref is refused.
    const broken = JSON.parse(JSON.stringify(res.body));
    delete broken.paths['/customer/tickets'].get.responses['200'].description;
    expect(validateOpenApi(broken).valid).toBe(false);
    const dangling = JSON.parse(JSON.stringify(res.body));
    dangling.paths['/customer/tickets'].get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/NoSuchSchema' };
    expect(validateOpenApi(dangling).valid).toBe(false);
  });

  it('every schema compiles as strict JSON Schema 2020-12 (components, responses, request bodies, parameters)', () => {
    for (const name of Object.keys(doc.components.schemas)) expect(ajv.getSchema(`${COMPONENTS_ID}#/$defs/${name}`)).toBeDefined();
    for (const { path, method, op } of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        const schema = response.content?.['application/json']?.schema;
        if (schema) validatorFor(`${method} ${path} ${status}`, schema);
      }
      if (op.requestBody) validatorFor(`${method} ${path} request`, requestSchema(method, path));
      for (const p of op.parameters ?? []) validatorFor(`${method} ${path} param ${p.name}`, p.schema);
    }
  });

  it('describes every customer and public KB route (derived from the route modules), and nothing else', () => {
    const routes = [...(customerRoutes as Route[]), ...(kbRoutes as Route[])];
    expect(customerRoutes.length).toBeGreaterThanOrEqual(9);
    const excluded = routes.filter((r) => r.handler in UNDOCUMENTED).map((r) => r.handler);
    expect(excluded).toEqual(Object.keys(UNDOCUMENTED)); // each exclusion is a real route
    const expected = documentedRoutes(routes).map((r) => `${r.method.toLowerCase()} ${toTemplate(r.path)}`).sort();
    const documented = operations(doc).map((o) => `${o.method} ${o.path}`).sort();
    expect(documented).toEqual(expected);
  });

  it('path parameters match each path template; every operation has an id, a summary and an error answer', () => {
    const ids = new Set<string>();
    for (const { path, method, op } of operations(doc)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name).sort();
      expect({ path, method, declared }).toEqual({ path, method, declared: templated });
      expect(op.operationId).toEqual(expect.any(String));
      expect(ids.has(op.operationId)).toBe(false);
      ids.add(op.operationId);
      expect(op.summary).toEqual(expect.any(String));
      if (path !== '/kb/openapi.json') expect(Object.keys(op.responses).some((s) => s.startsWith('4'))).toBe(true);
    }
  });

  it('security: the customer API needs the customer JWT; the KB is open (optional token); the login is named', () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.customerJwt).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(schemes.customerJwt.description).toMatch(/POST \/api\/auth\/local/);
    for (const { path, op } of operations(doc)) {
      if (path.startsWith('/customer/')) {
        expect({ path, security: op.security }).toEqual({ path, security: [{ customerJwt: [] }] });
        for (const status of ['401', '403']) expect(op.responses[status]).toBeDefined();
      } else if (path !== '/kb/openapi.json') {
        expect(op.security).toContainEqual({});
      }
    }
  });

  it('request bodies list exactly the fields the controller accepts, and refuse others', () => {
    const create = requestSchema('post', '/customer/tickets');
    expect(Object.keys(create.properties).sort()).toEqual([...CREATE_FIELDS].sort());
    expect(create.additionalProperties).toBe(false);
    expect(Object.keys(requestSchema('post', '/customer/tickets/{documentId}/comments').properties)).toEqual([...COMMENT_FIELDS]);
    for (const verb of ['approve', 'reject', 'confirm', 'reopen']) {
      const schema = requestSchema('post', `/customer/tickets/{documentId}/${verb}`);
      expect(Object.keys(schema.properties).sort()).toEqual([...ACTION_FIELDS].sort());
      expect(schema.required).toEqual(['version']);
    }
    const listParams = doc.paths['/customer/tickets'].get.parameters.map((p: any) => p.name);
    expect(listParams.sort()).toEqual([...LIST_PARAMS].sort());
    expect(acceptsBody('post', '/customer/tickets', { subject: 'x', type: 'fault', urgency: 'high', channel: 'portal', asset_serial: null })).toBe(true);
    expect(acceptsBody('post', '/customer/tickets', { subject: 'x', status: 'closed' })).toBe(false);
    expect(acceptsBody('post', '/customer/tickets', { description: 'no subject' })).toBe(false);
    expect(acceptsBody('post', '/customer/tickets', { subject: 'x', channel: 'phone' })).toBe(false);
  });

  it('documented enums are the content types’ (ticket and timeline event)', () => {
    const ticket = app.strapi.contentTypes[TICKET_UID as keyof typeof app.strapi.contentTypes].attributes as Record<string, any>;
    const event = app.strapi.contentTypes[EVENT_UID as keyof typeof app.strapi.contentTypes].attributes as Record<string, any>;
    const t = doc.components.schemas.CustomerTicket.properties;
    // The public `status` is the stored `state` (mapped at the edge); the other names are the same.
    const stored: Record<string, string> = { status: 'state' };
    for (const field of ['status', 'priority', 'channel', 'type', 'urgency', 'impact']) expect({ field, enum: t[field].enum }).toEqual({ field, enum: ticket[stored[field] ?? field].enum });
    const create = requestSchema('post', '/customer/tickets').properties;
    for (const field of ['type', 'urgency', 'impact']) expect({ field, enum: create[field].enum }).toEqual({ field, enum: [...ticket[field].enum, null] });
    const e = doc.components.schemas.CustomerTimelineEntry.properties;
    expect(e.kind.enum).toEqual(event.kind.enum);
    expect([...e.actor_type.enum].sort()).toEqual([...event.actor_type.enum].sort());
  });
});

// --- real answers against the documented schemas -----------------------------------------------

describe(`real KB answers validate against the document (${testDb})`, () => {
  it('list, search, one article, categories, suggest, feedback', async () => {
    expectDocumented(await app.http().get(`${PREFIX}/kb/articles`).query({ locale: 'en' }), 'get', '/kb/articles', 200);
    expectDocumented(await app.http().get(`${PREFIX}/kb/articles`).query({ withCount: 'false', pageSize: 1 }), 'get', '/kb/articles', 200);
    const search = await app.http().get(`${PREFIX}/kb/search`).query({ q: 'uplink flapping' });
    expectDocumented(search, 'get', '/kb/search', 200);
    expect(search.body.data.map((a: any) => a.slug)).toEqual(['uplink-flapping']);
    const one = await app.http().get(`${PREFIX}/kb/articles/uplink-flapping`).query({ locale: 'zh-Hans' });
    expectDocumented(one, 'get', '/kb/articles/{idOrSlug}', 200);
    expect(one.body.data.category).toMatchObject({ slug: 'network' });
    // As a customer (JWT) and as an agent (API token): same documented shape.
    expectDocumented(await customer().get(`${PREFIX}/kb/articles/${articleId}`), 'get', '/kb/articles/{idOrSlug}', 200);
    expectDocumented(await as(token).get(`${PREFIX}/kb/articles`), 'get', '/kb/articles', 200);
    expectDocumented(await app.http().get(`${PREFIX}/kb/categories`).query({ locale: 'zh-Hans' }), 'get', '/kb/categories', 200);
    expectDocumented(await app.http().post(`${PREFIX}/kb/suggest`).send({ subject: 'Uplink port flapping', limit: 3 }), 'post', '/kb/suggest', 200);
    expectDocumented(await app.http().post(`${PREFIX}/kb/articles/${articleId}/feedback`).send({ helpful: true }), 'post', '/kb/articles/{documentId}/feedback', 200);
  });

  it('errors: 400 bad parameter, 404 unknown article, 401 bad token, 403 role without the KB', async () => {
    expectDocumented(await app.http().get(`${PREFIX}/kb/articles`).query({ locale: 'fr' }), 'get', '/kb/articles', 400);
    expectDocumented(await app.http().get(`${PREFIX}/kb/search`).query({ q: '' }), 'get', '/kb/search', 400);
    expectDocumented(await app.http().post(`${PREFIX}/kb/suggest`).send({}), 'post', '/kb/suggest', 400);
    expectDocumented(await app.http().post(`${PREFIX}/kb/articles/${articleId}/feedback`).send({ helpful: 'yes' }), 'post', '/kb/articles/{documentId}/feedback', 400);
    expectDocumented(await app.http().get(`${PREFIX}/kb/articles/no-such-article`), 'get', '/kb/articles/{idOrSlug}', 404);
    expectDocumented(await as('not-a-jwt').get(`${PREFIX}/kb/articles`), 'get', '/kb/articles', 401);
    expectDocumented(await as(plainJwt).get(`${PREFIX}/kb/articles`), 'get', '/kb/articles', 403);
  });

  it('429: too many votes, with the documented Retry-After header', async () => {
    const vote = () => app.http().post(`${PREFIX}/kb/articles/${articleId}/feedback`).send({ helpful: false });
    let res = await vote();
    for (let i = 0; i < VOTE_LIMIT && res.status === 200; i += 1) res = await vote();
    expectDocumented(res, 'post', '/kb/articles/{documentId}/feedback', 429);
    const documentedHeaders = Object.keys(doc.paths['/kb/articles/{documentId}/feedback'].post.responses['429'].headers);
    expect(documentedHeaders).toEqual(['Retry-After']);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe(`real customer answers validate against the document (${testDb})`, () => {
  it('create (201, with suggestions), list (200), findOne (200), comment (201)', async () => {
    const created = await customer().post(BASE, { subject: 'Uplink port flapping', description: 'The SW-9300 uplink goes down.', type: 'fault', urgency: 'high', impact: 'medium', asset_serial: 'SN-OA-001', channel: 'portal' });
    expectDocumented(created, 'post', '/customer/tickets', 201);
    expect(created.body.meta.suggestions.map((a: any) => a.slug)).toContain('uplink-flapping');
    const id = created.body.data.documentId;
    const minimal = await customer().post(BASE, { subject: 'Minimal', description: null, type: null });
    expectDocumented(minimal, 'post', '/customer/tickets', 201);
    expect(minimal.body.data).toMatchObject({ asset: null, description: null, type: 'fault' });

    expectDocumented(await customer().get(BASE), 'get', '/customer/tickets', 200);
    expectDocumented(await customer().get(BASE, { status: 'new,in_progress', page: 1, pageSize: 1 }), 'get', '/customer/tickets', 200);
    const one = await customer().get(`${BASE}/${id}`);
    expectDocumented(one, 'get', '/customer/tickets/{documentId}', 200);
    // The schema is the whitelist: an extra field (or a missing one) in an answer would fail.
    const validate = validatorFor('get /customer/tickets/{documentId} 200', responseSchema('get', '/customer/tickets/{documentId}', 200));
    expect(validate({ ...one.body, data: { ...one.body.data, assignee: { id: 1 } } })).toBe(false);
    const { version: _version, ...withoutVersion } = one.body.data;
    expect(validate({ ...one.body, data: withoutVersion })).toBe(false);
    expectDocumented(await customer().post(`${BASE}/${id}/comments`, { body: 'Also on port 50.' }), 'post', '/customer/tickets/{documentId}/comments', 201);
  });

  it('the verbs through a whole flow (200), a stale version (409) and a refused transition (400)', async () => {
    const t = await openTicket();
    const url = `${BASE}/${t.documentId}`;
    await d.walk(t.documentId, [{ action: 'triage', assignee: agentId }, { action: 'start' }, { action: 'request_info', message: 'Please send the log.' }]);
    // A reply to a ticket awaiting the customer resumes it (a transition in the timeline).
    const reply = await customer().post(`${url}/comments`, { body: 'Here is the log.' });
    expectDocumented(reply, 'post', '/customer/tickets/{documentId}/comments', 201);
    expect(reply.body.meta.timeline.at(-1)).toMatchObject({ kind: 'transition', from_status: 'awaiting_customer', to_status: 'in_progress' });

    let version = (await d.walk(t.documentId, [{ action: 'propose_solution', solution: 'Replace the optic.' }])).version;
    expectDocumented(await customer().post(`${url}/approve`, { version: version - 1 }), 'post', '/customer/tickets/{documentId}/approve', 409);
    expectDocumented(await customer().post(`${url}/confirm`, { version }), 'post', '/customer/tickets/{documentId}/confirm', 400);
    const rejected = await customer().post(`${url}/reject`, { version, reason: 'Already replaced it.' });
    expectDocumented(rejected, 'post', '/customer/tickets/{documentId}/reject', 200);

    version = (await d.walk(t.documentId, [{ action: 'propose_solution', solution: 'Update the firmware.' }])).version;
    const approved = await customer().post(`${url}/approve`, { version, reason: null });
    expectDocumented(approved, 'post', '/customer/tickets/{documentId}/approve', 200);

    version = (await d.walk(t.documentId, [{ action: 'resolve', resolution_method: 'update', solution: 'Firmware updated.' }])).version;
    const confirmed = await customer().post(`${url}/confirm`, { version });
    expectDocumented(confirmed, 'post', '/customer/tickets/{documentId}/confirm', 200);
    expect(confirmed.body.data).toMatchObject({ status: 'closed', actions: ['reopen'] });
    const reopened = await customer().post(`${url}/reopen`, { version: confirmed.body.data.version, reason: 'It is back.' });
    expectDocumented(reopened, 'post', '/customer/tickets/{documentId}/reopen', 200);
    expect(reopened.body.data.status).toBe('in_progress');
  });

  it('400s: bad create bodies, bad list parameters, bad comment and action bodies', async () => {
    const t = await openTicket();
    for (const body of [{ description: 'no subject' }, { subject: 'x', status: 'closed' }, { subject: 'x', urgency: 'critical' }, { data: { subject: 'x' } }, { subject: 'x', asset_serial: 'SN-NOWHERE' }]) {
      expectDocumented(await customer().post(BASE, body), 'post', '/customer/tickets', 400);
    }
    for (const query of [{ status: 'open' }, { page: 0 }, { 'filters[organization][id]': 1 }]) {
      expectDocumented(await customer().get(BASE, query), 'get', '/customer/tickets', 400);
    }
    expectDocumented(await customer().post(`${BASE}/${t.documentId}/comments`, { body: '  ' }), 'post', '/customer/tickets/{documentId}/comments', 400);
    expectDocumented(await customer().post(`${BASE}/${t.documentId}/comments`, { body: 'x', visibility: 'internal' }), 'post', '/customer/tickets/{documentId}/comments', 400);
    expectDocumented(await customer().post(`${BASE}/${t.documentId}/approve`, {}), 'post', '/customer/tickets/{documentId}/approve', 400);
    expectDocumented(await customer().post(`${BASE}/${t.documentId}/reopen`, { version: t.version, priority: 'P1' }), 'post', '/customer/tickets/{documentId}/reopen', 400);
  });

  it('404 (unknown, and another organization’s ticket), 401 (bad token), 403 (Public, other role, API token)', async () => {
    const theirs = await as(otherJwt).post(BASE, { subject: 'Beta private' });
    expect(theirs.status).toBe(201);
    for (const id of ['nosuchdocumentid000000000', theirs.body.data.documentId]) {
      expectDocumented(await customer().get(`${BASE}/${id}`), 'get', '/customer/tickets/{documentId}', 404);
      expectDocumented(await customer().post(`${BASE}/${id}/comments`, { body: 'peek' }), 'post', '/customer/tickets/{documentId}/comments', 404);
      expectDocumented(await customer().post(`${BASE}/${id}/reopen`, { version: 1 }), 'post', '/customer/tickets/{documentId}/reopen', 404);
    }
    for (const who of [null, plainJwt, token]) {
      expectDocumented(await as(who).get(BASE), 'get', '/customer/tickets', 403);
      expectDocumented(await as(who).post(BASE, { subject: 'x' }), 'post', '/customer/tickets', 403);
    }
    expectDocumented(await as('not-a-jwt').get(BASE), 'get', '/customer/tickets', 401);
    expectDocumented(await as('not-a-jwt').get(`${BASE}/${theirs.body.data.documentId}`), 'get', '/customer/tickets/{documentId}', 401);
  });

  it('the documented length limits are the enforced ones', async () => {
    const create = requestSchema('post', '/customer/tickets').properties;
    for (const field of ['subject', 'description', 'asset_serial']) {
      const max = create[field].maxLength as number;
      expect(max).toBeGreaterThan(0);
      const res = await customer().post(BASE, { subject: 'Limit', [field]: 'x'.repeat(max + 1) });
      expectDocumented(res, 'post', '/customer/tickets', 400);
      expect({ field, paths: res.body.error.details.errors.map((e: any) => e.path[0]), message: res.body.error.message }).toEqual({ field, paths: [field], message: expect.stringMatching(/too long/) });
    }
    for (const field of ['subject', 'description']) {
      expectDocumented(await customer().post(BASE, { subject: 'Limit', [field]: 'y'.repeat(create[field].maxLength) }), 'post', '/customer/tickets', 201);
    }
    const t = await openTicket();
    const commentMax = requestSchema('post', '/customer/tickets/{documentId}/comments').properties.body.maxLength as number;
    expectDocumented(await customer().post(`${BASE}/${t.documentId}/comments`, { body: 'z'.repeat(commentMax + 1) }), 'post', '/customer/tickets/{documentId}/comments', 400);
    expectDocumented(await customer().post(`${BASE}/${t.documentId}/comments`, { body: 'z'.repeat(commentMax) }), 'post', '/customer/tickets/{documentId}/comments', 201);
    const reasonMax = requestSchema('post', '/customer/tickets/{documentId}/reject').properties.reason.maxLength as number;
    const res = await customer().post(`${BASE}/${t.documentId}/reject`, { version: t.version, reason: 'r'.repeat(reasonMax + 1) });
    expectDocumented(res, 'post', '/customer/tickets/{documentId}/reject', 400);
    expect(res.body.error.details.errors.map((e: any) => e.path[0])).toEqual(['reason']);
    const pageSize = doc.paths['/customer/tickets'].get.parameters.find((p: any) => p.name === 'pageSize');
    const capped = await customer().get(BASE, { pageSize: 100000 });
    expectDocumented(capped, 'get', '/customer/tickets', 200);
    expect(pageSize.description).toContain(`Capped at ${capped.body.meta.pagination.pageSize} `);
  });
});

describe(`real customer training answers validate against the document (${testDb})`, () => {
  it('list (200), enroll (201, enrolled and waitlisted), enrollments (200), cancel (200); 400 and 404', async () => {
    const training = await d.docs('api::training.training').create({ data: { title: 'Switch basics', code: `OA-TR-${Date.now().toString(36)}`.slice(0, 20), audience: 'customer', product_line: 'Network Switches' } });
    const start = Date.now() + 20 * 86_400_000;
    const session = await d.docs('api::training-session.training-session').create({ data: { training: training.documentId, starts_at: new Date(start).toISOString(), ends_at: new Date(start + 3_600_000).toISOString(), capacity: 1, state: 'open', location: 'Online' } });
    const TR = `${PREFIX}/customer/trainings`;
    expectDocumented(await customer().get(TR), 'get', '/customer/trainings', 200);
    expectDocumented(await customer().get(TR, { product_line: 'Network Switches' }), 'get', '/customer/trainings', 200);
    const enrolled = await customer().post(`${TR}/${session.documentId}/enroll`, {});
    expectDocumented(enrolled, 'post', '/customer/trainings/{documentId}/enroll', 201);
    const waitlisted = await as(otherJwt).post(`${TR}/${session.documentId}/enroll`, {});
    expectDocumented(waitlisted, 'post', '/customer/trainings/{documentId}/enroll', 201);
    expect(waitlisted.body.data).toMatchObject({ status: 'waitlisted', waitlist_position: 1 });
    expectDocumented(await customer().post(`${TR}/${session.documentId}/enroll`, {}), 'post', '/customer/trainings/{documentId}/enroll', 400);
    expectDocumented(await customer().post(`${TR}/${session.documentId}/enroll`, { note: 'x' }), 'post', '/customer/trainings/{documentId}/enroll', 400);
    expectDocumented(await customer().post(`${TR}/no-such-session/enroll`, {}), 'post', '/customer/trainings/{documentId}/enroll', 404);
    expectDocumented(await customer().get(`${PREFIX}/customer/enrollments`), 'get', '/customer/enrollments', 200);
    expectDocumented(await as(otherJwt).post(`${PREFIX}/customer/enrollments/${enrolled.body.data.documentId}/cancel`, {}), 'post', '/customer/enrollments/{documentId}/cancel', 404);
    expectDocumented(await customer().post(`${PREFIX}/customer/enrollments/${enrolled.body.data.documentId}/cancel`, {}), 'post', '/customer/enrollments/{documentId}/cancel', 200);
    expectDocumented(await customer().post(`${PREFIX}/customer/enrollments/${enrolled.body.data.documentId}/cancel`, {}), 'post', '/customer/enrollments/{documentId}/cancel', 400);
    expectDocumented(await as(null).get(TR), 'get', '/customer/trainings', 403);
  });
});

describe(`real customer return answers validate against the document (${testDb})`, () => {
  it('open (201), list (200), cancel (200); 400, 403 and 404', async () => {
    const t = await openTicket();
    const url = `${BASE}/${t.documentId}/returns`;
    expectDocumented(await customer().post(url, { asset_serial: 'SN-OA-001' }), 'post', '/customer/tickets/{documentId}/returns', 400);
    expectDocumented(await customer().post(url, { asset_serial: 'SN-NOWHERE', reason: 'x' }), 'post', '/customer/tickets/{documentId}/returns', 400);
    const opened = await customer().post(url, { asset_serial: 'SN-OA-001', reason: 'Fan noise' });
    expectDocumented(opened, 'post', '/customer/tickets/{documentId}/returns', 201);
    expectDocumented(await customer().get(url), 'get', '/customer/tickets/{documentId}/returns', 200);
    expectDocumented(await as(otherJwt).get(url), 'get', '/customer/tickets/{documentId}/returns', 404);
    const cancelUrl = `${PREFIX}/customer/returns/${opened.body.data.documentId}/cancel`;
    expectDocumented(await as(otherJwt).post(cancelUrl, { reason: 'x' }), 'post', '/customer/returns/{documentId}/cancel', 404);
    expectDocumented(await customer().post(cancelUrl, {}), 'post', '/customer/returns/{documentId}/cancel', 400);
    expectDocumented(await customer().post(cancelUrl, { reason: 'Fixed itself' }), 'post', '/customer/returns/{documentId}/cancel', 200);
    expectDocumented(await customer().post(cancelUrl, { reason: 'again' }), 'post', '/customer/returns/{documentId}/cancel', 400);
    // Approved by the desk: the customer may no longer cancel (403).
    const again = await customer().post(url, { asset_serial: 'SN-OA-001', reason: 'Still noisy' });
    expect((await as(token).post(`${PREFIX}/rmas/${again.body.data.documentId}/approve`, { outcome: 'repair' })).status).toBe(200);
    expectDocumented(await customer().post(`${PREFIX}/customer/returns/${again.body.data.documentId}/cancel`, { reason: 'x' }), 'post', '/customer/returns/{documentId}/cancel', 403);
  });
});

describe(`real customer update-notice answers validate against the document (${testDb})`, () => {
  it('list (200), one (200); 404 for another organization and unknown; 403 without a customer', async () => {
    const notice = await d.docs('api::update-notice.update-notice').create({
      data: { version: '2.4.1', title_en: 'Switch firmware 2.4.1', title_zh: '交换机固件 2.4.1', notes_en: 'Fixes port flapping.', severity: 'recommended', product_lines: ['Network Switches'] },
      status: 'published',
    });
    const NT = `${PREFIX}/customer/update-notices`;
    const list = await customer().get(NT);
    expectDocumented(list, 'get', '/customer/update-notices', 200);
    expect(list.body.data.map((n: any) => n.documentId)).toContain(notice.documentId);
    expectDocumented(await customer().get(`${NT}/${notice.documentId}`), 'get', '/customer/update-notices/{documentId}', 200);
    expectDocumented(await as(otherJwt).get(`${NT}/${notice.documentId}`), 'get', '/customer/update-notices/{documentId}', 404);
    expectDocumented(await customer().get(`${NT}/no-such-notice`), 'get', '/customer/update-notices/{documentId}', 404);
    expectDocumented(await as(null).get(NT), 'get', '/customer/update-notices', 403);
  });
});
