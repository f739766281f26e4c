/**
 * Issue 15, item 6: demo data that stays calm. The seed walks tickets through the workflow and
 * records their history at past times with the SLA replayed from those times, so editing the demo
 * contract or calendar (which recomputes every open ticket's deadlines) changes no deadline and
 * breaches nothing; and routing sends the VLAN question to a network engineer although the site's
 * asset it was first filed with is a camera.
 */
import path from 'path';
import { startApp, appDir, testDb, type TestApp } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';

let app: TestApp;
let token: string;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seed } = require(path.join(appDir, 'dist/src/seed'));
const TICKET = 'api::ticket.ticket';
const OPEN = ['new', 'triaged', 'in_progress', 'awaiting_customer', 'solution_proposed'];
const q = (uid: string) => app.strapi.db.query(uid as any);
const sla = () => app.strapi.plugin('support-desk').service('sla');

beforeAll(async () => {
  app = await startApp({ env: { ADMIN_EMAIL: 'calm-admin@example.com', ADMIN_PASSWORD: 'Calm-Admin-2026!' } });
  const started = Date.now();
  await seed(app.strapi, { log: () => undefined });
  console.log(`[demo-calm] seeded in ${Date.now() - started} ms (${testDb})`);
  token = await fullAccessToken(app.strapi, 'demo-calm');
}, 300000);
afterAll(async () => {
  await app?.stop();
});

async function openTickets() {
  return q(TICKET).findMany({ where: { state: { $in: OPEN } }, orderBy: { id: 'asc' } });
}
const breached = (rows: any[]) => rows.filter((t) => t.first_response_breached_at || t.resolution_breached_at);
const deadlines = (rows: any[]) => rows.map((t) => [t.id, t.first_response_due_at, t.resolution_due_at, t.sla_paused_at, t.resolution_remaining_minutes].map((v) => (v instanceof Date ? v.toISOString() : v)));

describe(`demo data stays calm (${testDb})`, () => {
  it('tickets carry their history: created in the past, events at their step times, SLA from the creation time', async () => {
    const rows = await q(TICKET).findMany({ where: { subject: 'Switch firmware upgrade plan' }, populate: ['sla_contract'] });
    const t = rows[0];
    const ageHours = (Date.now() - new Date(t.createdAt).getTime()) / 3_600_000;
    expect(ageHours).toBeGreaterThan(29);
    expect(ageHours).toBeLessThan(31);
    const events = await q('plugin::support-desk.ticket-event').findMany({ where: { ticket: { id: t.id } }, orderBy: { id: 'asc' } });
    const times = events.map((e: any) => new Date(e.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b)); // in order
    expect(Math.min(...times)).toBe(new Date(t.createdAt).getTime());
    expect(Math.max(...times)).toBeLessThan(Date.now() - 3_600_000); // the last step hours ago, not at seed time
    // The stored deadlines are what a recompute from the creation time gives.
    expect(new Date(t.first_response_due_at).getTime()).toBeLessThan(Date.now());
  });

  it('editing the demo contract and its calendar changes no deadline and breaches nothing', async () => {
    await sla().sweep();
    const before = await openTickets();
    const breachedBefore = breached(before);
    console.log(`[demo-calm] open tickets: ${before.length}, breached after seeding: ${breachedBefore.length} (${breachedBefore.map((t: any) => `${t.number} ${t.priority} ${t.state}`).join('; ')})`);
    // Few, and each explained: a new ticket nobody has answered yet, past its first-response target
    // (every ticket an agent took was acknowledged when triaged).
    expect(breachedBefore.length).toBeLessThanOrEqual(3);
    for (const t of breachedBefore) {
      expect(t.state).toBe('new');
      expect(t.first_responded_at).toBeNull();
      expect(new Date(t.first_response_due_at).getTime()).toBeLessThan(Date.now());
    }
    expect(before.filter((t: any) => t.state !== 'new').every((t: any) => t.first_responded_at)).toBe(true);
    const recomputedBefore = await q('plugin::support-desk.ticket-event').count({ where: { kind: 'sla_recomputed' } });

    const std = await q('api::sla-contract.sla-contract').findOne({ where: { code: 'STD' }, populate: ['business_calendar', 'targets'] });
    const put = (url: string, data: object) => app.http().put(url).set('Authorization', `Bearer ${token}`).send({ data });
    const contractEdit = await put(`/api/sla-contracts/${std.documentId}`, { description: 'Edited after the demo was seeded', targets: std.targets.map(({ id: _id, ...t }: any) => t) });
    expect(contractEdit.status).toBe(200);
    const calendarEdit = await put(`/api/business-calendars/${std.business_calendar.documentId}`, { description: 'Edited after the demo was seeded' });
    expect(calendarEdit.status).toBe(200);
    const prem = await q('api::sla-contract.sla-contract').findOne({ where: { code: 'PREM' } });
    expect((await put(`/api/sla-contracts/${prem.documentId}`, { description: 'Edited too' })).status).toBe(200);

    await sla().sweep();
    const after = await openTickets();
    expect(deadlines(after)).toEqual(deadlines(before));
    expect(breached(after).map((t: any) => t.id)).toEqual(breachedBefore.map((t: any) => t.id));
    expect(await q('plugin::support-desk.ticket-event').count({ where: { kind: 'sla_recomputed' } })).toBe(recomputedBefore);

    // A real change still recomputes (the check above is not vacuous): a longer P4 resolution target.
    const longer = std.targets.map(({ id: _id, ...t }: any) => (t.priority === 'P4' ? { ...t, resolution_minutes: t.resolution_minutes * 2 } : t));
    expect((await put(`/api/sla-contracts/${std.documentId}`, { targets: longer })).status).toBe(200);
    expect(await q('plugin::support-desk.ticket-event').count({ where: { kind: 'sla_recomputed' } })).toBeGreaterThan(recomputedBefore);
  });

  it('routes the VLAN question to a network engineer (its site’s asset is a camera)', async () => {
    const vlan = await q(TICKET).findOne({ where: { subject: { $startsWith: 'How do we configure VLANs' } }, populate: ['group', 'assignee', 'asset'] });
    expect(vlan.state).toBe('new');
    expect(vlan.group).toBeNull();
    expect(vlan.product_line).toBe('Network Switches');
    expect(vlan.skills_required).toEqual(['network']);
    // Routing from the ticket's own facts, without a group: also when its product line were unset
    // and only the site's camera asset named one, the needed skills decide.
    const routing = app.strapi.plugin('support-desk').service('routing');
    const byAssetOnly = await routing.preview({ product_line: null, asset_product_line: 'Surveillance Cameras', region: 'North China', skills_required: ['network'] });
    expect(byAssetOnly.group.group.code).toBe('NET-NORTH');

    const supervisor = await q('admin::user').findOne({ where: { email: 'chen.hao@support-desk.local' } });
    const triaged = await app.strapi
      .plugin('support-desk')
      .service('tickets')
      .transition(vlan.documentId, { action: 'triage', version: vlan.version }, { kind: 'agent', id: supervisor.id, name: 'Chen Hao' });
    const after = await q(TICKET).findOne({ where: { id: triaged.id ?? vlan.id }, populate: ['group', 'assignee'] });
    expect(after.group.code).toBe('NET-NORTH');
    const profile = await q('api::agent-profile.agent-profile').findOne({ where: { user: { id: after.assignee.id } } });
    expect(profile.skills).toContain('network');
    console.log(`[demo-calm] VLAN ticket routed to ${after.group.code} / ${after.assignee.email}`);
  });
});
