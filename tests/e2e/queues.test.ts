/**
 * End-to-end: the ticket queues page (plugins/support-desk/queues) in the real admin panel, in
 * Debian's Chromium, per role.
 * - Agent (G1 through the agent profile): their open tickets, G1's unassigned tickets (not G2's), no
 *   "All open" tab and no selection; the SLA countdown ticks; sorting by number is the server's.
 * - Supervisor (lead of G1): "All open" of G1 paged by the server (25 tickets, 20 a page); selects
 *   two rows and assigns them to the agent in one request; each row shows its result and the saved
 *   assignments are read back through the API (ticket endpoint and timeline).
 */
import type { Page } from 'playwright-core';
import { testDb } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { desk, TICKET } from '../helpers/desk';
import { adminUiSuite, createAdminUser, saveScreenshot, steps } from '../helpers/admin-ui';

const ui = adminUiSuite();

const shot = saveScreenshot;
const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  const out = await fn();
  console.log(`[timing] ${label}: ${Date.now() - started} ms`);
  return out;
};
const rowNumbers = (page: Page) => page.locator('[data-testid="queue-table"] tbody tr[data-ticket]').evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket')));

/**
 * Waits until the table's rows are exactly these tickets: after a tab switch the previous tab's rows
 * stay until the server answers, and they may hold the ticket the new tab shows too.
 */
const rowsAre = (page: Page, numbers: string[]) =>
  page.waitForFunction(
    (want) => JSON.stringify(Array.from((globalThis as any).document.querySelectorAll('[data-testid="queue-table"] tbody tr[data-ticket]'), (e: any) => e.getAttribute('data-ticket'))) === JSON.stringify(want),
    numbers,
  );

/** Waits until the table's first row is this ticket (the server answered the new sort). */
const firstRowIs = (page: Page, number: string) =>
  page.waitForFunction((n) => (globalThis as any).document.querySelector('[data-testid="queue-table"] tbody tr[data-ticket]')?.getAttribute('data-ticket') === n, number);

