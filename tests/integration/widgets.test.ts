/**
 * Admin routes behind the homepage widgets and the management pages:
 * - GET /support-desk/widgets/sla-at-risk: open tickets with a running SLA clock, nearest deadline
 *   first, scoped to the caller's groups and own tickets (super admin: all); whitelisted fields.
 * - GET /support-desk/widgets/my-tickets: the caller's open tickets, most urgent first, and their count.
 * - GET /support-desk/reports/sla/export: the SLA report as CSV (UTF-8 with BOM), supervisors only.
 * - GET /support-desk/dashboard: parts below their reorder point and upcoming training sessions.
 * Expected values are from the fixture (hand-ordered), not from the code under test.
 */
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin } from '../helpers/auth';
import { nextDeadline, parseLimit } from '../../src/plugins/support-desk/server/src/widgets/deadline';

const TICKET = 'api::ticket.ticket';
const MIN = 60_000;
const HOUR = 60 * MIN;
let app: TestApp;
let superAdmin: { jwt: string; id: number };
let supervisor: { jwt: string; id: number };
let agent: { jwt: string; id: number };
let other: { jwt: string; id: number };
const nums: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp();
  superAdmin = await adminLogin(app.strapi, app.http, 'strapi-super-admin');
  supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  other = await adminLogin(app.strapi, app.http, 'support-agent');
  const q = (uid: string) => app.strapi.db.query(uid as any);
  const g1 = await q('api::support-group.support-group').create({ data: { name: 'Widgets G1', code: 'W-G1', lead: supervisor.id, members: [agent.id] } });
  const g2 = await q('api::support-group.support-group').create({ data: { name: 'Widgets G2', code: 'W-G2', members: [other.id] } });
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms);
  let n = 0;
  const ticket = (key: string, data: Record<string, unknown>) => {
    nums[key] = `TS-7${String(++n).padStart(5, '0')}`;
    return q(TICKET).create({ data: { number: nums[key], subject: `Widget ${key}`, urgency: 'medium', impact: 'medium', channel: 'phone', type: 'fault', version: 1, group: g1.id, createdAt: at(-HOUR), ...data } });
  };
  await ticket('mineP2', { state: 'in_progress', priority: 'P2', assignee: agent.id, first_responded_at: at(-30 * MIN), first_response_due_at: at(-10 * MIN), resolution_due_at: at(2 * HOUR) });
  await ticket('mineP1', { state: 'new', priority: 'P1', assignee: agent.id, first_response_due_at: at(-5 * MIN), resolution_due_at: at(3 * HOUR) });
  await ticket('minePaused', { state: 'awaiting_customer', priority: 'P1', assignee: agent.id, first_responded_at: at(-40 * MIN), first_response_due_at: at(-20 * MIN), resolution_due_at: null });
  await ticket('groupOpen', { state: 'triaged', priority: 'P3', first_response_due_at: at(HOUR), resolution_due_at: at(5 * HOUR) });
  await ticket('mineResolved', { state: 'resolved', priority: 'P1', assignee: agent.id, first_response_due_at: at(-50 * MIN), resolution_due_at: at(-HOUR / 2), resolved_at: at(-MIN) });
  await ticket('otherGroup', { state: 'new', priority: 'P1', group: g2.id, assignee: other.id, first_response_due_at: at(-HOUR), resolution_due_at: at(HOUR) });
  // Mine in another group: still mine.
  await ticket('mineElsewhere', { state: 'in_progress', priority: 'P4', group: g2.id, assignee: agent.id, first_responded_at: at(-HOUR), first_response_due_at: at(-HOUR / 2), resolution_due_at: at(30 * MIN) });

  await q('api::part.part').create({ data: { sku: 'W-LOW', name: 'Fan', on_hand: 2, reserved: 1, reorder_point: 2, reorder_quantity: 5 } });
  await q('api::part.part').create({ data: { sku: 'W-OK', name: 'Cable', on_hand: 9, reserved: 0, reorder_point: 2 } });
  await q('api::part.part').create({ data: { sku: 'W-EDGE', name: 'Fuse', on_hand: 4, reserved: 1, reorder_point: 3 } }); // available = point: not short
  await q('api::part.part').create({ data: { sku: 'W-NONE', name: 'Manual', on_hand: 0, reserved: 0 } });
  const training = await q('api::training.training').create({ data: { title: 'Widgets training', code: 'W-TR', audience: 'staff' } });
  const session = (offsetH: number, state: string) => q('api::training-session.training-session').create({ data: { training: training.id, starts_at: at(offsetH * HOUR), ends_at: at(offsetH * HOUR + HOUR), capacity: 5, state, location: `Room ${offsetH}` } });
  await session(48, 'open');
  await session(24, 'scheduled');
  await session(12, 'cancelled');
  await session(-24, 'completed');
});
afterAll(async () => {
  await app?.stop();
});

const get = (jwt: string, path: string) => app.http().get(path).set('Authorization', `Bearer ${jwt}`);
const numbersOf = (rows: any[]) => rows.map((r) => r.number);

