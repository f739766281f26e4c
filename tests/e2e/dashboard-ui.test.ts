/**
 * End-to-end: the management pages and homepage widgets in the real admin panel (Chromium).
 * - Support supervisor (lead of G1): opens the dashboard from the plugin page; its figures equal the
 *   API's for the same filters, after changing the group and then the period; the scorecard lists
 *   the agents of G1; a table exports as the API's CSV; a card link opens the Content Manager's
 *   ticket list with as many tickets as the card says; the SLA report (by group) equals the API's and
 *   exports as its CSV.
 * - Support agent (G1 member): the homepage widgets list the open tickets nearest to a breach of
 *   their group and their own (none of G2's), and their own open tickets; the plugin page offers
 *   only their own scorecard, which shows them alone; the dashboard itself is refused; in zh-Hans
 *   the widgets and the scorecard show translated labels.
 * Expected figures come from the API (same query) or from the fixture below (scoping, order).
 */
import fs from 'fs';
import { isDeepStrictEqual } from 'util';
import path from 'path';
import type { Page, Response } from 'playwright-core';
import { testDb } from '../helpers/strapi';
import { adminUiSuite, ARTIFACTS, createAdminUser, steps } from '../helpers/admin-ui';

const TICKET = 'api::ticket.ticket';
const ui = adminUiSuite();

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const pct = (v: number | null) => (v === null ? '–' : `${v} %`);
const mins = (v: number | null) => (v === null ? '–' : `${v} min`);

let supervisor: { id: number; email: string; password: string };
let agent: { id: number; email: string; password: string };
let g1: any;
let g2: any;
const numbers: Record<string, string> = {};

const timings: Array<[string, number]> = [];
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([label, Date.now() - started]);
    console.log(`[dashboard-ui] ${label}: ${Date.now() - started} ms`);
  }
}

const shot = async (page: Page, name: string, fullPage = false) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
};

/** The admin API as a given admin user (its own login). */
async function apiAs(user: { email: string; password: string }) {
  const res = await ui.app.http().post('/admin/login').send({ email: user.email, password: user.password });
  expect(res.status).toBe(200);
  const jwt = res.body.data.token as string;
  return (url: string) => ui.app.http().get(url).set('Authorization', `Bearer ${jwt}`);
}

