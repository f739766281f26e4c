/**
 * Attack class: internal and draft KB content through the core routes, once an administrator has
 * granted Public and Customer `find`/`findOne` on kb-article and kb-category (the README allows it).
 * Relations reach kb-article at any depth (a category's `articles`, `children`/`parent`, an
 * article's `category` and `localizations`); whatever `filters`, `populate` and `sort` a caller
 * nests, a word only in an internal or draft article must get the same answer as a word in no
 * article (no content oracle), and no populated answer may carry a hidden article.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { ARTICLE, createArticle, createCategory } from '../helpers/kb';

let app: TestApp;
let token: string;
let customerJwt: string;
const ids: Record<string, string> = {};

/** Words that live only in hidden rows: internal (en, zh), draft-only, and unpublished edits. */
const SECRET = {
  internal: 'quokkainternal',
  internalZh: 'wombatinternalzh',
  draft: 'numbatdraft',
  pendingEdit: 'bilbypending',
  pendingZh: 'dingodraftzh',
};
const NONE = 'platypusnowhere';
const HIDDEN_TITLES = ['Internal failover', 'Draft roadmap', 'Pending edit title'];

beforeAll(async () => {
  app = await startApp();
  const s = app.strapi;
  token = await fullAccessToken(s, 'kb-scope');
  const net = await createCategory(s, 'net', 'Networking', '网络');
  const sub = await createCategory(s, 'net-sub', 'Switches', '交换机');
  await s.documents('api::kb-category.kb-category' as any).update({ documentId: sub, locale: 'en', data: { parent: net } as any });
  ids.net = net;
  ids.pub = await createArticle(s, { title: 'Public reset', slug: 'public-reset', body: 'Hold the button kangaroopublic.' }, { title: '公开', slug: 'public-reset', body: '公开 kangaroopublic' }, { category: net });
  ids.internal = await createArticle(s, { title: 'Internal failover', slug: 'internal-failover', body: `Run ${SECRET.internal} now.` }, { title: '内部', slug: 'internal-failover', body: `内部 ${SECRET.internalZh}` }, { category: net, visibility: 'internal' });
  ids.draft = await createArticle(s, { title: 'Draft roadmap', slug: 'draft-roadmap', body: `Soon ${SECRET.draft}.` }, undefined, { category: sub, draft: true });
  // Published public article whose en draft was edited after publishing and whose zh exists only as a draft.
  ids.edited = await createArticle(s, { title: 'Edited article', slug: 'edited-article', body: 'Published text koalapublished.' }, undefined, { category: sub });
  const docs = s.documents(ARTICLE as any);
  await docs.update({ documentId: ids.edited, locale: 'en', data: { title: 'Pending edit title', body: `Unpublished ${SECRET.pendingEdit}.` } as any });
  await docs.update({ documentId: ids.edited, locale: 'zh-Hans', data: { title: '草稿', slug: 'edited-article', body: `草稿 ${SECRET.pendingZh}`, visibility: 'public' } as any });

  const grant = ['api::kb-article.kb-article.find', 'api::kb-article.kb-article.findOne', 'api::kb-category.kb-category.find', 'api::kb-category.kb-category.findOne'];
  for (const type of ['public', 'customer']) {
    const role = await s.db.query('plugin::users-permissions.role').findOne({ where: { type } });
    for (const action of grant) await s.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  const role = await s.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
  const user = await s.plugin('users-permissions').service('user').add({ username: `kbscope${Date.now()}`, email: `kbscope.${Date.now()}@example.test`, password: 'Customer2026!', provider: 'local', confirmed: true, blocked: false, role: role.id });
  customerJwt = s.plugin('users-permissions').service('jwt').issue({ id: user.id });
});

afterAll(async () => {
  await app?.stop();
});

const callers = () => [
  { who: 'public', get: (url: string) => app.http().get(url) },
  { who: 'customer', get: (url: string) => app.http().get(url).set('Authorization', `Bearer ${customerJwt}`) },
];

/** Paths with `{w}`: filters reaching kb-article through every relation, at several depths and shapes. */
const ORACLES = [
  '/api/kb-categories?filters[articles][body][$contains]={w}',
  '/api/kb-categories?filters[articles][title][$containsi]={w}&filters[articles][body][$containsi]={w}',
  '/api/kb-articles?filters[category][articles][body][$contains]={w}',
  '/api/kb-articles?filters[localizations][body][$contains]={w}',
  '/api/kb-articles?locale=zh-Hans&filters[localizations][body][$contains]={w}',
  '/api/kb-categories?filters[localizations][articles][body][$contains]={w}',
  '/api/kb-categories?filters[children][articles][body][$contains]={w}',
  '/api/kb-categories?filters[parent][articles][localizations][body][$contains]={w}',
  '/api/kb-articles?filters[category][children][articles][category][articles][localizations][body][$contains]={w}',
  '/api/kb-categories?filters[$or][0][articles][body][$contains]={w}&filters[$or][1][slug][$eq]=nothing',
  '/api/kb-categories?filters[$not][articles][body][$contains]={w}',
  '/api/kb-categories?filters[articles][$not][body][$contains]={w}',
  '/api/kb-categories?filters[articles][$or][0][body][$contains]={w}&filters[articles][$or][1][title][$eq]=nothing',
  '/api/kb-categories?filters[$and][0][articles][body][$contains]={w}&filters[$and][1][articles][id][$notNull]=true',
  '/api/kb-articles?filters[body][$contains]={w}',
  '/api/kb-articles?locale=*&filters[body][$contains]={w}',
  '/api/kb-articles?status=draft&filters[body][$contains]={w}',
  '/api/kb-articles?filters[title][$contains]={w}&filters[visibility]=internal',
  '/api/kb-categories?populate[articles][filters][body][$contains]={w}',
  '/api/kb-categories?populate[children][populate][articles][filters][body][$contains]={w}',
  '/api/kb-articles?populate[localizations][filters][body][$contains]={w}',
  '/api/kb-articles?populate[category][populate][articles][filters][localizations][body][$contains]={w}',
  '/api/kb-categories/{net}?populate[articles][filters][body][$contains]={w}',
];

describe(`KB visibility at every depth (${testDb})`, () => {
  test.each(Object.entries(SECRET))('a word only in a hidden article (%s) gets the answer a word in no article gets', async (_kind, word) => {
    for (const { who, get } of callers()) {
      for (const template of ORACLES) {
        const url = (w: string) => template.replaceAll('{w}', w).replaceAll('{net}', ids.net);
        const [match, noMatch] = [await get(url(word)), await get(url(NONE))];
        expect({ who, path: template, status: match.status }).toEqual({ who, path: template, status: noMatch.status });
        expect(match.status).toBeLessThan(500);
        expect({ who, path: template, body: match.body }).toEqual({ who, path: template, body: noMatch.body });
      }
    }
  });

  test('the same filter finds a public article (the pairs above can tell a match)', async () => {
    const res = await app.http().get('/api/kb-categories?filters[articles][body][$contains]=kangaroopublic').expect(200);
    expect(res.body.data.map((c: any) => c.slug)).toEqual(['net']);
    const none = await app.http().get(`/api/kb-categories?filters[articles][body][$contains]=${NONE}`).expect(200);
    expect(none.body.data).toEqual([]);
    // an API token (integration, agent) is not limited: it finds the internal word
    const agent = await app.http().get(`/api/kb-categories?filters[articles][body][$contains]=${SECRET.internal}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(agent.body.data.map((c: any) => c.slug)).toEqual(['net']);
  });

  test('no populate, however nested, returns an internal or draft article', async () => {
    const paths = [
      '/api/kb-articles?populate[category][populate]=articles',
      '/api/kb-articles?populate[category][populate]=*',
      '/api/kb-articles?populate=*',
      '/api/kb-articles?populate=localizations',
      '/api/kb-articles?populate[localizations][populate]=*',
      '/api/kb-articles?populate=category.articles.localizations',
      '/api/kb-articles?populate[0]=category.articles&populate[1]=localizations',
      '/api/kb-articles?locale=*&populate=*',
      '/api/kb-categories?populate=*',
      '/api/kb-categories?populate=articles.localizations',
      '/api/kb-categories?populate[children][populate][articles][populate]=*',
      '/api/kb-categories?populate[parent][populate][articles][populate][category][populate][articles]=true',
      '/api/kb-categories?populate[localizations][populate]=articles',
      '/api/kb-categories?locale=zh-Hans&populate[articles][populate]=localizations',
      '/api/kb-categories?populate[children][populate][parent][populate][articles][populate][localizations][populate]=*',
      `/api/kb-articles/${ids.edited}?populate=localizations`,
      `/api/kb-articles/${ids.pub}?populate[category][populate][articles][populate]=localizations`,
      `/api/kb-categories/${ids.net}?populate=*`,
    ];
    for (const { who, get } of callers()) {
      for (const path of paths) {
        const res = await get(path);
        expect({ who, path, status: res.status }).toEqual({ who, path, status: 200 });
        const text = JSON.stringify(res.body);
        for (const word of [...Object.values(SECRET), ...HIDDEN_TITLES, ids.internal, ids.draft]) {
          expect({ who, path, leaked: text.includes(word) ? word : null }).toEqual({ who, path, leaked: null });
        }
      }
    }
    // the populated articles are really there (the check above is not vacuous)
    const cats = await app.http().get('/api/kb-categories?populate=articles.localizations&locale=en').expect(200);
    const net = cats.body.data.find((c: any) => c.slug === 'net');
    expect(net.articles.map((a: any) => a.slug)).toEqual(['public-reset']);
    expect(net.articles[0].localizations.map((l: any) => l.locale)).toEqual(['zh-Hans']);
    const sub = cats.body.data.find((c: any) => c.slug === 'net-sub');
    expect(sub.articles.map((a: any) => [a.slug, a.title])).toEqual([['edited-article', 'Edited article']]);
  });

  test('sorting by a hidden article is refused with 400 naming sort; other sorts work', async () => {
    for (const { who, get } of callers()) {
      for (const path of ['/api/kb-categories?sort=articles.body:asc', '/api/kb-categories?sort[0][articles][title]=desc', '/api/kb-articles?sort=localizations.body', '/api/kb-articles?sort=category.articles.title:asc', '/api/kb-categories?populate[children][sort]=articles.body']) {
        const res = await get(path);
        expect({ who, path, status: res.status }).toEqual({ who, path, status: 400 });
        expect(res.body.error.message).toMatch(/sort/);
        expect(res.body.error.details.errors[0].path[0]).toMatch(/sort/);
      }
    }
    const bySort = await app.http().get('/api/kb-articles?sort=category.name:asc&sort[1]=title:asc').expect(200);
    expect(bySort.body.data.length).toBe(2);
    const populatedSort = await app.http().get('/api/kb-categories?populate[articles][sort]=title:desc').expect(200);
    expect(populatedSort.body.data.length).toBe(2);
  });

  test('counting populated articles is refused (it would count hidden ones)', async () => {
    const res = await app.http().get('/api/kb-categories?populate[articles][count]=true');
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path[0]).toBe('populate[articles][count]');
  });

  test('ordinary public-site reads keep working', async () => {
    const list = await app.http().get('/api/kb-articles?locale=en').expect(200);
    expect(list.body.data.map((a: any) => a.slug).sort()).toEqual(['edited-article', 'public-reset']);
    expect(list.body.data.find((a: any) => a.slug === 'edited-article').title).toBe('Edited article');
    const zh = await app.http().get('/api/kb-articles?locale=zh-Hans').expect(200);
    expect(zh.body.data.map((a: any) => a.title)).toEqual(['公开']);
    const bySlug = await app.http().get('/api/kb-articles?filters[slug][$eq]=public-reset').expect(200);
    expect(bySlug.body.data).toHaveLength(1);
    const byCategory = await app.http().get('/api/kb-articles?filters[category][slug][$eq]=net-sub&populate[category][fields][0]=name').expect(200);
    expect(byCategory.body.data.map((a: any) => [a.slug, a.category.name])).toEqual([['edited-article', 'Switches']]);
    const one = await app.http().get(`/api/kb-articles/${ids.pub}?populate=category`).expect(200);
    expect(one.body.data.category.slug).toBe('net');
    await app.http().get(`/api/kb-articles/${ids.internal}`).expect(404);
    await app.http().get(`/api/kb-articles/${ids.draft}`).expect(404);
    const categories = await app.http().get('/api/kb-categories?populate[articles][fields][0]=title&sort=name:asc').expect(200);
    expect(categories.body.data.map((c: any) => [c.slug, c.articles.map((a: any) => a.title)])).toEqual([
      ['net', ['Public reset']],
      ['net-sub', ['Edited article']],
    ]);
  });
});
