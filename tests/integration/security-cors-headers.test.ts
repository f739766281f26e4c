/**
 * Headers: CORS allows only CORS_ORIGINS and the server's own origin (PUBLIC_URL) — any other Origin
 * gets no Access-Control-Allow-* headers (a browser then refuses the answer and credentialed calls);
 * no X-Powered-By; the admin refresh cookie is Secure when PUBLIC_URL is https (and not made Secure
 * when it is http). Two boots: http and https PUBLIC_URL. Regression suite for issue 9, class "CORS and headers".
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { adminLogin } from '../helpers/auth';

const PORTAL = 'https://portal.example.test';
const INTRANET = 'http://intranet.example.test:8080';
const PUBLIC_URL = 'https://desk.example.test';
const EVIL = 'https://evil.example';

/** The refresh cookie set by POST /admin/login with rememberMe. */
async function refreshCookie(app: TestApp): Promise<string> {
  const { email } = await adminLogin(app.strapi, app.http, 'support-agent');
  const res = await app.http().post('/admin/login').send({ email, password: 'Test-Admin-2026!', rememberMe: true });
  expect(res.status).toBe(200);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('strapi_admin_refresh='));
  expect(cookie).toBeDefined();
  return cookie!;
}

// The http boot runs first: Strapi keeps the first boot's admin cookie setting in this process.
describe(`PUBLIC_URL http, no CORS_ORIGINS (${testDb})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ env: { PUBLIC_URL: 'http://localhost:1337', CORS_ORIGINS: '' } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  test('only the server origin is allowed', async () => {
    expect((await app.http().get('/api/support-desk/kb/categories').set('Origin', 'http://localhost:1337')).headers['access-control-allow-origin']).toBe('http://localhost:1337');
    expect((await app.http().get('/api/support-desk/kb/categories').set('Origin', PORTAL)).headers['access-control-allow-origin']).toBeUndefined();
  });

  test('the refresh cookie is not Secure over plain http outside production', async () => {
    expect(await refreshCookie(app)).not.toMatch(/;\s*secure/i);
  });
});

describe(`PUBLIC_URL https, CORS_ORIGINS set (${testDb})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ env: { PUBLIC_URL, CORS_ORIGINS: `${PORTAL}, ${INTRANET}` } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  test.each([PORTAL, INTRANET, PUBLIC_URL])('%s is allowed, with credentials', async (origin) => {
    const res = await app.http().get('/api/support-desk/kb/categories').set('Origin', origin);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const preflight = await app.http().options('/api/support-desk/customer/tickets').set('Origin', origin).set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
  });

  test.each([EVIL, 'null', `${PORTAL}.evil.example`, 'https://portal.example.test:444', 'http://portal.example.test'])('%s gets no CORS headers, simple or preflight', async (origin) => {
    const res = await app.http().get('/api/support-desk/kb/categories').set('Origin', origin);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await app.http().options('/api/auth/local').set('Origin', origin).set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });

  test('a refusal (400) still carries the CORS headers of an allowed origin, so the page can read the message', async () => {
    const res = await app.http().get('/api/support-desk/kb/search?q=%00').set('Origin', PORTAL);
    expect(res.status).toBe(400);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
  });

  test('no X-Powered-By on any answer (200, 400, 401, 404, admin)', async () => {
    const answers = await Promise.all([
      app.http().get('/api/support-desk/kb/categories'),
      app.http().get('/api/support-desk/kb/search?q=%00'),
      app.http().get('/api/support-desk/customer/tickets'),
      app.http().get('/api/no-such-route'),
      app.http().get('/admin/init'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 400, 403, 404, 200]);
    for (const res of answers) expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('the admin refresh cookie is Secure and HttpOnly (TLS ends at a proxy: the request itself is plain http)', async () => {
    const cookie = await refreshCookie(app);
    expect(cookie).toMatch(/;\s*secure/i);
    expect(cookie).toMatch(/;\s*httponly/i);
  });
});
