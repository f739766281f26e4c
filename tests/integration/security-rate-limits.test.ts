/**
 * Rate limits shared by all instances (counts in sd_rate_limits, policies/rate-limit.ts): customer
 * ticket creation and comments per account, the public KB suggest endpoint per client address, and
 * survey answers per client address (POST /api/support-desk/surveys/answer), and logins (POST /api/auth/local) per
 * account and, higher, per client address (issue 16: one office behind one address is not locked out). Over a limit: 429 with Retry-After
 * and a message; the refused request writes nothing; other accounts and addresses are unaffected.
 * Regression suite for issue 9, class "no rate limit". Windows are long (1 h) so that a slow run
 * cannot slide out of them.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { customerLogin, fullAccessToken } from '../helpers/auth';
import { rest } from '../helpers/fixtures';
import { getServiceOf } from '../../src/plugins/support-desk/server/src/utils/get-service';

const TICKET = 'api::ticket.ticket';
const EVENT = 'plugin::support-desk.ticket-event';
const NOTIFICATION = 'plugin::support-desk.notification';
const CUSTOMER = '/api/support-desk/customer/tickets';
const HOUR = '3600000';

let app: TestApp;
let orgId: number;

beforeAll(async () => {
  app = await startApp({
    env: {
      CUSTOMER_TICKET_LIMIT: '3', CUSTOMER_TICKET_WINDOW_MS: HOUR,
      CUSTOMER_COMMENT_LIMIT: '2', CUSTOMER_COMMENT_WINDOW_MS: HOUR,
      KB_SUGGEST_LIMIT: '4', KB_SUGGEST_WINDOW_MS: HOUR,
      SURVEY_ANSWER_LIMIT: '2', SURVEY_ANSWER_WINDOW_MS: HOUR,
      LOGIN_ACCOUNT_LIMIT: '3', LOGIN_ACCOUNT_WINDOW_MS: HOUR,
      LOGIN_ADDRESS_LIMIT: '12', LOGIN_ADDRESS_WINDOW_MS: HOUR,
      PROXY_ENABLED: 'true', PROXY_MAX_IPS_COUNT: '1',
    },
  });
  const token = await fullAccessToken(app.strapi);
  orgId = (await rest(app, token).create('organizations', { name: 'Busy Org', code: 'BUSY' })).id;
});
afterAll(async () => {
  await app?.stop();
});

const bearer = (jwt: string) => ({ Authorization: `Bearer ${jwt}` });
const written = async () => ({
  tickets: await app.strapi.db.query(TICKET).count(),
  events: await app.strapi.db.query(EVENT).count(),
  notifications: await app.strapi.db.query(NOTIFICATION).count(),
});

/** 429, a Retry-After of whole seconds (the sliding window reaches into the next fixed window: at most 2 windows), the message says when. */
function expectLimited(res: { status: number; headers: Record<string, string>; body: any }, words: string) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(7200);
  expect(res.body.error).toMatchObject({ status: 429, name: 'RateLimitError', details: { retryAfter } });
  expect(res.body.error.message).toContain(words);
  expect(res.body.error.message).toContain(`Try again in ${retryAfter} s.`);
}

describe(`customer tickets: CUSTOMER_TICKET_LIMIT per account (${testDb})`, () => {
  test('3 tickets are accepted, the 4th is 429 with Retry-After and writes nothing; another account still may', async () => {
    const a = await customerLogin(app.strapi, app.http, orgId);
    const b = await customerLogin(app.strapi, app.http, orgId);
    for (let i = 0; i < 3; i += 1) expect((await app.http().post(CUSTOMER).set(bearer(a.jwt)).send({ subject: `Ticket ${i}` })).status).toBe(201);
    const before = await written();
    expectLimited(await app.http().post(CUSTOMER).set(bearer(a.jwt)).send({ subject: 'One too many' }), 'Too many tickets opened from this account: at most 3 per 1 h.');
    expect(await written()).toEqual(before);
    // Per account: the other contact of the same organization is not limited by the first one's tickets.
    expect((await app.http().post(CUSTOMER).set(bearer(b.jwt)).send({ subject: 'Mine' })).status).toBe(201);
    // Reading is not limited.
    expect((await app.http().get(CUSTOMER).set(bearer(a.jwt))).status).toBe(200);
  });
});

describe(`customer comments: CUSTOMER_COMMENT_LIMIT per account (${testDb})`, () => {
  test('2 comments are accepted, the 3rd is 429 and writes nothing; another account still may', async () => {
    const a = await customerLogin(app.strapi, app.http, orgId);
    const b = await customerLogin(app.strapi, app.http, orgId);
    const ticket = (await app.http().post(CUSTOMER).set(bearer(b.jwt)).send({ subject: 'Shared ticket' })).body.data;
    for (let i = 0; i < 2; i += 1) expect((await app.http().post(`${CUSTOMER}/${ticket.documentId}/comments`).set(bearer(a.jwt)).send({ body: `Note ${i}` })).status).toBe(201);
    const before = await written();
    expectLimited(await app.http().post(`${CUSTOMER}/${ticket.documentId}/comments`).set(bearer(a.jwt)).send({ body: 'Note 3' }), 'Too many comments from this account: at most 2 per 1 h.');
    expect(await written()).toEqual(before);
    expect((await app.http().post(`${CUSTOMER}/${ticket.documentId}/comments`).set(bearer(b.jwt)).send({ body: 'From b' })).status).toBe(201);
  });
});

