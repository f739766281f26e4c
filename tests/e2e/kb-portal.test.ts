/**
 * End-to-end: the public KB portal (public/kb/) in Debian's Chromium driven by playwright-core,
 * against a real Strapi listening on a free port: search in Chinese, open an article, vote.
 * A stored <script> in an article body must show as text and never run.
 */
import fs from 'fs';
import path from 'path';
import type { Browser } from 'playwright-core';
import { startApp, type TestApp } from '../helpers/strapi';
import { createArticle, createCategory } from '../helpers/kb';
import { ARTIFACTS, launchChromium, listen } from '../helpers/admin-ui';
let app: TestApp;
let browser: Browser;
let base: string;
let psuId: string;

beforeAll(async () => {
  app = await startApp();
  const s = app.strapi;
  const cat = await createCategory(s, 'hardware', 'Hardware', '硬件');
  psuId = await createArticle(
    s,
    { title: 'Switch power supply LED is amber', slug: 'switch-psu-amber', summary: 'What an amber PSU LED means.', body: '## Steps\n1. Check the **power cord**.\n2. Replace the supply.\n\n<script>window.__pwned = 1</script>\n<img src=x onerror="window.__pwned=2">' },
    { title: '交换机电源指示灯呈琥珀色', slug: 'switch-psu-amber', summary: '电源指示灯为琥珀色的含义。', body: '## 步骤\n1. 检查**电源线**是否插紧。\n2. 更换电源模块。\n\n<script>window.__pwned = 1</script>\n<img src=x onerror="window.__pwned=2">' },
    { category: cat },
  );
  await createArticle(s, { title: 'Upgrading switch firmware', slug: 'switch-firmware', body: 'Copy the image and verify it.' }, { title: '升级交换机固件', slug: 'switch-firmware', body: '上传镜像并校验。' }, { category: cat });
  await createArticle(s, { title: 'Resetting a camera password', slug: 'camera-password', body: 'Hold the reset button.' }, { title: '重置摄像机密码', slug: 'camera-password', body: '长按复位按钮。若使用 Wombat 管理软件，请在软件中重置。' }, { category: cat });
  base = await listen(s);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('search in Chinese as you type, open the article, vote helpful', async () => {
  const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1000, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}/kb/index.html`);
  await page.getByRole('link', { name: 'Switch power supply LED is amber' }).waitFor();

  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('link', { name: '交换机电源指示灯呈琥珀色' }).waitFor();
  await page.getByRole('searchbox').pressSequentially('电源', { delay: 50 });
  const result = page.locator('#results .list a').first();
  await result.waitFor();
  await page.locator('#results mark', { hasText: '电源' }).first().waitFor();
  await page.locator('#status', { hasText: '共 1 条结果' }).waitFor();
  expect(await page.locator('#results .list a').count()).toBe(1);
  await result.click();

  await page.getByRole('heading', { level: 1, name: '交换机电源指示灯呈琥珀色' }).waitFor();
  expect(await page.locator('article .body strong').first().textContent()).toBe('电源线');
  expect(await page.locator('article .body').textContent()).toContain('<script>window.__pwned = 1</script>');
  expect(await page.locator('article .body script, article .body img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  await page.getByRole('button', { name: '有帮助' }).click();
  await page.locator('.fb-status', { hasText: '感谢您的反馈' }).waitFor();
  const row = await app.strapi.db.connection('kb_articles').where({ document_id: psuId, locale: 'zh-Hans' }).whereNotNull('published_at').first();
  expect(Number(row.helpful_count)).toBe(1);

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'kb-portal.png'), fullPage: true });
  expect(fs.statSync(path.join(ARTIFACTS, 'kb-portal.png')).size).toBeGreaterThan(5000);
  expect(errors).toEqual([]);
  await page.close();
});

/** Every /kb/search request the page makes, and every text the status line shows. */
async function watch(page: import('playwright-core').Page) {
  const searches: Array<{ q: string; locale: string | null; acceptLanguage: string | undefined }> = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname.endsWith('/kb/search')) searches.push({ q: url.searchParams.get('q') ?? '', locale: url.searchParams.get('locale'), acceptLanguage: req.headers()['accept-language'] });
  });
  await page.evaluate(() => {
    const w = window as unknown as { __status: string[] };
    w.__status = [];
    new MutationObserver(() => w.__status.push(document.getElementById('status')!.textContent ?? '')).observe(document.getElementById('status')!, { childList: true, characterData: true, subtree: true });
  });
  return { searches, statuses: () => page.evaluate(() => (window as unknown as { __status: string[] }).__status) };
}

test('an input method composing pinyin is not searched; the composed word is, once (English portal, Chinese text → zh-Hans)', async () => {
  const page = await browser.newPage({ locale: 'en-US' });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}/kb/index.html`);
  await page.getByRole('link', { name: 'Switch power supply LED is amber' }).waitFor();
  const seen = await watch(page);
  // What Chromium dispatches while a pinyin IME composes 密码: compositionstart, input events with
  // isComposing for each intermediate text, the final text, compositionend.
  await page.evaluate(() => {
    const box = document.getElementById('q') as HTMLInputElement;
    box.focus();
    box.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
    for (const text of ['m', 'mi', 'mi m', 'mi ma', '密码']) {
      box.value = text;
      box.dispatchEvent(new CompositionEvent('compositionupdate', { data: text }));
      box.dispatchEvent(new InputEvent('input', { data: text, inputType: 'insertCompositionText', isComposing: true, bubbles: true }));
    }
    box.dispatchEvent(new CompositionEvent('compositionend', { data: '密码' }));
  });
  await page.getByRole('link', { name: '重置摄像机密码' }).waitFor();
  await page.locator('#status', { hasText: '1 result for “密码”' }).waitFor();
  // Any search scheduled while composing would have fired before this one (same debounce, earlier).
  expect(seen.searches.map((r) => r.q)).toEqual(['密码']);
  expect(seen.searches[0]).toMatchObject({ locale: null, acceptLanguage: 'en' });
  expect((await seen.statuses()).filter((t) => /No articles match/.test(t))).toEqual([]);
  expect(await page.locator('#results h2').textContent()).toBe('Results in Chinese (中文)');
  // Plain typing is debounced: one search for the finished word.
  await page.getByRole('searchbox').fill('');
  await page.getByRole('searchbox').pressSequentially('firmware', { delay: 20 });
  await page.getByRole('link', { name: 'Upgrading switch firmware' }).waitFor();
  expect(seen.searches.map((r) => r.q)).toEqual(['密码', 'firmware']);
  expect(errors).toEqual([]);
  await page.close();
});