beforeAll(async () => {
  const s = ui.app.strapi;
  const q = (uid: string) => s.db.query(uid as any);
  supervisor = await createAdminUser(s, 'support-supervisor', 'Sophie');
  agent = await createAdminUser(s, 'support-agent', 'Andy');
  const bob = await createAdminUser(s, 'support-agent', 'Bob');
  const olga = await createAdminUser(s, 'support-agent', 'Olga');
  g1 = await q('api::support-group.support-group').create({ data: { name: 'Switch team', code: 'E2E-G1', lead: supervisor.id, members: [agent.id, bob.id] } });
  g2 = await q('api::support-group.support-group').create({ data: { name: 'Storage team', code: 'E2E-G2', members: [olga.id] } });
  const now = Date.now();
  const at = (offset: number) => new Date(now + offset);
  let n = 0;
  const ticket = async (key: string, data: Record<string, unknown>) => {
    const number = `TS-8${String(++n).padStart(5, '0')}`;
    numbers[key] = number;
    return q(TICKET).create({ data: { number, subject: `Dashboard ${key}`, urgency: 'medium', impact: 'medium', type: 'fault', product_line: 'Network Switches', group: g1.id, version: 1, channel: 'phone', priority: 'P3', ...data } });
  };
  // Open tickets: A1–A3 Andy's, B1 Bob's, U1 unassigned (all G1); C1 Olga's (G2), the most urgent of all.
  await ticket('A1', { state: 'in_progress', priority: 'P1', assignee: agent.id, createdAt: at(-2 * HOUR), first_response_due_at: at(30 * MIN), resolution_due_at: at(6 * HOUR) });
  await ticket('A2', { state: 'new', priority: 'P2', channel: 'email', assignee: agent.id, createdAt: at(-DAY), first_response_due_at: at(-HOUR), first_response_breached_at: at(-HOUR), resolution_due_at: at(20 * HOUR) });
  await ticket('A3', { state: 'awaiting_customer', priority: 'P3', assignee: agent.id, createdAt: at(-3 * DAY), first_responded_at: at(-3 * DAY + 20 * MIN), first_response_business_minutes: 20, first_response_due_at: at(-3 * DAY + HOUR), resolution_due_at: null, sla_paused_at: at(-2 * DAY) });
  await ticket('B1', { state: 'triaged', priority: 'P2', assignee: bob.id, createdAt: at(-3 * HOUR), first_responded_at: at(-2 * HOUR), first_response_business_minutes: 60, first_response_due_at: at(-HOUR), resolution_due_at: at(2 * HOUR) });
  await ticket('U1', { state: 'new', priority: 'P3', channel: 'web', createdAt: at(-HOUR), first_response_due_at: at(3 * HOUR), resolution_due_at: at(8 * HOUR) });
  await ticket('C1', { state: 'in_progress', priority: 'P1', group: g2.id, product_line: 'Storage Arrays', assignee: olga.id, createdAt: at(-HOUR), first_response_due_at: at(5 * MIN), resolution_due_at: at(4 * HOUR) });
  // Resolved tickets: this week (A4, A5, B2, C2) and 18 days ago (O1).
  const sw = await q('api::asset.asset').create({ data: { serial_number: 'E2E-SN-1', model: 'SW-9300', product_line: 'Network Switches' } });
  const psu = await q('api::fault-category.fault-category').create({ data: { name: 'Power supply', code: 'E2E-PSU' } });
  const resolved = (createdAgo: number, resolvedAgo: number, extra: Record<string, unknown>) => ({
    state: 'resolved', createdAt: at(-createdAgo), first_responded_at: at(-createdAgo + 15 * MIN), first_response_business_minutes: 15, first_response_due_at: at(-createdAgo + HOUR),
    resolved_at: at(-resolvedAgo), resolution_due_at: at(-createdAgo + 8 * HOUR), public_agent_messages: 1, fault_category: psu.id, asset: sw.id, ...extra,
  });
  await ticket('A4', resolved(3 * DAY, 3 * DAY - 2 * HOUR, { assignee: agent.id, resolution_business_minutes: 120, csat_rating: 4, root_cause: 'capacitor' }));
  await ticket('A5', resolved(6 * DAY, 5 * DAY, { state: 'closed', assignee: agent.id, resolution_business_minutes: 600, resolution_breached_at: at(-6 * DAY + 8 * HOUR), reopen_count: 1, public_agent_messages: 3, csat_rating: 2, root_cause: 'firmware' }));
  await ticket('B2', resolved(2 * DAY, 2 * DAY - 3 * HOUR, { assignee: bob.id, channel: 'email', resolution_business_minutes: 180, csat_rating: 5, root_cause: 'capacitor' }));
  await ticket('C2', resolved(DAY, DAY - HOUR, { assignee: olga.id, group: g2.id, product_line: 'Storage Arrays', type: 'consultation', resolution_business_minutes: 60 }));
  await ticket('O1', resolved(20 * DAY, 18 * DAY, { state: 'closed', assignee: agent.id, resolution_business_minutes: 300, csat_rating: 5, root_cause: 'dust' }));
  // A part below its reorder point and a training session next week.
  await q('api::part.part').create({ data: { sku: 'E2E-PSU-600', name: 'PSU 600 W', on_hand: 1, reserved: 0, reorder_point: 3, reorder_quantity: 10, stock_alert: 'shortage' } });
  const training = await q('api::training.training').create({ data: { title: 'SW-9300 field repair', code: 'E2E-TR', audience: 'staff' } });
  await q('api::training-session.training-session').create({ data: { training: training.id, starts_at: at(5 * DAY), ends_at: at(5 * DAY + 3 * HOUR), capacity: 12, location: 'Shanghai', state: 'open' } });
}, 120_000);

afterAll(() => {
  console.log(`[dashboard-ui] timings (${testDb}): ${timings.map(([l, ms]) => `${l} ${ms} ms`).join(' · ')}`);
});

