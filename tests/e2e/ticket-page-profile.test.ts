/**
 * End-to-end (issue 15, item 2's timing goal): where the time of opening a ticket goes, in Chromium,
 * on the demo data. A demo agent opens a demo ticket from the ticket list by in-app navigation, goes
 * back to the list and opens it again (ROUNDS times; the first opening also loads the edit view's
 * code). For each opening it prints the wall time until the page is usable (the form holds the
 * ticket, the Workflow panel offers its actions), the renderer's main-thread time
 * (`Performance.getMetrics`: TaskDuration, ScriptDuration, layout and style; steadier than the wall
 * time on a shared machine), the API requests with their start and end, and from a CPU profile
 * (`Profiler`) the script files and functions with the most self time.
 * Asserted: behaviour only (the ticket opens with its panel). Timings are printed, never asserted.
 */
import os from 'os';
import path from 'path';
import type { CDPSession, Page } from 'playwright-core';
import { appDir, testDb } from '../helpers/strapi';
import { TICKET } from '../helpers/desk';
import { adminUiSuite, steps } from '../helpers/admin-ui';

const AGENT = { email: 'lin.xiaoyu@support-desk.local', password: 'Agent2026!' };
const SUBJECT = 'Access switch ports flapping on floor 3';
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 3);
// A probe for a person reading the profile: skipped in CI (CI=true) unless PROFILE_ROUNDS is set, to
// keep CI within its time limit; the behaviour it asserts (the ticket opens with its panel) is also
// asserted by ticket-panel.test.ts.
const profileTest = process.env.CI && !process.env.PROFILE_ROUNDS ? test.skip : test;
const ui = adminUiSuite();

beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { seed } = require(path.join(appDir, 'dist/src/seed'));
  await seed(ui.app.strapi, { log: () => undefined });
}, 600_000);

type Metrics = Record<string, number>;
const metrics = async (cdp: CDPSession): Promise<Metrics> => {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
};

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }

/** Self time (ms) per script file and per function of a CPU profile, and total time (self and callees) per function, the largest first. */
function summarize(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const files = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    const file = f.url ? f.url.replace(/^.*\//, '') : `(${f.functionName || 'native'})`;
    files.set(file, (files.get(file) ?? 0) + ms);
    const fn = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
  }
  // Total time: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\//, '')}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
  const totals = new Map<string, number>();
  for (const [id, ms] of self) {
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const node = byId.get(n)!;
      if (!node.callFrame.url) continue;
      const k = key(node);
      if (seen.has(k)) continue;
      seen.add(k);
      totals.set(k, (totals.get(k) ?? 0) + ms);
    }
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n');
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => ['(idle)', '(program)', '(garbage collector)'].includes(byId.get(id)!.callFrame.functionName));
  return { total, idle: idle.map(([id, ms]) => `${byId.get(id)!.callFrame.functionName} ${ms.toFixed(0)}`).join(', '), files: top(files, 12), fns: top(fns, 25), totals: top(totals, 40) };
}

/** The API requests from now on: start and end in ms after `since`. */
function requests(page: Page, since: number) {
  const started = new Map<unknown, number>();
  const rows: string[] = [];
  const api = (url: string) => /^\/(content-manager|support-desk|admin|i18n|users-permissions|content-releases|review-workflows)\//.test(new URL(url).pathname) && !/\.(m?js|css|png|svg|woff2?)$/.test(url);
  const onRequest = (r: any) => {
    if (api(r.url())) started.set(r, Date.now() - since);
  };
  const onDone = (r: any) => {
    if (!started.has(r)) return;
    const u = new URL(r.url());
    rows.push(`${String(started.get(r)).padStart(5)}–${String(Date.now() - since).padStart(5)} ${r.method()} ${u.pathname}${u.search.length > 1 ? '?…' : ''}`);
  };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  return () => {
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
    return rows.sort();
  };
}

profileTest(`opening a demo ticket from the list (${testDb}): wall and renderer CPU time, requests, CPU profile`, async () => {
  const row = await ui.app.strapi.db.query(TICKET).findOne({ where: { subject: SUBJECT } });
  const { page, errors } = await ui.loggedInPage(AGENT, 2400);
  page.setDefaultTimeout(120_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const figures: string[] = [];
  await steps(page, 'ticket-page-profile', async () => {
    await page.goto(`${ui.base}/admin/content-manager/collection-types/${TICKET}?page=1&pageSize=10&_q=${encodeURIComponent(SUBJECT)}`);
    for (let round = 1; round <= ROUNDS; round += 1) {
      const link = page.getByRole('gridcell', { name: SUBJECT }).first();
      await link.waitFor();
      await page.waitForTimeout(1000);
      const before = await metrics(cdp);
      await cdp.send('Profiler.start');
      const started = Date.now();
      const stop = requests(page, started);
      await link.click();
      await page.getByTestId('ticket-state').waitFor();
      const panelAt = Date.now() - started;
      await page.waitForFunction((subject) => (globalThis as any).document.querySelector('[name="subject"]')?.value === subject, SUBJECT);
      const formAt = Date.now() - started;
      await page.getByTestId('ticket-panel').getByRole('combobox', { name: 'Action' }).waitFor();
      const usable = Date.now() - started;
      const after = await metrics(cdp);
      // What still runs after "usable" (late requests, renders), up to 3 s.
      await page.waitForTimeout(3000);
      const settled = await metrics(cdp);
      const { profile } = await cdp.send('Profiler.stop');
      const rows = stop();
      const d = (m: Metrics, k: string) => Math.round(((m[k] ?? 0) - (before[k] ?? 0)) * 1000);
      const sum = summarize(profile as any);
      const line = `round ${round}: usable ${usable} ms (panel state ${panelAt}, form ${formAt}); renderer until usable: task ${d(after, 'TaskDuration')} ms, script ${d(after, 'ScriptDuration')}, layout ${d(after, 'LayoutDuration')}, style ${d(after, 'RecalcStyleDuration')}; +3 s: task ${d(settled, 'TaskDuration')} ms, script ${d(settled, 'ScriptDuration')}; ${rows.length} API requests`;
      figures.push(line);
      console.log(`[ticket-page-profile] ${line}\n  requests (ms after the click):\n  ${rows.join('\n  ')}\n  profile self time ${sum.total.toFixed(0)} ms (${sum.idle}); by file:\n${sum.files}\n  by function (self):\n${sum.fns}\n  by function (total):\n${sum.totals}`);
      expect(new URL(page.url()).pathname).toBe(`/admin/content-manager/collection-types/${TICKET}/${row.documentId}`);
      // Back to the list, in the app.
      await page.goBack();
    }
  });
  const [load1, load5] = os.loadavg();
  console.log(`[ticket-page-profile] (${testDb}, load ${load1.toFixed(2)} / ${load5.toFixed(2)})\n  ${figures.join('\n  ')}`);
  expect(errors).toEqual([]);
}, 900_000);
