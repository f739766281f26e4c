/**
 * End-to-end: records with a workflow state are saved from the Content Manager (real admin panel,
 * Chromium), by the role that works them. Before the rename of `status` to `state`, every one of
 * these saves answered "Invalid status": Strapi 5's Content Manager sends `status` as its own
 * draft & publish parameter.
 * - Support agent: edits only `external_ref` of a ticket; creates a ticket for a phone call; raises
 *   an escalation; edits an on-site visit; edits an enrollment.
 * - Support supervisor: edits a training session (agents may only read them).
 * Each save shows the success notification, and the saved value is read back through the REST API.
 */
import type { Page } from 'playwright-core';
import { testDb } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { desk, TICKET } from '../helpers/desk';
import { adminUiSuite, createAdminUser, createdDocumentId, editViewUrl, saveDocument as save, steps, waitForFieldValue } from '../helpers/admin-ui';

const ESCALATION = 'api::escalation.escalation';
const VISIT = 'api::onsite-visit.onsite-visit';
const SESSION = 'api::training-session.training-session';
const ENROLLMENT = 'api::enrollment.enrollment';

const ui = adminUiSuite();
let d: ReturnType<typeof desk>;

beforeAll(async () => {
  d = desk(ui.app, await fullAccessToken(ui.app.strapi, 'e2e-cm-save'));
});

const createUrl = (uid: string) => `${ui.base}/admin/content-manager/collection-types/${uid}/create`;

/**
 * Opens an edit (or create) view and waits until the form holds the loaded document: typing
 * before that would be overwritten when the form initialises.
 */
async function open(page: Page, url: string, loaded: { field: string; value: string }) {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  await waitForFieldValue(page, loaded.field, loaded.value);
}

/** Fills a text input or textarea and checks the form took the value. */
async function type(page: Page, selector: string, value: string) {
  const input = page.locator(selector);
  await input.fill(value);
  expect(await input.inputValue()).toBe(value);
}

