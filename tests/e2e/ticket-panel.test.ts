/**
 * End-to-end (issue 15, items 2, 4 and 7): the ticket panel on the demo data, in Chromium.
 * - Support supervisor (Chen Hao): creates a canned reply in the Content Manager and saves it.
 * - Support agent (Lin Xiaoyu) on a demo fault ticket, reached by in-app navigation from the ticket
 *   list: take it, reassign (group and assignee pickers), take it back, triage, start work (the form
 *   then saves on the new version: refreshed in place, no reload), ask the customer, record their
 *   phone reply (SLA clock resumes, channel on the timeline), an internal note vs a public reply, a
 *   canned reply with its placeholders filled, and resolving the fault with a fault category and a
 *   root cause.
 * - The same agent in zh-Hans and the Asia/Shanghai time zone: states and priority translated, dates
 *   in the Chinese format and local time, no missing translation of the plugin's keys.
 * Timings printed: the ticket page usable after in-app navigation, each panel action reflected.
 */
import fs from 'fs';
import path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { appDir, testDb } from '../helpers/strapi';
import { TICKET } from '../helpers/desk';
import { adminUiSuite, ARTIFACTS, createdDocumentId, loginInBrowser, steps } from '../helpers/admin-ui';

const CANNED = 'plugin::support-desk.canned-reply';
const DEMO_PASSWORD = 'Agent2026!';
const AGENT = { email: 'lin.xiaoyu@support-desk.local', password: DEMO_PASSWORD, name: 'Lin Xiaoyu' };
const SUPERVISOR = { email: 'chen.hao@support-desk.local', password: DEMO_PASSWORD };
const SUBJECT = 'Access switch ports flapping on floor 3';

const ui = adminUiSuite();
const timings: Record<string, number> = {};

/**
 * How long a step may wait. The goals (page usable ≤ 2 s, an action reflected ≤ 1 s) are printed,
 * not held here: on a machine shared by several builds and test runs the admin bundle alone took
 * more than the default 30 s to load, so the steps wait up to this long.
 */
const STEP_TIMEOUT = 120_000;
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
});

/** A logged-in page (own cookies and storage, 1440 px wide) that records page errors. */
async function loggedInPage(user: { email: string; password: string }, height: number) {
  const context = await ui.browser.newContext({ locale: 'en-US', viewport: { width: 1440, height } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await loginInBrowser(page, ui.base, user);
  return { page, errors };
}

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
};

beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { seed } = require(path.join(appDir, 'dist/src/seed'));
  const started = Date.now();
  await seed(ui.app.strapi, { log: () => undefined });
  console.log(`[ticket-panel] demo data seeded in ${Date.now() - started} ms`);
}, 600_000);

afterAll(() => {
  console.log(`[ticket-panel] timings (ms, ${testDb}): ${JSON.stringify(timings)}; after the answer: ${JSON.stringify(afterAnswer)}; in the form: ${JSON.stringify(inForm)}; API requests: ${JSON.stringify(requestCounts)}`);
});

/**
 * The browser's network timeline from now on (API requests only): start and end of each request in
 * ms after `since`, printed by `print` (where the page's time goes; no assertion on it).
 */
