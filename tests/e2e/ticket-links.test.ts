/**
 * End-to-end (issue 15, the ticket page): the links that left the ticket's edit form for the Workflow
 * panel, in Chromium on the demo data, as the demo agent Lin Xiaoyu.
 * - Opening the ticket from the list reads none of the three relation fields (related articles, CC
 *   contacts, follow-up of) through the Content Manager.
 * - In the panel: a related KB article added through the KB search picker, a CC contact added from
 *   the organization's contacts, the follow-up set by ticket number; a reload shows all three kept;
 *   the article and the contact removed, a reload shows them gone and the follow-up kept; the
 *   timeline says what was added and removed; the database holds the same.
 * - The same ticket in zh-Hans: the links section's labels in Chinese, no missing translation.
 * Timings printed (each change reflected in the panel), never asserted.
 */
import path from 'path';
import type { Page } from 'playwright-core';
import { appDir, testDb } from '../helpers/strapi';
import { TICKET } from '../helpers/desk';
import { adminUiSuite, saveScreenshot, steps } from '../helpers/admin-ui';

const AGENT = { email: 'lin.xiaoyu@support-desk.local', password: 'Agent2026!' };
const SUBJECT = 'Access switch ports flapping on floor 3';
const EARLIER = 'Duplicate: ports flapping';
const ARTICLE_TITLE = 'A switch port keeps going up and down (flapping)';
const CONTACT = 'Chen Jie';
const STEP_TIMEOUT = 120_000;

const ui = adminUiSuite();
const timings: Record<string, number> = {};

beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { seed } = require(path.join(appDir, 'dist/src/seed'));
  await seed(ui.app.strapi, { log: () => undefined });
}, 600_000);

afterAll(() => {
  console.log(`[ticket-links] reflected in the panel after (ms, ${testDb}): ${JSON.stringify(timings)}`);
});

async function timed(name: string, click: () => Promise<unknown>, reflected: () => Promise<unknown>) {
  const started = Date.now();
  await click();
  await reflected();
  timings[name] = Date.now() - started;
}

const stored = () =>
  ui.app.strapi.db.query(TICKET).findOne({
    where: { subject: SUBJECT },
    populate: { related_articles: { select: ['documentId', 'locale', 'title'] }, cc_contacts: { select: ['full_name'] }, follow_up_of: { select: ['number'] } },
  });

/** The panel once the ticket's view is shown (after a reload too). */
async function panelReady(page: Page) {
  const panel = page.getByTestId('ticket-panel');
  await panel.getByTestId('links-section').waitFor();
  return panel;
}

