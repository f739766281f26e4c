/**
 * End-to-end: the public satisfaction-survey page (public/survey/) in Debian's Chromium driven by
 * playwright-core, against a real Strapi on a free port. A customer resolved ticket's invitation link
 * opens the page in the requester's language (zh-Hans), the answer is stored once; opening the link
 * again shows "already answered", an unknown link "not valid" — in English after switching.
 */
import fs from 'fs';
import path from 'path';
import { type Browser } from 'playwright-core';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, customerLogin, fullAccessToken } from '../helpers/auth';
import { desk } from '../helpers/desk';
import { ARTIFACTS, launchChromium, listen } from '../helpers/admin-ui';

let app: TestApp;
let browser: Browser;
let base: string;
let link: string;
let ticket: any;

beforeAll(async () => {
  app = await startApp({ env: { SURVEY_ANSWER_LIMIT: '1000' } });
  base = await listen(app.strapi);
  const d = desk(app, await fullAccessToken(app.strapi));
  const agent = await adminLogin(app.strapi, app.http, 'support-agent');
  const org = await app.strapi.db.query('api::organization.organization').create({ data: { name: 'Page Co', code: 'PAGECO' } });
  const customer = await customerLogin(app.strapi, app.http, org.id);
  await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: customer.id }, data: { preferred_locale: 'zh-Hans' } });
  const created = await d.as(customer.jwt).post('/api/support-desk/customer/tickets', { subject: '交换机夜间重启', description: '每晚两点', type: 'consultation' });
  await d.walk(created.body.data.documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }, { action: 'resolve', resolution_method: 'guidance', solution: '关闭定时重启' }]);
  ticket = await d.row(created.body.data.documentId);
  // The survey link rides on the resolved mail to the requester.
  const [resolvedMail] = await d.notifications({ template: 'ticket_resolved', ticket: { id: ticket.id } });
  // The link as the e-mail renders it (NOTIFY_SURVEY_URL default: {publicUrl}/survey?token={token}).
  link = `${base}/survey?token=${encodeURIComponent(resolvedMail.payload.survey_token)}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('answer the survey from the invitation link, once', async () => {
  const page = await browser.newPage({ locale: 'en-US', viewport: { width: 900, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(link);
  // The requester's language from the survey, and the ticket it is about.
  await page.getByRole('heading', { level: 1, name: '请评价我们的服务' }).waitFor();
  await page.locator('#ticket', { hasText: `工单 ${ticket.number}（交换机夜间重启）` }).waitFor();
  expect(new URL(page.url()).search).toBe(''); // the token left the address bar

  await page.getByRole('button', { name: '提交' }).click();
  await page.locator('#error', { hasText: '请选择 1 到 5 分的评分' }).waitFor();
  await page.getByLabel('4 · 满意').check();
  await page.getByLabel('还有什么想告诉我们的吗？（选填）').fill('工程师很专业 <b>谢谢</b>');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'survey-page-form.png'), fullPage: true });
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByRole('heading', { level: 1, name: '感谢您的评价！' }).waitFor();
  await page.locator('#status', { hasText: '4/5' }).waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'survey-page-thanks.png'), fullPage: true });
  expect(fs.statSync(path.join(ARTIFACTS, 'survey-page-thanks.png')).size).toBeGreaterThan(5000);

  const survey = await app.strapi.db.query('api::satisfaction-survey.satisfaction-survey').findOne({ where: { ticket: { id: ticket.id } } });
  expect(survey).toMatchObject({ rating: 4, comment: '工程师很专业 <b>谢谢</b>' });
  expect((await app.strapi.db.query('api::ticket.ticket').findOne({ where: { id: ticket.id } })).csat_rating).toBe(4);

  // The same link again: already answered, nothing written.
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: '已评价' }).waitFor();
  expect(await page.locator('#form').isHidden()).toBe(true);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Already answered' }).waitFor();
  expect((await app.strapi.db.query('api::satisfaction-survey.satisfaction-survey').findOne({ where: { id: survey.id } })).rating).toBe(4);

  // An unknown link.
  await page.goto(`${base}/survey?token=${'A'.repeat(43)}&lang=en`);
  await page.getByRole('heading', { level: 1, name: 'Link not valid' }).waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'survey-page-unknown.png'), fullPage: true });
  expect(errors).toEqual([]);
  await page.close();
});
