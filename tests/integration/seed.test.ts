/** The demo data set: what it loads, and that a second run adds nothing. */
import path from 'path';
import { startApp, appDir, type TestApp } from '../helpers/strapi';
import { SUPPORT_CONTENT_TYPES } from '../../src/plugins/support-desk/server/src/constants';

let app: TestApp;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seed } = require(path.join(appDir, 'dist/src/seed'));
let first: { created: Record<string, number>; admin: { email: string } };
const lines: string[] = [];

beforeAll(async () => {
  app = await startApp({ env: { ADMIN_EMAIL: 'seed-admin@example.com', ADMIN_PASSWORD: 'Seed-Admin-2026!' } });
  first = await seed(app.strapi, { log: (l: string) => lines.push(l) });
}, 300000);
afterAll(async () => {
  await app?.stop();
});

const q = (uid: string) => app.strapi.db.query(uid as any);

async function countAll() {
  const counts: Record<string, number> = {};
  for (const uid of [...SUPPORT_CONTENT_TYPES, 'plugin::users-permissions.user', 'admin::user', 'admin::role', 'plugin::i18n.locale']) {
    counts[uid] = await q(uid).count({});
  }
  return counts;
}

it('prints a progress line per kind', () => {
  for (const kind of ['organizations', 'customer contacts', 'assets', 'sla contracts', 'business calendars', 'support groups', 'agents', 'fault categories', 'kb articles', 'parts', 'trainings', 'tickets']) {
    expect(lines.some((l) => l.startsWith(`[seed] ${kind}`))).toBe(true);
  }
});

it('creates the admin account from ADMIN_EMAIL / ADMIN_PASSWORD as super admin', async () => {
  expect(first.admin.email).toBe('seed-admin@example.com');
  const admin = await q('admin::user').findOne({ where: { email: 'seed-admin@example.com' }, populate: ['roles'] });
  expect(admin.roles.map((r: any) => r.code)).toContain('strapi-super-admin');
  const login = await app.http().post('/admin/login').send({ email: 'seed-admin@example.com', password: 'Seed-Admin-2026!' });
  expect(login.status).toBe(200);
  expect(login.body.data.token).toEqual(expect.any(String));
});

it('loads customer organizations with contacts (Customer role) and assets', async () => {
  const orgs = await q('api::organization.organization').findMany({ populate: ['contacts', 'assets', 'sla_contract'] });
  expect(orgs.length).toBeGreaterThanOrEqual(6);
  for (const org of orgs) {
    expect(org.contacts.length).toBeGreaterThanOrEqual(2);
    expect(org.assets.length).toBeGreaterThanOrEqual(2);
  }
  const contact = await q('plugin::users-permissions.user').findOne({ where: { organization: { code: 'SH-METRO' } }, populate: ['role'] });
  expect(contact.role.type).toBe('customer');
  const login = await app.http().post('/api/auth/local').send({ identifier: contact.email, password: 'Customer2026!' });
  expect(login.status).toBe(200);
});

it('has a default contract on the Chinese business calendar and a 24×7 premium contract', async () => {
  const std = await q('api::sla-contract.sla-contract').findOne({ where: { is_default: true }, populate: { business_calendar: { populate: ['working_intervals', 'holidays', 'extra_working_days'] }, targets: true } });
  const cal = std.business_calendar;
  expect(cal.timezone).toBe('Asia/Shanghai');
  const monday = cal.working_intervals.filter((i: any) => i.weekday === 'mon').map((i: any) => `${i.start.slice(0, 5)}-${i.end.slice(0, 5)}`);
  expect(monday).toEqual(['09:00-12:00', '13:00-18:00']);
  expect(cal.holidays.map((h: any) => h.date)).toContain('2026-10-01');
  expect(cal.extra_working_days.length).toBeGreaterThanOrEqual(1);
  expect(std.targets.map((t: any) => t.priority).sort()).toEqual(['P1', 'P2', 'P3', 'P4']);
  const premium = await q('api::sla-contract.sla-contract').findOne({ where: { code: 'PREM' }, populate: ['business_calendar', 'organizations'] });
  expect(premium.business_calendar).toBeNull();
  expect(premium.organizations.length).toBeGreaterThanOrEqual(1);
});