test('a typo: the portal shows the results of the corrected words and says what it searched', async () => {
  // A Chinese portal searches Latin words in Chinese first (Accept-Language), finds nothing, and offers
  // the English results of the corrected words.
  for (const [lang, status, locales] of [
    ['en-US', '1 result for “camera password reset” (you typed “camera pasword reset”)', [null]],
    ['zh-CN', '没有与“camera password reset”匹配的中文文章。英文文章（English）：', [null, 'en']],
  ] as const) {
    const page = await browser.newPage({ locale: lang });
    await page.goto(`${base}/kb/index.html`);
    await page.locator('#results .list a').first().waitFor();
    const seen = await watch(page);
    await page.getByRole('searchbox').fill('camera pasword reset');
    await page.locator('#status', { hasText: status }).waitFor();
    await page.getByRole('link', { name: 'Resetting a camera password' }).waitFor();
    expect(seen.searches.map((r) => [r.q, r.locale])).toEqual(locales.map((l) => ['camera pasword reset', l]));
    // Never "no articles match" (en) or "没有与…匹配的文章。" (zh) on the way.
    expect((await seen.statuses()).filter((t) => /^No articles match|匹配的文章。$/.test(t))).toEqual([]);
    await page.close();
  }
});

test('nothing in the portal language: results in the other language are offered and open in it', async () => {
  const page = await browser.newPage({ locale: 'en-US' });
  await page.goto(`${base}/kb/index.html`);
  await page.getByRole('link', { name: 'Switch power supply LED is amber' }).waitFor();
  const seen = await watch(page);
  await page.getByRole('searchbox').fill('wombat');
  await page.locator('#status', { hasText: 'No articles in English match “wombat”. Articles in Chinese (中文):' }).waitFor();
  expect(seen.searches.map((r) => [r.q, r.locale])).toEqual([['wombat', null], ['wombat', 'zh-Hans']]);
  await page.getByRole('link', { name: '重置摄像机密码' }).click();
  await page.getByRole('heading', { level: 1, name: '重置摄像机密码' }).waitFor();
  expect(await page.locator('article').getAttribute('lang')).toBe('zh-Hans');
  await page.close();
});
