/**
 * The Workflow panel's links (workflow/ticket-links.ts): the request read field by field (a refusal
 * names the field), and the change decided against the stored links and the targets looked up:
 * what is connected and disconnected, and the timeline event's data.
 */
import { parseLinksRequest, planLinks, MAX_LINK_CHANGES, type LinksContext, type LinksRequest, type LinkProblem } from '../../src/plugins/support-desk/server/src/workflow/ticket-links';

const parsed = (body: unknown): LinksRequest => {
  const r = parseLinksRequest(body);
  if (r.ok === false) throw new Error(`refused: ${r.message}`);
  return r;
};
const refused = (r: { ok: boolean }): LinkProblem => {
  if (r.ok !== false) throw new Error('expected a refusal');
  return r as LinkProblem;
};

describe('parseLinksRequest', () => {
  test('reads articles, contacts and a follow-up number (trimmed, upper-cased); duplicates are one', () => {
    const r = parsed({
      version: 3,
      related_articles: { add: [{ documentId: 'a1', locale: 'en' }, { documentId: 'a1', locale: 'en' }], remove: [{ documentId: 'a2', locale: 'zh-Hans' }] },
      cc_contacts: { add: ['c1'] },
      follow_up_of: ' ts-000012 ',
    });
    expect(r).toEqual({
      ok: true,
      articles: { add: [{ documentId: 'a1', locale: 'en' }], remove: [{ documentId: 'a2', locale: 'zh-Hans' }] },
      contacts: { add: ['c1'], remove: [] },
      followUp: { kind: 'set', number: 'TS-000012' },
    });
    expect(parsed({ version: 1, follow_up_of: null }).followUp).toEqual({ kind: 'clear' });
  });

  test.each<[string, unknown, string, RegExp]>([
    ['not an object', [1], '', /JSON object/],
    ['an unknown field', { version: 1, subject: 'x' }, 'subject', /"subject" cannot be changed here/],
    ['nothing to change', { version: 1 }, '', /Nothing to change/],
    ['empty lists', { version: 1, related_articles: { add: [], remove: [] } }, '', /Nothing to change/],
    ['a list that is not one', { version: 1, cc_contacts: { add: 'c1' } }, 'cc_contacts.add', /must be a list/],
    ['an unknown list key', { version: 1, cc_contacts: { replace: ['c1'] } }, 'cc_contacts.replace', /takes only "add" and "remove"/],
    ['an article without locale', { version: 1, related_articles: { add: [{ documentId: 'a1' }] } }, 'related_articles.add.0.locale', /locale must be one of en, zh-Hans/],
    ['an article given as text', { version: 1, related_articles: { add: ['a1'] } }, 'related_articles.add.0', /must be an article/],
    ['a documentId with odd characters', { version: 1, cc_contacts: { remove: ['x; drop'] } }, 'cc_contacts.remove.0', /documentId of a contact/],
    ['added and removed at once', { version: 1, cc_contacts: { add: ['c1'], remove: ['c1'] } }, 'cc_contacts', /both added and removed/],
    ['a follow-up that is no number', { version: 1, follow_up_of: 'last week' }, 'follow_up_of', /ticket number/],
    ['a follow-up as a number', { version: 1, follow_up_of: 12 }, 'follow_up_of', /ticket number/],
    ['too many entries', { version: 1, cc_contacts: { add: Array.from({ length: MAX_LINK_CHANGES + 1 }, (_, i) => `c${i}`) } }, 'cc_contacts.add', /at most 20/],
  ])('refuses %s', (_name, body, path, message) => {
    const r = refused(parseLinksRequest(body));
    expect(r.path.join('.')).toBe(path);
    expect(r.message).toMatch(message);
  });
});

