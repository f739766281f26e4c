/**
 * Issue 15: the Content Manager configuration the project ships (applied at start-up, an admin's
 * later change kept across restarts), KB slugs made from titles (pinyin, `vlans`, unique per locale,
 * following the title), tag lists stored as clean lists, and KB counters refused on REST writes.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';

const TICKET = 'api::ticket.ticket';
const ARTICLE = 'api::kb-article.kb-article';
const CONF = `/content-manager/content-types/${TICKET}/configuration`;
let app: TestApp;
let admin: { jwt: string };
let token: string;

const cm = (method: 'get' | 'put' | 'post', path: string, body?: object) => {
  const req = app.http()[method](path).set('Authorization', `Bearer ${admin.jwt}`);
  return body ? req.send(body) : req;
};
const api = (method: 'get' | 'put' | 'post', path: string, body?: object) => {
  const req = app.http()[method](path).set('Authorization', `Bearer ${token}`);
  return body ? req.send(body) : req;
};
const ticketConfiguration = async () => (await cm('get', CONF).expect(200)).body.data.contentType;
const slugOf = async (documentId: string, locale: string) =>
  (await app.strapi.db.query(ARTICLE).findOne({ where: { documentId, locale, publishedAt: null }, select: ['slug'] }))?.slug;
const article = (title: string, extra: Record<string, unknown> = {}) => ({ title, body: `About ${title}.`, ...extra });

beforeAll(async () => {
  app = await startApp();
  admin = await adminLogin(app.strapi, app.http, 'strapi-super-admin');
  token = await fullAccessToken(app.strapi, 'cm-config');
});

afterAll(async () => {
  await app?.stop();
});

describe(`shipped Content Manager configuration (${testDb})`, () => {
  test('a fresh database gets the ticket views: columns, sort, read-only and hidden system fields, names', async () => {
    const c = await ticketConfiguration();
    expect(c.layouts.list).toEqual(['number', 'subject', 'organization', 'state', 'priority', 'assignee', 'resolution_due_at']);
    expect(c.settings).toMatchObject({ defaultSortBy: 'createdAt', defaultSortOrder: 'DESC', pageSize: 20, mainField: 'number' });
    for (const f of ['number', 'state', 'first_response_due_at', 'resolution_due_at', 'escalation_level', 'reopen_count', 'csat_rating']) {
      expect({ f, editable: c.metadatas[f].edit.editable }).toEqual({ f, editable: false });
    }
    // System bookkeeping, and the links the Workflow panel edits (related articles, CC contacts, follow-up of).
    for (const f of ['sla_paused_ms', 'version', 'first_response_warn_at', 'resolution_warned_at', 'related_articles', 'cc_contacts', 'follow_up_of']) {
      expect({ f, visible: c.metadatas[f].edit.visible }).toEqual({ f, visible: false });
    }
    expect(c.metadatas.subject.edit).toMatchObject({ editable: true, visible: true, label: 'Subject' });
    expect(c.metadatas.requester.edit.mainField).toBe('username');
    expect(c.metadatas.assignee.edit.mainField).toBe('firstname');
    expect(c.metadatas.organization.edit.mainField).toBe('name');
    expect(c.metadatas.state.edit.description).toMatch(/Workflow panel.*工作流/);
    const kb = (await cm('get', `/content-manager/content-types/${ARTICLE}/configuration`).expect(200)).body.data.contentType;
    for (const f of ['helpful_count', 'not_helpful_count', 'view_count']) expect(kb.metadatas[f].edit.editable).toBe(false);
  });

  test("an admin's later changes to a label, a column list and a read-only flag survive a restart", async () => {
    const c = await ticketConfiguration();
    c.metadatas.subject.edit.label = 'Headline';
    c.layouts.list = ['number', 'subject', 'state'];
    c.metadatas.priority_reason.edit.editable = false;
    // As the admin's "Configure the view" form sends it (the GET adds each relation's list mainField).
    for (const m of Object.values(c.metadatas) as any[]) delete m.list.mainField;
    const saved = await cm('put', CONF, { settings: c.settings, metadatas: c.metadatas, layouts: c.layouts });
    expect({ status: saved.status, error: saved.body.error }).toEqual({ status: 200, error: undefined });
    await app.shutdown();
    app = await startApp({ reuseDatabase: app.env, dropReused: app.dropDatabase });
    admin = await adminLogin(app.strapi, app.http, 'strapi-super-admin');
    token = await fullAccessToken(app.strapi, 'cm-config-2'); // a new boot, a new token salt
    const after = await ticketConfiguration();
    expect(after.metadatas.subject.edit.label).toBe('Headline');
    expect(after.layouts.list).toEqual(['number', 'subject', 'state']);
    expect(after.metadatas.priority_reason.edit.editable).toBe(false);
    // What the admin did not touch is still as shipped.
    expect(after.metadatas.state.edit.editable).toBe(false);
    expect(after.metadatas.version.edit.visible).toBe(false);
    expect(after.settings.pageSize).toBe(20);
    const applied = (await app.strapi.store({ type: 'plugin', name: 'support-desk' }).get({ key: 'cm-config-applied' })) as Record<string, Record<string, unknown>>;
    expect(applied[TICKET]['metadatas.subject.edit.label']).toBe('Subject');
  });
});

describe(`KB slugs from titles (${testDb})`, () => {
  test('"VLANs" gives vlans, a second one vlans-2; a Chinese title gives pinyin; unique per locale', async () => {
    const a = await app.strapi.documents(ARTICLE as any).create({ data: article('VLANs') as any, locale: 'en' });
    const b = await app.strapi.documents(ARTICLE as any).create({ data: article('VLANs') as any, locale: 'en' });
    expect(await slugOf(a.documentId, 'en')).toBe('vlans');
    expect(await slugOf(b.documentId, 'en')).toBe('vlans-2');
    // The same document's Chinese version: its own slug, from its own title.
    await app.strapi.documents(ARTICLE as any).update({ documentId: a.documentId, locale: 'zh-Hans', data: article('交换机 VLAN 配置') as any });
    expect(await slugOf(a.documentId, 'zh-Hans')).toBe('jiao-huan-ji-vlan-pei-zhi');
    // Another locale may use a slug taken in English.
    const zh = await app.strapi.documents(ARTICLE as any).create({ data: article('VLANs') as any, locale: 'zh-Hans' });
    expect(await slugOf(zh.documentId, 'zh-Hans')).toBe('vlans');
  });

  test('the slug follows a renamed title until published; a slug typed by an editor stays', async () => {
    const a = await app.strapi.documents(ARTICLE as any).create({ data: article('Reset the NVR password') as any, locale: 'en' });
    expect(await slugOf(a.documentId, 'en')).toBe('reset-the-nvr-password');
    // The CM form resends the slug it loaded with the new title.
    await app.strapi.documents(ARTICLE as any).update({ documentId: a.documentId, locale: 'en', data: { title: 'Reset an NVR password', slug: 'reset-the-nvr-password' } as any });
    expect(await slugOf(a.documentId, 'en')).toBe('reset-an-nvr-password');
    await app.strapi.documents(ARTICLE as any).update({ documentId: a.documentId, locale: 'en', data: { slug: 'nvr-password' } as any });
    await app.strapi.documents(ARTICLE as any).update({ documentId: a.documentId, locale: 'en', data: { title: 'NVR passwords' } as any });
    expect(await slugOf(a.documentId, 'en')).toBe('nvr-password');
    // Once published, a slug is a public address: renaming the title keeps it.
    const p = await app.strapi.documents(ARTICLE as any).create({ data: article('Port security') as any, locale: 'en' });
    await app.strapi.documents(ARTICLE as any).publish({ documentId: p.documentId, locale: 'en' });
    await app.strapi.documents(ARTICLE as any).update({ documentId: p.documentId, locale: 'en', data: { title: 'Port security on S5700' } as any });
    expect(await slugOf(p.documentId, 'en')).toBe('port-security');
  });

  test("the Content Manager's slug generator uses the same slugs", async () => {
    const res = await cm('post', '/content-manager/uid/generate?locale=zh-Hans', { contentTypeUID: ARTICLE, field: 'slug', data: { title: '如何重置 NVR 密码' } }).expect(200);
    expect(res.body.data).toBe('ru-he-zhong-zhi-nvr-mi-ma');
    const en = await cm('post', '/content-manager/uid/generate?locale=en', { contentTypeUID: ARTICLE, field: 'slug', data: { title: 'VLANs' } }).expect(200);
    expect(en.body.data).toBe('vlans-3'); // vlans and vlans-2 are taken in English
  });
});

describe(`tag lists and counters (${testDb})`, () => {
  test('tags are stored as a clean list; anything but a list of texts is a 400 naming the field', async () => {
    const ok = await api('post', '/api/kb-articles?locale=en', { data: article('Tagged', { tags: [' vlan ', 'switch', 'vlan', ''], product_lines: ['S5700'] }) }).expect(201);
    const row = await app.strapi.db.query(ARTICLE).findOne({ where: { documentId: ok.body.data.documentId, locale: 'en' } });
    expect(row.tags).toEqual(['vlan', 'switch']);
    expect(row.product_lines).toEqual(['S5700']);
    const before = await app.strapi.db.query(ARTICLE).count({});
    const bad = await api('post', '/api/kb-articles?locale=en', { data: article('Bad tags', { tags: 'vlan, switch' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path[0])).toEqual(['tags']);
    const nested = await api('post', '/api/kb-articles?locale=en', { data: article('Bad tags', { product_lines: [['S5700']] }) });
    expect(nested.status).toBe(400);
    expect(await app.strapi.db.query(ARTICLE).count({})).toBe(before);
    // Through the Content Manager (the tag input sends a list) the same rules hold.
    const viaCm = await cm('post', `/content-manager/collection-types/${ARTICLE}?locale=en`, article('CM tagged', { tags: ['poe', 'poe'] })).expect(201);
    expect(viaCm.body.data.tags).toEqual(['poe']);
    expect(viaCm.body.data.slug).toBe('cm-tagged');
    // The form's slug filled in before the title was typed is replaced by the title's.
    const early = await cm('post', `/content-manager/collection-types/${ARTICLE}?locale=en`, article('Port mirroring', { slug: 'kb-article-3847f8a3' })).expect(201);
    expect(early.body.data.slug).toBe('port-mirroring');
    const typed = await cm('post', `/content-manager/collection-types/${ARTICLE}?locale=en`, article('Port mirroring', { slug: 'mirror-ports' })).expect(201);
    expect(typed.body.data.slug).toBe('mirror-ports');
  });

  test('a REST create or update setting a counter is refused with 400; nothing is written', async () => {
    const before = await app.strapi.db.query(ARTICLE).count({});
    const created = await api('post', '/api/kb-articles?locale=en', { data: article('Counted', { view_count: 500 }) });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toMatch(/view_count is counted/);
    expect(await app.strapi.db.query(ARTICLE).count({})).toBe(before);
    const zero = await api('post', '/api/kb-articles?locale=en', { data: article('Counted', { view_count: 0 }) }).expect(201);
    const updated = await api('put', `/api/kb-articles/${zero.body.data.documentId}?locale=en`, { data: { not_helpful_count: 3, helpful_count: 0 } });
    expect(updated.status).toBe(400);
    expect(updated.body.error.details.errors.map((e: any) => e.path[0])).toEqual(['not_helpful_count']);
  });
});

describe(`people by name in relation fields (${testDb})`, () => {
  test("an agent sees the ticket's assignee and requester by name, and nothing else of them", async () => {
    const agent = await adminLogin(app.strapi, app.http, 'support-agent');
    await app.strapi.db.query('admin::user').update({ where: { id: agent.id }, data: { firstname: 'Lin', lastname: 'Wei' } });
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
    const stamp = Date.now();
    const contact = await app.strapi.plugin('users-permissions').service('user').add({
      username: `zhang.min.${stamp}`, email: `zhang.min.${stamp}@customer.test`, password: 'Customer-Names-2026!', provider: 'local', confirmed: true, blocked: false, role: role.id,
    });
    // The agent's own ticket (agents read their own tickets).
    const ticket = await app.strapi.documents(TICKET).create({ data: { subject: 'Names', assignee: agent.id, requester: contact.id } as any });
    const asAgent = (path: string) => app.http().get(path).set('Authorization', `Bearer ${agent.jwt}`);
    const existing = async (field: string) => (await asAgent(`/content-manager/relations/${TICKET}/${ticket.documentId}/${field}`).expect(200)).body.results;

    const [assignee] = await existing('assignee');
    expect(assignee.firstname).toBe('Lin');
    const [requester] = await existing('requester');
    expect(requester.username).toBe(`zhang.min.${stamp}`);
    // Only the configured name is added: no e-mail, password, tokens, last name.
    for (const r of [assignee, requester]) {
      for (const key of ['email', 'password', 'resetPasswordToken', 'registrationToken', 'confirmationToken', 'lastname']) expect({ key, has: key in r }).toEqual({ key, has: false });
    }
    // The list of candidates to pick from carries the names too.
    const available = (await asAgent(`/content-manager/relations/${TICKET}/assignee?pageSize=100`).expect(200)).body.results;
    expect(available.find((r: any) => r.documentId === assignee.documentId)?.firstname).toBe('Lin');
  });
});
