/**
 * Returns and exchanges (issue 11, item 3): an agent or the customer opens a return for an asset on
 * a ticket (in/out of warranty from the asset), the life cycle is the pure state machine's, the
 * faulty unit received and the replacement issued are stock movements, every step is on the public
 * timeline; another organization's asset is refused and nothing is written.
 */
import { eventText } from '../../src/plugins/support-desk/server/src/timeline/texts';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, customerLogin, fullAccessToken } from '../helpers/auth';
import { desk, uniq } from '../helpers/desk';

const RMA = 'api::rma.rma';
const MOVE = 'api::stock-movement.stock-movement';

let app: TestApp;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number };
let customer: { jwt: string; id: number };
let orgA: any;
let orgB: any;

beforeAll(async () => {
  app = await startApp();
  d = desk(app, await fullAccessToken(app.strapi));
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  orgA = await d.docs('api::organization.organization').create({ data: { name: 'Alpha Rail', code: uniq('AR-').slice(0, 20) } });
  orgB = await d.docs('api::organization.organization').create({ data: { name: 'Beta Port', code: uniq('BP-').slice(0, 20) } });
  customer = await customerLogin(app.strapi, app.http, orgA.id);
});
afterAll(async () => {
  await app?.stop();
});

const as = (jwt: string) => ({
  get: (url: string) => app.http().get(url).set('Authorization', `Bearer ${jwt}`),
  post: (url: string, body: object = {}) => app.http().post(url).set('Authorization', `Bearer ${jwt}`).send(body),
});
const asset = (org: any, warrantyUntil: string | null) =>
  d.docs('api::asset.asset').create({ data: { serial_number: uniq('SN-'), model: 'SW-9300-48P', organization: org.documentId, warranty_until: warrantyUntil } });
async function part(onHand: number) {
  const res = await d.api.post('/api/parts', { data: { sku: uniq('R-').slice(0, 30), name: 'SW-9300 unit', on_hand: onHand, unit_cost: 5000 } });
  return res.body.data;
}
const partRow = (documentId: string) => app.strapi.db.query('api::part.part').findOne({ where: { documentId } });

it('agent flow: open (in warranty), approve exchange, receive the unit, complete with a replacement; stock and timeline follow', async () => {
  const a = await asset(orgA, '2099-01-01');
  const t = await d.ticket({ organization: orgA.id, asset: a.documentId, type: 'return' });
  const faulty = await part(0);
  const spare = await part(3);
  const opened = await as(agent.jwt).post(`/support-desk/tickets/${t.documentId}/rmas`, { reason: 'Dead on arrival', part: faulty.documentId });
  expect(opened.status).toBe(201);
  expect(opened.body.data).toMatchObject({ state: 'requested', under_warranty: true, number: expect.stringMatching(/^RMA-\d{6}$/), asset: { serial_number: a.serial_number } });
  const id = opened.body.data.documentId;
  const act = (action: string, body: object = {}) => as(agent.jwt).post(`/support-desk/rmas/${id}/${action}`, body);

  expect((await act('receive')).status).toBe(400); // not approved yet
  expect((await act('approve')).body.error.message).toMatch(/outcome is required/);
  expect((await act('approve', { outcome: 'exchange' })).body.data).toMatchObject({ state: 'approved', outcome: 'exchange' });
  const received = await act('receive');
  expect(received.status).toBe(200);
  expect(received.body.data).toMatchObject({ state: 'received', returned_part: { documentId: faulty.documentId } });
  expect(await partRow(faulty.documentId)).toMatchObject({ on_hand: 1, reserved: 0 });
  expect((await act('complete')).body.error.message).toMatch(/replacement_part is required/);
  const done = await act('complete', { replacement_part: spare.sku });
  expect(done.status).toBe(200);
  expect(done.body.data).toMatchObject({ state: 'completed', replacement_part: { sku: spare.sku } });
  expect(await partRow(spare.documentId)).toMatchObject({ on_hand: 2, reserved: 0 });
  const issued = await app.strapi.db.query(MOVE).findMany({ where: { part: { documentId: spare.documentId }, kind: 'consume' } });
  expect(issued).toHaveLength(1);
  expect(issued[0]).toMatchObject({ quantity: 1, billable: false });

  const events = await d.events(t.id, 'rma');
  expect(events.map((e: any) => e.data.action)).toEqual(['open', 'approve', 'receive', 'complete']);
  expect(events.every((e: any) => e.visibility === 'public')).toBe(true);
  expect(events.map((e: any) => e.body)).toEqual([null, null, null, null]);
  expect(events[3].data).toMatchObject({ number: opened.body.data.number, outcome: 'exchange', under_warranty: true, replacement_sku: spare.sku });
  expect(eventText(events[3], 'en', 'UTC')).toBe(`Return ${opened.body.data.number} completed: replacement ${spare.sku} issued under warranty.`);
  expect(eventText(events[3], 'zh-Hans', 'UTC')).toBe(`退货 ${opened.body.data.number} 已完成：已发出替换件 ${spare.sku}（保修）。`);
  expect((await act('cancel', { reason: 'late' })).status).toBe(400);
});