describe('SLA at risk widget', () => {
  it('an agent sees their group’s and their own open tickets with a running clock, nearest deadline first', async () => {
    const res = await get(agent.jwt, '/support-desk/widgets/sla-at-risk');
    expect(res.status).toBe(200);
    // next deadlines: mineP1 fr −5 min, mineElsewhere res +30 min, groupOpen fr +1 h, mineP2 res +2 h
    expect(numbersOf(res.body.data)).toEqual([nums.mineP1, nums.mineElsewhere, nums.groupOpen, nums.mineP2]);
    const first = res.body.data[0];
    expect(Object.keys(first).sort()).toEqual(['assignee', 'documentId', 'group', 'next_deadline', 'number', 'priority', 'state', 'subject']);
    expect(first).toMatchObject({ priority: 'P1', state: 'new', group: 'Widgets G1', assignee: 'Test support-agent' });
    expect(first.next_deadline.clock).toBe('first_response');
    expect(first.next_deadline.minutes_left).toBeLessThan(0);
    expect(res.body.data[1].next_deadline.clock).toBe('resolution');
  });

  it('the other group’s agent sees only theirs; a super admin sees every one; limit applies', async () => {
    expect(numbersOf((await get(other.jwt, '/support-desk/widgets/sla-at-risk')).body.data)).toEqual([nums.otherGroup, nums.mineElsewhere]);
    const all = await get(superAdmin.jwt, '/support-desk/widgets/sla-at-risk?limit=3');
    expect(numbersOf(all.body.data)).toEqual([nums.otherGroup, nums.mineP1, nums.mineElsewhere]);
  });

  it('a bad limit is a 400 naming it', async () => {
    for (const limit of ['0', '51', 'ten', '-1']) {
      const res = await get(agent.jwt, `/support-desk/widgets/sla-at-risk?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('limit must be a whole number from 1 to 50');
    }
  });
});

describe('My open tickets widget', () => {
  it('lists the caller’s open tickets by priority and counts them', async () => {
    const res = await get(agent.jwt, '/support-desk/widgets/my-tickets?limit=2');
    expect(res.status).toBe(200);
    expect(res.body.meta.total).toBe(4);
    // P1: mineP1 (due −5 min) before minePaused (no running deadline); then P2 mineP2, P4 mineElsewhere.
    expect(numbersOf(res.body.data)).toEqual([nums.mineP1, nums.minePaused]);
    expect(numbersOf((await get(agent.jwt, '/support-desk/widgets/my-tickets')).body.data)).toEqual([nums.mineP1, nums.minePaused, nums.mineP2, nums.mineElsewhere]);
    expect((await get(supervisor.jwt, '/support-desk/widgets/my-tickets')).body).toEqual({ data: [], meta: { total: 0 } });
  });
});

describe('SLA report export and the dashboard’s side lists', () => {
  it('the SLA report as CSV with a BOM, the same rows as the JSON report; agents are refused', async () => {
    const query = `groupBy=group&from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const json = await get(supervisor.jwt, `/support-desk/reports/sla?${query}`);
    const csv = await get(supervisor.jwt, `/support-desk/reports/sla/export?${query}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="sla-report-group-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\uFEFFgroup,tickets,first_response_met,first_response_breached,first_response_compliance_percent,resolution_met,resolution_breached,resolution_compliance_percent');
    expect(lines.slice(1).map((l: string) => l.split(',').slice(0, 2).join(','))).toEqual(json.body.data.map((r: any) => `${r.key ?? ''},${r.tickets}`));
    expect(lines.slice(1).map((l: string) => l.split(',')[0])).toEqual(['Widgets G1', 'Widgets G2']);
    expect((await get(agent.jwt, `/support-desk/reports/sla/export?${query}`)).status).toBe(403);
    const bad = await get(supervisor.jwt, '/support-desk/reports/sla/export?groupBy=colour');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('groupBy must be one of');
  });

  it('the dashboard lists parts below their reorder point and the sessions to come', async () => {
    const res = await get(supervisor.jwt, '/support-desk/dashboard');
    expect(res.status).toBe(200);
    expect(res.body.data.inventory).toEqual([{ documentId: expect.any(String), sku: 'W-LOW', name: 'Fan', available: 1, reorder_point: 2, reorder_quantity: 5, location: null }]);
    expect(res.body.data.trainings.map((s: any) => [s.training, s.location, s.state])).toEqual([
      ['Widgets training', 'Room 24', 'scheduled'],
      ['Widgets training', 'Room 48', 'open'],
    ]);
  });
});

describe('next deadline (pure)', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  it('takes the earlier running clock; an answered first response and a paused resolution have none', () => {
    expect(nextDeadline({ first_response_due_at: '2026-12-01T10:30:00Z', first_responded_at: null, resolution_due_at: '2026-12-01T12:00:00Z' }, now)).toEqual({ clock: 'first_response', due: new Date('2026-12-01T10:30:00Z'), minutes_left: 30 });
    expect(nextDeadline({ first_response_due_at: '2026-12-01T10:30:00Z', first_responded_at: '2026-12-01T10:10:00Z', resolution_due_at: '2026-12-01T12:00:00Z' }, now)).toMatchObject({ clock: 'resolution', minutes_left: 120 });
    expect(nextDeadline({ first_response_due_at: '2026-12-01T13:00:00Z', first_responded_at: null, resolution_due_at: '2026-12-01T09:59:30Z' }, now)).toMatchObject({ clock: 'resolution', minutes_left: -1 });
    expect(nextDeadline({ first_response_due_at: null, first_responded_at: null, resolution_due_at: null }, now)).toBeNull();
    expect(nextDeadline({ first_response_due_at: String(Date.parse('2026-12-01T10:05:00Z')), first_responded_at: null, resolution_due_at: null }, now)).toMatchObject({ minutes_left: 5 });
  });
  it('limit: 1–50, default 10', () => {
    expect(parseLimit(undefined)).toEqual({ limit: 10, problem: null });
    expect(parseLimit('50')).toEqual({ limit: 50, problem: null });
    expect(parseLimit('51').problem).toMatch(/1 to 50/);
    expect(parseLimit(['1', '2']).problem).toMatch(/1 to 50/);
  });
});
