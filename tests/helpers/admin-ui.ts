/**
 * Browser tests: Chromium and a free port (every e2e file), and for the real admin panel the admin
 * build it needs (built once per set of inputs, cached under .tmp/admin-build, see admin-build.js),
 * admin users, the login form, and the set-up and steps the admin test files share (`adminUiSuite`,
 * `steps`).
 */
import fs from 'fs';
import path from 'path';
import { execFile } from 'child_process';
import type { AddressInfo } from 'net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Core } from '@strapi/strapi';
import { startApp, type TestApp } from './strapi';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(__dirname, '..', 'e2e', 'artifacts');
const BUILD_SCRIPT = path.join(__dirname, 'admin-build.js');

export interface AdminBuild {
  hash: string;
  cached: boolean;
  installed: boolean;
  buildMs: number;
  dir: string;
}

/**
 * Makes sure dist/build holds the admin panel of the current sources (plugin built by the e2e
 * global setup): built in a child process the first time, taken from the cache afterwards.
 * Call it before `startApp()`: Strapi picks the directory it serves the admin from at boot.
 */
export function ensureAdminBuild(): Promise<AdminBuild> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BUILD_SCRIPT], { cwd: path.join(__dirname, '..', '..'), maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`admin build failed: ${err.message}\n${stderr}`));
        return;
      }
      const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as AdminBuild;
      console.log(`[admin-build] ${result.cached ? 'cached' : 'built'} ${result.hash} in ${Math.round((Date.now() - started) / 100) / 10} s`);
      resolve(result);
    });
  });
}

/** Listens on a free local port; returns the base URL (the admin is at `${base}/admin`). */
export async function listen(strapi: Core.Strapi): Promise<string> {
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const ADMIN_PASSWORD = 'E2e-Admin-2026!';

/** An active admin user with the given role code (e.g. support-agent, support-supervisor). */
export async function createAdminUser(strapi: Core.Strapi, roleCode: string, firstname: string): Promise<{ id: number; email: string; password: string }> {
  const role = await strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  if (!role) throw new Error(`no admin role ${roleCode}`);
  const email = `${firstname.toLowerCase()}.${Date.now().toString(36)}@example.test`;
  const user = await strapi.service('admin::user').create({ email, firstname, lastname: 'E2E', password: ADMIN_PASSWORD, isActive: true, registrationToken: null, roles: [role.id] });
  return { id: user.id, email, password: ADMIN_PASSWORD };
}

/** Logs in through the admin panel's login form and waits for the home page. */
export async function loginInBrowser(page: Page, base: string, user: { email: string; password: string }) {
  await page.goto(`${base}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/admin/auth'), { timeout: 60_000 });
}

/** The Content Manager edit view of one document. */
export const editViewUrl = (base: string, uid: string, documentId: string, locale?: string) =>
  `${base}/admin/content-manager/collection-types/${uid}/${documentId}${locale ? `?plugins[i18n][locale]=${encodeURIComponent(locale)}` : ''}`;

/** What a test file of the admin UI works with; filled in by the `beforeAll` of `adminUiSuite`. */
export interface AdminUi {
  app: TestApp;
  /** The app's base URL (the admin is at `${base}/admin`). */
  base: string;
  browser: Browser;
  /** A logged-in page of its own (own cookies and storage, 1440 px wide) that records page errors. */
  loggedInPage: (user: { email: string; password: string }, height?: number) => Promise<{ page: Page; errors: string[] }>;
}

/**
 * Registers the file's `beforeAll` / `afterAll`: the admin build (before the app boots: Strapi
 * chooses the directory it serves the admin from at boot), the app with no NPS survey or Enterprise
 * promotion popping over the pages under test, a free port and Chromium; all closed after the file.
 */
export function adminUiSuite(): AdminUi {
  const contexts: BrowserContext[] = [];
  const ui = {
    async loggedInPage(user: { email: string; password: string }, height = 1000) {
      const context = await ui.browser.newContext({ locale: 'en-US', viewport: { width: 1440, height } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await loginInBrowser(page, ui.base, user);
      return { page, errors };
    },
  } as AdminUi;
  beforeAll(async () => {
    await ensureAdminBuild();
    ui.app = await startApp({ env: { FLAG_NPS: 'false', FLAG_PROMOTE_EE: 'false' } });
    ui.base = await listen(ui.app.strapi);
    ui.browser = await launchChromium();
  }, 30 * 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await ui.browser?.close();
    await ui.app?.stop();
  });
  return ui;
}

/** Runs the browser steps; on a failure keeps a screenshot of the page (artifacts/<name>-failure.png). */
export async function steps(page: Page, name: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (err) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-failure.png`), fullPage: true }).catch(() => undefined);
    throw err;
  }
}

/** A full-page screenshot under tests/e2e/artifacts, checked to hold a rendered page (not a blank one). */
export async function saveScreenshot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
}

/** Waits until the form's input `name` holds `value` (the edit view has loaded its document). */
export async function waitForFieldValue(page: Page, name: string, value: string) {
  // Runs in the page (no DOM types in the test compilation).
  await page.waitForFunction(([field, expected]) => (globalThis as any).document.querySelector(`[name="${field}"]`)?.value === expected, [name, value] as const);
}

/** The document id the edit view shows after a create (the URL leaves /create for the new document). */
export async function createdDocumentId(page: Page, uid: string): Promise<string> {
  await page.waitForURL((url) => url.pathname.includes(`/collection-types/${uid}/`) && !url.pathname.endsWith('/create'));
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
}

/**
 * Clicks the Content Manager's Save and waits until the save is seen: the success notification, or
 * for a create the view leaving /create for the new document (under load the notification can be
 * gone before it is looked for; callers check what was saved through the API). An error
 * notification fails at once with its text. 90 s: a loaded CI machine has taken over 30 s for a save.
 */
export async function saveDocument(page: Page, timeout = 90000) {
  // Read before the click: a fast create can leave /create before the click returns.
  const creating = new URL(page.url()).pathname.endsWith('/create');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const ok = page.getByText('Saved document', { exact: true });
  const failed = page.getByRole('status').filter({ hasText: /invalid|error|cannot|required|warning/i });
  await Promise.race([
    ok.first().waitFor({ timeout }),
    ...(creating ? [page.waitForURL((url) => !url.pathname.endsWith('/create'), { timeout })] : []),
    // No error notification within the wait decides nothing (the branches above do).
    failed
      .first()
      .waitFor({ timeout })
      .then(
        async () => {
          throw new Error(`save failed: ${await failed.first().innerText()}`);
        },
        () => new Promise<never>(() => undefined),
      ),
  ]);
}
