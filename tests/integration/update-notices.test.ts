/**
 * Technical update notices (issue 11, item 9): a supervisor writes and publishes a notice in the
 * Content Manager (agents may only read it there); the contacts of organizations owning assets of
 * the named product lines or models are told by e-mail through the outbox — delivered to a real SMTP
 * server — each in their language, exactly once even when the notice is published again; an
 * organization that switched notices off hears nothing. Customers list and read the notices of their
 * organization's assets (org-scoped, whitelisted); agents see the notices of a ticket's asset.
 * Bad product lines / models are 400 naming the field, and nothing is written.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { startSmtpServer } from '../helpers/smtp';
import { adminLogin, customerLogin, fullAccessToken } from '../helpers/auth';
import { desk, uniq } from '../helpers/desk';

const NOTICE = 'api::update-notice.update-notice';
const ORG = 'api::organization.organization';
const ASSET = 'api::asset.asset';
const USER = 'plugin::users-permissions.user';
const CM = `/content-manager/collection-types/${NOTICE}`;

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let d: ReturnType<typeof desk>;
let supervisor: { jwt: string; id: number };
let agent: { jwt: string; id: number };

const admin = (jwt: string) => ({
  get: (p: string) => app.http().get(p).set('Authorization', `Bearer ${jwt}`),
  post: (p: string, body: object = {}) => app.http().post(p).set('Authorization', `Bearer ${jwt}`).send(body),
  put: (p: string, body: object = {}) => app.http().put(p).set('Authorization', `Bearer ${jwt}`).send(body),
});

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startApp({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_IGNORE_TLS: 'true', SMTP_FROM: 'Support Desk <desk@notices.test>' } });
  d = desk(app, await fullAccessToken(app.strapi));
  supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  // Boots Strapi: slow on a loaded machine.
}, 300_000);
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

const org = (extra: Record<string, unknown> = {}) => app.strapi.db.query(ORG).create({ data: { name: `Org ${uniq()}`, code: uniq('N-').slice(0, 20), ...extra } });
const asset = (o: { id: number }, model: string, productLine: string | null) =>
  app.strapi.documents(ASSET as any).create({ data: { serial_number: uniq('SN-'), model, product_line: productLine, organization: o.id } as any });
async function contact(o: { id: number }, locale: 'en' | 'zh-Hans', extra: Record<string, unknown> = {}) {
  const c = await customerLogin(app.strapi, app.http, o.id);
  await app.strapi.db.query(USER).update({ where: { id: c.id }, data: { preferred_locale: locale, ...extra } });
  return c;
}
const outboxOf = (documentId: string) => d.notifications({ template: 'update_notice', dedupe_key: { $startsWith: `update-notice:${documentId}:` } });
async function delivered(): Promise<Array<ParsedMail & { to_: string[] }>> {
  await app.strapi.plugin('support-desk').service('notification-dispatcher').drain();
  return Promise.all(smtp.mails.map(async (m) => Object.assign(await simpleParser(m.raw), { to_: m.to })));
}

describe(`update notices (${testDb})`, () => {
  let lineOrg: any, modelOrg: any, quietOrg: any, otherOrg: any;
  let en: any, zh: any, modelContact: any, quiet: any, other: any, blocked: any;
  let lineAsset: any, otherAsset: any;
  let documentId: string;
  const LINE = uniq('SW-LINE-');
  const MODEL = uniq('R-MODEL-');

  beforeAll(async () => {
    lineOrg = await org();
    modelOrg = await org();
    quietOrg = await org({ mail_on_update_notice: false });
    otherOrg = await org();
    lineAsset = await asset(lineOrg, 'S5700-28', LINE);
    await asset(modelOrg, MODEL, 'Routers');
    await asset(quietOrg, 'S5700-52', LINE);
    otherAsset = await asset(otherOrg, 'AP-9', 'Wireless');
    en = await contact(lineOrg, 'en');
    zh = await contact(lineOrg, 'zh-Hans');
    blocked = await contact(lineOrg, 'en', { blocked: true });
    modelContact = await contact(modelOrg, 'zh-Hans');
    quiet = await contact(quietOrg, 'en');
    other = await contact(otherOrg, 'en');
  });

  it('bad product lines or models are 400 naming the field; nothing is written', async () => {
    const before = await app.strapi.db.query(NOTICE).count({});
    for (const [body, field] of [
      [{ product_lines: [], models: [] }, 'product_lines'],
      [{ product_lines: 'S5700' }, 'product_lines'],
      [{ product_lines: [LINE], models: [42] }, 'models'],
      [{ models: ['x'.repeat(101)] }, 'models'],
    ] as const) {
      const res = await admin(supervisor.jwt).post(CM, { version: '1.0', title_en: 'Bad one', title_zh: '错误', ...body });
      expect([JSON.stringify(body).slice(0, 50), res.status]).toEqual([JSON.stringify(body).slice(0, 50), 400]);
      expect(res.body.error.details.errors[0].path).toEqual([field]);
    }
    expect(await app.strapi.db.query(NOTICE).count({})).toBe(before);
  });

  it('agents read notices in the Content Manager but cannot write or publish them', async () => {
    const res = await admin(agent.jwt).post(CM, { version: '1.0', title_en: 'By an agent', title_zh: '代理', product_lines: [LINE] });
    expect(res.status).toBe(403);
    expect((await admin(agent.jwt).get(CM)).status).toBe(200);
  });

  it('a supervisor publishes: contacts of concerned organizations are told once, in their language; the quiet organization, blocked contacts and others are not', async () => {
    const created = await admin(supervisor.jwt).post(CM, {
      version: 'V200R019C10SPC500',
      title_en: 'Firmware fixes port flapping',
      title_zh: '固件修复端口抖动',
      notes_en: 'Upgrade during a maintenance window.',
      notes_zh: '请在维护窗口内升级。',
      severity: 'critical',
      product_lines: [` ${LINE.toLowerCase()} `],
      models: [MODEL],
    });
    expect(created.status).toBe(201);
    documentId = created.body.data.documentId;
    expect(created.body.data.product_lines).toEqual([LINE.toLowerCase()]);
    // A draft tells nobody.
    expect(await outboxOf(documentId)).toHaveLength(0);
    expect((await admin(agent.jwt).post(`${CM}/${documentId}/actions/publish`, {})).status).toBe(403);
    expect(await outboxOf(documentId)).toHaveLength(0);

    expect((await admin(supervisor.jwt).post(`${CM}/${documentId}/actions/publish`, {})).status).toBe(200);
    const rows = await outboxOf(documentId);
    expect(rows.map((r: any) => r.recipient_email).sort()).toEqual([en.email, zh.email, modelContact.email].sort());
    expect(rows.find((r: any) => r.recipient_email === zh.email).message_locale).toBe('zh-Hans');
    expect(rows.find((r: any) => r.recipient_email === en.email).message_locale).toBe('en');

    const mails = await delivered();
    const toEn = mails.find((m) => m.to_.includes(en.email))!;
    expect(toEn.subject).toBe('Technical update: Firmware fixes port flapping (V200R019C10SPC500)');
    expect(toEn.text).toContain('Upgrade during a maintenance window.');
    expect(toEn.text).toContain(lineAsset.serial_number);
    expect(toEn.text).toMatch(/Critical/);
    const toZh = mails.find((m) => m.to_.includes(zh.email))!;
    expect(toZh.subject).toBe('技术更新通知：固件修复端口抖动（V200R019C10SPC500）');
    expect(toZh.text).toContain('请在维护窗口内升级。');
    for (const who of [quiet, other, blocked]) expect(mails.some((m) => m.to_.includes(who.email))).toBe(false);
  });

  it('published again after an edit: nobody is told twice; a contact added since is told', async () => {
    const late = await contact(lineOrg, 'en');
    expect((await admin(supervisor.jwt).put(`${CM}/${documentId}`, { notes_en: 'Upgrade during a maintenance window. Back up the config first.' })).status).toBe(200);
    expect((await admin(supervisor.jwt).post(`${CM}/${documentId}/actions/publish`, {})).status).toBe(200);
    const rows = await outboxOf(documentId);
    expect(rows.map((r: any) => r.recipient_email).sort()).toEqual([en.email, zh.email, modelContact.email, late.email].sort());
    const mails = (await delivered()).filter((m) => /Firmware fixes port flapping|固件修复端口抖动/.test(m.subject ?? ''));
    expect(mails.filter((m) => m.to_.includes(en.email))).toHaveLength(1);
    expect(mails.filter((m) => m.to_.includes(late.email))).toHaveLength(1);
    const first = await app.strapi.db.query(NOTICE).findMany({ where: { documentId }, select: ['first_published_at', 'publishedAt'] });
    expect(new Set(first.map((r: any) => new Date(r.first_published_at).toISOString())).size).toBe(1);
  });

  it('customers list and read the notices of their organization\'s assets, in their language, whitelisted; other organizations get 404', async () => {
    const mine = await d.as(zh.jwt).get('/api/support-desk/customer/update-notices');
    expect(mine.status).toBe(200);
    const listed = mine.body.data.find((n: any) => n.documentId === documentId);
    expect(listed).toEqual({
      documentId,
      version: 'V200R019C10SPC500',
      severity: 'critical',
      locale: 'zh-Hans',
      title: '固件修复端口抖动',
      notes: '请在维护窗口内升级。',
      translations: {
        en: { title: 'Firmware fixes port flapping', notes: 'Upgrade during a maintenance window. Back up the config first.' },
        'zh-Hans': { title: '固件修复端口抖动', notes: '请在维护窗口内升级。' },
      },
      product_lines: [LINE.toLowerCase()],
      models: [MODEL],
      published_at: expect.any(String),
      updated_at: expect.any(String),
      assets: [{ serial_number: lineAsset.serial_number, model: 'S5700-28', product_line: LINE }],
    });
    const one = await d.as(en.jwt).get(`/api/support-desk/customer/update-notices/${documentId}`);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ locale: 'en', title: 'Firmware fixes port flapping' });
    // Another organization's customer: not in the list, 404 on the notice.
    expect((await d.as(other.jwt).get('/api/support-desk/customer/update-notices')).body.data.map((n: any) => n.documentId)).not.toContain(documentId);
    expect((await d.as(other.jwt).get(`/api/support-desk/customer/update-notices/${documentId}`)).status).toBe(404);
    expect((await d.as(other.jwt).get('/api/support-desk/customer/update-notices/nope')).status).toBe(404);
    // Not a customer: 401/403.
    expect((await app.http().get('/api/support-desk/customer/update-notices')).status).toBe(403);
  });

  it('a draft notice is invisible to customers until published', async () => {
    const created = await admin(supervisor.jwt).post(CM, { version: '0.9', title_en: 'Draft only', title_zh: '草稿', product_lines: [LINE] });
    expect(created.status).toBe(201);
    const list = await d.as(en.jwt).get('/api/support-desk/customer/update-notices');
    expect(list.body.data.map((n: any) => n.documentId)).not.toContain(created.body.data.documentId);
    expect((await d.as(en.jwt).get(`/api/support-desk/customer/update-notices/${created.body.data.documentId}`)).status).toBe(404);
  });

  it('agents see the notices of a ticket\'s asset and of an asset; customers cannot use the admin routes', async () => {
    const t = await d.ticket({ subject: 'Port flapping', organization: lineOrg.documentId, asset: lineAsset.documentId });
    const res = await admin(agent.jwt).get(`/support-desk/tickets/${t.documentId}/update-notices`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((n: any) => n.documentId)).toEqual([documentId]);
    expect(Object.keys(res.body.data[0]).sort()).toEqual(['documentId', 'models', 'notes_en', 'notes_zh', 'product_lines', 'published_at', 'severity', 'title_en', 'title_zh', 'updated_at', 'version']);
    expect(res.body.meta.asset.serial_number).toBe(lineAsset.serial_number);
    const none = await admin(agent.jwt).get(`/support-desk/assets/${otherAsset.documentId}/update-notices`);
    expect(none.status).toBe(200);
    expect(none.body.data).toEqual([]);
    expect((await admin(agent.jwt).get('/support-desk/tickets/nope/update-notices')).status).toBe(404);
    expect((await d.as(en.jwt).get(`/support-desk/tickets/${t.documentId}/update-notices`)).status).toBe(401);
  });
});
