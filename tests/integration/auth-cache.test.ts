/**
 * The authentication caches (bootstrap/auth-cache.ts): an API token, a users-permissions role's
 * permissions and the users-permissions advanced settings are read once per AUTH_CACHE_TTL_MS, and
 * every change made on this instance takes effect at the next request: a revoked, regenerated,
 * expired or narrowed token is refused at once, as is a customer whose role lost a permission or who
 * is unconfirmed once confirmation is switched on. A change the instance does not see (another
 * instance's, here a raw delete) takes effect within the TTL.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { customerLogin } from '../helpers/auth';

const TTL_MS = 8000;
const UP_PERMISSION = 'plugin::users-permissions.permission';

let app: TestApp;
/** SQL statements sent while `fn` ran. */
let statements: string[] = [];
/** The bindings of each statement in `statements`, by its text (to tell which core-store key a read asked for). */
let bindingsOf = new Map<string, unknown[][]>();
const record = (q: { sql: string; bindings?: unknown[] }) => {
  statements.push(q.sql);
  bindingsOf.set(q.sql, [...(bindingsOf.get(q.sql) ?? []), q.bindings ?? []]);
};

async function sqlOf<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  statements = [];
  bindingsOf = new Map();
  const result = await fn();
  const sql = statements;
  statements = [];
  return { result, sql };
}
/** Statements reading `table` (PostgreSQL quotes names with ", SQLite with `). */
const reads = (sql: string[], table: string) => sql.filter((s) => new RegExp(`from [\`"]${table}[\`"]`, 'i').test(s)).length;
const tokenReads = (sql: string[]) => reads(sql, 'strapi_api_tokens');

const tokens = () => app.strapi.service('admin::api-token-content-api') as any;
async function createToken(extra: Record<string, unknown> = {}) {
  const t = await tokens().create({ name: `cache-${Date.now()}-${Math.random()}`, type: 'full-access', lifespan: null, ...extra });
  return { id: t.id as number, key: t.accessKey as string };
}
const list = (key: string) => app.http().get('/api/fault-categories').set('Authorization', `Bearer ${key}`);
/** Uses a token until it is served from the cache (its first use writes lastUsedAt, which empties the cache). */
async function warm(key: string) {
  expect((await list(key)).status).toBe(200);
  expect((await list(key)).status).toBe(200);
  const cached = await sqlOf(() => list(key));
  expect(cached.result.status).toBe(200);
  expect(tokenReads(cached.sql)).toBe(0);
}

beforeAll(async () => {
  app = await startApp({ env: { AUTH_CACHE_TTL_MS: String(TTL_MS) } });
  // (startApp removes Strapi upload's weekly-metrics cron: its core-store write would empty the settings cache.)
  (app.strapi.db.connection as any).on('query', record);
});
afterAll(async () => {
  (app?.strapi.db.connection as any)?.off('query', record);
  await app?.stop();
});

describe('API tokens', () => {
  it('a token is read, then served from the cache (no token statement)', async () => {
    const { key } = await createToken();
    const first = await sqlOf(() => list(key));
    expect(first.result.status).toBe(200);
    expect(tokenReads(first.sql)).toBeGreaterThanOrEqual(1);
    // Its first use writes lastUsedAt (Strapi, at most hourly), which empties the cache: read once more.
    expect((await list(key)).status).toBe(200);
    const cached = await sqlOf(() => list(key));
    expect(cached.result.status).toBe(200);
    expect(tokenReads(cached.sql)).toBe(0);
  });

  it('a revoked token is refused at the next request (401)', async () => {
    const { id, key } = await createToken();
    await warm(key);
    await tokens().revoke(id);
    const res = await list(key);
    expect(res.status).toBe(401);
  });

  it('a regenerated token: the old key is refused at once, the new one works', async () => {
    const { id, key } = await createToken();
    await warm(key);
    const regenerated = await tokens().regenerate(id);
    expect((await list(key)).status).toBe(401);
    expect((await list(regenerated.accessKey)).status).toBe(200);
  });

  it('a custom token whose permission is taken away is refused at once (403)', async () => {
    const { id, key } = await createToken({ type: 'custom', permissions: ['api::fault-category.fault-category.find'] });
    await warm(key);
    await tokens().update(id, { permissions: ['api::fault-category.fault-category.findOne'] });
    expect((await list(key)).status).toBe(403);
    await tokens().update(id, { type: 'read-only' });
    expect((await list(key)).status).toBe(200);
  });

  it('an expired token is refused at its expiry time, cached or not', async () => {
    const { id, key } = await createToken();
    expect((await list(key)).status).toBe(200); // lastUsedAt written
    const expiresAt = new Date(Date.now() + 4000);
    await app.strapi.db.query('admin::api-token').update({ where: { id }, data: { expiresAt } });
    const before = await list(key);
    if (Date.now() < expiresAt.getTime()) expect(before.status).toBe(200);
    const cached = await sqlOf(() => list(key));
    if (Date.now() < expiresAt.getTime()) expect(tokenReads(cached.sql)).toBe(0);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt.getTime() - Date.now()) + 50));
    const res = await list(key);
    expect(res.status).toBe(401);
  });

  it('a change this instance does not see (another instance’s) takes effect within the TTL', async () => {
    const { id, key } = await createToken();
    await warm(key);
    const loadedAt = Date.now();
    // A raw delete fires no lifecycle, as a revocation on another instance.
    await app.strapi.db.connection('strapi_api_tokens').where({ id }).delete();
    const stale = await list(key);
    if (Date.now() - loadedAt < TTL_MS - 500) expect(stale.status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, loadedAt + TTL_MS - Date.now()) + 100));
    expect((await list(key)).status).toBe(401);
  });
});

