/**
 * The Workflow panel's links (issue 15, the ticket page): POST /support-desk/tickets/:documentId/links
 * adds and removes related KB articles and CC contacts and sets or clears the ticket a ticket follows
 * up. RBAC (tickets.link; a role with only tickets.read reads the view but may not change links),
 * 400 naming the field with nothing written, 409 on a stale version, the answer built from the
 * whitelist (the panel's view), and the write seen in the view, the database and the timeline (a
 * field_change event saying what was added and removed).
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';
import { desk, uniq, TICKET } from '../helpers/desk';

const ARTICLE = 'api::kb-article.kb-article';
const ORG = 'api::organization.organization';
const USER = 'plugin::users-permissions.user';

let app: TestApp;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number; email: string };
let reader: { jwt: string; id: number; email: string };
let org: any;
let otherOrg: any;
let requester: any;
let colleague: any;
let outsider: any;
let blocked: any;
let vlan: { documentId: string };
let poe: { documentId: string };

async function contact(name: string, organization: any, extra: Record<string, unknown> = {}) {
  const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
  return app.strapi.db.query(USER).create({
    data: { username: uniq(name).toLowerCase(), email: `${uniq(name)}@customer.test`.toLowerCase(), provider: 'local', confirmed: true, blocked: false, role: role.id, full_name: `${name} Contact`, organization: organization.id, ...extra },
  });
}

async function article(title: string, zh?: string) {
  const docs = app.strapi.documents(ARTICLE as any) as any;
  const a = await docs.create({ locale: 'en', data: { title, body: `About ${title}.`, visibility: 'public' } });
  await docs.publish({ documentId: a.documentId, locale: 'en' });
  if (zh) {
    await docs.update({ documentId: a.documentId, locale: 'zh-Hans', data: { title: zh, body: `关于${zh}。`, visibility: 'public' } });
    await docs.publish({ documentId: a.documentId, locale: 'zh-Hans' });
  }
  return a;
}

beforeAll(async () => {
  app = await startApp();
  d = desk(app, await fullAccessToken(app.strapi));
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  // A role that reads tickets (the panel's view) but has no tickets.link.
  const role = await app.strapi.service('admin::role').create({ name: `Ticket reader ${uniq()}`, description: 'reads tickets only' });
  await app.strapi.service('admin::role').assignPermissions(role.id, [{ action: 'plugin::support-desk.tickets.read', subject: null, properties: {}, conditions: [] }]);
  reader = await adminLogin(app.strapi, app.http, role.code);
  org = await app.strapi.db.query(ORG).create({ data: { name: 'Acme Networks', code: uniq('AC').slice(0, 12) } });
  otherOrg = await app.strapi.db.query(ORG).create({ data: { name: 'Other Corp', code: uniq('OC').slice(0, 12) } });
  requester = await contact('Req', org);
  colleague = await contact('Colleague', org);
  outsider = await contact('Outsider', otherOrg);
  blocked = await contact('Blocked', org, { blocked: true });
  vlan = await article('VLAN basics', 'VLAN 基础');
  poe = await article('PoE budget');
});
afterAll(async () => {
  await app?.stop();
});

const as = (who: { jwt: string }) => d.as(who.jwt);
const links = (documentId: string, body: unknown, who = agent) => as(who).post(`/support-desk/tickets/${documentId}/links`, body);
const newTicket = (extra: Record<string, unknown> = {}) => d.ticket({ type: 'consultation', organization: org.documentId, requester: requester.documentId, ...extra });
const stored = (documentId: string) =>
  app.strapi.db.query(TICKET).findOne({ where: { documentId }, populate: { related_articles: { select: ['documentId', 'locale', 'publishedAt'] }, cc_contacts: { select: ['id'] }, follow_up_of: { select: ['id'] } } });

describe(`ticket links from the panel (${testDb})`, () => {
  it('adds a related article, a CC contact and a follow-up in one request: the answer is the panel view, the timeline says what changed', async () => {
    const earlier = await newTicket({ subject: 'Earlier outage' });
    const t = await newTicket();
    const res = await links(t.documentId, {
      version: t.version,
      related_articles: { add: [{ documentId: vlan.documentId, locale: 'zh-Hans' }] },
      cc_contacts: { add: [colleague.documentId] },
      follow_up_of: earlier.number.toLowerCase(),
    });
    expect(res.status).toBe(200);
    const view = res.body;
    expect(view.data).toMatchObject({ documentId: t.documentId, version: t.version + 1 });
    expect(view.data.related_articles).toEqual([{ id: expect.any(Number), documentId: vlan.documentId, locale: 'zh-Hans', title: 'VLAN 基础', slug: expect.any(String) }]);
    expect(view.data.cc_contacts.map((c: any) => c.id)).toEqual([colleague.id]);
    expect(Object.keys(view.data.cc_contacts[0]).sort()).toEqual(['documentId', 'email', 'id', 'name', 'phone', 'username']);
    expect(view.data.follow_up_of).toMatchObject({ documentId: earlier.documentId, number: earlier.number });
    expect(JSON.stringify(view)).not.toMatch(/password|resetPasswordToken|confirmationToken|About VLAN|关于/);
    // The timeline: one internal field change naming the links and what was added.
    const event = view.meta.timeline.at(-1);
    expect(event).toMatchObject({ kind: 'field_change', visibility: 'internal', actor_type: 'agent' });
    expect(event.data).toEqual({
      fields: ['related_articles', 'cc_contacts', 'follow_up_of'],
      links: {
        related_articles: { added: [{ documentId: vlan.documentId, locale: 'zh-Hans', title: 'VLAN 基础' }], removed: [] },
        cc_contacts: { added: [{ id: colleague.id, name: 'Colleague Contact' }], removed: [] },
        follow_up_of: { from: null, to: earlier.number },
      },
    });
    // Stored: the Chinese version's draft and published rows, the contact, the ticket followed up.
    const row = await stored(t.documentId);
    expect(row.related_articles.map((a: any) => [a.documentId, a.locale, a.publishedAt === null ? 'draft' : 'published']).sort()).toEqual([
      [vlan.documentId, 'zh-Hans', 'draft'],
      [vlan.documentId, 'zh-Hans', 'published'],
    ]);
    expect(row.cc_contacts.map((c: any) => c.id)).toEqual([colleague.id]);
    expect(row.follow_up_of.id).toBe((await d.row(earlier.documentId)).id);
    expect(row.version).toBe(t.version + 1);
    // The panel's view (GET) shows the same, and so does a reader.
    const again = await as(reader).get(`/support-desk/tickets/${t.documentId}`);
    expect(again.status).toBe(200);
    expect(again.body.data.related_articles).toEqual(view.data.related_articles);
    expect(again.body.data.follow_up_of.number).toBe(earlier.number);
  });

  it('removes what it added and clears the follow-up; a transition keeps the related articles and answers them as a read does', async () => {
    const earlier = await newTicket({ subject: 'Earlier' });
    const t = await newTicket();
    const first = await links(t.documentId, { version: t.version, related_articles: { add: [{ documentId: vlan.documentId, locale: 'en' }, { documentId: poe.documentId, locale: 'en' }] }, cc_contacts: { add: [colleague.documentId] }, follow_up_of: earlier.number });
    expect(first.status).toBe(200);
    expect(first.body.data.related_articles.map((a: any) => a.title).sort()).toEqual(['PoE budget', 'VLAN basics']);
    const moved = await d.transition(t.documentId, { action: 'triage', version: first.body.data.version });
    expect(moved.status).toBe(200);
    expect(moved.body.data.related_articles.map((a: any) => a.title).sort()).toEqual(['PoE budget', 'VLAN basics']);
    const res = await links(t.documentId, { version: moved.body.data.version, related_articles: { remove: [{ documentId: vlan.documentId, locale: 'en' }] }, cc_contacts: { remove: [colleague.documentId] }, follow_up_of: null });
    expect(res.status).toBe(200);
    expect(res.body.data.related_articles.map((a: any) => a.title)).toEqual(['PoE budget']);
    expect(res.body.data.cc_contacts).toEqual([]);
    expect(res.body.data.follow_up_of).toBeNull();
    expect(res.body.meta.timeline.at(-1).data.links).toEqual({
      related_articles: { added: [], removed: [{ documentId: vlan.documentId, locale: 'en', title: 'VLAN basics' }] },
      cc_contacts: { added: [], removed: [{ id: colleague.id, name: 'Colleague Contact' }] },
      follow_up_of: { from: earlier.number, to: null },
    });
    const row = await stored(t.documentId);
    expect([...new Set(row.related_articles.map((a: any) => a.documentId))]).toEqual([poe.documentId]);
    expect(row.cc_contacts).toEqual([]);
    expect(row.follow_up_of).toBeNull();
  });

  it.each<[string, (t: any) => unknown, string, RegExp]>([
    ['an unknown field', (t) => ({ version: t.version, subject: 'x' }), 'subject', /"subject" cannot be changed here/],
    ['nothing to change', (t) => ({ version: t.version }), 'body', /Nothing to change/],
    ['no version', () => ({ follow_up_of: null }), 'version', /version is required/],
    ['an article that does not exist', (t) => ({ version: t.version, related_articles: { add: [{ documentId: 'nosucharticle000000000000', locale: 'en' }] } }), 'related_articles.add.0', /No KB article nosucharticle000000000000 in en/],
    ['an article language it has not', (t) => ({ version: t.version, related_articles: { add: [{ documentId: poe.documentId, locale: 'zh-Hans' }] } }), 'related_articles.add.0', /in zh-Hans/],
    ['a bad locale', (t) => ({ version: t.version, related_articles: { add: [{ documentId: poe.documentId, locale: 'fr' }] } }), 'related_articles.add.0.locale', /en, zh-Hans/],
    ['removing an article not linked', (t) => ({ version: t.version, related_articles: { remove: [{ documentId: poe.documentId, locale: 'en' }] } }), 'related_articles.remove.0', /not a related article/],
    ['a contact of another organization', (t) => ({ version: t.version, cc_contacts: { add: [outsider.documentId] } }), 'cc_contacts.add.0', /not a contact of the ticket's organization/],
    ['a blocked contact', (t) => ({ version: t.version, cc_contacts: { add: [blocked.documentId] } }), 'cc_contacts.add.0', /is blocked/],
    ['the requester as CC', (t) => ({ version: t.version, cc_contacts: { add: [requester.documentId] } }), 'cc_contacts.add.0', /is the requester/],
    ['an unknown ticket number', (t) => ({ version: t.version, follow_up_of: 'TS-999999' }), 'follow_up_of', /No ticket TS-999999/],
    ['the ticket itself', (t) => ({ version: t.version, follow_up_of: t.number }), 'follow_up_of', /cannot follow up itself/],
    ['a follow-up that is no number', (t) => ({ version: t.version, follow_up_of: '../etc' }), 'follow_up_of', /ticket number/],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_name, body, path, message) => {
    const t = await newTicket();
    const before = await d.events((await d.row(t.documentId)).id);
    const res = await links(t.documentId, body(t));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.details.errors[0].path.join('.')).toBe(path);
    const row = await stored(t.documentId);
    expect({ version: row.version, articles: row.related_articles.length, contacts: row.cc_contacts.length, followUp: row.follow_up_of }).toEqual({ version: t.version, articles: 0, contacts: 0, followUp: null });
    expect((await d.events(row.id)).length).toBe(before.length);
  });

  it('refuses a follow-up of a ticket of another organization and a circle of follow-ups (400)', async () => {
    const foreign = await d.ticket({ type: 'consultation', organization: otherOrg.documentId, requester: outsider.documentId });
    const t = await newTicket();
    const res = await links(t.documentId, { version: t.version, follow_up_of: foreign.number });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/another organization/);
    const a = await newTicket();
    const b = await newTicket();
    expect((await links(b.documentId, { version: b.version, follow_up_of: a.number })).status).toBe(200);
    const circle = await links(a.documentId, { version: a.version, follow_up_of: b.number });
    expect(circle.status).toBe(400);
    expect(circle.body.error.message).toMatch(/round in a circle/);
    expect((await stored(a.documentId)).follow_up_of).toBeNull();
  });

  it('a stale version is 409, an unknown ticket 404, a role without tickets.link 403; nothing written', async () => {
    const t = await newTicket();
    const stale = await links(t.documentId, { version: t.version + 5, cc_contacts: { add: [colleague.documentId] } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.currentVersion).toBe(t.version);
    expect((await links('nosuchticket0000000000000', { version: 1, follow_up_of: null })).status).toBe(404);
    const denied = await links(t.documentId, { version: t.version, cc_contacts: { add: [colleague.documentId] } }, reader);
    expect(denied.status).toBe(403);
    const row = await stored(t.documentId);
    expect({ version: row.version, contacts: row.cc_contacts.length }).toEqual({ version: t.version, contacts: 0 });
  });
});