/** Chooses an option of a Content Manager select (enumeration) by the field's label (shipped CM configuration). */
async function choose(page: Page, field: string, option: string) {
  await page.getByRole('combobox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Picks the related document whose label contains `text` in a relation field. */
async function relate(page: Page, field: string, text: string) {
  await page.getByRole('combobox', { name: field, exact: true }).click();
  await page.keyboard.type(text);
  await page.getByRole('option', { name: text, exact: true }).click();
}

describe(`Content Manager saves of records with a workflow state (${testDb})`, () => {
  test('support agent: ticket edit (external_ref only) and create (phone call), escalation, visit, enrollment', async () => {
    const s = ui.app.strapi;
    const agent = await createAdminUser(s, 'support-agent', 'Saver');
    const ticket = await d.ticket({ subject: 'Storage array beeps', description: 'Shelf 2 alarm.', channel: 'email', type: 'fault' });
    const visit = await s.documents(VISIT as any).create({ data: { ticket: ticket.documentId, state: 'scheduled', scheduled_start: '2026-12-08T01:00:00.000Z', scheduled_end: '2026-12-08T03:00:00.000Z', address: 'Old address' } as any });
    const training = await s.documents('api::training.training' as any).create({ data: { title: 'Storage basics', code: 'TR-CM-1', audience: 'staff' } as any });
    const session = await s.documents(SESSION as any).create({ data: { training: training.documentId, starts_at: '2026-12-09T01:00:00.000Z', ends_at: '2026-12-09T03:00:00.000Z', capacity: 10, state: 'open' } as any });
    const enrollment = await s.documents(ENROLLMENT as any).create({ data: { session: session.documentId, attendee_admin: agent.id, state: 'enrolled' } as any });
    // Attendance is recorded once the session has started (trainings/enrollment.ts): the session took place yesterday.
    const yesterday = Date.now() - 24 * 3600_000;
    await s.db.query(SESSION as any).update({ where: { documentId: session.documentId }, data: { starts_at: new Date(yesterday), ends_at: new Date(yesterday + 2 * 3600_000) } });

    const { page, errors } = await ui.loggedInPage(agent, 1400);
    await steps(page, 'cm-save-agent', async () => {
      // 1. A ticket: only external_ref changes.
      await open(page, editViewUrl(ui.base, TICKET, ticket.documentId), { field: 'subject', value: 'Storage array beeps' });
      await type(page, 'input[name="external_ref"]', 'CRM-4711');
      await save(page);
      const edited = (await d.api.get(`/api/tickets/${ticket.documentId}`)).body.data;
      expect(edited).toMatchObject({ external_ref: 'CRM-4711', state: 'new', version: ticket.version + 1, subject: 'Storage array beeps', channel: 'email' });

      // 2. A new ticket for a phone call.
      await open(page, createUrl(TICKET), { field: 'subject', value: '' });
      await type(page, 'input[name="subject"]', 'Caller: camera 6 shows no picture');
      await type(page, 'textarea[name="description"]', 'Phoned in by the site guard at 09:10.');
      await choose(page, 'Channel', 'Phone');
      await save(page);
      const createdId = await createdDocumentId(page, TICKET);
      const created = (await d.api.get(`/api/tickets/${createdId}`)).body.data;
      expect(created).toMatchObject({ subject: 'Caller: camera 6 shows no picture', channel: 'phone', state: 'new', version: 1, priority: 'P3' });
      expect(created.number).toMatch(/^TS-\d{6}$/);

      // 3. An escalation of that first ticket (raised through the escalations service).
      await open(page, createUrl(ESCALATION), { field: 'reason', value: '' });
      await relate(page, 'Ticket', edited.number);
      await choose(page, 'Department', 'R&D');
      await type(page, 'textarea[name="reason"]', 'Shelf firmware suspected');
      await save(page);
      const escalationId = await createdDocumentId(page, ESCALATION);
      const escalation = (await d.api.get(`/api/escalations/${escalationId}?populate=ticket`)).body.data;
      expect(escalation).toMatchObject({ department: 'rd', reason: 'Shelf firmware suspected', state: 'open', level: 1, ticket: { documentId: ticket.documentId } });
      expect((await d.row(ticket.documentId)).escalation_level).toBe(1);

      // 4. The on-site visit: a new address.
      await open(page, editViewUrl(ui.base, VISIT, visit.documentId), { field: 'address', value: 'Old address' });
      await type(page, 'textarea[name="address"]', 'Building 3, gate B');
      await save(page);
      expect((await d.api.get(`/api/onsite-visits/${visit.documentId}`)).body.data).toMatchObject({ address: 'Building 3, gate B', state: 'scheduled' });

      // 5. The enrollment: attended, with a score.
      await open(page, editViewUrl(ui.base, ENROLLMENT, enrollment.documentId), { field: 'score', value: '' });
      await choose(page, 'State', 'Attended');
      await type(page, 'input[name="score"]', '92');
      await save(page);
      expect((await d.api.get(`/api/enrollments/${enrollment.documentId}`)).body.data).toMatchObject({ state: 'attended', score: 92 });
    });
    expect(errors).toEqual([]);
  });

  test('support supervisor: a training session', async () => {
    const s = ui.app.strapi;
    const supervisor = await createAdminUser(s, 'support-supervisor', 'Planner');
    const training = await s.documents('api::training.training' as any).create({ data: { title: 'Camera operation', code: 'TR-CM-2', audience: 'customer' } as any });
    const session = await s.documents(SESSION as any).create({ data: { training: training.documentId, starts_at: '2026-12-10T01:00:00.000Z', ends_at: '2026-12-10T03:00:00.000Z', capacity: 12, state: 'scheduled' } as any });

    const { page, errors } = await ui.loggedInPage(supervisor, 1400);
    await steps(page, 'cm-save-supervisor', async () => {
      await open(page, editViewUrl(ui.base, SESSION, session.documentId), { field: 'capacity', value: '12' });
      await type(page, 'input[name="location"]', 'Shanghai training centre');
      await choose(page, 'State', 'Open');
      await save(page);
      expect((await d.api.get(`/api/training-sessions/${session.documentId}`)).body.data).toMatchObject({ location: 'Shanghai training centre', state: 'open', capacity: 12 });
    });
    expect(errors).toEqual([]);
  });
});
