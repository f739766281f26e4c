/**
 * End-to-end: the plugin's Content Manager side panels in the real admin panel (built once per set
 * of inputs, see tests/helpers/admin-build.js), in Debian's Chromium driven by playwright-core.
 * - KB article: the revisions kept on every publish are listed; two compare with a line diff; a
 *   snapshot opens; a publish from the Content Manager adds one (by that editor); a never-published
 *   draft shows the empty state.
 * - Ticket: the Workflow panel shows the state and SLA clocks; an internal note and a transition
 *   run from it and show in the timeline.
 * - Ticket → KB: "Create KB article" is offered on a resolved ticket (not on an open one); it opens
 *   the new draft, pre-filled from the ticket and linked to it, in the Content Manager.
 */
import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';
import { testDb } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { ARTICLE, createArticle } from '../helpers/kb';
import { desk, EVENT, TICKET } from '../helpers/desk';
import { adminUiSuite, ARTIFACTS, createAdminUser, createdDocumentId, editViewUrl, steps, waitForFieldValue } from '../helpers/admin-ui';

const ui = adminUiSuite();

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
};

describe(`admin side panels (${testDb})`, () => {
  test('KB article: revisions listed, compared (line diff with +/-), snapshot viewed, a CM publish adds one; empty state for a draft', async () => {
    const s = ui.app.strapi;
    const docs = s.documents(ARTICLE as any);
    // Revision 1 and 2: publish, update, publish again (document service, so every KB middleware runs).
    const documentId = await createArticle(s, {
      title: 'Reset an SW-9300 switch',
      slug: 'reset-sw-9300',
      summary: 'Factory reset of an SW-9300.',
      body: 'Power the switch on.\nHold the reset button for 15 s.\nWait for the LED.',
    });
    await docs.update({ documentId, locale: 'en', data: { body: 'Power the switch on.\nHold the reset button for 20 s.\nWait for the LED.\nRelease when the LED blinks amber.' } as any });
    await docs.publish({ documentId, locale: 'en' });
    const revisions = await s.plugin('support-desk').service('kbEditorial').list(documentId, 'en');
    expect(revisions.map((r: any) => r.revision)).toEqual([2, 1]);
    const draftId = (await docs.create({ locale: 'en', data: { title: 'Unpublished draft', slug: 'unpublished-draft', body: 'Not yet.', visibility: 'internal' } as any })).documentId;

    const editor = await createAdminUser(s, 'support-supervisor', 'Editor');
    const { page, errors } = await ui.loggedInPage(editor);
    await steps(page, 'kb-revisions', async () => {
      await page.goto(editViewUrl(ui.base, ARTICLE, documentId, 'en'));
      const panel = page.getByTestId('revisions-panel');
      await panel.waitFor();
      await page.getByText('Revisions', { exact: true }).first().waitFor();
      const items = panel.locator('li[data-revision]');
      expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-revision')))).toEqual(['2', '1']);
      await expect(items.first().textContent()).resolves.toContain('Revision 2');
      await expect(items.first().textContent()).resolves.toContain('system');
      // The two latest are preselected: compare them.
      expect(await panel.getByRole('checkbox', { name: 'Select revision 2 for comparison' }).getAttribute('aria-checked')).toBe('true');
      expect(await panel.getByRole('checkbox', { name: 'Select revision 1 for comparison' }).getAttribute('aria-checked')).toBe('true');
      await panel.getByRole('button', { name: 'Compare selected' }).click();

      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Revision 1 → revision 2' }).waitFor();
      const compare = dialog.getByTestId('revision-compare');
      await compare.waitFor();
      // Only the body changed; its diff shows what was removed and added, marked +/- and coloured.
      expect(await compare.locator('[data-field]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))).toEqual(['body']);
      const body = compare.locator('[data-field="body"]');
      const line = (op: string) => body.locator(`[data-op="${op}"]`).evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
      expect(await line('add')).toEqual(['+ added: Hold the reset button for 20 s.', '+ added: Release when the LED blinks amber.']);
      expect(await line('del')).toEqual(['- removed: Hold the reset button for 15 s.']);
      expect(await line('same')).toEqual(['Power the switch on.', 'Wait for the LED.']);
      const colours = await body.locator('[data-op="add"], [data-op="del"]').evaluateAll((els) => els.map((e) => e.ownerDocument.defaultView?.getComputedStyle(e).backgroundColor));
      expect(new Set(colours).size).toBe(2);
      await shot(page, 'kb-revisions-compare.png');
      await dialog.getByRole('button', { name: 'Close' }).first().click();
      await dialog.waitFor({ state: 'detached' });

      // The full snapshot of revision 1.
      await panel.getByRole('button', { name: 'View the snapshot of revision 1' }).click();
      const snapshot = page.getByRole('dialog').getByTestId('revision-snapshot');
      await snapshot.waitFor();
      await page.getByRole('dialog').getByRole('heading', { name: 'Revision 1 (en)' }).waitFor();
      expect(await snapshot.locator('[data-field="body"]').innerText()).toContain('Hold the reset button for 15 s.');
      expect(await snapshot.locator('[data-field="title"]').innerText()).toContain('Reset an SW-9300 switch');
      expect(await snapshot.locator('[data-field="visibility"]').innerText()).toContain('public');
      await shot(page, 'kb-revision-snapshot.png');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      // Publishing from the Content Manager adds revision 3, by this editor, and the panel shows it.
      await page.locator('input[name="title"]').fill('Reset an SW-9300 switch to factory settings');
      await page.getByRole('button', { name: 'Publish', exact: true }).click();
      const third = panel.locator('li[data-revision="3"]');
      await third.waitFor();
      expect(await third.textContent()).toContain('Editor E2E');
      expect(await panel.locator('li[data-revision]').count()).toBe(3);

      // A draft never published has no revision yet.
      await page.goto(editViewUrl(ui.base, ARTICLE, draftId, 'en'));
      await page.getByTestId('revisions-empty').waitFor();
      expect(await page.getByTestId('revisions-empty').innerText()).toContain('No revisions yet');
    });
    expect(errors).toEqual([]);
  });

  test('ticket: the Workflow panel shows state and clocks; a note and a transition land in the timeline', async () => {
    const s = ui.app.strapi;
    const d = desk(ui.app, await fullAccessToken(s, 'e2e-admin'));
    // A default contract (24×7, no calendar), so that the new ticket gets SLA deadlines.
    await s.documents('api::sla-contract.sla-contract' as any).create({
      data: { name: 'Standard', code: 'STD-E2E', is_default: true, targets: [{ priority: 'P1', first_response_minutes: 30, resolution_minutes: 240 }] } as any,
    });
    const ticket = await d.ticket({ subject: 'Core switch reboots every hour', description: 'SW-9300 in rack B2 reboots.', channel: 'phone', type: 'fault', urgency: 'high', impact: 'high' });
    const documentId = ticket.documentId as string;

    const agent = await createAdminUser(s, 'support-agent', 'Agent');
    // Tall enough for the whole side panel, timeline included, in the screenshot.
    const { page, errors } = await ui.loggedInPage(agent, 1500);
    await steps(page, 'ticket-workflow', async () => {
      await page.goto(editViewUrl(ui.base, TICKET, documentId));
      const action = page.getByRole('combobox', { name: 'Action' });
      await action.waitFor();
      await page.getByText('Workflow', { exact: true }).first().waitFor();
      expect(await page.getByTestId('ticket-state').textContent()).toBe('New');
      // Both SLA clocks run on a new ticket, with their deadlines (P1: 30 and 240 minutes).
      await page.getByText('First response', { exact: true }).first().waitFor();
      await page.getByText('Resolution', { exact: true }).first().waitFor();
      expect(await page.getByText('running', { exact: true }).count()).toBe(2);
      const row = await s.db.query(TICKET).findOne({ where: { documentId } });
      expect(row.first_response_due_at).toBeTruthy();
      // Deadlines in the admin locale's medium date and short time (the browser's time zone).
      const medium = (v: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v));
      await page.getByText(`First response due: ${medium(row.first_response_due_at)}`, { exact: true }).waitFor();
      await page.getByText(`Resolution due: ${medium(row.resolution_due_at)}`, { exact: true }).waitFor();
      // The timeline starts with the creation.
      await page.getByTestId('ticket-timeline').getByText('Created', { exact: true }).waitFor();

      // An internal note.
      await page.getByRole('radio', { name: 'Internal note' }).click();
      await page.getByRole('textbox', { name: 'Internal note' }).fill('Checked the uplink cabling: OK.');
      await page.getByRole('button', { name: 'Add internal note' }).click();
      await page.getByTestId('ticket-timeline').getByText('Checked the uplink cabling: OK.', { exact: true }).waitFor();
      const notes = await s.db.query(EVENT).findMany({ where: { ticket: { id: row.id }, kind: 'comment' } });
      expect(notes.map((e: any) => [e.body, e.visibility])).toEqual([['Checked the uplink cabling: OK.', 'internal']]);

      // A transition: triage (the panel updates from the answer and the form is refreshed in place).
      await action.click();
      await page.getByRole('option', { name: 'Triage' }).click();
      await page.getByRole('button', { name: 'Run' }).click();
      await page.getByTestId('ticket-timeline').getByText('New → Triaged', { exact: true }).waitFor();
      await page.getByTestId('ticket-state').getByText('Triaged', { exact: true }).waitFor();
      expect((await s.db.query(TICKET).findOne({ where: { documentId } })).state).toBe('triaged');
      // The note is still there; the timeline is newest first.
      await page.getByText('Checked the uplink cabling: OK.', { exact: true }).waitFor();
      const timeline = await page.getByTestId('ticket-timeline').getByText(/^(Triage|Comment|Created)$/).allInnerTexts();
      expect(timeline).toEqual(['Triage', 'Comment', 'Created']);
      await shot(page, 'ticket-workflow-panel.png');
    });
    expect(errors).toEqual([]);
  });

  test('ticket: "Create KB article" on a resolved ticket opens a pre-filled draft linked to it; not offered on an open ticket', async () => {
    const s = ui.app.strapi;
    const agent = await createAdminUser(s, 'support-agent', 'Writer');
    // The agent role may draft articles from tickets (server/src/permissions.ts, kb.draft).
    const role = await s.db.query('admin::role').findOne({ where: { code: 'support-agent' }, populate: ['permissions'] });
    expect(role.permissions.map((p: any) => p.action)).toContain('plugin::support-desk.kb.draft');

    // Tickets through the plugin's ticket service (the workflow middleware runs), by this agent.
    const tickets = s.plugin('support-desk').service('tickets');
    const actor = { kind: 'agent' as const, id: agent.id, name: 'Writer E2E' };
    const walk = async (documentId: string, version: number, steps: Array<Record<string, unknown>>) => {
      for (const step of steps) version = (await tickets.transition(documentId, { ...step, version }, actor)).version;
    };
    const subject = 'Fan tray alarm on SW-9300';
    const solution = 'Replace the fan tray (FAN-9300) while the switch runs.';
    const resolved = await tickets.create({ subject, description: 'The fan tray LED is red and the switch logs FAN-3-FAIL.', channel: 'phone', type: 'consultation', urgency: 'medium', impact: 'medium' }, actor);
    await walk(resolved.documentId, resolved.version, [{ action: 'triage', assignee: agent.id }, { action: 'start' }, { action: 'resolve', resolution_method: 'replacement', solution }]);
    expect(await s.db.query(TICKET).findOne({ where: { documentId: resolved.documentId } })).toMatchObject({ state: 'resolved', solution });
    const open = await tickets.create({ subject: 'Fan tray alarm on SW-9310', description: 'Still investigating.', channel: 'phone', type: 'consultation', urgency: 'medium', impact: 'medium' }, actor);
    await walk(open.documentId, open.version, [{ action: 'triage', assignee: agent.id }, { action: 'start' }]);

    const { page, errors } = await ui.loggedInPage(agent, 1500);
    await steps(page, 'ticket-create-kb-article', async () => {
      // An open ticket: the workflow panel, but no article action (its solution is not known yet).
      await page.goto(editViewUrl(ui.base, TICKET, open.documentId));
      await page.getByTestId('ticket-state').getByText('In progress', { exact: true }).waitFor();
      await page.getByRole('combobox', { name: 'Action' }).waitFor();
      expect(await page.getByRole('button', { name: 'Create KB article' }).count()).toBe(0);
      expect(await page.getByTestId('kb-from-ticket').count()).toBe(0);

      // The resolved ticket: the action, with the article language (English: the admin UI is in English).
      await page.goto(editViewUrl(ui.base, TICKET, resolved.documentId));
      await page.getByTestId('ticket-state').getByText('Resolved', { exact: true }).waitFor();
      const create = page.getByRole('button', { name: 'Create KB article' });
      await create.waitFor();
      expect(await page.getByRole('combobox', { name: 'Article language' }).textContent()).toContain('English');
      await shot(page, 'ticket-create-kb-article.png');
      // The notification is shown when the draft is made and dismisses itself after a few seconds:
      // watched from the click on, not after the navigation (on a loaded machine that took longer).
      const notified = page
        .getByText(`Draft article created from ticket ${resolved.number}.`)
        .first()
        .waitFor()
        .then(() => null, (err: Error) => err.message);
      await create.click();

      // The new draft in the Content Manager edit view, in the chosen locale.
      const articleId = await createdDocumentId(page, ARTICLE);
      expect(new URL(page.url()).searchParams.get('plugins[i18n][locale]')).toBe('en');
      expect(await notified).toBeNull();
      await waitForFieldValue(page, 'title', subject);
      // The whole edit view, side panels included: a draft never published, no revision yet.
      await page.getByTestId('revisions-empty').waitFor();
      await shot(page, 'kb-article-from-ticket.png');

      // In the database: a draft (never published), internal, pre-filled, linked to the ticket.
      const rows = await s.db.query(ARTICLE).findMany({ where: { documentId: articleId }, populate: ['source_tickets'] });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ title: subject, locale: 'en', visibility: 'internal', publishedAt: null });
      expect(rows[0].body).toContain(solution);
      expect(rows[0].source_tickets.map((t: any) => t.documentId)).toContain(resolved.documentId);
    });
    expect(errors).toEqual([]);
  });
});