describe('planLinks', () => {
  const base = (over: Partial<LinksContext> = {}): LinksContext => ({
    ticket: { id: 1, number: 'TS-000001', organizationId: 10, requesterId: 100 },
    current: { articles: [{ documentId: 'a2', locale: 'en', title: 'Old' }], contacts: [{ id: 101, documentId: 'c101', name: 'Bo' }], followUp: null },
    articles: [{ documentId: 'a1', locale: 'en', title: 'VLAN basics' }],
    contacts: [
      { id: 102, documentId: 'c102', name: 'Li', organizationId: 10, blocked: false },
      { id: 100, documentId: 'c100', name: 'Req', organizationId: 10, blocked: false },
      { id: 103, documentId: 'c103', name: 'Other', organizationId: 11, blocked: false },
      { id: 104, documentId: 'c104', name: 'Gone', organizationId: 10, blocked: true },
    ],
    followUp: { id: 5, documentId: 't5', number: 'TS-000005', organizationId: 10, chain: [] },
    ...over,
  });

  test('connects and disconnects what the request names, and says so in the event', () => {
    const plan = planLinks(
      parsed({ version: 1, related_articles: { add: [{ documentId: 'a1', locale: 'en' }], remove: [{ documentId: 'a2', locale: 'en' }] }, cc_contacts: { add: ['c102'], remove: ['c101'] }, follow_up_of: 'TS-000005' }),
      base(),
    );
    expect(plan).toEqual({
      ok: true,
      data: {
        related_articles: { connect: [{ documentId: 'a1', locale: 'en' }], disconnect: [{ documentId: 'a2', locale: 'en' }] },
        cc_contacts: { connect: [{ documentId: 'c102' }], disconnect: [{ documentId: 'c101' }] },
        follow_up_of: 't5',
      },
      event: {
        related_articles: { added: [{ documentId: 'a1', locale: 'en', title: 'VLAN basics' }], removed: [{ documentId: 'a2', locale: 'en', title: 'Old' }] },
        cc_contacts: { added: [{ id: 102, name: 'Li' }], removed: [{ id: 101, name: 'Bo' }] },
        follow_up_of: { from: null, to: 'TS-000005' },
      },
    });
  });

  test('clears the follow-up', () => {
    const plan = planLinks(parsed({ version: 1, follow_up_of: null }), base({ current: { articles: [], contacts: [], followUp: { id: 5, documentId: 't5', number: 'TS-000005' } } }));
    expect(plan).toMatchObject({ ok: true, data: { follow_up_of: null }, event: { follow_up_of: { from: 'TS-000005', to: null } } });
  });

  test.each<[string, unknown, Partial<LinksContext>, string, RegExp]>([
    ['an article not found', { related_articles: { add: [{ documentId: 'zz', locale: 'en' }] } }, {}, 'related_articles.add.0', /No KB article zz in en/],
    ['an article in another language than found', { related_articles: { add: [{ documentId: 'a1', locale: 'zh-Hans' }] } }, {}, 'related_articles.add.0', /No KB article a1 in zh-Hans/],
    ['an article linked already', { related_articles: { add: [{ documentId: 'a1', locale: 'en' }] } }, { current: { articles: [{ documentId: 'a1', locale: 'en', title: 'VLAN basics' }], contacts: [], followUp: null } }, 'related_articles.add.0', /already a related article/],
    ['removing an article not linked', { related_articles: { remove: [{ documentId: 'a1', locale: 'en' }] } }, {}, 'related_articles.remove.0', /is not a related article/],
    ['a contact of another organization', { cc_contacts: { add: ['c103'] } }, {}, 'cc_contacts.add.0', /not a contact of the ticket's organization/],
    ['an unknown contact', { cc_contacts: { add: ['nobody'] } }, {}, 'cc_contacts.add.0', /not a contact of the ticket's organization/],
    ['a blocked contact', { cc_contacts: { add: ['c104'] } }, {}, 'cc_contacts.add.0', /Gone is blocked/],
    ['the requester', { cc_contacts: { add: ['c100'] } }, {}, 'cc_contacts.add.0', /Req is the requester/],
    ['a contact copied already', { cc_contacts: { add: ['c102'] } }, { current: { articles: [], contacts: [{ id: 102, documentId: 'c102', name: 'Li' }], followUp: null } }, 'cc_contacts.add.0', /already copied/],
    ['a contact on a ticket without organization', { cc_contacts: { add: ['c102'] } }, { ticket: { id: 1, number: 'TS-000001', organizationId: null, requesterId: null } }, 'cc_contacts.add.0', /has no organization/],
    ['removing a contact not copied', { cc_contacts: { remove: ['c102'] } }, {}, 'cc_contacts.remove.0', /is not copied/],
    ['an unknown ticket number', { follow_up_of: 'TS-000099' }, { followUp: null }, 'follow_up_of', /No ticket TS-000099/],
    ['the ticket itself', { follow_up_of: 'TS-000001' }, { followUp: { id: 1, documentId: 't1', number: 'TS-000001', organizationId: 10, chain: [] } }, 'follow_up_of', /cannot follow up itself/],
    ['a circle', { follow_up_of: 'TS-000005' }, { followUp: { id: 5, documentId: 't5', number: 'TS-000005', organizationId: 10, chain: [7, 1] } }, 'follow_up_of', /round in a circle/],
    ['another organization', { follow_up_of: 'TS-000005' }, { followUp: { id: 5, documentId: 't5', number: 'TS-000005', organizationId: 11, chain: [] } }, 'follow_up_of', /another organization/],
    ['the same follow-up again', { follow_up_of: 'TS-000005' }, { current: { articles: [], contacts: [], followUp: { id: 5, documentId: 't5', number: 'TS-000005' } } }, 'follow_up_of', /already follows up TS-000005/],
    ['clearing no follow-up', { follow_up_of: null }, {}, 'follow_up_of', /nothing to clear/],
  ])('refuses %s', (_name, body, over, path, message) => {
    const r = refused(planLinks(parsed({ version: 1, ...(body as object) }), base(over)));
    expect(r.path.join('.')).toBe(path);
    expect(r.message).toMatch(message);
  });
});
