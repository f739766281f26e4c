/**
 * The dashboard's per-day rollups (services/dashboard-rollup.ts) answer exactly what the live
 * queries answer: after a fold (rollups alone: the tickets' updated_at is moved out of the
 * correction window), after changes not yet folded (the correction: reopen, re-resolve on another
 * day, cancel, move to another group, CSAT, a breach mark set without updated_at like the SLA
 * sweep), after the next fold, and after folds in a row (no double count). Periods with whole days
 * only, partial edge days, no whole day, ISO weeks; scopes all / group / group + product line.
 * On SQLite there are no rollups (fold is skipped, reads are live): the same comparisons hold trivially.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { uniq } from '../helpers/desk';

const TICKET = 'api::ticket.ticket';
let app: TestApp;
let g1: any;
let g2: any;
const agents: number[] = [];
const ids: number[] = [];
const svc = () => app.strapi.plugin('support-desk').service('dashboard') as any;
const knex = () => app.strapi.db.connection;
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 9, day, hour, minute));

const PERIODS = [
  { from: at(3, 0), to: at(17, 0), trend: 'day' }, // whole days only
  { from: at(3, 7, 30), to: at(17, 15, 45), trend: 'day' }, // partial edge days
  { from: at(5, 2), to: at(5, 20), trend: 'day' }, // no whole day
  { from: at(1, 0), to: at(31, 0), trend: 'week' }, // ISO weeks
  { from: new Date(Date.UTC(2025, 11, 1)), to: new Date(Date.UTC(2026, 11, 31)), trend: 'week' }, // everything
];
const scopes = () => [
  { group: null, productLine: null, agents: null },
  { group: g1, productLine: null, agents: null },
  { group: g1, productLine: 'Network Switches', agents: null },
  { group: null, productLine: 'Storage Arrays', agents: agents.slice(0, 2) },
];

/** Every period × scope: the answer (rollups when folded) equals the live-only answer. */
async function expectSameAsLive(label: string) {
  for (const p of PERIODS) {
    for (const scope of scopes()) {
      const q = { ...p, group: scope.group?.code ?? null, productLine: scope.productLine };
      const [answer, live] = await Promise.all([svc().dashboard(q, scope), svc().dashboard(q, scope, { live: true })]);
      expect({ label, period: p, scope: scope.group?.code ?? null, pl: scope.productLine, answer }).toEqual({ label, period: p, scope: scope.group?.code ?? null, pl: scope.productLine, answer: live });
    }
  }
}
/** Moves the tickets' updated_at out of the correction window, so reads rest on the rollups alone. */
const age = () => knex()('tickets').whereIn('id', ids).update({ updated_at: new Date(Date.now() - 3 * 3600_000) });

beforeAll(async () => {
  app = await startApp();
  const q = (uid: string) => app.strapi.db.query(uid as any);
  for (let i = 0; i < 4; i++) agents.push((await q('admin::user').create({ data: { email: `${uniq('rollup')}@example.test`.toLowerCase(), firstname: `Agent${i}`, isActive: true } })).id);
  g1 = await q('api::support-group.support-group').create({ data: { name: 'Rollup G1', code: uniq('RG1-').slice(0, 20) } });
  g2 = await q('api::support-group.support-group').create({ data: { name: 'Rollup G2', code: uniq('RG2-').slice(0, 20) } });
  const cat = await q('api::fault-category.fault-category').create({ data: { name: 'Rollup PSU', code: uniq('RPSU').slice(0, 20) } });
  const states = ['closed', 'resolved', 'in_progress', 'new', 'cancelled', 'awaiting_customer', 'closed', 'triaged'];
  const channels = ['phone', 'email', 'web', 'portal'];
  // 48 tickets over 2026-10-01 … 10-24 at varied hours; marks and figures deterministic from i.
  for (let i = 0; i < 48; i++) {
    const state = states[i % states.length];
    const created = at(1 + (i % 24), (i * 5) % 24, (i * 7) % 60);
    const resolved = ['closed', 'resolved'].includes(state) ? new Date(created.getTime() + ((i * 37) % 96) * 3600_000 + 60_000) : null;
    const responded = state === 'new' || state === 'cancelled' ? null : new Date(created.getTime() + ((i * 13) % 180) * 60_000);
    const t = await q(TICKET).create({
      data: {
        number: `TS-8${String(i).padStart(5, '0')}${Math.floor(Math.random() * 1000)}`,
        subject: `Rollup ${i}`,
        urgency: 'medium',
        impact: 'medium',
        type: i % 3 ? 'fault' : 'consultation',
        state,
        priority: ['P1', 'P2', 'P3', 'P4'][i % 4],
        channel: channels[i % channels.length],
        product_line: i % 5 === 0 ? 'Storage Arrays' : 'Network Switches',
        group: i % 6 === 5 ? null : i % 2 ? g1.id : g2.id,
        assignee: state === 'new' ? null : agents[i % agents.length],
        fault_category: resolved && i % 3 ? cat.id : null,
        root_cause: resolved && i % 3 ? `cause ${i % 4}` : null,
        version: 1,
        createdAt: created,
        first_responded_at: responded,
        first_response_business_minutes: responded ? (i * 13) % 180 % 47 : null, // repeats: histogram counts > 1
        first_response_due_at: new Date(created.getTime() + 60 * 60_000),
        resolved_at: resolved,
        resolution_business_minutes: resolved ? (i * 91) % 700 : null,
        resolution_due_at: new Date(created.getTime() + 24 * 3600_000),
        reopen_count: i % 7 === 0 ? 1 : 0,
        public_agent_messages: resolved ? i % 4 : null,
        csat_rating: resolved && i % 2 ? 1 + (i % 5) : null,
      },
    });
    ids.push(t.id);
  }
  await age();
});

