/**
 * The stock ledger and repairs on tickets (issue 11, items 1 and 2): counts change only through
 * movements (REST and the Content Manager are refused with a pointer to movements), movements are
 * computed by the inventory service, parallel reservations never oversell, bad input writes
 * nothing; parts reserved for a ticket or visit are consumed on completion/resolution and released
 * on cancellation, with the cost and the warranty billing decision on the ticket and the timeline.
 */
import { eventText } from '../../src/plugins/support-desk/server/src/timeline/texts';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';
import { desk, uniq } from '../helpers/desk';

const PART = 'api::part.part';
const MOVE = 'api::stock-movement.stock-movement';

let app: TestApp;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number; email: string };
let supervisor: { jwt: string; id: number; email: string };
let token: string;

beforeAll(async () => {
  app = await startApp();
  token = await fullAccessToken(app.strapi);
  d = desk(app, token);
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
});
afterAll(async () => {
  await app?.stop();
});

const as = (jwt: string) => ({
  get: (url: string) => app.http().get(url).set('Authorization', `Bearer ${jwt}`),
  post: (url: string, body: object) => app.http().post(url).set('Authorization', `Bearer ${jwt}`).send(body),
  put: (url: string, body: object) => app.http().put(url).set('Authorization', `Bearer ${jwt}`).send(body),
});

async function newPart(onHand: number, extra: Record<string, unknown> = {}) {
  const res = await d.api.post('/api/parts', { data: { sku: uniq('P-').slice(0, 30), name: 'Power supply 650 W', on_hand: onHand, unit_cost: 100, ...extra } });
  expect(res.status).toBe(201);
  return res.body.data;
}
const partRow = (documentId: string) => app.strapi.db.query(PART).findOne({ where: { documentId } });
const movementCount = () => app.strapi.db.query(MOVE).count({});
async function ledgerMatches(documentId: string) {
  const part = await partRow(documentId);
  expect(await app.strapi.plugin('support-desk').service('inventory').ledgerSum(part.id)).toEqual({ on_hand: part.on_hand, reserved: part.reserved });
  expect(part.reserved).toBeLessThanOrEqual(part.on_hand);
  expect(part.reserved).toBeGreaterThanOrEqual(0);
  return part;
}
async function openTicket(data: Record<string, unknown> = {}) {
  const t = await d.ticket({ type: 'consultation', ...data });
  return d.walk(t.documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }]);
}
const reserve = (ticket: string, body: object, jwt = agent.jwt) => as(jwt).post(`/support-desk/tickets/${ticket}/parts`, body);