function networkTimeline(page: Page) {
  const since = Date.now();
  const started = new Map<unknown, number>();
  const rows: Array<{ what: string; start: number; end: number }> = [];
  const api = (url: string) => /^\/(content-manager|support-desk|admin|i18n|users-permissions|content-releases|review-workflows)\//.test(new URL(url).pathname) && !/\.(js|css|png|svg|woff2?)$/.test(url);
  const onRequest = (r: any) => {
    if (api(r.url())) started.set(r, Date.now() - since);
  };
  const onDone = (r: any) => {
    if (!started.has(r)) return;
    const u = new URL(r.url());
    rows.push({ what: `${r.method()} ${u.pathname}${u.search.length > 1 ? '?…' : ''}`, start: started.get(r)!, end: Date.now() - since });
  };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  return {
    /** Prints the timeline; answers the API requests made and the relation fields the Content Manager read. */
    print(label: string) {
      page.off('request', onRequest);
      page.off('requestfinished', onDone);
      page.off('requestfailed', onDone);
      rows.sort((a, b) => a.start - b.start);
      // GET /content-manager/relations/<model>/<id>/<field> (entries) and /content-manager/relations/<model>/<field> (picker search).
      const relationFields = rows.filter((r) => r.what.startsWith('GET /content-manager/relations/')).map((r) => r.what.replace(/\?…$/, '').split('/').pop()!);
      console.log(`[ticket-panel] network, ${label} (${testDb}, ${rows.length} requests, ${relationFields.length} relation reads; ms after the click: start–end):\n${rows.map((r) => `  ${String(r.start).padStart(5)}–${String(r.end).padStart(5)} ${r.what}`).join('\n')}`);
      return { requests: rows.length, relationFields };
    },
  };
}

/** Time from the click to the action's answer, and from the answer to the panel showing it. */
const afterAnswer: Record<string, number> = {};
/** Time from the click to the edit form showing the action's values (state, assignee). */
const inForm: Record<string, number> = {};
/** API requests from the click until the panel showed the result, and until the form did. */
const requestCounts: Record<string, number> = {};
/** Relation fields of the edit form read again during an action (entries or picker search). */
const relationReads: Record<string, string[]> = {};

/**
 * Clicks and measures until `reflected` resolves; with `answer` (the POST the click sends) also the
 * time the page took after the server answered: the panel's own share.
 */
async function timed(page: Page, name: string, click: () => Promise<void>, reflected: () => Promise<unknown>, answer?: RegExp, form?: () => Promise<unknown>) {
  const network = networkTimeline(page);
  const started = Date.now();
  const answered = answer ? page.waitForResponse((r) => r.request().method() === 'POST' && answer.test(new URL(r.url()).pathname)).then(() => Date.now()) : null;
  let done = 0;
  try {
    await click();
    await reflected();
    done = Date.now();
    if (form) {
      await form();
      inForm[name] = Date.now() - started;
      // What the form's update asks the server (relations read again) comes right after.
      await page.waitForTimeout(500);
    }
  } finally {
    // Also when it never became usable: where the time went.
    const seen = network.print(`${name}${answer ? ` (reflected after ${(done || Date.now()) - started} ms)` : ''}`);
    requestCounts[name] = seen.requests;
    relationReads[name] = seen.relationFields;
  }
  timings[name] = done - started;
  if (answered) afterAnswer[name] = done - (await answered);
  return timings[name];
}

