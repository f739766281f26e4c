/**
 * Repair equipment (issue 11, item 5): an item is checked out for an active on-site visit and
 * returned; never checked out twice — of parallel checkouts exactly one wins — on both databases;
 * checkouts are written only through the support desk.
 */
import { eventText } from '../../src/plugins/support-desk/server/src/timeline/texts';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';
import { desk, uniq } from '../helpers/desk';

const EQUIPMENT = 'api::equipment.equipment';

let app: TestApp;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number };

beforeAll(async () => {
  app = await startApp();
  d = desk(app, await fullAccessToken(app.strapi));
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
});
afterAll(async () => {
  await app?.stop();
});

const post = (url: string, body: object = {}) => app.http().post(url).set('Authorization', `Bearer ${agent.jwt}`).send(body);
async function visit(day: number) {
  const t = await d.ticket({ type: 'consultation' });
  await d.walk(t.documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }]);
  const engineer = await d.admin('Eng');
  const start = Date.UTC(2027, 0, day, 1);
  const res = await post(`/support-desk/tickets/${t.documentId}/visits`, { engineer: engineer.id, scheduled_start: new Date(start).toISOString(), scheduled_end: new Date(start + 7_200_000).toISOString() });
  expect(res.status).toBe(201);
  return { ticket: t, visit: res.body.data };
}
const item = () => d.docs(EQUIPMENT).create({ data: { name: 'Fluke cable tester', tag: uniq('EQ-').slice(0, 30), kind: 'test_equipment' } });
const itemRow = (documentId: string) => app.strapi.db.query(EQUIPMENT).findOne({ where: { documentId } });

it('10 parallel checkouts of one item for 10 visits: exactly one wins, the others get 409; return frees it', async () => {
  const tester = await item();
  const visits = await Promise.all(Array.from({ length: 10 }, (_, i) => visit(i + 1)));
  const results = await Promise.all(visits.map((v) => post(`/support-desk/visits/${v.visit.documentId}/equipment`, { equipment: tester.tag })));
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(9);
  const winner = results.find((r) => r.status === 201)!;
  const loser = results.find((r) => r.status === 409)!;
  expect(loser.body.error.message).toMatch(new RegExp(`${tester.tag} \\(Fluke cable tester\\) is already checked out for ticket TS-\\d+: it must be returned first`));
  expect((await itemRow(tester.documentId)).state).toBe('checked_out');
  expect(await app.strapi.db.query('api::equipment-checkout.equipment-checkout').count({ where: { equipment: { id: tester.id }, state: 'out' } })).toBe(1);

  const returned = await post(`/support-desk/equipment-checkouts/${winner.body.data.documentId}/return`, { condition_note: 'OK' });
  expect(returned.status).toBe(200);
  expect(returned.body.data).toMatchObject({ state: 'returned', condition_note: 'OK', equipment: { state: 'available' } });
  expect((await post(`/support-desk/equipment-checkouts/${winner.body.data.documentId}/return`)).status).toBe(400);
  // The winner's ticket: checkout and return as data (tag, name, the visit's start, the note), no stored sentence.
  const won = visits[statuses.indexOf(201)];
  const winnerEvents = await d.events(won.ticket.id, 'equipment');
  expect(winnerEvents.map((e: any) => [e.data.action, e.body, e.visibility])).toEqual([['checkout', null, 'internal'], ['return', null, 'internal']]);
  expect(winnerEvents[0].data).toMatchObject({ tag: tester.tag, name: 'Fluke cable tester', visit: won.visit.documentId, visit_start: new Date(won.visit.scheduled_start).toISOString() });
  expect(eventText(winnerEvents[0], 'en', 'UTC')).toMatch(new RegExp(`^${tester.tag} \\(Fluke cable tester\\) checked out for the on-site visit of \\w{3} \\d+ Jan 2027, 01:00 \\(UTC\\)\\.$`));
  expect(eventText(winnerEvents[1], 'zh-Hans', 'UTC')).toBe(`${tester.tag} (Fluke cable tester) 已归还。\nOK`);
  // Another visit (one that lost the race, so its ticket has no checkout yet) takes it now.
  const next = visits[statuses.indexOf(409)];
  const again = await post(`/support-desk/visits/${next.visit.documentId}/equipment`, { equipment: tester.documentId });
  expect(again.status).toBe(201);
  const events = await d.events(next.ticket.id, 'equipment');
  expect(events.map((e: any) => e.data.action)).toEqual(['checkout']);
});

it('bad input: unknown item, a cancelled visit, an item in maintenance, writes outside the desk', async () => {
  const tester = await item();
  const { visit: v } = await visit(20);
  expect((await post(`/support-desk/visits/${v.documentId}/equipment`, { equipment: 'NO-SUCH' })).status).toBe(404);
  expect((await post(`/support-desk/visits/${v.documentId}/equipment`, {})).status).toBe(400);
  await d.docs(EQUIPMENT).update({ documentId: tester.documentId, data: { state: 'maintenance' } });
  const maint = await post(`/support-desk/visits/${v.documentId}/equipment`, { equipment: tester.tag });
  expect(maint.status).toBe(409);
  expect(maint.body.error.message).toMatch(/in maintenance/);
  await d.docs(EQUIPMENT).update({ documentId: tester.documentId, data: { state: 'available' } });
  expect((await post(`/support-desk/visits/${v.documentId}/cancel`, { reason: 'customer away' })).status).toBe(200);
  const cancelled = await post(`/support-desk/visits/${v.documentId}/equipment`, { equipment: tester.tag });
  expect(cancelled.status).toBe(400);
  expect(cancelled.body.error.message).toMatch(/The visit is cancelled/);
  expect((await d.api.post('/api/equipment-checkouts', { data: { equipment: tester.documentId, state: 'out' } })).status).toBe(405);
  expect((await d.api.put(`/api/equipment-items/${tester.documentId}`, { data: { state: 'checked_out' } })).status).toBe(400);
  expect((await itemRow(tester.documentId)).state).toBe('available');
});