describe('counts only through movements', () => {
  it('a new part’s opening stock is a receive movement; the ledger explains the counts', async () => {
    const p = await newPart(7);
    expect(p).toMatchObject({ on_hand: 7, reserved: 0 });
    const rows = await app.strapi.db.query(MOVE).findMany({ where: { part: { documentId: p.documentId } } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'receive', quantity: 7, on_hand_delta: 7, reserved_delta: 0, on_hand_after: 7, note: 'Opening stock' });
    await ledgerMatches(p.documentId);
    const reserved = await d.api.post('/api/parts', { data: { sku: uniq('P-').slice(0, 30), name: 'x', on_hand: 3, reserved: 2 } });
    expect(reserved.status).toBe(400);
    expect(reserved.body.error.message).toMatch(/changes only through stock movements/);
  });

  it('REST and the Content Manager cannot edit on_hand or reserved; other fields save, the counts stay', async () => {
    const p = await newPart(5);
    const before = await movementCount();
    for (const data of [{ on_hand: 50 }, { reserved: 1 }, { on_hand: -1 }]) {
      const res = await d.api.put(`/api/parts/${p.documentId}`, { data });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/changes only through stock movements: receive, return, scrap or adjust/);
      expect(res.body.error.message).toContain('POST /support-desk/parts/:documentId/movements');
    }
    const cm = `/content-manager/collection-types/${PART}/${p.documentId}`;
    const edited = await as(supervisor.jwt).put(cm, { sku: p.sku, name: p.name, on_hand: 99, reserved: 0, location: 'SH-A-09' });
    expect(edited.status).toBe(400);
    expect(edited.body.error.message).toMatch(/on_hand of part .* changes only through stock movements/);
    // The whole form with the counts as loaded: saved, counts unchanged.
    const saved = await as(supervisor.jwt).put(cm, { sku: p.sku, name: p.name, on_hand: 5, reserved: 0, location: 'SH-A-09' });
    expect(saved.status).toBe(200);
    expect(await partRow(p.documentId)).toMatchObject({ on_hand: 5, reserved: 0, location: 'SH-A-09' });
    expect(await movementCount()).toBe(before);
  });

  it('a movement created through REST or the Content Manager is computed by the inventory service; arbitrary deltas are refused', async () => {
    const p = await newPart(2);
    const forged = await d.api.post('/api/stock-movements', { data: { part: p.documentId, kind: 'receive', quantity: 1, on_hand_delta: 500, reserved_delta: 0 } });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toMatch(/on_hand_delta follows from kind and quantity/);
    const ok = await d.api.post('/api/stock-movements', { data: { part: p.documentId, kind: 'receive', quantity: 4, note: 'Delivery 42' } });
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ kind: 'receive', quantity: 4, on_hand_delta: 4, reserved_delta: 0, on_hand_after: 6 });
    expect((await ledgerMatches(p.documentId)).on_hand).toBe(6);
    // An agent may not receive stock in the Content Manager (inventory.manage), a supervisor may.
    const cm = `/content-manager/collection-types/${MOVE}`;
    const byAgent = await as(agent.jwt).post(cm, { part: { connect: [{ documentId: p.documentId }] }, kind: 'receive', quantity: 3 });
    expect(byAgent.status).toBe(403);
    const bySupervisor = await as(supervisor.jwt).post(cm, { part: { connect: [{ documentId: p.documentId }] }, kind: 'scrap', quantity: 1, note: 'Dropped' });
    expect(bySupervisor.status).toBe(201);
    expect(bySupervisor.body.data).toMatchObject({ kind: 'scrap', on_hand_delta: -1, on_hand_after: 5 });
    await ledgerMatches(p.documentId);
  });

  it('store movements through the plugin API: supervisors only, with reasons, never below what is reserved', async () => {
    const p = await newPart(3);
    const url = `/support-desk/parts/${p.documentId}/movements`;
    expect((await as(agent.jwt).post(url, { kind: 'receive', quantity: 5 })).status).toBe(403);
    const received = await as(supervisor.jwt).post(url, { kind: 'receive', quantity: 5, reason: 'PO-7' });
    expect(received.status).toBe(201);
    expect(received.body.meta.part).toMatchObject({ on_hand: 8, reserved: 0, available: 8 });
    const t = await openTicket();
    expect((await reserve(t.documentId, { part: p.documentId, quantity: 6 })).status).toBe(201);
    const before = await movementCount();
    const tooMuch = await as(supervisor.jwt).post(url, { kind: 'adjust', delta: -3, reason: 'count' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.message).toMatch(/only 2 are not reserved/);
    expect((await as(supervisor.jwt).post(url, { kind: 'adjust', delta: -2 })).status).toBe(400);
    expect((await as(supervisor.jwt).post(url, { kind: 'reserve', quantity: 1 })).status).toBe(400);
    expect(await movementCount()).toBe(before);
    const adjusted = await as(supervisor.jwt).post(url, { kind: 'adjust', delta: -2, reason: 'stock count 2026-12-01' });
    expect(adjusted.status).toBe(201);
    expect(adjusted.body.meta.part).toMatchObject({ on_hand: 6, reserved: 6, available: 0 });
    const list = await as(agent.jwt).get(url);
    expect(list.status).toBe(200);
    expect(list.body.data.map((m: any) => m.kind)).toEqual(['adjust', 'reserve', 'receive', 'receive']);
    await ledgerMatches(p.documentId);
  });
});

