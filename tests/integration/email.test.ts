/** The email plugin sends through nodemailer to the SMTP server configured from env. */
import { startApp, type TestApp } from '../helpers/strapi';
import { startSmtpServer } from '../helpers/smtp';

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  // The provider reads SMTP_* when Strapi loads its config: start the server first.
  smtp = await startSmtpServer();
  app = await startApp({
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_IGNORE_TLS: 'true', SMTP_FROM: 'Support Desk <desk@example.test>' },
  });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

it('configures the nodemailer provider from SMTP_* and delivers', async () => {
  expect(app.strapi.config.get('plugin::email.provider')).toBe('nodemailer');
  await app.strapi.plugin('email').service('email').send({
    to: 'customer@example.test',
    subject: '工单 TS-000001 已受理',
    text: 'We received your request. 我们已收到您的请求。',
  });
  expect(smtp.mails).toHaveLength(1);
  const mail = smtp.mails[0];
  expect(mail.from).toBe('desk@example.test');
  expect(mail.to).toEqual(['customer@example.test']);
  expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?/m);
  expect(mail.raw).toMatch(/From: Support Desk <desk@example.test>/);
});

it('reports delivery failure as an error when the SMTP server is gone', async () => {
  await smtp.close();
  await expect(
    app.strapi.plugin('email').service('email').send({ to: 'customer@example.test', subject: 'x', text: 'x' }),
  ).rejects.toThrow();
});

describe('without SMTP configured', () => {
  let bare: TestApp;
  beforeAll(async () => {
    await app.stop();
    app = undefined as unknown as TestApp;
    bare = await startApp();
  });
  afterAll(async () => {
    await bare?.stop();
  });

  it('starts, and sending accepts the mail without delivering (JSON transport)', async () => {
    expect(app).toBeUndefined();
    expect(bare.strapi.config.get('plugin::support-desk.smtpConfigured')).toBe(false);
    await expect(bare.strapi.plugin('email').service('email').send({ to: 'a@example.test', subject: 's', text: 't' })).resolves.not.toThrow();
  });
});
