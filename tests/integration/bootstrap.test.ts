/**
 * What bootstrap sets up: roles and their permissions, content locales, the queue indexes of the
 * migration, SQLite's WAL mode; a restart on the same database changes nothing.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { INDEXES } = require('../../database/migrations/2026.11.27T00.00.00.support-desk-queue-indexes.js');

let app: TestApp;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  app = await startApp();
  dropDatabase = app.dropDatabase;
});
afterAll(async () => {
  await app?.shutdown();
  await dropDatabase?.();
});

async function adminRole(code: string) {
  return app.strapi.db.query('admin::role').findOne({ where: { code }, populate: ['permissions'] });
}
const has = (role: any, action: string, subject: string | null) =>
  role.permissions.some((p: any) => p.action === action && (p.subject ?? null) === subject);
const CM = 'plugin::content-manager.explorer';

async function snapshot() {
  return {
    adminRoles: await app.strapi.db.query('admin::role').count({}),
    adminPermissions: await app.strapi.db.query('admin::permission').count({}),
    upRoles: await app.strapi.db.query('plugin::users-permissions.role').count({}),
    upPermissions: await app.strapi.db.query('plugin::users-permissions.permission').count({}),
    locales: await app.strapi.db.query('plugin::i18n.locale').count({}),
  };
}

describe('roles', () => {
  it('creates the users-permissions role Customer', async () => {
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
    expect(role).toMatchObject({ name: 'Customer', type: 'customer' });
  });

  it('keeps Strapi’s own admin roles (Super Admin, Editor, Author)', async () => {
    const codes = (await app.strapi.db.query('admin::role').findMany({})).map((r: any) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['strapi-super-admin', 'strapi-editor', 'strapi-author', 'support-agent', 'support-supervisor']));
  });

  it('gives Support Agent ticket work but not reference-data edits or deletes', async () => {
    const agent = await adminRole('support-agent');
    expect(agent.name).toBe('Support Agent');
    expect(has(agent, `${CM}.read`, 'api::ticket.ticket')).toBe(true);
    expect(has(agent, `${CM}.create`, 'api::ticket.ticket')).toBe(true);
    expect(has(agent, `${CM}.update`, 'api::ticket.ticket')).toBe(true);
    expect(has(agent, `${CM}.delete`, 'api::ticket.ticket')).toBe(false);
    expect(has(agent, `${CM}.read`, 'api::sla-contract.sla-contract')).toBe(true);
    expect(has(agent, `${CM}.update`, 'api::sla-contract.sla-contract')).toBe(false);
    expect(has(agent, 'plugin::support-desk.overview.read', null)).toBe(true);
    // Fields are granted explicitly (Strapi denies fields not listed).
    const ticketRead = agent.permissions.find((p: any) => p.action === `${CM}.read` && p.subject === 'api::ticket.ticket');
    expect(ticketRead.properties.fields).toEqual(expect.arrayContaining(['subject', 'state', 'priority', 'assignee']));
  });

  it('gives Support Supervisor contracts, calendars and KB publishing', async () => {
    const sup = await adminRole('support-supervisor');
    expect(has(sup, `${CM}.update`, 'api::sla-contract.sla-contract')).toBe(true);
    expect(has(sup, `${CM}.delete`, 'api::business-calendar.business-calendar')).toBe(true);
    expect(has(sup, `${CM}.publish`, 'api::kb-article.kb-article')).toBe(true);
    expect(has(sup, `${CM}.update`, 'plugin::users-permissions.user')).toBe(true);
  });

  it('lets nobody edit or delete the timeline or the stock ledger', async () => {
    for (const code of ['support-agent', 'support-supervisor']) {
      const role = await adminRole(code);
      for (const subject of ['plugin::support-desk.ticket-event', 'api::stock-movement.stock-movement']) {
        expect(has(role, `${CM}.update`, subject)).toBe(false);
        expect(has(role, `${CM}.delete`, subject)).toBe(false);
      }
    }
  });

  it('opens to Public only the public knowledge base (read, search, suggest, vote), no core type', async () => {
    const pub = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' }, populate: ['permissions'] });
    const domain = pub.permissions.map((p: any) => p.action).filter((a: string) => a.startsWith('api::') || a.startsWith('plugin::support-desk')).sort();
    expect(domain).toEqual(
      ['categories', 'feedback', 'find', 'findOne', 'search', 'suggest'].map((a) => `plugin::support-desk.kb.${a}`).sort(),
    );
  });
});

describe('content locales', () => {
  it('has en (default) and zh-Hans', async () => {
    const codes = (await app.strapi.db.query('plugin::i18n.locale').findMany({})).map((l: any) => l.code).sort();
    expect(codes).toEqual(['en', 'zh-Hans']);
    expect(await app.strapi.plugin('i18n').service('locales').getDefaultLocale()).toBe('en');
  });
});

describe('database', () => {
  it('has every index of the queue-index migration', async () => {
    const knex = app.strapi.db.connection;
    const names: string[] =
      testDb === 'postgres'
        ? (await knex.raw(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()`)).rows.map((r: any) => r.name)
        : (await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index'`)).map((r: any) => r.name);
    const expected = INDEXES.map((i: any[]) => i[1]);
    expect(expected.length).toBeGreaterThanOrEqual(10);
    expect(names).toEqual(expect.arrayContaining(expected));
  });

  it('plans the SLA sweep query on its index, not a table scan', async () => {
    const knex = app.strapi.db.connection;
    const states = ['new', 'triaged', 'in_progress', 'awaiting_customer', 'resolved', 'closed', 'closed', 'closed'];
    const base = Date.UTC(2026, 0, 1);
    const rows = Array.from({ length: 4000 }, (_, i) => ({
      document_id: `sweep${i}`,
      subject: `Sweep ${i}`,
      state: states[i % states.length],
      resolution_due_at: new Date(base + i * 3600_000),
      version: 1,
    }));
    for (let i = 0; i < rows.length; i += 500) await knex('tickets').insert(rows.slice(i, i + 500));
    await knex.raw(testDb === 'postgres' ? 'ANALYZE tickets' : 'ANALYZE');
    const sql = `SELECT id FROM tickets WHERE state = 'in_progress' AND resolution_due_at < '2026-01-03'`;
    const plan = testDb === 'postgres'
      ? (await knex.raw(`EXPLAIN ${sql}`)).rows.map((r: any) => r['QUERY PLAN']).join('\n')
      : (await knex.raw(`EXPLAIN QUERY PLAN ${sql}`)).map((r: any) => r.detail).join('\n');
    expect(plan).toMatch(/tickets_(state_resolution_due|resolution_due_open)_idx/);
    expect(plan).not.toMatch(/Seq Scan|SCAN tickets\b/);
    await knex('tickets').where('document_id', 'like', 'sweep%').del();
  });

  (testDb === 'sqlite' ? it : it.skip)('runs SQLite in WAL mode with a busy timeout', async () => {
    const knex = app.strapi.db.connection;
    const mode = await knex.raw('PRAGMA journal_mode');
    expect(String(mode[0].journal_mode).toLowerCase()).toBe('wal');
    const timeout = await knex.raw('PRAGMA busy_timeout');
    expect(Number(Object.values(timeout[0])[0])).toBeGreaterThanOrEqual(1000);
  });

  it('takes 40 concurrent writes without "database is locked"', async () => {
    const token = await fullAccessToken(app.strapi);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        app.http().post('/api/tickets').set('Authorization', `Bearer ${token}`).send({ data: { subject: `Concurrent ${i}` } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(await app.strapi.db.query('api::ticket.ticket').count({ where: { subject: { $startsWith: 'Concurrent ' } } })).toBe(40);
  });
});

describe('restart', () => {
  it('a second boot on the same database adds no role, permission or locale', async () => {
    const before = await snapshot();
    await app.shutdown();
    app = await startApp({ reuseDatabase: app.env, dropReused: app.dropDatabase });
    expect(await snapshot()).toEqual(before);
  });
});