describe(`ticket queues page (${testDb})`, () => {
  let d: ReturnType<typeof desk>;
  let agent: { id: number; email: string; password: string };
  let supervisor: { id: number; email: string; password: string };
  const t: Record<string, any> = {};

  beforeAll(async () => {
    const s = ui.app.strapi;
    d = desk(ui.app, await fullAccessToken(s, 'e2e-queues'));
    agent = await createAdminUser(s, 'support-agent', 'Quinn');
    supervisor = await createAdminUser(s, 'support-supervisor', 'Sybil');
    const g1 = await d.group({ name: 'Switch team', lead: supervisor.id });
    const g2 = await d.group({ name: 'Storage team' });
    await d.profile(agent.id, { display_name: 'Quinn Agent', groups: [g1.id] });
    const org = await s.db.query('api::organization.organization').create({ data: { name: 'Acme Networks', code: 'ACME-Q' } });
    const now = Date.now();
    const make = async (key: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const created = await d.systemTicket({ subject: `Queue ${key}`, organization: org.id, ...data });
      t[key] = await s.db.query(TICKET).update({ where: { id: created.id }, data: extra });
    };
    await make('mine', { group: g1.id, assignee: agent.id, subject: 'Uplink flaps on core switch' }, { resolution_due_at: new Date(now + 3 * 3600_000) });
    await make('risk', { group: g1.id, subject: 'Stack member offline' }, { first_response_warn_at: new Date(now - 600_000), first_response_due_at: new Date(now + 20 * 60_000) });
    await make('other', { group: g2.id, subject: 'Storage array degraded' });
    for (let i = 0; i < 22; i += 1) await make(`fill${i}`, { group: g1.id, subject: `Port check ${String(i).padStart(2, '0')}` });
  });

  test('agent: own and own groups’ tickets only, no bulk assign; countdown ticks; server-side sort', async () => {
    const { page, errors } = await ui.loggedInPage(agent, 1200);
    await steps(page, 'queues-agent', async () => {
      await timed('agent: queues page usable after navigation', async () => {
        await page.goto(`${ui.base}/admin/plugins/support-desk/queues`);
        await page.locator(`tr[data-ticket="${t.mine.number}"]`).waitFor();
      });
      expect(await rowNumbers(page)).toEqual([t.mine.number]);
      const row = page.locator(`tr[data-ticket="${t.mine.number}"]`);
      expect(await row.getByTestId('assignee').innerText()).toBe('Quinn Agent');
      expect(await row.innerText()).toContain('Acme Networks');
      expect(await page.getByTestId('queue-tab-all-open').count()).toBe(0);
      expect(await page.getByRole('checkbox').count()).toBe(0);
      // The countdown ticks between refreshes.
      const badge = row.getByTestId('sla-remaining');
      const first = Number(await badge.getAttribute('data-remaining-ms'));
      expect(first).toBeGreaterThan(2.9 * 3600_000);
      await page.waitForTimeout(1500);
      expect(Number(await badge.getAttribute('data-remaining-ms'))).toBeLessThan(first);
      expect(await badge.innerText()).toMatch(/^2h 5\dm$/);
      expect(await badge.getAttribute('data-tone')).toBe('secondary');
      await shot(page, 'queues-agent-mine.png');

      // Unassigned in my groups: G1's, not G2's; the at-risk ticket first (nearest deadline).
      await timed('agent: switch to "Unassigned in my groups"', async () => {
        await page.getByTestId('queue-tab-unassigned').click();
        await page.locator(`tr[data-ticket="${t.risk.number}"]`).waitFor();
      });
      const unassigned = await rowNumbers(page);
      expect(unassigned[0]).toBe(t.risk.number);
      expect(unassigned).not.toContain(t.other.number);
      expect(unassigned).toHaveLength(20);
      expect(await page.getByTestId('page-info').innerText()).toBe('Page 1 of 2 (23 tickets)');
      // Sorted by number, descending, by the server: the newest fill ticket first.
      await page.getByTestId('sort-number').click();
      await firstRowIs(page, t.risk.number);
      await page.getByTestId('sort-number').click();
      await firstRowIs(page, t.fill21.number);
      const desc = await rowNumbers(page);
      expect(desc).toEqual([...desc].sort().reverse());
      await page.getByTestId('queue-tab-at-risk').click();
      await rowsAre(page, [t.risk.number]);
      expect(await rowNumbers(page)).toEqual([t.risk.number]);
      // Under an hour left: the warning colour.
      expect(await page.locator(`tr[data-ticket="${t.risk.number}"] [data-testid="sla-remaining"]`).getAttribute('data-tone')).toBe('warning');
      await shot(page, 'queues-agent-at-risk.png');
    });
    expect(errors).toEqual([]);
  });

  test('supervisor: all open of their groups, paged; bulk assign two tickets to the agent, saved through the workflow', async () => {
    const { page, errors } = await ui.loggedInPage(supervisor, 1400);
    await steps(page, 'queues-supervisor', async () => {
      await page.goto(`${ui.base}/admin/plugins/support-desk/queues`);
      await timed('supervisor: "All open" loaded', async () => {
        await page.getByTestId('queue-tab-all-open').click();
        await page.getByTestId('page-info').getByText('Page 1 of 2 (24 tickets)').waitFor();
      });
      expect(await rowNumbers(page)).not.toContain(t.other.number);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByTestId('page-info').getByText('Page 2 of 2 (24 tickets)').waitFor();
      expect(await rowNumbers(page)).toHaveLength(4);
      await page.getByRole('button', { name: 'Previous' }).click();
      await page.getByTestId('page-info').getByText('Page 1 of 2 (24 tickets)').waitFor();

      // Select the at-risk ticket and one fill ticket; assign both to the agent.
      await page.locator(`tr[data-ticket="${t.risk.number}"]`).waitFor();
      await page.getByRole('checkbox', { name: `Select ticket ${t.risk.number}` }).click();
      await page.getByRole('checkbox', { name: `Select ticket ${t.fill3.number}` }).click();
      const bar = page.getByTestId('bulk-bar');
      await bar.getByText('2 selected').waitFor();
      await bar.getByRole('combobox', { name: 'Assign to' }).click();
      await page.getByRole('option', { name: /^Quinn Agent \(1 open\)$/ }).click();
      await shot(page, 'queues-supervisor-bulk.png');
      await timed('supervisor: bulk assign of 2 tickets reflected', async () => {
        await bar.getByRole('button', { name: 'Assign selected' }).click();
        await page.locator(`tr[data-ticket="${t.risk.number}"] [data-testid="row-result"][data-status="200"]`).waitFor();
      });
      await page.locator(`tr[data-ticket="${t.fill3.number}"] [data-testid="row-result"][data-status="200"]`).waitFor();
      await page.locator(`tr[data-ticket="${t.risk.number}"]`).getByTestId('assignee').getByText('Quinn Agent').waitFor();
      await shot(page, 'queues-supervisor-assigned.png');

      // Read back through the API: both assigned to the agent, an assignment event each.
      for (const key of ['risk', 'fill3']) {
        const res = await d.api.get(`/api/support-desk/tickets/${t[key].documentId}`);
        expect(res.status).toBe(200);
        expect(res.body.data.assignee).toMatchObject({ id: agent.id });
        expect(res.body.meta.timeline.some((e: any) => e.kind === 'assignment')).toBe(true);
      }
      expect((await d.row(t.fill4.documentId)).assignee).toBeNull();
    });
    expect(errors).toEqual([]);
  });
});