it('customer: opens a return for their asset (out of warranty), sees it, cancels it; another organization’s asset or ticket is refused', async () => {
  const mine = await asset(orgA, '2020-01-01');
  const theirs = await asset(orgB, '2099-01-01');
  const res = await as(customer.jwt).post('/api/support-desk/customer/tickets', { subject: 'Switch dead' });
  expect(res.status).toBe(201);
  const ticketId = res.body.data.documentId;
  const before = await app.strapi.db.query(RMA).count({});
  const url = `/api/support-desk/customer/tickets/${ticketId}/returns`;
  const foreign = await as(customer.jwt).post(url, { asset_serial: theirs.serial_number, reason: 'Not mine' });
  expect(foreign.status).toBe(400);
  expect(foreign.body.error.message).toBe(`No asset "${theirs.serial_number}" of Alpha Rail.`);
  expect((await as(customer.jwt).post(url, { reason: 'no asset on the ticket' })).status).toBe(400);
  expect((await as(customer.jwt).post(url, { asset_serial: mine.serial_number })).status).toBe(400);
  expect((await as(customer.jwt).post(url, { asset_serial: mine.serial_number, reason: 'x', outcome: 'refund' })).status).toBe(400);
  const tB = await d.ticket({ organization: orgB.id });
  expect((await as(customer.jwt).post(`/api/support-desk/customer/tickets/${tB.documentId}/returns`, { asset_serial: mine.serial_number, reason: 'x' })).status).toBe(404);
  expect(await app.strapi.db.query(RMA).count({})).toBe(before);

  const opened = await as(customer.jwt).post(url, { asset_serial: mine.serial_number, reason: 'Fan noise' });
  expect(opened.status).toBe(201);
  expect(opened.body.data).toMatchObject({ status: 'requested', under_warranty: false, outcome: null, actions: ['cancel'], asset: { serial_number: mine.serial_number } });
  expect(JSON.stringify(opened.body)).not.toMatch(/organization|returned_part|"id"/);
  const again = await as(customer.jwt).post(url, { asset_serial: mine.serial_number, reason: 'Again' });
  expect(again.status).toBe(400);
  expect(again.body.error.message).toMatch(/already has an open return/);
  const list = await as(customer.jwt).get(url);
  expect(list.body.data.map((r: any) => r.number)).toEqual([opened.body.data.number]);
  const other = await customerLogin(app.strapi, app.http, orgB.id);
  expect((await as(other.jwt).post(`/api/support-desk/customer/returns/${opened.body.data.documentId}/cancel`, { reason: 'x' })).status).toBe(404);
  const cancelled = await as(customer.jwt).post(`/api/support-desk/customer/returns/${opened.body.data.documentId}/cancel`, { reason: 'Fixed itself' });
  expect(cancelled.status).toBe(200);
  expect(cancelled.body.data).toMatchObject({ status: 'cancelled', decision_reason: 'Fixed itself', actions: [] });
  const timeline = await as(customer.jwt).get(`/api/support-desk/customer/tickets/${ticketId}`);
  // Rendered for the customer (preferred locale en) from the events' data; the data itself is not answered.
  expect(timeline.body.meta.timeline.filter((e: any) => e.kind === 'rma').map((e: any) => e.body)).toEqual([
    `Return ${opened.body.data.number} opened for asset ${mine.serial_number} (out of warranty).\nFan noise`,
    `Return ${opened.body.data.number} cancelled.\nFixed itself`,
  ]);
  expect(JSON.stringify(timeline.body.meta.timeline)).not.toMatch(/"data"|"movements"|"under_warranty"/);
  // A customer who reads Chinese gets the same events in Chinese.
  await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: customer.id }, data: { preferred_locale: 'zh-Hans' } });
  const zh = await as(customer.jwt).get(`/api/support-desk/customer/tickets/${ticketId}`);
  expect(zh.body.meta.timeline.filter((e: any) => e.kind === 'rma').map((e: any) => e.body)).toEqual([
    `已为设备 ${mine.serial_number} 创建退货 ${opened.body.data.number}（已过保修期）。\nFan noise`,
    `退货 ${opened.body.data.number} 已取消。\nFixed itself`,
  ]);
  await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: customer.id }, data: { preferred_locale: 'en' } });
});

it('returns are not written through the Content Manager or core REST', async () => {
  const res = await d.api.post('/api/rmas', { data: { reason: 'sneaky', state: 'completed' } });
  expect(res.status).toBe(405);
  expect(res.body.error.message).toMatch(/POST \/support-desk\/tickets\/:documentId\/rmas/);
});