afterAll(async () => {
  await app?.stop();
});

describe('dashboard rollups', () => {
  it('before the first fold the reads are live', async () => {
    expect(await svc().rollupPlan()).toBeNull();
    await expectSameAsLive('before fold');
  });

  it('the first fold builds the rollups from every ticket; reads rest on them alone', async () => {
    const r = await svc().foldRollups();
    if (testDb === 'sqlite') {
      expect(r.skipped).toBe(true);
      return;
    }
    expect(r).toMatchObject({ skipped: false });
    expect(r.changed).toBeGreaterThanOrEqual(48);
    const [{ n }] = (await knex().raw('SELECT SUM(n)::int AS n FROM sd_dash_created_daily WHERE level = 0')).rows;
    const [{ c }] = (await knex().raw('SELECT COUNT(*)::int AS c FROM tickets')).rows;
    expect(n).toBe(c); // level 0: all groups and product lines
    const levels = (await knex().raw('SELECT level, SUM(n)::int AS n FROM sd_dash_created_daily GROUP BY level ORDER BY level')).rows;
    expect(levels).toEqual([0, 1, 2, 3].map((level) => ({ level, n: c })));
    expect((await svc().rollupPlan()).changed.filter((id: number) => ids.includes(id))).toEqual([]);
    await expectSameAsLive('after first fold');
  });

  it('changes not folded yet are corrected at read time, and folded exactly after', async () => {
    const q = app.strapi.db.query(TICKET);
    // Reopen a resolved ticket; re-resolve one on another day with other minutes; cancel an open one;
    // move one to the other group and product line; CSAT on one; first response on a new ticket.
    const closed = ids[0]; // closed, resolved
    const resolved = ids[1];
    await q.update({ where: { id: closed }, data: { state: 'in_progress', resolved_at: null, resolution_business_minutes: null, reopen_count: 2 } });
    await q.update({ where: { id: resolved }, data: { resolved_at: at(12, 23, 59), resolution_business_minutes: 5, csat_rating: 5 } });
    await q.update({ where: { id: ids[2] }, data: { state: 'cancelled' } });
    await q.update({ where: { id: ids[9] }, data: { group: g2.id, product_line: 'Storage Arrays', channel: 'web' } });
    await q.update({ where: { id: ids[3] }, data: { state: 'triaged', first_responded_at: at(4, 10), first_response_business_minutes: 3 } });
    // The SLA sweep sets a breach mark without touching updated_at.
    await knex()('tickets').where('id', ids[10]).update({ resolution_breached_at: new Date() });
    if (testDb === 'postgres') expect((await svc().rollupPlan()).changed).toEqual(expect.arrayContaining([closed, resolved, ids[2], ids[9], ids[3], ids[10]]));
    await expectSameAsLive('changed, not folded');
    await svc().foldRollups();
    await expectSameAsLive('changed, folded, still in the lag window');
    await age();
    await knex()('tickets').where('id', ids[10]).update({ resolution_breached_at: new Date(Date.now() - 3 * 3600_000) });
    await expectSameAsLive('changed, folded, rollups alone');
  });

  it('folds in a row count nothing twice', async () => {
    const before = testDb === 'postgres' ? (await knex().raw('SELECT SUM(n)::int AS n, SUM(live)::int AS live FROM sd_dash_created_daily')).rows[0] : null;
    await svc().foldRollups();
    await svc().foldRollups();
    if (testDb === 'postgres') {
      expect((await knex().raw('SELECT SUM(n)::int AS n, SUM(live)::int AS live FROM sd_dash_created_daily')).rows[0]).toEqual(before);
      // A change folded twice in a row (the second fold re-scans it in the lag window).
      await app.strapi.db.query(TICKET).update({ where: { id: ids[5] }, data: { state: 'cancelled' } });
      await svc().foldRollups();
      await svc().foldRollups();
      await age();
    }
    await expectSameAsLive('after repeated folds');
  });

  it('a ticket created and read at once is counted (HTTP-free service read)', async () => {
    const t = await app.strapi.db.query(TICKET).create({
      data: { number: uniq('TS-7').slice(0, 20), subject: 'fresh', urgency: 'medium', impact: 'medium', type: 'fault', state: 'new', priority: 'P1', channel: 'phone', product_line: 'Network Switches', group: g1.id, version: 1, createdAt: at(10, 12) },
    });
    ids.push(t.id);
    await expectSameAsLive('fresh ticket');
    const q = { from: at(10, 0), to: at(11, 0), trend: 'day', group: null, productLine: null };
    const a = await svc().dashboard(q, { group: null, productLine: null, agents: null });
    expect(a.backlog.trend[0].opened).toBeGreaterThanOrEqual(1);
  });
});
