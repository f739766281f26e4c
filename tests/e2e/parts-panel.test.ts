/**
 * End-to-end: the Parts side panel on a ticket's edit view (Content Manager), in Debian's Chromium
 * driven by playwright-core, as a support agent: the technical update notice concerning the ticket's
 * asset is shown; the agent reserves parts by SKU (a refusal — more than available — shows the
 * server's message and writes nothing), sees the held quantity, and gives them back to stock.
 */
import fs from 'fs';
import path from 'path';
import { testDb } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { desk, TICKET, uniq } from '../helpers/desk';
import { adminUiSuite, ARTIFACTS, createAdminUser, editViewUrl, steps } from '../helpers/admin-ui';

const ui = adminUiSuite();

describe(`ticket parts panel (${testDb})`, () => {
  test('an agent sees the update notice of the ticket’s equipment, reserves a part, is refused beyond stock, and gives the part back', async () => {
    const s = ui.app.strapi;
    const d = desk(ui.app, await fullAccessToken(s, 'e2e-parts'));
    const org = await s.db.query('api::organization.organization').create({ data: { name: 'Panel Org', code: uniq('PO-').slice(0, 20) } });
    const asset = await s.documents('api::asset.asset' as any).create({ data: { serial_number: uniq('SN-'), model: 'SW-9300-48P', product_line: 'Network Switches', organization: org.id } as any });
    await s.documents('api::update-notice.update-notice' as any).create({
      data: { version: '2.4.1', title_en: 'Firmware 2.4.1 fixes reboots', title_zh: '固件 2.4.1 修复重启', severity: 'critical', models: ['SW-9300-48P'] } as any,
      status: 'published',
    });
    const sku = uniq('FAN-').slice(0, 30);
    const partRes = await d.api.post('/api/parts', { data: { sku, name: 'Fan module', on_hand: 5, unit_cost: 40 } });
    expect(partRes.status).toBe(201);
    const ticket = await d.ticket({ subject: 'Switch fan noisy', type: 'fault', organization: org.documentId, asset: asset.documentId });
    const agent = await createAdminUser(s, 'support-agent', 'Parts');
    await d.walk(ticket.documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }]);
    const part = () => s.db.query('api::part.part').findOne({ where: { sku } });

    const { page, errors } = await ui.loggedInPage(agent, 1600);
    await steps(page, 'ticket-parts', async () => {
      await page.goto(editViewUrl(ui.base, TICKET, ticket.documentId));
      const panel = page.getByTestId('parts-panel');
      await panel.waitFor();
      await page.getByText('Parts', { exact: true }).first().waitFor();
      await panel.getByTestId('ticket-notices').getByText('Firmware 2.4.1 fixes reboots').waitFor();
      await panel.getByText('No parts reserved or used yet.').waitFor();

      // More than on hand: the server's refusal, nothing written.
      await panel.getByLabel('Part (SKU)').fill(sku);
      await panel.getByLabel('Quantity').fill('9');
      await panel.getByRole('button', { name: 'Reserve part' }).click();
      await panel.getByTestId('parts-message').getByText(/available/i).waitFor();
      expect(await part()).toMatchObject({ on_hand: 5, reserved: 0 });

      await panel.getByLabel('Quantity').fill('2');
      await panel.getByRole('button', { name: 'Reserve part' }).click();
      await panel.getByTestId('parts-message').getByText('Reserved.').waitFor();
      await panel.locator(`li[data-part="${sku}"]`).getByText('Held 2 · used 0 · given back 0 · cost 0.00').waitFor();
      expect(await part()).toMatchObject({ on_hand: 5, reserved: 2 });
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'ticket-parts-panel.png') });

      await panel.getByRole('button', { name: 'Give back 2' }).click();
      await panel.getByTestId('parts-message').getByText('Given back to stock.').waitFor();
      await panel.locator(`li[data-part="${sku}"]`).getByText('Held 0 · used 0 · given back 2 · cost 0.00').waitFor();
      expect(await part()).toMatchObject({ on_hand: 5, reserved: 0 });
    });
    expect(errors).toEqual([]);
  });
});