it('has support groups by product line and region, a fallback group and agents with the agent role', async () => {
  const groups = await q('api::support-group.support-group').findMany({ populate: ['members', 'lead'] });
  expect(new Set(groups.map((g: any) => g.product_line).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
  expect(groups.filter((g: any) => g.region).length).toBeGreaterThanOrEqual(2);
  expect(groups.filter((g: any) => g.is_fallback)).toHaveLength(1);
  const agentRole = await q('admin::role').findOne({ where: { code: 'support-agent' }, populate: ['users'] });
  expect(agentRole.users.length).toBeGreaterThanOrEqual(4);
  const profiles = await q('api::agent-profile.agent-profile').findMany({ populate: ['user'] });
  expect(profiles.every((p: any) => p.user && Array.isArray(p.skills))).toBe(true);
});

it('has at least 40 published KB articles in zh-Hans and en', async () => {
  const published = await q('api::kb-article.kb-article').findMany({ where: { publishedAt: { $notNull: true } } });
  const byLocale = published.reduce((acc: Record<string, number>, a: any) => ({ ...acc, [a.locale]: (acc[a.locale] ?? 0) + 1 }), {});
  expect(byLocale.en).toBeGreaterThanOrEqual(20);
  expect(byLocale['zh-Hans']).toBeGreaterThanOrEqual(20);
  expect(published.length).toBeGreaterThanOrEqual(40);
  expect(published.some((a: any) => a.visibility === 'internal')).toBe(true);
  expect(published.some((a: any) => /[\u4e00-\u9fff]/.test(a.title))).toBe(true);
});

it('has parts with stock explained by the ledger, fault categories, trainings with sessions', async () => {
  const parts = await q('api::part.part').findMany({ populate: ['movements'] });
  expect(parts.length).toBeGreaterThanOrEqual(10);
  for (const p of parts) expect(p.movements.reduce((s: number, m: any) => s + m.on_hand_delta, 0)).toBe(p.on_hand);
  expect(parts.some((p: any) => p.on_hand < p.reorder_point)).toBe(true);
  const faults = await q('api::fault-category.fault-category').findMany({ populate: ['parent'] });
  expect(faults.some((f: any) => f.parent)).toBe(true);
  const trainings = await q('api::training.training').findMany({ populate: { sessions: { populate: ['enrollments'] } } });
  expect(trainings.length).toBeGreaterThanOrEqual(3);
  expect(trainings.every((t: any) => t.sessions.length >= 1)).toBe(true);
  expect(trainings.flatMap((t: any) => t.sessions).some((s: any) => s.enrollments.length > 0)).toBe(true);
});

it('has tickets in every state', async () => {
  const tickets = await q('api::ticket.ticket').findMany({ populate: ['organization', 'requester', 'assignee'] });
  const states = new Set(tickets.map((t: any) => t.state));
  for (const s of ['new', 'triaged', 'in_progress', 'awaiting_customer', 'solution_proposed', 'resolved', 'closed', 'cancelled']) {
    expect(states).toContain(s);
  }
  expect(tickets.every((t: any) => t.organization && t.requester)).toBe(true);
  expect(tickets.filter((t: any) => t.state !== 'new' && t.state !== 'cancelled').every((t: any) => t.assignee)).toBe(true);
});

it('is idempotent: a second run creates nothing', async () => {
  const before = await countAll();
  const second = await seed(app.strapi, { log: () => {} });
  expect(second.created).toEqual({});
  expect(await countAll()).toEqual(before);
}, 300000);

describe('npm run seed refuses a real database', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { assertSeedAllowed } = require(path.join(appDir, 'dist/src/seed'));
  const allowed = (opts: Record<string, unknown> = {}) => assertSeedAllowed(app.strapi, { adminEmail: 'seed-admin@example.com', nodeEnv: 'development', ...opts });

  it('a database the demo seeded may be seeded again; NODE_ENV=production may not, unless --force', async () => {
    await expect(allowed()).resolves.toBeUndefined();
    await expect(allowed({ nodeEnv: 'production' })).rejects.toThrow(/Refusing to load the demo data: NODE_ENV is "production".*--force/);
    await expect(allowed({ nodeEnv: 'production', force: true })).resolves.toBeUndefined();
  });

  it('a database with non-demo data is refused, naming what it found, unless --force', async () => {
    const org = await q('api::organization.organization').create({ data: { name: 'Real Customer Ltd', code: 'REAL-1' } });
    const user = await q('plugin::users-permissions.user').create({ data: { username: 'realperson', email: 'real.person@real-customer.test', provider: 'local' } });
    try {
      const before = await countAll();
      await expect(allowed()).rejects.toThrow(/not demo data \(organizations: REAL-1; customer accounts: real\.person@real-customer\.test\).*npm run seed -- --force/);
      await expect(allowed({ force: true })).resolves.toBeUndefined();
      expect(await countAll()).toEqual(before);
    } finally {
      await q('api::organization.organization').delete({ where: { id: org.id } });
      await q('plugin::users-permissions.user').delete({ where: { id: user.id } });
    }
  });
});