describe('parallel reservations', () => {
  it('50 parallel reservations of a part with 10 available: exactly 10 succeed, 40 get 409, nothing oversold', async () => {
    const p = await newPart(10);
    const t = await openTicket();
    const results = await Promise.all(Array.from({ length: 50 }, () => reserve(t.documentId, { part: p.documentId, quantity: 1 })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body.error.message).toBe(`Only 0 of ${p.sku} available (on hand 10, reserved 10): cannot reserve 1.`);
    expect(refused.body.error.details).toMatchObject({ code: 'insufficient_stock' });
    const part = await ledgerMatches(p.documentId);
    expect(part).toMatchObject({ on_hand: 10, reserved: 10 });
    expect(await app.strapi.db.query(MOVE).count({ where: { part: { id: part.id }, kind: 'reserve' } })).toBe(10);
    expect(await d.events(t.id, 'part')).toHaveLength(10);
  });
});

describe('bad input writes nothing', () => {
  it('negative, fractional, textual quantities; unknown part; consuming more than reserved; releasing what was consumed', async () => {
    const p = await newPart(4);
    const t = await openTicket();
    const before = await movementCount();
    for (const quantity of [-1, 0, 1.5, '2', null, 1e9]) {
      const res = await reserve(t.documentId, { part: p.documentId, quantity });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/quantity must be a whole number of units from 1/);
    }
    expect((await reserve(t.documentId, { part: 'NO-SUCH-PART', quantity: 1 })).status).toBe(404);
    expect((await reserve(t.documentId, { quantity: 1 })).status).toBe(400);
    expect((await reserve('no-such-ticket', { part: p.documentId, quantity: 1 })).status).toBe(404);
    expect(await movementCount()).toBe(before);

    expect((await reserve(t.documentId, { part: p.sku, quantity: 2 })).status).toBe(201);
    const over = await as(agent.jwt).post(`/support-desk/tickets/${t.documentId}/parts/consume`, { part: p.documentId, quantity: 3 });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toBe(`Cannot consume 3 of ${p.sku}: only 2 are reserved for it here. Reserve the missing units first.`);
    expect((await as(agent.jwt).post(`/support-desk/tickets/${t.documentId}/parts/consume`, { part: p.documentId, quantity: 2 })).status).toBe(200);
    const released = await as(agent.jwt).post(`/support-desk/tickets/${t.documentId}/parts/release`, { part: p.documentId, quantity: 1 });
    expect(released.status).toBe(400);
    expect(released.body.error.message).toMatch(/only 0 are reserved for it here.*Consumed units cannot be released/);
    expect(await ledgerMatches(p.documentId)).toMatchObject({ on_hand: 2, reserved: 0 });
  });

  it('no reservations on closed tickets; another ticket’s visit is refused', async () => {
    const p = await newPart(4);
    const t = await d.ticket({ type: 'consultation' });
    await d.walk(t.documentId, [{ action: 'cancel', reason: 'duplicate' }]);
    const res = await reserve(t.documentId, { part: p.documentId, quantity: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/is cancelled: parts can only be reserved on open tickets/);
    const open = await openTicket();
    expect((await reserve(open.documentId, { part: p.documentId, quantity: 1, visit: 'not-a-visit' })).status).toBe(400);
  });
});

describe('repairs on tickets', () => {
  async function asset(warrantyUntil: string | null) {
    const org = await d.docs('api::organization.organization').create({ data: { name: 'Repair Org', code: uniq('RO-').slice(0, 20) } });
    return d.docs('api::asset.asset').create({ data: { serial_number: uniq('SN-'), model: 'SW-9300-48P', organization: org.documentId, warranty_until: warrantyUntil } });
  }

  it('parts reserved for a visit are consumed when it completes; under warranty the customer is not billed; all on the timeline', async () => {
    const p = await newPart(6, { unit_cost: 860 });
    const a = await asset('2099-12-31');
    const t = await openTicket({ asset: a.documentId });
    const engineer = await d.admin('Eng');
    const visit = await as(agent.jwt).post(`/support-desk/tickets/${t.documentId}/visits`, { engineer: engineer.id, scheduled_start: '2027-01-04T01:00:00Z', scheduled_end: '2027-01-04T03:00:00Z' });
    expect(visit.status).toBe(201);
    const v = visit.body.data.documentId;
    expect((await reserve(t.documentId, { part: p.documentId, quantity: 2, visit: v })).status).toBe(201);
    expect((await reserve(t.documentId, { part: p.documentId, quantity: 1 })).status).toBe(201);
    expect(await partRow(p.documentId)).toMatchObject({ on_hand: 6, reserved: 3 });

    expect((await as(agent.jwt).post(`/support-desk/visits/${v}/arrive`, {})).status).toBe(200);
    expect((await as(agent.jwt).post(`/support-desk/visits/${v}/complete`, { report: 'Replaced the PSU.' })).status).toBe(200);
    // The visit's two are used; the ticket's own one is still reserved.
    expect(await ledgerMatches(p.documentId)).toMatchObject({ on_hand: 4, reserved: 1 });
    const row = await d.row(t.documentId);
    expect(row).toMatchObject({ repair_billing: 'warranty', version: t.version });
    expect(row.repair_billing_reason).toBe(`Asset ${a.serial_number} is under warranty until 2099-12-31 (repair on ${new Date().toISOString().slice(0, 10)}): parts are not billed.`);
    expect(Number(row.parts_cost)).toBe(1720);
    expect(Number(row.parts_billed_amount)).toBe(0);

    const parts = await as(agent.jwt).get(`/support-desk/tickets/${t.documentId}/parts`);
    expect(parts.status).toBe(200);
    expect(parts.body.data).toMatchObject({ repair_billing: 'warranty', parts_cost: 1720, parts_billed_amount: 0 });
    expect(parts.body.data.lines).toEqual([{ part: { id: expect.any(Number), documentId: p.documentId, sku: p.sku, name: p.name }, reserved: 1, consumed: 2, released: 0, cost: 1720, billed: 0 }]);

    // Resolving uses what is still reserved.
    await d.walk(t.documentId, [{ action: 'resolve', resolution_method: 'onsite', solution: 'PSU replaced' }]);
    expect(await ledgerMatches(p.documentId)).toMatchObject({ on_hand: 3, reserved: 0 });
    const events = await d.events(t.id, 'part');
    expect(events.map((e: any) => [e.data.action, e.data.quantity, e.visibility])).toEqual([
      ['reserve', 2, 'internal'],
      ['reserve', 1, 'internal'],
      ['consume', 2, 'public'],
      ['consume', 1, 'public'],
    ]);
    expect(events.map((e: any) => e.body)).toEqual([null, null, null, null]);
    expect(events[2].data).toMatchObject({ sku: p.sku, part_name: 'Power supply 650 W', quantity: 2, cost: 1720, billing: 'warranty', billing_basis: 'in_warranty', warranty_until: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(eventText(events[2], 'en', 'UTC')).toMatch(new RegExp(`^Used 2 × ${p.sku} \\(Power supply 650 W\\) \\(cost 1720.00\\)\\. Asset .* is under warranty until \\d{4}-\\d\\d-\\d\\d: parts are not billed\\.$`));
    expect(eventText(events[2], 'zh-Hans', 'UTC')).toMatch(new RegExp(`^已使用 2 × ${p.sku} \\(Power supply 650 W\\)（费用 1720.00）。 设备 .* 在保修期内`));
    expect(Number((await d.row(t.documentId)).parts_cost)).toBe(2580);
  });

  it('out of warranty the parts are billed; cancelling a ticket releases what it holds', async () => {
    const p = await newPart(5, { unit_cost: 42.5 });
    const a = await asset('2020-01-31');
    const t = await openTicket({ asset: a.documentId });
    expect((await reserve(t.documentId, { part: p.documentId, quantity: 3 })).status).toBe(201);
    const used = await as(agent.jwt).post(`/support-desk/tickets/${t.documentId}/parts/consume`, { part: p.documentId, quantity: 1 });
    expect(used.status).toBe(200);
    expect(used.body.data[0]).toMatchObject({ kind: 'consume', quantity: 1, billable: true, unit_cost: 42.5 });
    expect(await d.row(t.documentId)).toMatchObject({ repair_billing: 'billable' });
    expect(Number((await d.row(t.documentId)).parts_billed_amount)).toBe(42.5);

    const other = await openTicket();
    expect((await reserve(other.documentId, { part: p.documentId, quantity: 2 })).status).toBe(201);
    expect(await partRow(p.documentId)).toMatchObject({ on_hand: 4, reserved: 4 });
    const version = (await d.row(t.documentId)).version;
    expect((await d.transition(t.documentId, { action: 'cancel', reason: 'customer bought a new unit', version })).status).toBe(200);
    // t's two go back, `other`'s two stay reserved.
    expect(await ledgerMatches(p.documentId)).toMatchObject({ on_hand: 4, reserved: 2 });
    const [release] = (await d.events(t.id, 'part')).filter((e: any) => e.data.action === 'release');
    expect(release).toMatchObject({ body: null, data: { sku: p.sku, part_name: 'Power supply 650 W', quantity: 2, cause: 'ticket_cancelled' } });
    expect(eventText(release, 'en', 'UTC')).toBe(`Released 2 × ${p.sku} (Power supply 650 W): the ticket is cancelled.`);
    expect(eventText(release, 'zh-Hans', 'UTC')).toBe(`已释放 2 × ${p.sku} (Power supply 650 W)：工单已取消。`);
  });

  it('the billing fields are the system’s: an update of them is refused', async () => {
    const t = await openTicket();
    const res = await d.api.put(`/api/tickets/${t.documentId}`, { data: { repair_billing: 'warranty', version: t.version } });
    expect(res.status).toBe(400);
    expect((await d.row(t.documentId)).repair_billing).toBeNull();
  });
});

describe('shortage and overstock', () => {
  it('one alert per episode to the inventory managers, with a suggested purchase; listed in the admin; clears on recovery', async () => {
    const p = await newPart(8, { reorder_point: 5, reorder_quantity: 10, max_stock: 20 });
    const t = await openTicket();
    const alerts = async () => (await d.notifications({ template: 'stock_alert' })).filter((n: any) => n.payload?.sku === p.sku);
    const listed = async () => (await as(agent.jwt).get('/support-desk/parts/alerts')).body.data.filter((x: any) => x.sku === p.sku);
    expect(await alerts()).toHaveLength(0);
    expect((await reserve(t.documentId, { part: p.documentId, quantity: 4 })).status).toBe(201); // available 4 < 5
    expect((await reserve(t.documentId, { part: p.documentId, quantity: 1 })).status).toBe(201); // still short: no second mail
    const mails = await alerts();
    expect(mails.length).toBeGreaterThanOrEqual(1);
    // One e-mail per manager (supervisors), the test's supervisor among them.
    expect(new Set(mails.map((m: any) => m.recipient_email)).size).toBe(mails.length);
    expect(mails.map((m: any) => m.recipient_email)).toContain(supervisor.email);
    expect(mails[0].payload).toMatchObject({ level: 'shortage', available: 4, suggested_purchase: 16 });
    expect((await partRow(p.documentId)).stock_alert).toBe('shortage');
    expect(await listed()).toEqual([expect.objectContaining({ stock_alert: 'shortage', level: { level: 'shortage', available: 3, suggested_purchase: 17 } })]);
    const url = `/support-desk/parts/${p.documentId}/movements`;
    expect((await as(supervisor.jwt).post(url, { kind: 'receive', quantity: 10 })).status).toBe(201); // available 13
    expect((await partRow(p.documentId)).stock_alert).toBeNull();
    expect(await listed()).toEqual([]);
    expect((await as(supervisor.jwt).post(url, { kind: 'receive', quantity: 10 })).status).toBe(201); // on hand 28 > 20
    const over = (await alerts()).filter((m: any) => m.payload.level === 'overstock');
    expect(over.length).toBe(mails.length);
    expect(over[0].payload).toMatchObject({ on_hand: 28, excess: 8 });
    // The alert fields are the system's; raising max stock clears the overstock.
    expect((await d.api.put(`/api/parts/${p.documentId}`, { data: { stock_alert: null } })).status).toBe(400);
    expect((await d.api.put(`/api/parts/${p.documentId}`, { data: { max_stock: 40 } })).status).toBe(200);
    expect((await partRow(p.documentId)).stock_alert).toBeNull();
  });
});
