/**
 * The support side's output contract (contracts/agent.ts): loaded rows as the query engine gives
 * them — users whole, with password hash and tokens — come out as the whitelisted shapes only.
 */
import { readFileSync } from 'fs';
import path from 'path';
import {
  AGENT_TICKET_AMOUNTS,
  AGENT_TICKET_FIELDS,
  AGENT_TICKET_INSTANTS,
  AGENT_TICKET_POPULATE,
  toAgentEscalation,
  toAgentNotification,
  toAgentTicket,
  toAgentVisit,
  toContactRef,
  toStaffRef,
} from '../../src/plugins/support-desk/server/src/contracts/agent';

const SECRETS = { password: '$2a$10$hash', resetPasswordToken: 'reset-1', registrationToken: 'reg-1', confirmationToken: 'conf-1', resetPasswordTokenExpiresAt: '2030-01-01T00:00:00.000Z', isActive: true, blocked: false, roles: [{ id: 1, code: 'strapi-super-admin' }] };
const admin = { id: 7, documentId: 'adm7', firstname: 'Root', lastname: 'Admin', email: 'root@example.test', username: null, preferedLanguage: 'en', ...SECRETS };
const contact = { id: 3, documentId: 'usr3', username: 'li.wei', email: 'li.wei@customer.test', full_name: 'Li Wei', phone: '+86 21 5555', provider: 'local', confirmed: true, role: { id: 2 }, ...SECRETS };

const leaks = (value: unknown) => JSON.stringify(value).match(/password|Token|\$2a\$|reset-1|reg-1|conf-1|isActive|roles|provider/g) ?? [];

describe('people', () => {
  it('an admin user is id, documentId, name and e-mail', () => {
    expect(toStaffRef(admin)).toEqual({ id: 7, documentId: 'adm7', name: 'Root Admin', email: 'root@example.test' });
    expect(toStaffRef({ id: 8, email: 'x@example.test' })).toEqual({ id: 8, documentId: null, name: null, email: 'x@example.test' });
    expect(toStaffRef(null)).toBeNull();
    expect(toStaffRef(undefined)).toBeNull();
  });

  it('a customer contact is id, documentId, username, name, e-mail and phone', () => {
    expect(toContactRef(contact)).toEqual({ id: 3, documentId: 'usr3', username: 'li.wei', name: 'Li Wei', email: 'li.wei@customer.test', phone: '+86 21 5555' });
    expect(toContactRef({ id: 4, username: 'zhang' })).toMatchObject({ name: 'zhang', email: null, phone: null });
  });
});