describe(`ticket panel on the demo data (${testDb})`, () => {
  let cannedTitle: string;

  test('supervisor: creates a canned reply in the Content Manager', async () => {
    const { page, errors } = await loggedInPage(SUPERVISOR, 1200);
    cannedTitle = 'Asking for switch logs';
    await steps(page, 'canned-reply-create', async () => {
      await page.goto(`${ui.base}/admin/content-manager/collection-types/${CANNED}/create`);
      await page.locator('input[name="title"]').fill(cannedTitle);
      await page.getByRole('combobox', { name: 'language' }).click();
      await page.getByRole('option', { name: 'English', exact: true }).click();
      await page.locator('textarea[name="body"]').fill('Dear {{requester.name}}, please send the switch logs for ticket {{ticket.number}}. Regards, {{agent.name}}');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const documentId = await createdDocumentId(page, CANNED);
      const row = await ui.app.strapi.db.query(CANNED).findOne({ where: { documentId } });
      expect(row).toMatchObject({ title: cannedTitle, language: 'en', active: true });
      await shot(page, 'canned-reply-create.png');
    });
    expect(errors).toEqual([]);
  }, 300_000);

  test('agent: every panel action on a demo fault ticket, reflected in place', async () => {
    const s = ui.app.strapi;
    const row = await s.db.query(TICKET).findOne({ where: { subject: SUBJECT }, populate: ['requester', 'group'] });
    expect(row).toMatchObject({ state: 'new', type: 'fault' });
    const me = await s.db.query('admin::user').findOne({ where: { email: AGENT.email } });
    const category = await s.db.query('api::fault-category.fault-category').findOne({ where: { code: 'HW-PORT' } });
    const group = await s.db.query('api::support-group.support-group').findOne({ where: { code: 'NET-EAST' } });
    const { page, errors } = await loggedInPage(AGENT, 2400);
    const panel = page.getByTestId('ticket-panel');
    const state = panel.getByTestId('ticket-state');
    const reflectedState = (s2: string) => () => page.waitForSelector(`[data-testid="ticket-state"][data-state="${s2}"]`);
    // The edit form (beside the panel) shows the action's values in place: its State select and
    // its Assignee relation, which names the admin user by first name (cm-config/shipped.ts; for an
    // agent the name comes from middlewares/relation-names.ts), never by document id.
    const formState = (label: string) => () => page.getByRole('combobox', { name: /^State/ }).filter({ hasText: label }).waitFor();
    const named = (u: { firstname: string; documentId: string }) => page.locator('main').getByText(u.firstname, { exact: true });
    const formAssignee = (user: { firstname: string; documentId: string }, previous?: { firstname: string; documentId: string }) => async () => {
      await named(user).first().waitFor();
      if (previous) await named(previous).first().waitFor({ state: 'detached' });
    };
    const wang = await s.db.query('admin::user').findOne({ where: { email: 'wang.jun@support-desk.local' } });

    await steps(page, 'ticket-panel-agent', async () => {
      // In-app navigation: the ticket list, then the ticket's row.
      await page.goto(`${ui.base}/admin/content-manager/collection-types/${TICKET}?page=1&pageSize=10&_q=${encodeURIComponent(SUBJECT)}`);
      const link = page.getByRole('gridcell', { name: SUBJECT }).first();
      await link.waitFor();
      // What the page asks the server while it opens the ticket, and the panel's share of it.
      const requests: string[] = [];
      const onRequest = (r: { url: () => string; method: () => string }) => {
        const { pathname } = new URL(r.url());
        if (pathname.startsWith('/content-manager/') || pathname.startsWith('/support-desk/') || pathname.startsWith('/admin/')) requests.push(`${r.method()} ${pathname}`);
      };
      page.on('request', onRequest);
      await timed(
        page,
        'page usable after in-app navigation',
        () => link.click(),
        async () => {
          await state.waitFor();
          await page.waitForFunction((subject) => (globalThis as any).document.querySelector('[name="subject"]')?.value === subject, SUBJECT);
          await panel.getByRole('combobox', { name: 'Action' }).waitFor();
        },
      );
      expect(new URL(page.url()).pathname).toBe(`/admin/content-manager/collection-types/${TICKET}/${row.documentId}`);
      page.off('request', onRequest);
      // The workflow panel's requests (the parts panel beside it, components/PartsPanel.tsx, reads its own).
      const panelRequests = requests.filter((r) => r.includes('/support-desk/') && !/\/(parts|update-notices)$/.test(r));
      console.log(`[ticket-panel] opening the ticket: ${requests.length} requests, the panel's: ${JSON.stringify(panelRequests)}`);
      expect(panelRequests).toEqual([`GET /support-desk/tickets/${row.documentId}`]);
      // From here on the panel never reads its view again: every action's answer carries it.
      let viewReads = 0;
      page.on('request', (r) => {
        if (r.method() === 'GET' && new URL(r.url()).pathname === `/support-desk/tickets/${row.documentId}`) viewReads += 1;
      });
      // A marker in the page: a full reload would drop it.
      await page.evaluate(() => ((globalThis as any).__noReload = 'kept'));
      // Nor the edit view's document: the form takes the values the actions' answers carry.
      let documentReads = 0;
      page.on('request', (r) => {
        if (r.method() === 'GET' && new URL(r.url()).pathname === `/content-manager/collection-types/${TICKET}/${row.documentId}`) documentReads += 1;
      });
      await shot(page, 'ticket-panel-opened.png');

      // Take it, reassign to a colleague of the group, take it back.
      const assignee = panel.getByTestId('ticket-assignee');
      const ASSIGN = /\/support-desk\/tickets\/[^/]+\/assign$/;
      await timed(page, 'take it', () => panel.getByRole('button', { name: 'Take it' }).click(), () => assignee.getByText(AGENT.name, { exact: true }).waitFor(), ASSIGN, formAssignee(me));
      expect((await s.db.query(TICKET).findOne({ where: { id: row.id }, populate: ['assignee'] })).assignee.id).toBe(me.id);
      await panel.getByRole('button', { name: 'Reassign…' }).click();
      await panel.getByRole('combobox', { name: 'Group' }).click();
      await page.getByRole('option', { name: group.name, exact: true }).click();
      await panel.getByRole('combobox', { name: 'Assignee' }).click();
      await page.getByRole('option', { name: /^Wang Jun · \d+ open$/ }).click();
      await timed(page, 'reassign', () => panel.getByRole('button', { name: 'Assign', exact: true }).click(), () => assignee.getByText('Wang Jun', { exact: true }).waitFor(), ASSIGN, formAssignee(wang, me));
      await panel.getByTestId('ticket-group').getByText(group.name, { exact: true }).waitFor();
      await panel.getByRole('button', { name: 'Take it' }).click();
      await assignee.getByText(AGENT.name, { exact: true }).waitFor();
      await formAssignee(me, wang)();
      await panel.getByTestId('ticket-timeline').getByText(`to ${AGENT.name}`).first().waitFor();

      const runAction = async (label: string, to: string, toLabel: string, fill?: () => Promise<void>) => {
        await panel.getByRole('combobox', { name: 'Action' }).click();
        await page.getByRole('option', { name: label, exact: true }).click();
        if (fill) await fill();
        return timed(page, label, () => panel.getByRole('button', { name: 'Run' }).click(), reflectedState(to), /\/transitions$/, formState(toLabel));
      };
      const save = page.getByRole('button', { name: 'Save', exact: true });
      /** Whether the Save button becomes enabled (the form has unsaved changes) within 10 s. */
      const saveEnabled = async () => {
        for (const until = Date.now() + 10_000; Date.now() < until; await page.waitForTimeout(100)) if (await save.isEnabled()) return true;
        return false;
      };
      await runAction('Triage', 'triaged', 'Triaged');
      // The form took the action's values as its own: nothing unsaved (Save stays disabled, no "unsaved changes" prompt).
      expect(await save.isDisabled()).toBe(true);
      // An edit the agent has not saved survives the next action.
      await page.locator('input[name="external_ref"]').fill('CRM-4711');
      expect(await saveEnabled()).toBe(true);
      await runAction('Start work', 'in_progress', 'In progress');
      expect(await page.locator('input[name="external_ref"]').inputValue()).toBe('CRM-4711');
      expect(await save.isEnabled()).toBe(true);
      expect(documentReads).toBe(0);
      // Neither action changed a relation: the form read none of its relation fields again.
      expect({ Triage: relationReads.Triage, 'Start work': relationReads['Start work'] }).toEqual({ Triage: [], 'Start work': [] });
      // The form took the new version in place: a save from it is accepted (a stale version is a 409).
      await save.click();
      await page.getByText('Saved document', { exact: true }).first().waitFor();
      expect((await s.db.query(TICKET).findOne({ where: { id: row.id } })).external_ref).toBe('CRM-4711');
      // The save raised the version: the panel reads its view once more and runs the next action on it.
      const saved = (await s.db.query(TICKET).findOne({ where: { id: row.id } })).version;
      await page.waitForSelector(`[data-testid="ticket-panel"][data-version="${saved}"]`);
      expect(viewReads).toBe(1);
      viewReads = 0;

      // Ask the customer, then record the reply they gave by phone.
      await runAction('Ask the customer', 'awaiting_customer', 'Awaiting customer', () => panel.getByRole('textbox', { name: 'Message to the customer' }).fill('Which ports flap? Please send the port list.'));
      const reply = panel.getByTestId('customer-reply-section');
      await reply.getByRole('textbox', { name: 'What the customer said' }).fill('Ports 12 to 16 on the floor-3 switch (told on the phone).');
      await timed(page, 'record phone reply', () => reply.getByRole('button', { name: 'Record reply' }).click(), reflectedState('in_progress'), /\/customer-reply$/, formState('In progress'));
      await panel.getByTestId('ticket-timeline').getByText(`by Phone, recorded by ${AGENT.name}`, { exact: false }).first().waitFor();
      const recorded = await s.db.query('plugin::support-desk.ticket-event').findMany({ where: { ticket: { id: row.id }, kind: 'transition' }, orderBy: { id: 'desc' }, limit: 1 });
      expect(recorded[0]).toMatchObject({ actor_type: 'customer', to_status: 'in_progress', data: expect.objectContaining({ action: 'customer_reply', channel: 'phone' }) });

      // An internal note, then a public reply: unmistakable.
      const comment = panel.getByTestId('comment-section');
      await comment.getByRole('radio', { name: 'Internal note' }).click();
      expect(await comment.getAttribute('data-visibility')).toBe('internal');
      await comment.getByText('Only the support team sees internal notes.').waitFor();
      await comment.getByRole('textbox', { name: 'Internal note' }).fill('Suspect a loop on port 14.');
      await timed(page, 'internal note', () => comment.getByRole('button', { name: 'Add internal note' }).click(), () => panel.locator('[data-kind="comment"][data-visibility="internal"]').getByText('Suspect a loop on port 14.').waitFor(), /\/comments$/);
      await comment.getByRole('radio', { name: 'Public reply' }).click();
      await comment.getByText('The customer will see this reply in the portal and get it by e-mail.').waitFor();
      await shot(page, 'ticket-panel-public-reply.png');
      // A canned reply, placeholders filled from the ticket.
      await comment.getByRole('combobox', { name: 'Canned reply' }).click();
      await page.getByRole('option', { name: cannedTitle, exact: true }).click();
      const requesterName = row.requester.full_name || row.requester.username;
      const expected = `Dear ${requesterName}, please send the switch logs for ticket ${row.number}. Regards, ${AGENT.name}`;
      await page.waitForFunction((text) => [...(globalThis as any).document.querySelectorAll('[data-testid="comment-section"] textarea')].some((t: any) => t.value === text), expected);
      await timed(page, 'public reply', () => comment.getByRole('button', { name: 'Send reply to the customer' }).click(), () => panel.locator('[data-kind="comment"][data-visibility="public"]').getByText(expected).waitFor(), /\/comments$/);
      const comments = await s.db.query('plugin::support-desk.ticket-event').findMany({ where: { ticket: { id: row.id }, kind: 'comment' }, orderBy: { id: 'asc' } });
      expect(comments.map((c: any) => [c.visibility, c.body])).toEqual([
        ['internal', 'Suspect a loop on port 14.'],
        ['public', expected],
      ]);

      // Resolve the fault: the panel asks for the fault category and the root cause.
      await runAction('Resolve', 'resolved', 'Resolved', async () => {
        await panel.getByText('Requires: resolution method, solution, Fault category, Root cause').waitFor();
        await panel.getByRole('combobox', { name: 'Resolution method' }).click();
        await page.getByRole('option', { name: 'Remote', exact: true }).click();
        await panel.getByRole('textbox', { name: 'Solution' }).fill('Enabled BPDU guard on ports 12–16.');
        await panel.getByRole('combobox', { name: 'Fault category' }).click();
        await page.getByRole('option', { name: `${category.name} (HW-PORT)`, exact: true }).click();
        await panel.getByRole('textbox', { name: 'Root cause' }).fill('A loop through an unmanaged switch on port 14.');
      });
      const resolved = await s.db.query(TICKET).findOne({ where: { id: row.id }, populate: ['fault_category'] });
      expect(resolved).toMatchObject({ state: 'resolved', root_cause: 'A loop through an unmanaged switch on port 14.', resolution_method: 'remote' });
      expect(resolved.fault_category.id).toBe(category.id);
      expect(await state.textContent()).toBe('Resolved');
      // No full reload happened during all of this.
      expect(await page.evaluate(() => (globalThis as any).__noReload)).toBe('kept');
      expect(viewReads).toBe(0);
      await shot(page, 'ticket-panel-resolved.png');
    });
    expect(errors).toEqual([]);
    for (const [name, ms] of Object.entries(timings)) {
      console.log(`[ticket-panel] ${name}: ${ms} ms${name in afterAnswer ? ` (${afterAnswer[name]} ms after the answer)` : ''}${name in inForm ? `, in the form after ${inForm[name]} ms` : ''}, ${requestCounts[name]} API requests, relations read: ${JSON.stringify(relationReads[name])}`);
    }
    // Goals (issue 15): page usable ≤ 2 s after in-app navigation, an action reflected ≤ 1 s; printed
    // above, never asserted (they depend on the machine's load). What is asserted: after an action the
    // form reads again only the relations an action can change (the rest keep their value objects).
    const actions = ['take it', 'reassign', 'Triage', 'Start work', 'Ask the customer', 'record phone reply', 'internal note', 'public reply', 'Resolve'];
    for (const name of actions) {
      expect({ name, others: relationReads[name].filter((f) => !['assignee', 'group', 'fault_category'].includes(f)) }).toEqual({ name, others: [] });
    }
  }, 900_000);

  test('agent in zh-Hans (Asia/Shanghai): translated states and priority, Chinese date format in local time, no missing plugin translation', async () => {
    const s = ui.app.strapi;
    // An in-progress demo ticket of the agent's own (agents see their groups' and their own tickets).
    const row = await s.db.query(TICKET).findOne({ where: { subject: 'Switch firmware upgrade plan' } });
    expect(row.state).toBe('in_progress');
    expect(row.resolution_due_at).toBeTruthy();
    const context = await ui.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 2000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.setDefaultNavigationTimeout(STEP_TIMEOUT);
    const missing: string[] = [];
    page.on('console', (m) => {
      if (/support-desk\.(panel|timeline|state|action|event|clock)\./.test(m.text()) && /missing|MISSING_TRANSLATION/i.test(m.text())) missing.push(m.text());
    });
    try {
      await steps(page, 'ticket-panel-zh', async () => {
        await loginInBrowser(page, ui.base, AGENT);
        // The interface language, as Profile → Interface language stores it.
        await page.evaluate(() => (globalThis as any).localStorage.setItem('strapi-admin-language', 'zh-Hans'));
        await page.goto(`${ui.base}/admin/content-manager/collection-types/${TICKET}/${row.documentId}`);
        const panel = page.getByTestId('ticket-panel');
        await panel.getByTestId('ticket-state').getByText('处理中', { exact: true }).waitFor({ timeout: 90_000 });
        expect(await panel.getByTestId('ticket-priority').textContent()).toMatch(/^P\d · (紧急|高|中|低)$/);
        const due = await panel.getByTestId('due-resolution').textContent();
        expect(due).toMatch(/^解决时限截止：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
        expect(due).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}|AM|PM/);
        // The instant in Shanghai time (UTC+8), not UTC.
        const local = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(new Date(row.resolution_due_at));
        expect(due).toContain(local);
        const meta = await panel.getByTestId('event-meta').first().textContent();
        expect(meta).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} · /);
        await panel.getByRole('radio', { name: '内部备注' }).waitFor();
        await panel.getByRole('radio', { name: '公开回复' }).waitFor();
        await shot(page, 'ticket-panel-zh-Hans.png');
      });
    } finally {
      await context.close();
    }
    expect(missing).toEqual([]);
  }, 300_000);
});