describe(`ticket links in the Workflow panel (${testDb})`, () => {
  test('agent: adds and removes a related article and a CC contact, sets the follow-up; kept after a reload', async () => {
    const s = ui.app.strapi;
    const row = await s.db.query(TICKET).findOne({ where: { subject: SUBJECT } });
    const earlier = await s.db.query(TICKET).findOne({ where: { subject: EARLIER } });
    expect(row.state).toBe('new');
    const { page, errors } = await ui.loggedInPage(AGENT, 2400);
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.setDefaultNavigationTimeout(STEP_TIMEOUT);

    await steps(page, 'ticket-links', async () => {
      await page.goto(`${ui.base}/admin/content-manager/collection-types/${TICKET}?page=1&pageSize=10&_q=${encodeURIComponent(SUBJECT)}`);
      const link = page.getByRole('gridcell', { name: SUBJECT }).first();
      await link.waitFor();
      // What the edit view asks the Content Manager for while it opens: no longer the three links.
      const relationReads: string[] = [];
      const onRequest = (r: { url: () => string }) => {
        const { pathname } = new URL(r.url());
        if (pathname.startsWith(`/content-manager/relations/${TICKET}/`)) relationReads.push(decodeURIComponent(pathname).split('/').pop()!);
      };
      page.on('request', onRequest);
      await link.click();
      const panel = await panelReady(page);
      await page.waitForFunction((subject) => (globalThis as any).document.querySelector('[name="subject"]')?.value === subject, SUBJECT);
      await page.waitForTimeout(1500);
      page.off('request', onRequest);
      console.log(`[ticket-links] relation fields read while opening: ${JSON.stringify([...new Set(relationReads)].sort())}`);
      expect(relationReads.length).toBeGreaterThan(0);
      expect(relationReads.filter((f) => ['related_articles', 'cc_contacts', 'follow_up_of'].includes(f))).toEqual([]);

      const articles = panel.getByTestId('links-articles');
      const contacts = panel.getByTestId('links-contacts');
      const followUp = panel.getByTestId('links-follow-up');

      // A related article through the KB search.
      await articles.getByRole('button', { name: 'Add article' }).click();
      await articles.getByRole('textbox', { name: 'Search the knowledge base' }).fill('flapping');
      const hit = articles.getByTestId('article-hits').getByRole('button', { name: `${ARTICLE_TITLE} · English` });
      await timed('article added', () => hit.click(), () => articles.getByTestId('linked-article').getByText(`${ARTICLE_TITLE} · English`).waitFor());
      // A CC contact of the ticket's organization.
      await contacts.getByRole('button', { name: 'Add contact' }).click();
      await contacts.getByRole('combobox', { name: 'Contact' }).click();
      await page.getByRole('option', { name: new RegExp(`^${CONTACT} · `) }).click();
      await timed('contact added', () => contacts.getByRole('button', { name: 'Copy on mails' }).click(), () => contacts.getByTestId('cc-contact').getByText(new RegExp(`^${CONTACT} · `)).waitFor());
      // The ticket it follows up, by number.
      await followUp.getByRole('button', { name: 'Set follow-up of…' }).click();
      await followUp.getByRole('textbox', { name: 'Ticket number' }).fill(earlier.number);
      await timed('follow-up set', () => followUp.getByRole('button', { name: 'Set', exact: true }).click(), () => followUp.getByTestId('follow-up-of').getByText(earlier.number).waitFor());
      await panel.getByTestId('ticket-timeline').getByText(`KB articles added: ${ARTICLE_TITLE} (English)`).waitFor();
      await panel.getByTestId('ticket-timeline').getByText(`follows up ${earlier.number}`).waitFor();

      let saved = await stored();
      expect(saved.related_articles.map((a: any) => [a.title, a.locale])).toContainEqual([ARTICLE_TITLE, 'en']);
      expect(saved.cc_contacts.map((c: any) => c.full_name)).toEqual([CONTACT]);
      expect(saved.follow_up_of.number).toBe(earlier.number);
      expect(saved.version).toBe(row.version + 3);
      await saveScreenshot(page, 'ticket-links-added.png');

      // Kept after a reload.
      await page.reload();
      let reloaded = await panelReady(page);
      await reloaded.getByTestId('linked-article').getByText(`${ARTICLE_TITLE} · English`).waitFor();
      await reloaded.getByTestId('cc-contact').getByText(new RegExp(`^${CONTACT} · `)).waitFor();
      await reloaded.getByTestId('follow-up-of').getByText(earlier.number).waitFor();

      // Removed, and gone after a reload; the follow-up stays.
      await timed('article removed', () => reloaded.getByRole('button', { name: `Remove ${ARTICLE_TITLE}` }).click(), () => reloaded.getByTestId('linked-article').waitFor({ state: 'detached' }));
      await timed('contact removed', () => reloaded.getByRole('button', { name: `Remove ${CONTACT}` }).click(), () => reloaded.getByTestId('cc-contact').waitFor({ state: 'detached' }));
      await reloaded.getByTestId('ticket-timeline').getByText(`CC contacts removed: ${CONTACT}`).waitFor();
      await page.reload();
      reloaded = await panelReady(page);
      await reloaded.getByTestId('follow-up-of').getByText(earlier.number).waitFor();
      expect(await reloaded.getByTestId('linked-article').count()).toBe(0);
      expect(await reloaded.getByTestId('cc-contact').count()).toBe(0);
      saved = await stored();
      expect(saved.related_articles).toEqual([]);
      expect(saved.cc_contacts).toEqual([]);
      expect(saved.follow_up_of.number).toBe(earlier.number);
      await saveScreenshot(page, 'ticket-links-removed.png');
    });
    expect(errors).toEqual([]);
  }, 900_000);

  test('agent in zh-Hans: the links section in Chinese, no missing translation', async () => {
    const row = await ui.app.strapi.db.query(TICKET).findOne({ where: { subject: SUBJECT } });
    const context = await ui.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 2000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    const missing: string[] = [];
    page.on('console', (m) => {
      if (/support-desk\./.test(m.text()) && /missing|MISSING_TRANSLATION/i.test(m.text())) missing.push(m.text());
    });
    try {
      await steps(page, 'ticket-links-zh', async () => {
        await page.goto(`${ui.base}/admin/auth/login`);
        await page.locator('input[name="email"]').fill(AGENT.email);
        await page.locator('input[name="password"]').fill(AGENT.password);
        await page.getByRole('button', { name: 'Login' }).click();
        await page.waitForURL((url) => !url.pathname.startsWith('/admin/auth'), { timeout: 60_000 });
        await page.evaluate(() => (globalThis as any).localStorage.setItem('strapi-admin-language', 'zh-Hans'));
        await page.goto(`${ui.base}/admin/content-manager/collection-types/${TICKET}/${row.documentId}`);
        const section = (await panelReady(page)).getByTestId('links-section');
        for (const label of ['关联', '相关知识库文章', '抄送联系人', '跟进的工单', '添加文章', '添加联系人']) await section.getByText(label, { exact: true }).first().waitFor();
        await section.getByRole('button', { name: '添加文章' }).click();
        await section.getByRole('textbox', { name: '搜索知识库' }).waitFor();
        await saveScreenshot(page, 'ticket-links-zh-Hans.png');
      });
    } finally {
      await context.close();
    }
    expect(missing).toEqual([]);
  }, 300_000);
});