/** Reads until the value equals `expected` (the page renders after its request), then asserts it. */
async function eventually<T>(read: () => Promise<T>, expected: T, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last = await read();
  while (!isDeepStrictEqual(last, expected) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  expect(last).toEqual(expected);
}

const figure = (page: Page, id: string) => page.locator(`[data-figure="${id}"]`).first();

/** The figures the dashboard shows, as the page formats them, from the API's answer. */
function expectedFigures(d: any): Record<string, string> {
  return {
    backlog: String(d.backlog.total),
    'sla-first-response': pct(d.sla.first_response.compliance),
    'sla-resolution': pct(d.sla.resolution.compliance),
    resolved: String(d.resolved),
    'first-response-time': mins(d.times.first_response.median),
    'resolution-time': mins(d.times.resolution.median),
    csat: d.csat.average === null ? '–' : String(d.csat.average),
    reopen: pct(d.reopen.rate),
    fcr: pct(d.fcr.rate),
    visits: String(d.visits.total),
    opened: String(d.sla.tickets),
    ...Object.fromEntries(Object.entries(d.backlog.byState).map(([k, v]) => [`state.${k}`, String(v)])),
    ...Object.fromEntries(Object.entries(d.backlog.byPriority).map(([k, v]) => [`priority.${k}`, String(v)])),
  };
}

/** Waits until every figure on the page equals the API's. */
async function expectFiguresOf(page: Page, api: any) {
  const expected = expectedFigures(api);
  await eventually(async () => Object.fromEntries(await Promise.all(Object.keys(expected).map(async (k) => [k, (await figure(page, k).innerText()).trim()]))), expected);
}

const columnTexts = (page: Page, table: string, col: string) => page.locator(`[data-table="${table}"] td[data-col="${col}"]`).allInnerTexts();

/** The query string of the dashboard request the page sent (the response it waited for). */
const queryOf = (res: Response) => new URL(res.url()).search.slice(1);

async function choose(page: Page, combobox: string, option: string) {
  await page.getByRole('combobox', { name: combobox, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file!, 'utf8') };
}

describe(`management pages and homepage widgets (${testDb})`, () => {
  test('supervisor: dashboard figures equal the API for the chosen group and period, export, card link, SLA report', async () => {
    const api = await apiAs(supervisor);
    const { page, errors } = await timed('supervisor login', () => ui.loggedInPage(supervisor, 1600));
    await steps(page, 'dashboard-supervisor', async () => {
      // 1. From the plugin page to the dashboard (default: the last 30 days, all groups).
      await timed('open dashboard', async () => {
        await page.goto(`${ui.base}/admin/plugins/support-desk`);
        const first = page.waitForResponse((r) => r.url().includes('/support-desk/dashboard?'));
        await page.getByRole('link', { name: 'Dashboard' }).click();
        const res = await first;
        expect(res.status()).toBe(200);
        const today = new Date();
        const params = new URLSearchParams(queryOf(res));
        expect(params.get('from')).toBe(iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 29 * DAY)));
        expect(params.get('to')).toBe(iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + DAY)));
        const all = (await api(`/support-desk/dashboard?${queryOf(res)}`)).body.data;
        await expectFiguresOf(page, all);
        // A supervisor's scorecard lists the agents of the groups they lead (G1: Andy, Bob), never Olga (G2).
        const names = await columnTexts(page, 'scorecard', 'agent');
        expect(names).toEqual(all.scorecard.map((r: any) => r.agent.name));
        expect(names.sort()).toEqual(['Andy E2E', 'Bob E2E']);
        expect(await columnTexts(page, 'parts', 'sku')).toEqual(all.inventory.map((p: any) => p.sku));
        expect(await columnTexts(page, 'parts', 'sku')).toContain('E2E-PSU-600');
        expect(await columnTexts(page, 'trainings', 'training')).toEqual(all.trainings.map((p: any) => p.training));
        expect(await page.locator('[data-chart="backlog-trend"] .recharts-line').count()).toBe(3);
        await shot(page, 'dashboard-all-groups.png', true);
      });

      // 2. Group G1: the figures follow.
      let g1Query = '';
      await timed('filter by group', async () => {
        const next = page.waitForResponse((r) => r.url().includes('/support-desk/dashboard?') && r.url().includes(`group=${g1.documentId}`));
        await choose(page, 'Support group', 'Switch team');
        g1Query = queryOf(await next);
        const data = (await api(`/support-desk/dashboard?${g1Query}`)).body.data;
        expect(data.backlog.total).toBe(5); // A1, A2, A3, B1, U1: not C1 (G2)
        await expectFiguresOf(page, data);
      });

      // 3. A custom period, the last 7 days: O1 (resolved 18 days ago) leaves the figures.
      await timed('change period', async () => {
        const until = iso(new Date());
        const from = iso(new Date(Date.now() - 6 * DAY));
        const next = page.waitForResponse((r) => r.url().includes('/support-desk/dashboard?') && r.url().includes(`from=${from}`) && r.url().includes(`group=${g1.documentId}`));
        await page.getByLabel('First day').fill(from);
        const res = await next;
        expect(await page.getByRole('combobox', { name: 'Period', exact: true }).innerText()).toContain('Custom');
        const week = (await api(`/support-desk/dashboard?${queryOf(res)}`)).body.data;
        const month = (await api(`/support-desk/dashboard?${g1Query}`)).body.data;
        expect(week.resolved).toBe(month.resolved - 1);
        expect(new URLSearchParams(queryOf(res)).get('to')).toBe(iso(new Date(Date.parse(`${until}T00:00:00Z`) + DAY)));
        await expectFiguresOf(page, week);
        g1Query = queryOf(res);
      });

      // 4. Export a table: the same CSV as the API's for the same filters.
      await timed('export CSV', async () => {
        await choose(page, 'Table to export', 'Tickets by channel');
        const file = await downloaded(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
        const expected = await api(`/support-desk/dashboard/export?${g1Query}&table=channels`);
        expect(expected.status).toBe(200);
        expect(file.name).toMatch(/^channels-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
        expect(file.text.charCodeAt(0)).toBe(0xfeff);
        expect(file.text).toBe(expected.text);
        expect(file.text).toContain('channel,tickets');
      });

      // 5. A card link: the new tickets of G1 in the Content Manager, as many as the card says.
      await timed('card link to ticket list', async () => {
        const expectedNew = (await figure(page, 'state.new').innerText()).trim();
        expect(Number(expectedNew)).toBe(2); // A2, U1
        await shot(page, 'dashboard-g1-week.png', true);
        await page.locator('[data-state-link="new"]').click();
        await page.waitForURL((url) => url.pathname.endsWith('/content-manager/collection-types/api::ticket.ticket'));
        const url = decodeURIComponent(page.url());
        expect(url).toContain('filters[$and][0][state][$eq]=new');
        expect(url).toContain(`[group][documentId][$eq]=${g1.documentId}`);
        await page.getByText(`${expectedNew} entries found`).waitFor();
        const rows = page.locator('tbody tr');
        await eventually(() => rows.count(), 2);
        const listed = (await rows.allInnerTexts()).join('\n');
        expect(listed).toContain(numbers.A2);
        expect(listed).toContain(numbers.U1);
        await shot(page, 'dashboard-card-ticket-list.png');
      });

      // 6. The SLA report by support group, and its CSV.
      await timed('SLA report', async () => {
        await page.goto(`${ui.base}/admin/plugins/support-desk`);
        const first = page.waitForResponse((r) => r.url().includes('/support-desk/reports/sla?'));
        await page.getByRole('link', { name: 'SLA report' }).click();
        await first;
        const byGroup = page.waitForResponse((r) => r.url().includes('/support-desk/reports/sla?') && r.url().includes('groupBy=group'));
        await choose(page, 'Group by', 'Support group');
        const res = await byGroup;
        const rows = (await api(`/support-desk/reports/sla?${queryOf(res)}`)).body.data;
        expect(rows.map((r: any) => r.key)).toEqual(expect.arrayContaining(['Switch team', 'Storage team']));
        await eventually(() => columnTexts(page, 'sla-report', 'key'), rows.map((r: any) => r.key ?? '(none)'));
        expect(await columnTexts(page, 'sla-report', 'tickets')).toEqual(rows.map((r: any) => String(r.tickets)));
        expect(await columnTexts(page, 'sla-report', 'fr_compliance')).toEqual(rows.map((r: any) => pct(r.first_response_compliance)));
        expect(await columnTexts(page, 'sla-report', 'res_compliance')).toEqual(rows.map((r: any) => pct(r.resolution_compliance)));
        expect(await page.locator('[data-chart="sla-report"] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
        await shot(page, 'sla-report-by-group.png', true);
        const file = await downloaded(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
        const expected = await api(`/support-desk/reports/sla/export?${queryOf(res)}`);
        expect(expected.status).toBe(200);
        expect(file.text).toBe(expected.text);
        expect(file.text.split('\r\n')[0]).toBe('\uFEFFgroup,tickets,first_response_met,first_response_breached,first_response_compliance_percent,resolution_met,resolution_breached,resolution_compliance_percent');
        expect(file.text).toContain('Switch team');
      });
    });
    expect(errors).toEqual([]);
  });

  test('agent: homepage widgets show their tickets, their scorecard shows only them; zh-Hans labels', async () => {
    const api = await apiAs(agent);
    const { page, errors } = await timed('agent login', () => ui.loggedInPage(agent, 1400));
    await steps(page, 'dashboard-agent', async () => {
      await timed('homepage widgets', async () => {
        await page.goto(`${ui.base}/admin`);
        const atRisk = page.locator('[data-widget-list="sla-at-risk"] [data-ticket]');
        const mine = page.locator('[data-widget-list="my-tickets"] [data-ticket]');
        await atRisk.first().waitFor();
        await mine.first().waitFor();
        const shownAtRisk = await atRisk.evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket')));
        // Their group's and their own open tickets with a running deadline, nearest first; not G2's C1, not A3 (clock paused).
        expect(shownAtRisk).toEqual([numbers.A2, numbers.A1, numbers.B1, numbers.U1]);
        expect(shownAtRisk).toEqual((await api('/support-desk/widgets/sla-at-risk?limit=8')).body.data.map((t: any) => t.number));
        const shownMine = await mine.evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket')));
        expect(shownMine).toEqual([numbers.A1, numbers.A2, numbers.A3]);
        expect(await page.locator('[data-widget-total]').innerText()).toBe('3 open tickets assigned to you');
        expect(await page.locator('[data-widget-list="sla-at-risk"] [data-ticket] [data-deadline]').first().innerText()).toMatch(/^First response overdue by 1 h 0\d min/);
        await shot(page, 'homepage-widgets-agent.png');
        // A ticket link opens its edit view.
        await page.locator('[data-widget-list="my-tickets"]').getByRole('link', { name: numbers.A1 }).click();
        await page.waitForURL((url) => url.pathname.includes('/content-manager/collection-types/api::ticket.ticket/'));
      });

      await timed('own scorecard', async () => {
        await page.goto(`${ui.base}/admin/plugins/support-desk`);
        await page.getByRole('link', { name: 'My scorecard' }).waitFor();
        expect(await page.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
        expect(await page.getByRole('link', { name: 'SLA report' }).count()).toBe(0);
        const res = page.waitForResponse((r) => r.url().includes('/support-desk/scorecard/me?'));
        await page.getByRole('link', { name: 'My scorecard' }).click();
        const me = (await api(`/support-desk/scorecard/me?${queryOf(await res)}`)).body.data;
        expect(me.resolved).toBe(3); // A4, A5, O1
        await eventually(() => columnTexts(page, 'my-scorecard', 'agent'), ['Andy E2E']);
        expect(await columnTexts(page, 'my-scorecard', 'resolved')).toEqual([String(me.resolved)]);
        expect(await columnTexts(page, 'my-scorecard', 'reopen')).toEqual([pct(me.reopen_rate)]);
        expect((await figure(page, 'my-compliance').innerText()).trim()).toBe(pct(me.resolution_compliance));
        await shot(page, 'scorecard-agent.png');
        // The dashboard is for supervisors: the API refuses it and the page says so.
        expect((await api('/support-desk/dashboard')).status).toBe(403);
        await page.goto(`${ui.base}/admin/plugins/support-desk/dashboard`);
        await page.getByText("You don't have the permissions to access that content").waitFor();
        expect(await page.locator('[data-figure]').count()).toBe(0);
      });

      await timed('zh-Hans', async () => {
        await page.evaluate(() => (globalThis as any).localStorage.setItem('strapi-admin-language', 'zh-Hans'));
        await page.goto(`${ui.base}/admin`);
        await page.getByText('SLA 风险工单').first().waitFor();
        await page.getByText('我的未结工单').first().waitFor();
        await page.getByText('分配给您的未结工单 3 张').waitFor();
        expect(await page.locator('[data-widget-list="sla-at-risk"] [data-deadline]').first().innerText()).toContain('首次响应已超时');
        await shot(page, 'homepage-widgets-zh-Hans.png');
        await page.goto(`${ui.base}/admin/plugins/support-desk/scorecard`);
        await page.getByRole('heading', { name: '我的记分卡' }).waitFor();
        await page.locator('[data-table="my-scorecard"] th').first().waitFor();
        expect(await page.locator('[data-table="my-scorecard"] th').allInnerTexts()).toContain('已解决');
        await shot(page, 'scorecard-zh-Hans.png');
      });
    });
    expect(errors).toEqual([]);
  });
});
