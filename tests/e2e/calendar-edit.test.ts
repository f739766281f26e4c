/**
 * End-to-end (issue 15, items 5 and 7): a supervisor edits a business calendar and an SLA contract
 * in the Content Manager (real admin panel, Debian's Chromium):
 * - working-interval rows are named "Mon 09:00–18:00"; the weekday is a picker with translated
 *   labels ("Tuesday"), the time zone a picker of IANA zones ("Berlin" finds Europe/Berlin);
 * - an impossible time ("25:00") is flagged with a clear message under the field in the browser: no
 *   request, every other edit (time zone, weekday) kept in the form; corrected, one save stores all;
 * - "Import public holidays" (side panel): CN, a year — the preview lists the public holidays for
 *   everyone (the four Spring Festival days, not Children's Day), the import adds them, skips the
 *   date the calendar had, lists both, and the form shows the new rows without a reload;
 * - an SLA contract's target rows are named "P1 — response 30 min, resolution 4 h".
 * Every saved value is read back through the database. Timings printed, screenshots in artifacts.
 */
import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';
import { testDb } from '../helpers/strapi';
import { adminUiSuite, ARTIFACTS, createAdminUser, editViewUrl, steps } from '../helpers/admin-ui';

const CALENDAR = 'api::business-calendar.business-calendar';
const CONTRACT = 'api::sla-contract.sla-contract';
const YEAR = 2026;

const ui = adminUiSuite();
const timings: Record<string, number> = {};

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
};

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  timings[name] = Date.now() - started;
  return result;
}

/** Clicks Save; resolves with the text of the notification that answered (success: status, error: alert). */
async function save(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const ok = page.getByRole('status').filter({ hasText: /saved/i }).first();
  const failed = page.getByRole('alert').filter({ hasText: /\S/ }).first();
  return Promise.race([ok.waitFor().then(() => ok.innerText()), failed.waitFor().then(() => failed.innerText())]);
}

