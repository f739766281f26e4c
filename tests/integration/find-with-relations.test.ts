/**
 * The one-statement read of a ticket with its relations (utils/find-with-relations.ts, issue 16's
 * write path): what it answers equals the query engine's `findOne` with the same populate, value for
 * value, for a ticket with every relation the workflow reads filled (to-one, ordered to-many, media,
 * `select`, a nested populate, a ticket following up another) and for one with none, by id and by
 * documentId, inside a transaction and outside; on PostgreSQL it is one statement where the query
 * engine sends one per relation. A populate it does not handle (a filter) is the query engine's.
 * The document service's post-commit event read (every relation, `createdBy`, media with `'*'`) is
 * served by it on PostgreSQL, with the same answer.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { uniq, TICKET } from '../helpers/desk';
import { statementsDuring, fewestStatements } from '../helpers/statements';
import { createRelationReader, documentServicePopulate } from '../../src/plugins/support-desk/server/src/utils/find-with-relations';

const ORG = 'api::organization.organization';
const USER = 'plugin::users-permissions.user';
const FILE = 'plugin::upload.file';

// What the workflow reads (documents/ticket-workflow.ts: the planner's relations and a transition's extra).
const POPULATE = {
  assignee: true,
  group: true,
  requester: true,
  organization: true,
  fault_category: true,
  sla_contract: true,
  asset: true,
  follow_up_of: true,
  attachments: true,
  cc_contacts: { populate: { organization: { select: ['id'] } } },
  related_articles: { select: ['id', 'documentId', 'locale', 'title', 'slug'] },
};

let app: TestApp;
let full: { id: number; documentId: string };
let bare: { id: number; documentId: string };

beforeAll(async () => {
  app = await startApp();
  const q = (uid: string) => app.strapi.db.query(uid as any);
  const role = await q('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
  const org = await q(ORG).create({ data: { name: 'Acme', code: uniq('AC').slice(0, 12) } });
  const contact = (name: string) =>
    q(USER).create({ data: { username: uniq(name).toLowerCase(), email: `${uniq(name)}@c.test`.toLowerCase(), provider: 'local', confirmed: true, blocked: false, role: role.id, full_name: name, organization: org.id } });
  const [requester, cc1, cc2] = [await contact('Req'), await contact('Cc one'), await contact('Cc two')];
  const agent = await q('admin::user').create({ data: { firstname: 'Ann', lastname: 'Agent', email: `ann.${uniq()}@x.test`.toLowerCase(), isActive: true } });
  const group = await q('api::support-group.support-group').create({ data: { name: 'Network', code: uniq('G').slice(0, 20) } });
  const category = await q('api::fault-category.fault-category').create({ data: { name: 'Link down', code: uniq('FC').slice(0, 20) } });
  const contract = await q('api::sla-contract.sla-contract').create({ data: { name: 'Gold', code: uniq('SLA').slice(0, 20) } });
  const asset = await q('api::asset.asset').create({ data: { serial_number: uniq('SN'), model: 'SW-48', product_line: 'switches', organization: org.id } });
  const file = (name: string) => q(FILE).create({ data: { name, hash: uniq('h'), ext: '.txt', mime: 'text/plain', size: 1.25, url: `/uploads/${name}`, provider: 'local' } });
  const [f1, f2] = [await file('log-b.txt'), await file('log-a.txt')];
  const articles = (app.strapi.documents('api::kb-article.kb-article' as any) as any);
  const a1 = await articles.create({ locale: 'en', data: { title: 'VLAN basics', body: 'About VLANs.', visibility: 'public' } });
  const a2 = await articles.create({ locale: 'en', data: { title: 'PoE budget', body: 'About PoE.', visibility: 'public' } });
  const earlier = await q(TICKET).create({ data: { subject: 'Earlier', number: uniq('T'), organization: org.id } });
  const created = await q(TICKET).create({
    data: {
      subject: 'Everything linked',
      number: uniq('T'),
      assignee: agent.id,
      group: group.id,
      requester: requester.id,
      organization: org.id,
      fault_category: category.id,
      sla_contract: contract.id,
      asset: asset.id,
      follow_up_of: earlier.id,
      // Order differs from id order: the answer keeps the join tables' order.
      cc_contacts: [cc2.id, cc1.id],
      related_articles: [a2.id, a1.id],
      attachments: [f1.id, f2.id],
      skills_required: ['vlan', 'poe'],
    },
  });
  // The document service's own columns (a ticket created in the admin has them).
  await q(TICKET).update({ where: { id: created.id }, data: { createdBy: agent.id, updatedBy: agent.id } });
  full = { id: created.id, documentId: created.documentId };
  const none = await q(TICKET).create({ data: { subject: 'Nothing linked', number: uniq('T') } });
  bare = { id: none.id, documentId: none.documentId };
});
afterAll(async () => {
  await app?.stop();
});

const engine = (where: Record<string, unknown>, populate: unknown = POPULATE) => app.strapi.db.query(TICKET).findOne({ where, populate: populate as any });
const reader = () => createRelationReader(app.strapi);

const statements = <T>(fn: () => Promise<T>) => statementsDuring(app.strapi, fn);

describe(`ticket with relations in one statement (${testDb})`, () => {
  it('answers what the query engine answers for a ticket with every relation, by id and by documentId', async () => {
    const expected = await engine({ id: full.id });
    expect(expected.cc_contacts.map((c: any) => c.full_name)).toEqual(['Cc two', 'Cc one']);
    expect(expected.attachments.map((f: any) => f.name)).toEqual(['log-b.txt', 'log-a.txt']);
    expect(expected.follow_up_of.subject).toBe('Earlier');
    expect(await reader().findOne(TICKET, { id: full.id }, POPULATE)).toEqual(expected);
    expect(await reader().findOne(TICKET, { documentId: full.documentId }, POPULATE)).toEqual(expected);
  });

  it('answers null and empty lists for a ticket with no relations, and null for an unknown ticket', async () => {
    const expected = await engine({ documentId: bare.documentId });
    expect(expected.assignee).toBeNull();
    expect(expected.cc_contacts).toEqual([]);
    expect(await reader().findOne(TICKET, { documentId: bare.documentId }, POPULATE)).toEqual(expected);
    expect(await reader().findOne(TICKET, { documentId: 'no-such-document-id' }, POPULATE)).toBeNull();
    expect(await reader().findOne(TICKET, { id: 987654321 }, ['assignee'])).toBeNull();
  });

  it('takes a list of relation names, and reads in the caller’s transaction', async () => {
    const names = ['assignee', 'group', 'requester', 'organization', 'fault_category', 'sla_contract'];
    const expected = await engine({ id: full.id }, names);
    expect(await reader().findOne(TICKET, { id: full.id }, names)).toEqual(expected);
    // Inside a transaction it sees the transaction's own uncommitted write.
    await app.strapi.db
      .transaction(async () => {
        await app.strapi.db.query(TICKET).update({ where: { id: full.id }, data: { subject: 'Changed inside' } });
        const inside = await reader().findOne(TICKET, { id: full.id }, names);
        expect(inside!.subject).toBe('Changed inside');
        throw new Error('roll back');
      })
      .catch((e: Error) => expect(e.message).toBe('roll back'));
    expect((await reader().findOne(TICKET, { id: full.id }, names))!.subject).toBe('Everything linked');
  });

  it('is one statement on PostgreSQL where the query engine sends one per relation', async () => {
    const ours = await fewestStatements(app.strapi, () => reader().findOne(TICKET, { id: full.id }, POPULATE));
    const theirs = await statements(() => engine({ id: full.id }));
    expect(ours.result).toEqual(theirs.result);
    // The ticket, eleven relations and the contacts' organizations.
    expect(theirs.count).toBeGreaterThanOrEqual(12);
    expect(ours.count).toBe(testDb === 'postgres' ? 1 : theirs.count);
  });

  it('leaves a populate it does not handle (a filter) to the query engine', async () => {
    const populate = { cc_contacts: { filters: { full_name: 'Cc one' } } };
    const expected = await engine({ id: full.id }, populate);
    expect(expected.cc_contacts.map((c: any) => c.full_name)).toEqual(['Cc one']);
    expect(await reader().findOne(TICKET, { id: full.id }, populate)).toEqual(expected);
  });

  it('serves the document service’s event read (every relation) in one statement on PostgreSQL, with the query engine’s answer', async () => {
    // The populate the document service's event manager reads an entry with (core document-service/events.js).
    const eventPopulate: any = documentServicePopulate().getDeepPopulate(TICKET, {});
    expect(Object.keys(eventPopulate)).toEqual(expect.arrayContaining(['createdBy', 'attachments', 'escalations', 'survey', 'cc_contacts']));
    // A copy of the populate is not the event's object: the query engine answers it.
    const theirs = await statements(() => engine({ id: full.id }, structuredClone(eventPopulate)));
    const ours = await fewestStatements(app.strapi, () => app.strapi.db.query(TICKET).findOne({ where: { id: full.id }, populate: eventPopulate }));
    expect(theirs.result.createdBy.firstname).toBe('Ann');
    expect(theirs.result.attachments).toHaveLength(2);
    expect(ours.result).toEqual(theirs.result);
    expect(theirs.count).toBeGreaterThanOrEqual(15);
    expect(ours.count).toBe(testDb === 'postgres' ? 1 : theirs.count);
    const bareRead = await app.strapi.db.query(TICKET).findOne({ where: { id: bare.id }, populate: eventPopulate });
    expect(bareRead).toEqual(await engine({ id: bare.id }, structuredClone(eventPopulate)));
  });

  it('the entry.create event of a ticket carries the ticket with its relations', async () => {
    const seen: any[] = [];
    const listener = (event: any) => {
      if (event?.uid === TICKET) seen.push(event.entry);
    };
    app.strapi.eventHub.on('entry.create', listener);
    try {
      const org = await app.strapi.db.query(ORG).findOne({ where: {} });
      const created = await app.strapi.documents(TICKET as any).create({ data: { subject: 'Evented', organization: org.id } as any });
      for (let i = 0; i < 100 && !seen.some((e) => e.id === created.id); i++) await new Promise((r) => setTimeout(r, 20));
      const entry = seen.find((e) => e.id === created.id);
      expect(entry.subject).toBe('Evented');
      expect(entry.organization.name).toBe('Acme');
      expect(entry.cc_contacts).toEqual([]);
    } finally {
      app.strapi.eventHub.off('entry.create', listener);
    }
  });
});