describe('users-permissions (customer JWT)', () => {
  let jwt: string;
  let userId: number;
  let roleId: number;
  const mine = () => app.http().get('/api/support-desk/customer/tickets').set('Authorization', `Bearer ${jwt}`);
  const roleReads = (sql: string[]) => reads(sql, 'up_permissions');
  /**
   * Reads of the users-permissions advanced settings. Other core-store keys are not this cache's
   * (the i18n default locale, read by the document service, has its own 5 s memo: locales.ts).
   */
  const storeReads = (sql: string[]) =>
    [...new Set(sql)]
      .filter((s) => reads([s], 'strapi_core_store_settings') > 0)
      .flatMap((s) => bindingsOf.get(s) ?? [])
      .filter((bindings) => bindings.includes('plugin_users-permissions_advanced')).length;

  beforeAll(async () => {
    const org = await app.strapi.db.query('api::organization.organization').create({ data: { name: 'Cache Org', code: `CACHE${Date.now()}` } });
    const login = await customerLogin(app.strapi, app.http, org.id);
    jwt = login.jwt;
    userId = login.id;
    roleId = (await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } })).id;
  });

  it('role permissions and settings are read once, then cached', async () => {
    // Emptied first, so that no entry an earlier test filled expires between the two requests.
    const caches = (app.strapi as any)[Symbol.for('support-desk.auth-cache')];
    for (const cache of [caches.tokens, caches.rolePermissions, caches.store]) cache.clear();
    const first = await sqlOf(() => mine());
    expect(first.result.status).toBe(200);
    expect(roleReads(first.sql) + storeReads(first.sql)).toBeGreaterThan(0);
    const { result, sql } = await sqlOf(() => mine());
    expect(result.status).toBe(200);
    expect(roleReads(sql)).toBe(0);
    expect(storeReads(sql)).toBe(0);
    expect(reads(sql, 'up_users')).toBeGreaterThan(0); // the user is read every time
    expect(reads(sql, 'strapi_api_tokens')).toBe(0); // the JWT tried as an API token: a cached miss
  });

  it("the JWT is verified with the secret as a key object (the app's users-permissions extension), tampering refused", async () => {
    const service = app.strapi.plugin('users-permissions').service('jwt') as { verify: (t: string) => Promise<{ id?: number }> };
    expect(String(service.verify)).toMatch(/verifyWithSecretKey/);
    await expect(service.verify(jwt)).resolves.toMatchObject({ id: userId });
    const [head, , signature] = jwt.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ id: userId + 1, iat: Math.floor(Date.now() / 1000) })).toString('base64url')}.${signature}`;
    await expect(service.verify(forged)).rejects.toThrow('Invalid token.');
    expect((await app.http().get('/api/support-desk/customer/tickets').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
  });

  it('the user is read with its role and organization (one statement on PostgreSQL), fresh at every request', async () => {
    const { result, sql } = await sqlOf(() => mine());
    expect(result.status).toBe(200);
    const userReads = sql.filter((s) => /up_users_role_lnk|up_users_organization_lnk/.test(s));
    if (testDb === 'postgres') {
      expect(userReads).toHaveLength(1);
      expect(userReads[0]).toMatch(/up_users_role_lnk/);
      expect(userReads[0]).toMatch(/up_users_organization_lnk/);
    } else {
      expect(userReads.length).toBeGreaterThanOrEqual(2);
    }
    // Taken out of its organization: refused at the next request (403 naming it); linked again: served.
    const USER = 'plugin::users-permissions.user';
    const { organization } = await app.strapi.db.query(USER).findOne({ where: { id: userId }, populate: { organization: { select: ['id'] } } });
    await app.strapi.db.query(USER).update({ where: { id: userId }, data: { organization: null } });
    try {
      const refused = await mine();
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/not linked to a customer organization/);
    } finally {
      await app.strapi.db.query(USER).update({ where: { id: userId }, data: { organization: organization.id } });
    }
    expect((await mine()).status).toBe(200);
  });

  it('a permission taken from the role is refused at once (403), given back at once', async () => {
    expect((await mine()).status).toBe(200);
    const permission = await app.strapi.db.query(UP_PERMISSION).findOne({ where: { action: 'plugin::support-desk.customer-tickets.find', role: { id: roleId } } });
    expect(permission).toBeTruthy();
    await app.strapi.db.query(UP_PERMISSION).delete({ where: { id: permission.id } });
    expect((await mine()).status).toBe(403);
    await app.strapi.db.query(UP_PERMISSION).create({ data: { action: 'plugin::support-desk.customer-tickets.find', role: roleId } });
    expect((await mine()).status).toBe(200);
  });

  it('email confirmation switched on: an unconfirmed user is refused at once; a blocked user too', async () => {
    const store = app.strapi.store({ type: 'plugin', name: 'users-permissions' });
    const advanced = (await store.get({ key: 'advanced' })) as Record<string, unknown>;
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: userId }, data: { confirmed: false } });
    expect((await mine()).status).toBe(200); // confirmation is off
    expect((await mine()).status).toBe(200);
    try {
      await store.set({ key: 'advanced', value: { ...advanced, email_confirmation: true } });
      expect((await mine()).status).toBe(401);
    } finally {
      await store.set({ key: 'advanced', value: advanced });
    }
    expect((await mine()).status).toBe(200);
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: userId }, data: { confirmed: true, blocked: true } });
    expect((await mine()).status).toBe(401);
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: userId }, data: { blocked: false } });
    expect((await mine()).status).toBe(200);
  });
});
