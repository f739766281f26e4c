/**
 * Public knowledge base over REST: visibility (every route, every trick), locale fallback, search in
 * English and Chinese, index maintenance, cache + conditional GETs, feedback, views, suggestions.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { ARTICLE, createArticle, createCategory } from '../helpers/kb';

const KB = '/api/support-desk/kb';
let app: TestApp;
let token: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp();
  const s = app.strapi;
  token = await fullAccessToken(s, 'kb-agent');
  const cat = await createCategory(s, 'network', 'Networking', '网络');
  ids.firmware = await createArticle(
    s,
    { title: 'Upgrading switch firmware safely', slug: 'switch-firmware', summary: 'Stage the image and upgrade one stack member at a time.', body: '## Steps\n1. Verify free flash space.\n2. Copy the image and verify its SHA-256.', tags: ['firmware', 'upgrade'] },
    { title: '安全升级交换机固件', slug: 'switch-firmware', summary: '上传镜像，逐台升级堆叠成员。', body: '## 步骤\n1. 确认闪存空间充足。\n2. 上传镜像并校验 SHA-256。', tags: ['固件'] },
    { category: cat },
  );
  ids.psu = await createArticle(
    s,
    { title: 'Switch power supply LED is amber', slug: 'switch-psu-amber', summary: 'What an amber PSU LED means.', body: 'An amber LED on a power supply means it reports a fault. <script>window.__pwned = 1</script>', tags: ['power'] },
    { title: '交换机电源指示灯呈琥珀色', slug: 'switch-psu-amber', summary: '电源指示灯为琥珀色的含义。', body: '电源模块指示灯为琥珀色，表示模块报告故障。<script>window.__pwned = 1</script>', tags: ['电源'] },
  );
  ids.internal = await createArticle(
    s,
    { title: 'Forcing a controller failover (engineers only)', slug: 'controller-failover', summary: 'Internal procedure.', body: 'Run ctl failover --to B before replacing the controller.' },
    { title: '手动切换控制器（仅限工程师）', slug: 'controller-failover', summary: '内部流程。', body: '更换控制器前执行切换。' },
    { visibility: 'internal' },
  );
  ids.draft = await createArticle(s, { title: 'Unreleased firmware notes', slug: 'unreleased-notes', body: 'Secret roadmap firmware notes.' }, undefined, { draft: true });
  ids.enOnly = await createArticle(s, { title: 'NVR time drifts', slug: 'nvr-time-drift', body: 'Configure an NTP server.' });
});

afterAll(async () => {
  await app?.stop();
});

const get = (path: string) => app.http().get(path);
const slugsOf = (res: any) => res.body.data.map((a: any) => a.slug);

describe(`public KB REST (${testDb})`, () => {
  test('list: published public articles of the locale only, with counts and pagination', async () => {
    const res = await get(`${KB}/articles?locale=en`).expect(200);
    expect(slugsOf(res).sort()).toEqual(['nvr-time-drift', 'switch-firmware', 'switch-psu-amber']);
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 1, total: 3 });
    expect(res.body.data.every((a: any) => a.locale === 'en' && a.visibility === 'public')).toBe(true);
    const zh = await get(`${KB}/articles?locale=zh-hans`).expect(200);
    expect(zh.body.data.map((a: any) => a.title).sort()).toEqual(['交换机电源指示灯呈琥珀色', '安全升级交换机固件']);
    const noCount = await get(`${KB}/articles?withCount=false&pageSize=1&page=2`).expect(200);
    expect(noCount.body.meta.pagination).toEqual({ page: 2, pageSize: 1 });
    expect(noCount.body.data).toHaveLength(1);
    const capped = await get(`${KB}/articles?pageSize=500`).expect(200);
    expect(capped.body.meta.pagination.pageSize).toBe(50);
    const byCategory = await get(`${KB}/articles?category=network`).expect(200);
    expect(slugsOf(byCategory)).toEqual(['switch-firmware']);
  });

  test('internal articles and drafts are invisible through every public route and trick', async () => {
    for (const path of [
      `${KB}/articles?filters[visibility]=internal`,
      `${KB}/articles?status=draft`,
      `${KB}/articles?populate=*`,
      `${KB}/articles?populate[source_tickets]=true`,
      `${KB}/articles?filters[responsible_editor][password][$notNull]=true`,
      `${KB}/search?q=failover&filters[visibility][$eq]=internal`,
      `${KB}/search?q=failover&status=draft`,
    ]) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(/Unknown query parameter/);
    }
    await get(`${KB}/articles/controller-failover`).expect(404);
    await get(`${KB}/articles/${ids.internal}`).expect(404);
    await get(`${KB}/articles/unreleased-notes`).expect(404);
    await get(`${KB}/articles/${ids.draft}?locale=en`).expect(404);
    expect((await get(`${KB}/search?q=failover`).expect(200)).body.data).toEqual([]);
    expect((await get(`${KB}/search?q=roadmap`).expect(200)).body.data).toEqual([]);
    expect((await get(`${KB}/search?q=切换控制器&locale=zh-Hans`).expect(200)).body.data).toEqual([]);
    await app.http().post(`${KB}/articles/${ids.internal}/feedback`).send({ helpful: true }).expect(404);
    const suggest = await app.http().post(`${KB}/suggest`).send({ subject: 'controller failover', description: 'replace controller' }).expect(200);
    expect(suggest.body.data.map((a: any) => a.documentId)).not.toContain(ids.internal);
    const cats = await get(`${KB}/categories?locale=en`).expect(200);
    expect(cats.body.data).toEqual([expect.objectContaining({ slug: 'network', name: 'Networking', articleCount: 1 })]);
  });

  test('a customer JWT sees what the public sees', async () => {
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
    const user = await app.strapi.plugin('users-permissions').service('user').add({ username: `kbcust${Date.now()}`, email: `kb.${Date.now()}@example.test`, password: 'Customer2026!', provider: 'local', confirmed: true, blocked: false, role: role.id });
    const jwt = app.strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
    const res = await app.http().get(`${KB}/articles`).set('Authorization', `Bearer ${jwt}`).expect(200);
    expect(slugsOf(res)).not.toContain('controller-failover');
    await app.http().get(`${KB}/articles/controller-failover`).set('Authorization', `Bearer ${jwt}`).expect(404);
  });

  test('core /api/kb-articles, if an admin opens it to Public, still hides internal articles and drafts', async () => {
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    for (const action of ['api::kb-article.kb-article.find', 'api::kb-article.kb-article.findOne', 'api::kb-category.kb-category.find']) {
      await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
    }
    const all = await get('/api/kb-articles?locale=en').expect(200);
    expect(all.body.data.map((a: any) => a.slug).sort()).toEqual(['nvr-time-drift', 'switch-firmware', 'switch-psu-amber']);
    const tricked = await get('/api/kb-articles?filters[visibility][$eq]=internal&status=draft&locale=en');
    expect(tricked.status === 400 || (tricked.status === 200 && tricked.body.data.length === 0)).toBe(true);
    const drafts = await get('/api/kb-articles?status=draft&locale=en').expect(200);
    expect(drafts.body.data.map((a: any) => a.slug)).not.toContain('unreleased-notes');
    expect(drafts.body.data.every((a: any) => a.publishedAt)).toBe(true);
    await get(`/api/kb-articles/${ids.internal}`).expect(404);
    const populated = await get('/api/kb-articles?populate=*');
    if (populated.status === 200) {
      for (const a of populated.body.data) {
        expect(a.source_tickets).toBeUndefined();
        expect(a.responsible_editor).toBeUndefined();
      }
    } else expect(populated.status).toBe(400);
    const privateFilter = await get('/api/kb-articles?filters[responsible_editor][password][$notNull]=true');
    expect(privateFilter.status).toBe(400);
    const cats = await get('/api/kb-categories?populate=articles&locale=en').expect(200);
    const linked = cats.body.data.flatMap((c: any) => (c.articles ?? []).map((a: any) => a.slug));
    expect(linked).toEqual(['switch-firmware']);
  });

  test('agents (API token) also see internal articles', async () => {
    const res = await app.http().get(`${KB}/articles?locale=en`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(slugsOf(res)).toContain('controller-failover');
    expect(res.headers['x-kb-cache']).toBe('BYPASS');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    await app.http().get(`${KB}/articles/controller-failover`).set('Authorization', `Bearer ${token}`).expect(200);
    const search = await app.http().get(`${KB}/search?q=failover`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(search.body.data.map((a: any) => a.documentId)).toEqual([ids.internal]);
  });

  test('single article: by slug or documentId, with locale fallback to en', async () => {
    const zh = await get(`${KB}/articles/switch-psu-amber?locale=zh-Hans`).expect(200);
    expect(zh.body.data).toMatchObject({ title: '交换机电源指示灯呈琥珀色', locale: 'zh-Hans' });
    expect(zh.body.meta).toMatchObject({ fallback: false, locale: 'zh-Hans' });
    expect(zh.body.meta.localizations.map((l: any) => l.locale)).toEqual(['en', 'zh-Hans']);
    const byId = await get(`${KB}/articles/${ids.firmware}?locale=en`).expect(200);
    expect(byId.body.data.slug).toBe('switch-firmware');
    const fallback = await get(`${KB}/articles/nvr-time-drift?locale=zh-Hans`).expect(200);
    expect(fallback.body.data.locale).toBe('en');
    expect(fallback.body.meta).toMatchObject({ requestedLocale: 'zh-Hans', locale: 'en', fallback: true });
    await get(`${KB}/articles/no-such-article`).expect(404);
  });

  test('bad input gets a 4xx with a message, never a 500', async () => {
    const cases: [string, RegExp][] = [
      [`${KB}/articles?locale=fr`, /Unknown locale "fr"; use one of en, zh-Hans/],
      [`${KB}/articles?page=-1`, /"page" must be 1 or more/],
      [`${KB}/articles?page=abc`, /"page" must be a whole number/],
      [`${KB}/articles?pageSize=0`, /"pageSize" must be 1 or more/],
      [`${KB}/articles?withCount=maybe`, /"withCount" must be true or false/],
      [`${KB}/search?q=`, /"q" is required/],
      [`${KB}/search`, /"q" is required/],
      [`${KB}/search?q=${'x'.repeat(1000)}`, /keep it to 200 or fewer/],
      [`${KB}/search?q=%21%21%21`, /no letters, digits or Chinese characters/],
      [`${KB}/search?q=a&q=b`, /"q" must be given once/],
      [`${KB}/search?q=x&locale=xx-YY`, /Unknown locale/],
      [`${KB}/categories?locale=de`, /Unknown locale/],
    ];
    for (const [path, message] of cases) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    const bad = [
      await app.http().post(`${KB}/suggest`).send({}),
      await app.http().post(`${KB}/suggest`).send({ subject: 42 }),
      await app.http().post(`${KB}/articles/${ids.psu}/feedback`).send({ helpful: 'yes' }),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400]);
  });

  test('search: English by stem and prefix, ranked, highlighted, safe snippets', async () => {
    const res = await get(`${KB}/search?q=upgrade&locale=en`).expect(200);
    expect(res.body.data.map((a: any) => a.slug)).toEqual(['switch-firmware']);
    expect(res.body.data[0].highlight.title).toBe('<mark>Upgrading</mark> switch firmware safely');
    expect((await get(`${KB}/search?q=firmw`).expect(200)).body.data[0].slug).toBe('switch-firmware');
    // Both words: one article; fewer than 3 full matches, so the search relaxes and the one matching "switch" only follows, marked partial.
    const leds = await get(`${KB}/search?q=Switch%20LEDs`).expect(200);
    expect(leds.body.data.map((a: any) => [a.slug, a.match])).toEqual([['switch-psu-amber', 'all'], ['switch-firmware', 'partial']]);
    expect(leds.body.meta.relaxed).toBe(true);
    const both = await get(`${KB}/search?q=switch`).expect(200);
    expect(both.body.meta.pagination.total).toBe(2);
    const script = await get(`${KB}/search?q=fault`).expect(200);
    expect(script.body.data[0].highlight.snippet).not.toMatch(/<script/i);
    expect(script.body.data[0].highlight.snippet).toContain('<mark>fault</mark>');
  });

  test('search: Chinese queries of one, two and more characters', async () => {
    const one = await get(`${KB}/search?q=${encodeURIComponent('灯')}&locale=zh-Hans`).expect(200);
    expect(one.body.data.map((a: any) => a.slug)).toEqual(['switch-psu-amber']);
    const two = await get(`${KB}/search?q=${encodeURIComponent('固件')}&locale=zh-Hans`).expect(200);
    expect(two.body.data.map((a: any) => a.slug)).toEqual(['switch-firmware']);
    expect(two.body.data[0].highlight.title).toBe('安全升级交换机<mark>固件</mark>');
    const words = await get(`${KB}/search?q=${encodeURIComponent('交换机电源')}&locale=zh-Hans`).expect(200);
    expect(words.body.data.filter((a: any) => a.match === 'all').map((a: any) => a.slug)).toEqual(['switch-psu-amber']);
    expect(words.body.data[0].slug).toBe('switch-psu-amber');
    const both = await get(`${KB}/search?q=${encodeURIComponent('交换机')}&locale=zh-Hans`).expect(200);
    expect(both.body.data).toHaveLength(2);
    // The title match ranks first.
    const ranked = await get(`${KB}/search?q=${encodeURIComponent('镜像')}&locale=zh-Hans`).expect(200);
    expect(ranked.body.data.map((a: any) => a.slug)).toEqual(['switch-firmware']);
  });

  test('the index follows publish, update, unpublish and delete', async () => {
    const s = app.strapi;
    const docs = s.documents(ARTICLE as any);
    const search = async (q: string, locale = 'en') => (await get(`${KB}/search?q=${encodeURIComponent(q)}&locale=${locale}`).expect(200)).body.data.map((a: any) => a.slug);
    expect(await search('kangaroo')).toEqual([]);
    const id = await createArticle(s, { title: 'Kangaroo mode on printers', slug: 'kangaroo-mode', body: 'Hop hop.' }, { title: '袋鼠模式', slug: 'kangaroo-mode', body: '跳跃。' });
    expect(await search('kangaroo')).toEqual(['kangaroo-mode']);
    expect(await search('袋鼠', 'zh-Hans')).toEqual(['kangaroo-mode']);
    await docs.update({ documentId: id, locale: 'en', data: { title: 'Wallaby mode on printers' } as any });
    expect(await search('kangaroo')).toEqual(['kangaroo-mode']); // the draft changed, the published version did not
    expect(await search('wallaby')).toEqual([]);
    await docs.publish({ documentId: id, locale: 'en' });
    expect(await search('wallaby')).toEqual(['kangaroo-mode']);
    expect(await search('kangaroo')).toEqual([]);
    await docs.update({ documentId: id, locale: 'en', data: { visibility: 'internal' } as any, status: 'published' } as any);
    expect(await search('wallaby')).toEqual([]);
    await docs.update({ documentId: id, locale: 'en', data: { visibility: 'public' } as any, status: 'published' } as any);
    expect(await search('wallaby')).toEqual(['kangaroo-mode']);
    await docs.unpublish({ documentId: id, locale: 'en' });
    expect(await search('wallaby')).toEqual([]);
    expect(await search('袋鼠', 'zh-Hans')).toEqual(['kangaroo-mode']);
    await docs.delete({ documentId: id, locale: '*' });
    expect(await search('袋鼠', 'zh-Hans')).toEqual([]);
    const rows = await s.db.connection('sd_kb_search').where({ document_id: id });
    expect(rows).toEqual([]);
  });

  test('cache, ETag and Last-Modified: 304s on the ETag, hits, invalidation on publish', async () => {
    const path = `${KB}/articles?locale=en&pageSize=50`;
    const first = await get(path).expect(200);
    const second = await get(path).expect(200);
    expect(second.headers['x-kb-cache']).toBe('HIT');
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['last-modified']).toBeTruthy();
    await get(path).set('If-None-Match', first.headers.etag).expect(304);
    await get(path).set('If-None-Match', '"other"').expect(200);
    await app.http().get(path).set('Authorization', `Bearer ${token}`).set('If-None-Match', '"x"').expect(200);
    // Two changes within the same second of Last-Modified (pinned clock): If-Modified-Since must not
    // answer 304 for the first version, so only the ETag decides.
    const index = app.strapi.plugin('support-desk').service('kbIndex');
    const sameSecond = Date.parse(second.headers['last-modified']) + 2000;
    index.pinClock(sameSecond);
    let afterFirst: any;
    try {
      await createArticle(app.strapi, { title: 'Brand new article', slug: 'brand-new', body: 'Fresh.' });
      afterFirst = await get(path).expect(200);
      expect(afterFirst.body.data.map((a: any) => a.slug)).toContain('brand-new');
      index.pinClock(sameSecond + 400);
      await createArticle(app.strapi, { title: 'Second new article', slug: 'second-new', body: 'Fresher.' });
    } finally {
      index.pinClock(null);
    }
    const afterSecond = await get(path).set('If-Modified-Since', afterFirst.headers['last-modified']).expect(200);
    expect(afterSecond.headers['last-modified']).toBe(afterFirst.headers['last-modified']);
    expect(afterSecond.headers['x-kb-cache']).toBe('MISS');
    expect(afterSecond.body.data.map((a: any) => a.slug)).toContain('second-new');
    expect(afterSecond.headers.etag).not.toBe(afterFirst.headers.etag);
    await get(path).set('If-None-Match', afterFirst.headers.etag).expect(200);
    await get(path).set('If-None-Match', afterSecond.headers.etag).expect(304);
    await get(path).set('If-None-Match', first.headers.etag).expect(200);
  });

  test('feedback: counted per vote, rate-limited per client with 429 and Retry-After', async () => {
    const url = `${KB}/articles/${ids.psu}/feedback`;
    // A clean slate (earlier tests voted) and 11 votes within one fixed window of the default 60 s,
    // so that the previous window cannot lend weight (tests/integration/kb-feedback-limit.test.ts
    // covers the sliding window and two instances).
    await app.strapi.db.connection('sd_rate_limits').where({ bucket: 'kb-feedback' }).del();
    const limits = app.strapi.plugin('support-desk').service('rate-limits');
    limits.pinClock(Math.floor(Date.now() / 60_000) * 60_000 + 60_000 + 1000); // 1 s into the next window
    const yes = await app.http().post(url).send({ helpful: true }).expect(200);
    expect(yes.body.data).toMatchObject({ documentId: ids.psu, helpful_count: 1, not_helpful_count: 0 });
    const no = await app.http().post(url).send({ helpful: false }).expect(200);
    expect(no.body.data).toMatchObject({ helpful_count: 1, not_helpful_count: 1 });
    for (let i = 0; i < 8; i += 1) await app.http().post(url).send({ helpful: true }).expect(200);
    const limited = await app.http().post(url).send({ helpful: true }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.body.error.message).toMatch(/Too many votes/);
    const rows = await app.strapi.db.connection('kb_articles').where({ document_id: ids.psu });
    expect(rows.every((r: any) => Number(r.helpful_count) === 9 && Number(r.not_helpful_count) === 1)).toBe(true);
    const counted = await app.strapi.db.connection('sd_rate_limits').where({ bucket: 'kb-feedback' });
    expect(counted.map((r: any) => Number(r.hits))).toEqual([10]); // the refused vote is not counted
    // Counters are the system's: a REST write changing one is refused (400 naming it, nothing written);
    // resending the value it has passes and changes nothing.
    const en = await app.strapi.documents(ARTICLE as any).findOne({ documentId: ids.psu, locale: 'en' });
    const refused = await app.http().put(`/api/kb-articles/${ids.psu}?locale=en`).set('Authorization', `Bearer ${token}`).send({ data: { summary: 'Edited.', helpful_count: 0 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors.map((e: any) => e.path[0])).toEqual(['helpful_count']);
    expect(refused.body.error.message).toMatch(/helpful_count is counted/);
    const unchanged = await app.strapi.db.connection('kb_articles').where({ document_id: ids.psu, locale: 'en' }).whereNull('published_at').first();
    expect(unchanged.summary).not.toBe('Edited.');
    await app.http().put(`/api/kb-articles/${ids.psu}?locale=en`).set('Authorization', `Bearer ${token}`).send({ data: { summary: 'Edited.', helpful_count: 9 } }).expect(200);
    const after = await app.strapi.db.connection('kb_articles').where({ document_id: ids.psu, locale: 'en' }).whereNull('published_at').first();
    expect(Number(after.helpful_count)).toBe(9);
    expect(after.summary).toBe('Edited.');
    expect(en).toBeTruthy();
    limits.pinClock(null);
  });

  test('views: counted in memory (cache hits included), written in one batch', async () => {
    const kb = app.strapi.plugin('support-desk').service('kb');
    await kb.flushViews();
    const before = await app.strapi.db.connection('kb_articles').where({ document_id: ids.firmware, locale: 'en' }).whereNotNull('published_at').first();
    for (let i = 0; i < 3; i += 1) await get(`${KB}/articles/switch-firmware?locale=en`).expect(200);
    const unchanged = await app.strapi.db.connection('kb_articles').where({ document_id: ids.firmware, locale: 'en' }).whereNotNull('published_at').first();
    expect(Number(unchanged.view_count)).toBe(Number(before.view_count));
    expect(kb.pendingViews().get(ids.firmware)).toBe(3);
    await kb.flushViews();
    const after = await app.strapi.db.connection('kb_articles').where({ document_id: ids.firmware, locale: 'en' }).whereNotNull('published_at').first();
    expect(Number(after.view_count)).toBe(Number(before.view_count) + 3);
  });

  test('suggest: top matches for a ticket; agents also get internal articles', async () => {
    const en = await app.http().post(`${KB}/suggest`).send({ subject: 'Amber LED on the power supply of my switch', description: 'Since this morning the PSU shows an amber light.' }).expect(200);
    expect(en.body.meta.locale).toBe('en');
    expect(en.body.data[0].slug).toBe('switch-psu-amber');
    const zh = await app.http().post(`${KB}/suggest`).send({ subject: '交换机电源灯变成琥珀色', description: '今天早上开始出现' }).expect(200);
    expect(zh.body.meta.locale).toBe('zh-Hans');
    expect(zh.body.data[0].slug).toBe('switch-psu-amber');
    const agent = await app.http().post(`${KB}/suggest`).set('Authorization', `Bearer ${token}`).send({ subject: 'controller failover' }).expect(200);
    expect(agent.body.data.map((a: any) => a.documentId)).toContain(ids.internal);
  });

  test('OpenAPI description is served', async () => {
    const res = await get(`${KB}/openapi.json`).expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/kb/articles', '/kb/search', '/kb/suggest', '/kb/articles/{documentId}/feedback']));
  });
});