describe(`public KB suggest: KB_SUGGEST_LIMIT per client address (${testDb})`, () => {
  const suggest = (ip: string, jwt?: string) => {
    const req = app.http().post('/api/support-desk/kb/suggest').set('X-Forwarded-For', ip);
    return (jwt ? req.set(bearer(jwt)) : req).send({ subject: 'switch will not boot' });
  };

  test('4 requests are answered, the 5th is 429 with Retry-After; another address still is', async () => {
    for (let i = 0; i < 4; i += 1) expect((await suggest('198.51.100.7')).status).toBe(200);
    expectLimited(await suggest('198.51.100.7'), 'Too many suggestion requests from this client address: at most 4 per 1 h.');
    // Per address, whoever is logged in: a customer behind the same address shares the limit.
    const c = await customerLogin(app.strapi, app.http, orgId);
    expect((await suggest('198.51.100.7', c.jwt)).status).toBe(429);
    expect((await suggest('198.51.100.8')).status).toBe(200);
  });

  test('refused requests are not counted: the bucket holds the accepted ones only', async () => {
    const rows = await app.strapi.db.connection('sd_rate_limits').where({ bucket: 'kb-suggest' }).sum({ n: 'hits' });
    expect(Number(rows[0].n)).toBe(5); // 4 + 1 from the other address; refused requests are not counted
  });
});

describe(`survey answers: SURVEY_ANSWER_LIMIT (${testDb})`, () => {
  test('the configured limit holds: 2 answers per address, then RateLimitError with retryAfter', async () => {
    const limits = getServiceOf(app.strapi, 'rate-limits');
    expect(limits.windowOf('surveyAnswers')).toEqual({ limit: 2, windowMs: 3_600_000 });
    await limits.enforce('surveyAnswers', 'ip:203.0.113.5');
    await limits.enforce('surveyAnswers', 'ip:203.0.113.5');
    await expect(limits.enforce('surveyAnswers', 'ip:203.0.113.5')).rejects.toMatchObject({
      name: 'RateLimitError',
      message: expect.stringContaining('Too many survey answers from this client address: at most 2 per 1 h.'),
      details: { retryAfter: expect.any(Number) },
    });
    await expect(limits.enforce('surveyAnswers', 'ip:203.0.113.6')).resolves.toMatchObject({ allowed: true });
  });

  test('the public answer endpoint takes 2 answers per address (whatever their outcome), then 429', async () => {
    const post = () => app.http().post('/api/support-desk/surveys/answer').send({ token: 'A'.repeat(43), rating: 5 });
    expect((await post()).status).toBe(404);
    expect((await post()).status).toBe(404);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe(`logins: LOGIN_ACCOUNT_LIMIT per account, LOGIN_ADDRESS_LIMIT per client address (${testDb})`, () => {
  const login = (identifier: string, password: string, address: string) =>
    app.http().post('/api/auth/local').set('X-Forwarded-For', address).send({ identifier, password });
  const PASSWORD = 'Customer-Test-2026!';
  let office: string[];

  beforeAll(async () => {
    // customerLogin logs each in once from 127.0.0.1 (one hit per account there).
    office = [];
    for (let i = 0; i < 5; i++) office.push((await customerLogin(app.strapi, app.http, orgId, `office.${i}.${Date.now()}`)).email);
  });

  test('one office behind one address: 5 colleagues log in twice each (10 logins, more than one account may make) and all get in', async () => {
    for (const email of office) {
      for (let k = 0; k < 2; k++) expect((await login(email, PASSWORD, '198.51.100.7')).status).toBe(200);
    }
  });

  test('a guessed account is held after LOGIN_ACCOUNT_LIMIT attempts whatever the address (case and spaces do not make a new account); its colleagues still log in', async () => {
    const target = office[0];
    // office[0] already has 1 (helper) + 2 logins: the limit (3) is reached.
    const res = await login(` ${target.toUpperCase()} `, 'wrong-password', '203.0.113.50');
    expectLimited(res, 'login attempts');
    expect(res.body.error.message).toContain('from this account');
    const fresh = await customerLogin(app.strapi, app.http, orgId, `fresh.${Date.now()}`);
    expect((await login(fresh.email, PASSWORD, '198.51.100.7')).status).toBe(200);
  });

  test('one address trying many accounts is held after LOGIN_ADDRESS_LIMIT attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push((await login(`nobody.${i}@example.test`, 'x', '192.0.2.99')).status);
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(400));
    expect(statuses[12]).toBe(429);
    expect((await login(`nobody.0@example.test`, 'x', '192.0.2.100')).status).toBe(400);
  });
});