/** Polls `check` until it holds (or fails after 15 s). */
async function until(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(() => {
  console.log(`[calendar-edit] timings (ms, ${testDb}): ${JSON.stringify(timings)}`);
});

describe(`calendar and contract editing (${testDb})`, () => {
  test('weekday and time-zone pickers, a clear time error, holiday import, named target rows', async () => {
    const s = ui.app.strapi;
    const calendar = await s.documents(CALENDAR as any).create({
      data: {
        name: 'E2E office hours',
        timezone: 'Asia/Shanghai',
        working_intervals: [{ weekday: 'mon', start: '09:00', end: '18:00' }],
        holidays: [{ date: `${YEAR}-10-01`, name: 'National Day (entered by hand)' }],
      } as any,
    });
    const contract = await s.documents(CONTRACT as any).create({
      data: {
        name: 'E2E contract',
        code: 'E2E-CAL',
        business_calendar: calendar.documentId,
        targets: [
          { priority: 'P1', first_response_minutes: 30, resolution_minutes: 240 },
          { priority: 'P3', first_response_minutes: 90, resolution_minutes: 2880 },
        ],
      } as any,
    });
    const stored = () => s.db.query(CALENDAR).findOne({ where: { documentId: calendar.documentId }, populate: ['working_intervals', 'holidays'] });

    const supervisor = await createAdminUser(s, 'support-supervisor', 'Calendars');
    const { page, errors } = await ui.loggedInPage(supervisor, 1400);

    await steps(page, 'calendar-edit', async () => {
      await timed('open calendar', async () => {
        await page.goto(editViewUrl(ui.base, CALENDAR, calendar.documentId));
        await page.getByText('Mon 09:00–18:00').first().waitFor();
      });
      // The time zone: a picker of IANA zones, filtered by what is typed.
      const zone = page.getByRole('combobox', { name: 'Time zone' });
      await until(async () => (await zone.inputValue()) === 'Asia/Shanghai');
      await timed('pick time zone', async () => {
        await zone.click();
        await zone.fill('Berlin');
        await page.getByRole('option', { name: 'Europe/Berlin', exact: true }).click();
      });
      expect(await zone.inputValue()).toBe('Europe/Berlin');

      // The interval row: open it, the weekday reads "Monday"; make it Tuesday.
      await page.getByText('Mon 09:00–18:00').first().click();
      const weekday = page.getByRole('combobox', { name: 'Weekday' }).first();
      await weekday.waitFor();
      expect(await weekday.innerText()).toContain('Monday');
      await weekday.click();
      const options = await page.getByRole('option').allInnerTexts();
      expect(options).toEqual(expect.arrayContaining(['Monday', 'Tuesday', 'Sunday']));
      expect(options).not.toContain('tue');
      await page.getByRole('option', { name: 'Tuesday', exact: true }).click();

      // An impossible end time: flagged under the field in the browser (no request), every value the
      // user typed stays in the form; corrected, one save stores time zone, weekday and time together.
      const writes: string[] = [];
      const onRequest = (req: { method(): string; url(): string }) => {
        if (req.method() !== 'GET' && decodeURIComponent(req.url()).includes(`/content-manager/collection-types/${CALENDAR}`)) writes.push(`${req.method()} ${req.url()}`);
      };
      page.on('request', onRequest);
      const end = page.locator('input[name="working_intervals.0.end"]');
      await end.fill('25:00');
      await end.blur();
      // Said as soon as the field is left, before any save.
      const timeError = page.getByText('Time must be HH:MM between 00:01 and 24:00 (24:00 ends the day) (got "25:00")', { exact: true });
      await timeError.waitFor();
      const refused = await timed('save refused', () => save(page));
      expect(refused).toMatch(/validation errors/i);
      await timeError.waitFor();
      expect(await timeError.count()).toBe(1);
      expect(await page.getByText(/does not match the (regex|defined pattern)/).count()).toBe(0);
      await shot(page, 'calendar-edit-time-error.png');
      expect(writes).toEqual([]);
      expect((await stored()).timezone).toBe('Asia/Shanghai');
      // Everything the user typed is still in the form.
      expect(await zone.inputValue()).toBe('Europe/Berlin');
      expect(await weekday.innerText()).toContain('Tuesday');
      expect(await end.inputValue()).toBe('25:00');
      // The refusal's notification goes away by itself; the next save's answer is another one.
      await page.getByRole('alert').filter({ hasText: /validation errors/i }).first().waitFor({ state: 'detached' });
      await end.fill('17:00');
      await end.blur();
      await until(async () => (await timeError.count()) === 0);
      expect(await page.getByText(/Time must be HH:MM/).count()).toBe(0);
      const saved = await timed('save calendar', () => save(page));
      expect(saved).toMatch(/saved/i);
      page.off('request', onRequest);
      // One save, of everything the user entered.
      expect(writes).toHaveLength(1);
      await page.getByText('Tue 09:00–17:00').first().waitFor();
      const after = await stored();
      expect(after.timezone).toBe('Europe/Berlin');
      expect(after.working_intervals.map((i: any) => [i.weekday, i.start.slice(0, 5), i.end.slice(0, 5), i.label])).toEqual([['tue', '09:00', '17:00', 'Tue 09:00–17:00']]);
      await shot(page, 'calendar-edit-saved.png');
    });

    await steps(page, 'calendar-holidays', async () => {
      const panel = page.getByTestId('holiday-import');
      await panel.waitFor();
      // China is preselected (named once the country list has loaded).
      const country = panel.getByRole('combobox', { name: 'Country or region' });
      await until(async () => (await country.inputValue()).includes('(CN)'));
      const year = panel.getByRole('textbox', { name: 'Year' });
      await year.fill(String(YEAR));
      await timed('holiday preview', async () => {
        await panel.getByRole('button', { name: 'Preview' }).click();
        await panel.getByTestId('holiday-preview-added').waitFor();
      });
      const previewDates = await panel.getByTestId('holiday-preview-added').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-date')));
      expect(previewDates).toEqual(expect.arrayContaining([`${YEAR}-02-16`, `${YEAR}-02-17`, `${YEAR}-02-18`, `${YEAR}-02-19`, `${YEAR}-05-02`]));
      expect(previewDates).not.toContain(`${YEAR}-06-01`); // Children's Day: not a day off for everyone
      expect(previewDates).not.toContain(`${YEAR}-10-01`); // already in the calendar
      expect(await panel.getByTestId('holiday-preview-skipped').innerText()).toContain(`${YEAR}-10-01`);
      await shot(page, 'calendar-holiday-preview.png');

      await timed('holiday import', async () => {
        await panel.getByRole('button', { name: new RegExp(`^Import ${previewDates.length} holidays`) }).click();
        await panel.getByTestId('holiday-added').waitFor();
      });
      const added = await panel.getByTestId('holiday-added').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-date')));
      expect(added).toEqual(previewDates);
      expect(await panel.getByTestId('holiday-skipped').innerText()).toContain(`${YEAR}-10-01`);
      // The form shows the imported rows (refetched in place, no reload).
      await timed('form shows imported days', () => page.getByText(`${YEAR}-02-19`, { exact: true }).first().waitFor());
      await shot(page, 'calendar-holiday-imported.png');

      const after = await stored();
      const dates = after.holidays.map((h: any) => String(h.date).slice(0, 10));
      expect(dates).toEqual(expect.arrayContaining([...previewDates, `${YEAR}-10-01`] as string[]));
      expect(dates).toHaveLength(previewDates.length + 1);
      expect(after.holidays.find((h: any) => String(h.date).startsWith(`${YEAR}-10-01`)).name).toBe('National Day (entered by hand)');
      // A save after the import keeps the imported days (the form holds them).
      await page.locator('textarea[name="description"]').fill('Berlin office, Chinese public holidays');
      expect(await save(page)).toMatch(/saved/i);
      expect((await stored()).holidays).toHaveLength(previewDates.length + 1);
    });

    await steps(page, 'contract-targets', async () => {
      await timed('open contract', async () => {
        await page.goto(editViewUrl(ui.base, CONTRACT, contract.documentId));
        await page.getByText('P1 — response 30 min, resolution 4 h').first().waitFor();
      });
      await page.getByText('P3 — response 1 h 30 min, resolution 48 h').first().waitFor();
      await shot(page, 'contract-targets.png');
    });
    expect(errors).toEqual([]);
    // Three steps of a real admin on a machine shared with other runs (each step waits for what it
    // needs; this only bounds the whole).
  }, 300_000);
});
