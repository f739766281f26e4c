/**
 * End-to-end (issue 15): the Content Manager views the project ships, in the real admin panel.
 * - KB editing as a support agent (English interface): an English "VLANs" article gets the slug
 *   `vlans` and a Chinese one its pinyin slug while the title is typed; tags are entered with the
 *   tag input and saved as a list (never `null`); the counters are shown read-only.
 * - A ticket's edit page as an agent whose interface language is zh-Hans: labels and state /
 *   priority / channel values in Chinese, system fields read-only or hidden, and zero missing
 *   translations. The admin bundle is a production build, where react-intl reports nothing on the
 *   console, so the count is taken the way its development error handler would: every
 *   `formatMessage` of an id the active locale has no message for (the intl object is found through
 *   React's devtools hook and wrapped before the ticket page renders).
 */
import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';
import { testDb } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { desk, TICKET } from '../helpers/desk';
import { adminUiSuite, ARTIFACTS, createAdminUser, createdDocumentId, editViewUrl, saveDocument as save, steps, waitForFieldValue } from '../helpers/admin-ui';

const ARTICLE = 'api::kb-article.kb-article';
const ui = adminUiSuite();
let d: ReturnType<typeof desk>;

beforeAll(async () => {
  d = desk(ui.app, await fullAccessToken(ui.app.strapi, 'e2e-cm-config'));
});

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
};
const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  const result = await fn();
  console.log(`[cm-config] ${label}: ${Date.now() - started} ms`);
  return result;
};
const createUrl = (uid: string, locale: string) => `${ui.base}/admin/content-manager/collection-types/${uid}/create?plugins[i18n][locale]=${locale}`;
const draftRow = (documentId: string, locale: string) => ui.app.strapi.db.query(ARTICLE).findOne({ where: { documentId, locale, publishedAt: null } });

/** Types into the body's Markdown editor. */
async function typeBody(page: Page, text: string) {
  await page.locator('.CodeMirror').first().click();
  await page.keyboard.type(text);
}

/** Adds tags with the tag input (Enter after each). */
async function addTags(page: Page, label: string, tags: string[]) {
  const input = page.getByLabel(label, { exact: true });
  for (const t of tags) {
    await input.fill(t);
    await input.press('Enter');
  }
}

/** Records, in the page, every formatMessage of an id the active locale has no message for. */
const MISSING_MESSAGE_PROBE = () => {
  const w = globalThis as any;
  const missing: Record<string, number> = {};
  w.__missingMessages = missing;
  w.__formatCalls = 0;
  const patch = (intl: any) => {
    if (intl.__probed) return;
    const original = intl.formatMessage;
    intl.formatMessage = function (descriptor: any, ...rest: unknown[]) {
      const id = descriptor?.id;
      w.__formatCalls += 1;
      if (id && intl.locale !== intl.defaultLocale && !(id in (intl.messages ?? {}))) missing[id] = (missing[id] ?? 0) + 1;
      return original.call(this, descriptor, ...rest);
    };
    intl.__probed = true;
  };
  const visit = (root: any) => {
    const stack = [root];
    while (stack.length) {
      const f = stack.pop();
      if (!f) continue;
      const v = f.memoizedProps?.value;
      if (v && typeof v === 'object' && typeof v.formatMessage === 'function' && v.messages && v.locale) patch(v);
      if (f.child) stack.push(f.child);
      if (f.sibling) stack.push(f.sibling);
    }
  };
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => undefined,
    onCommitFiberRoot: (_id: unknown, root: any) => {
      try {
        visit(root.current);
      } catch {
        // never break the app
      }
    },
    onCommitFiberUnmount: () => undefined,
    onPostCommitFiberRoot: () => undefined,
    onScheduleFiberRoot: () => undefined,
  };
};