describe('tickets', () => {
  const row = {
    id: 1, documentId: 't1', number: 'TS-000001', subject: 'Switch down', state: 'in_progress', version: 4, publishedAt: '2026-01-01T00:00:00.000Z', locale: null,
    createdAt: new Date('2026-01-01T00:00:00.000Z'), updatedAt: '2026-01-02T00:00:00.000Z', first_response_due_at: null,
    requester: contact, assignee: admin,
    organization: { id: 2, documentId: 'o2', name: 'Acme', code: 'ACME', phone: '123', contacts: [contact] },
    group: { id: 5, documentId: 'g5', name: 'East', code: 'EAST', lead: admin, members: [admin] },
    asset: { id: 6, documentId: 'a6', serial_number: 'SN-1', model: 'SW', product_line: 'Switches', organization: { id: 2 } },
    sla_contract: null, fault_category: { id: 9, documentId: 'f9', name: 'Power', code: 'PWR', parent: { id: 1 } },
    unknown_future_field: 'hidden', survey: { token: 'survey-secret' },
  };

  it('keeps every listed field and the relations as references, nothing else', () => {
    const t = toAgentTicket(row);
    // related_articles only when the loader read them (a transition's answer leaves them out).
    expect(Object.keys(t).sort()).toEqual(['id', 'documentId', ...AGENT_TICKET_FIELDS, ...AGENT_TICKET_INSTANTS, ...AGENT_TICKET_AMOUNTS, ...AGENT_TICKET_POPULATE.filter((f) => f !== 'related_articles')].sort());
    expect(t).toMatchObject({ id: 1, documentId: 't1', number: 'TS-000001', state: 'in_progress', version: 4, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z', description: null });
    expect(t.assignee).toEqual({ id: 7, documentId: 'adm7', name: 'Root Admin', email: 'root@example.test' });
    expect(t.requester).toEqual(toContactRef(contact));
    expect(t.organization).toEqual({ id: 2, documentId: 'o2', name: 'Acme', code: 'ACME' });
    expect(t.group).toEqual({ id: 5, documentId: 'g5', name: 'East', code: 'EAST' });
    expect(t.asset).toEqual({ id: 6, documentId: 'a6', serial_number: 'SN-1', model: 'SW', product_line: 'Switches' });
    expect(t.sla_contract).toBeNull();
    expect(leaks(t)).toEqual([]);
    expect(JSON.stringify(t)).not.toMatch(/survey-secret|unknown_future_field/);
  });

  it('shows CC contacts, the ticket followed up and mail attachments as references only', () => {
    const t = toAgentTicket({
      ...row,
      cc_contacts: [contact],
      follow_up_of: { id: 8, documentId: 't8', number: 'TS-000008', state: 'closed', description: 'secret text' },
      attachments: [{ id: 3, name: 'log.txt', mime: 'text/plain', size: 1.2, url: '/uploads/log.txt', hash: 'h', provider_metadata: { key: 'k' }, related: [row] }],
    });
    expect(t.cc_contacts).toEqual([toContactRef(contact)]);
    expect(t.follow_up_of).toEqual({ id: 8, documentId: 't8', number: 'TS-000008', state: 'closed' });
    expect(t.attachments).toEqual([{ id: 3, name: 'log.txt', mime: 'text/plain', size: 1.2, url: '/uploads/log.txt' }]);
    expect(leaks(t)).toEqual([]);
    expect(toAgentTicket(row)).toMatchObject({ cc_contacts: [], follow_up_of: null, attachments: [] });
  });

  it('shows related KB articles once per article and language (a ticket links the draft and the published row), as references only', () => {
    const draft = { id: 20, documentId: 'kb1', locale: 'en', title: 'VLAN basics', slug: 'vlan-basics', body: 'secret body', publishedAt: null, createdBy: admin };
    const t = toAgentTicket({ ...row, related_articles: [draft, { ...draft, id: 21, publishedAt: '2026-01-01T00:00:00.000Z' }, { ...draft, id: 22, locale: 'zh-Hans', title: 'VLAN 基础' }] });
    expect(t.related_articles).toEqual([
      { id: 20, documentId: 'kb1', locale: 'en', title: 'VLAN basics', slug: 'vlan-basics' },
      { id: 22, documentId: 'kb1', locale: 'zh-Hans', title: 'VLAN 基础', slug: 'vlan-basics' },
    ]);
    expect(leaks(t)).toEqual([]);
    expect(JSON.stringify(t)).not.toMatch(/secret body/);
    expect(toAgentTicket({ ...row, related_articles: [] }).related_articles).toEqual([]);
    expect('related_articles' in toAgentTicket(row)).toBe(false);
  });

  it('lists every stored ticket attribute that is not a relation (a new field is a decision, not an accident)', () => {
    const schemaPath = path.resolve(__dirname, '../../src/api/ticket/content-types/ticket/schema.json');
    const attributes = JSON.parse(readFileSync(schemaPath, 'utf8')).attributes as Record<string, { type: string }>;
    // Media (attachments) are references like relations: the contract shows them as AttachmentRef.
    const scalars = Object.entries(attributes).filter(([, a]) => a.type !== 'relation' && a.type !== 'media').map(([k]) => k);
    expect([...AGENT_TICKET_FIELDS, ...AGENT_TICKET_INSTANTS, ...AGENT_TICKET_AMOUNTS].filter((f) => f !== 'createdAt' && f !== 'updatedAt').sort()).toEqual(scalars.sort());
  });
});

describe('records on a ticket', () => {
  it('escalations and visits name people by reference', () => {
    const ticket = { id: 1, documentId: 't1', number: 'TS-1', state: 'in_progress', version: 3, escalation_level: 1, requester: contact };
    const e = toAgentEscalation({ id: 2, documentId: 'e2', department: 'rd', reason: 'why', level: 1, state: 'open', ticket, raised_by: admin, contact: admin, answered_at: null });
    expect(e.raised_by).toEqual(toStaffRef(admin));
    expect(e.ticket).toEqual({ id: 1, documentId: 't1', number: 'TS-1', state: 'in_progress', version: 3, escalation_level: 1 });
    const v = toAgentVisit({ id: 3, documentId: 'v3', state: 'scheduled', scheduled_start: new Date('2030-01-01T01:00:00Z'), ticket, engineer: admin });
    expect(v).toMatchObject({ scheduled_start: '2030-01-01T01:00:00.000Z', arrived_at: null, engineer: toStaffRef(admin) });
    expect(leaks([e, v])).toEqual([]);
  });

  it('a notification shows no claim and no survey credential', () => {
    const base = { id: 4, documentId: 'n4', recipient_email: 'li.wei@customer.test', template: 'survey_invitation', message_locale: 'en', state: 'pending', attempts: 0, dedupe_key: 'k', claim_token: 'claim', claimed_at: '2030-01-01T00:00:00Z' };
    const n = toAgentNotification({ ...base, payload: { number: 'TS-1', token: 'survey-secret', url: 'https://x/survey?token=survey-secret' } });
    expect(n.payload).toEqual({ number: 'TS-1' });
    expect(n).not.toHaveProperty('claim_token');
    expect(n).not.toHaveProperty('claimed_at');
    expect(n).not.toHaveProperty('ticket');
    // Other templates keep their links.
    expect(toAgentNotification({ ...base, template: 'ticket_update', payload: { url: 'https://x/t/1' }, ticket: { id: 1, documentId: 't1', number: 'TS-1', subject: 's' } })).toMatchObject({
      payload: { url: 'https://x/t/1' },
      ticket: { id: 1, documentId: 't1', number: 'TS-1', subject: 's' },
    });
  });
});