describe(`Content Manager views shipped by the project (${testDb})`, () => {
  test('KB editor: slugs from English and Chinese titles, tags with the tag input, counters read-only', async () => {
    const s = ui.app.strapi;
    const editor = await createAdminUser(s, 'support-agent', 'Writer');
    const { page, errors } = await ui.loggedInPage(editor, 1400);
    await steps(page, 'cm-config-kb', async () => {
      // 1. English: "VLANs" → vlans.
      await timed('KB create view usable (en)', async () => {
        await page.goto(createUrl(ARTICLE, 'en'));
        await page.locator('input[name="title"]').waitFor();
      });
      await page.locator('input[name="title"]').fill('VLANs');
      // The slug field's regenerate button makes it from the title.
      await timed('slug regenerated from "VLANs"', async () => {
        await page.getByRole('button', { name: 'Regenerate' }).click();
        await waitForFieldValue(page, 'slug', 'vlans');
      });
      await typeBody(page, 'Create the VLAN, then assign the access ports.');
      await addTags(page, 'Tags', ['vlan', 'switch', 'vlan']);
      await addTags(page, 'Product lines', ['S5700']);
      expect(await page.getByTestId('tags-tags').innerText()).toMatch(/vlan[\s\S]*switch/);
      for (const counter of ['helpful_count', 'not_helpful_count', 'view_count']) {
        expect({ counter, disabled: await page.locator(`input[name="${counter}"]`).isDisabled() }).toEqual({ counter, disabled: true });
      }
      await shot(page, 'cm-config-kb-en.png');
      await timed('save (en)', () => save(page));
      const enId = await createdDocumentId(page, ARTICLE);
      const en = await draftRow(enId, 'en');
      expect(en).toMatchObject({ title: 'VLANs', slug: 'vlans', tags: ['vlan', 'switch'], product_lines: ['S5700'], view_count: 0, helpful_count: 0 });

      // 2. The saved article reopened: tags as tags, no `null` anywhere in the form.
      await page.goto(editViewUrl(ui.base, ARTICLE, enId, 'en'));
      await waitForFieldValue(page, 'slug', 'vlans');
      await page.getByTestId('tags-tags').waitFor();
      expect(await page.getByTestId('tags-tags').innerText()).toMatch(/vlan[\s\S]*switch/);
      expect(await page.locator('main').innerText()).not.toContain('null');

      // 3. Chinese: pinyin slug.
      await page.goto(createUrl(ARTICLE, 'zh-Hans'));
      await page.locator('input[name="title"]').waitFor();
      await page.locator('input[name="title"]').fill('交换机端口镜像配置');
      // Not regenerated: the form keeps the stand-in it made before the title was typed; saving replaces it.
      expect(await page.locator('input[name="slug"]').inputValue()).toMatch(/^kb-article/);
      await typeBody(page, '在交换机上配置端口镜像。');
      await addTags(page, 'Tags', ['交换机', '镜像']);
      await shot(page, 'cm-config-kb-zh.png');
      await timed('save (zh-Hans)', () => save(page));
      const zhId = await createdDocumentId(page, ARTICLE);
      expect(await draftRow(zhId, 'zh-Hans')).toMatchObject({ slug: 'jiao-huan-ji-duan-kou-jing-xiang-pei-zhi', tags: ['交换机', '镜像'] });
      await timed('saved slug shown in the form', () => waitForFieldValue(page, 'slug', 'jiao-huan-ji-duan-kou-jing-xiang-pei-zhi'));
    });
    expect(errors).toEqual([]);
  });

  test('ticket page in zh-Hans: translated labels and values, system fields locked, zero missing translations', async () => {
    const s = ui.app.strapi;
    const agent = await createAdminUser(s, 'support-agent', 'Lin');
    await s.db.query('admin::user').update({ where: { id: agent.id }, data: { preferedLanguage: 'zh-Hans' } });
    const ticket = await d.ticket({ subject: 'NVR 无法录像', description: '通道 3 不录像。', channel: 'email', type: 'fault' });
    const { page, errors } = await ui.loggedInPage(agent, 1600);
    await steps(page, 'cm-config-ticket-zh', async () => {
      await page.evaluate(() => (globalThis as any).localStorage.setItem('strapi-admin-language', 'zh-Hans'));
      await page.addInitScript(MISSING_MESSAGE_PROBE);
      await page.goto(`${ui.base}/admin`);
      await page.waitForLoadState('networkidle');
      // Within the app (as an agent clicks through): the ticket's edit view.
      const started = Date.now();
      await page.evaluate((url) => {
        const w = globalThis as any;
        w.history.pushState({}, '', url);
        w.dispatchEvent(new w.PopStateEvent('popstate'));
      }, new URL(editViewUrl(ui.base, TICKET, ticket.documentId)).pathname);
      await waitForFieldValue(page, 'subject', 'NVR 无法录像');
      console.log(`[cm-config] ticket edit view usable (zh-Hans, in-app navigation): ${Date.now() - started} ms`);
      await page.waitForLoadState('networkidle');
      const labelled = (label: string) => page.getByText(new RegExp(`^${label}`));
      await labelled('主题').first().waitFor();
      const missing = (await page.evaluate(() => (globalThis as any).__missingMessages)) as Record<string, number>;
      const calls = (await page.evaluate(() => (globalThis as any).__formatCalls)) as number;
      const total = Object.values(missing ?? {}).reduce((a, b) => a + b, 0);
      console.log(`[cm-config] missing translations on the ticket page (zh-Hans): ${total} of ${calls} messages${total ? ` ${JSON.stringify(missing)}` : ''}`);
      for (const label of ['状态', '优先级', '渠道', '紧急度', '影响度', '报告人', '处理人', '根本原因', '满意度评分', '所需技能', '编号']) {
        expect({ label, shown: (await labelled(label).count()) > 0 }).toEqual({ label, shown: true });
      }
      const stateSelect = page.getByRole('combobox', { name: '状态' });
      expect(await stateSelect.innerText()).toContain('新建');
      expect(await stateSelect.isDisabled()).toBe(true);
      expect(await page.getByRole('combobox', { name: '渠道' }).innerText()).toContain('电子邮件');
      expect(await page.getByRole('combobox', { name: '优先级' }).innerText()).toContain('P3 中');
      for (const field of ['number', 'csat_rating']) {
        expect({ field, disabled: await page.locator(`input[name="${field}"]`).isDisabled() }).toEqual({ field, disabled: true });
      }
      // System bookkeeping and the SLA clocks (shown by the Workflow panel): not in the form.
      for (const field of ['version', 'sla_paused_ms', 'first_response_warn_at', 'resolution_warned_at', 'resolution_due_at', 'sla_paused_minutes', 'escalation_level', 'reopen_count']) {
        expect({ field, inputs: await page.locator(`[name="${field}"]`).count() }).toEqual({ field, inputs: 0 });
      }
      expect(await page.locator('main').innerText()).not.toMatch(/\b(in_progress|priority_reason|skills_required)\b/);
      await shot(page, 'cm-config-ticket-zh.png');
      // The probe did wrap the intl object: the page's texts went through it.
      expect(calls).toBeGreaterThan(100);
      expect(missing).toEqual({});
    });
    expect(errors).toEqual([]);
  });
});
