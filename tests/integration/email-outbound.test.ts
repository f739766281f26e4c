/**
 * Mail to customers about their tickets (issue 14, item 4), delivered through the outbox to a real
 * SMTP server (npm smtp-server on 127.0.0.1): ticket received, a public agent comment, a proposed
 * solution asking for approval, resolved and closed reach the requester and the CC'd contacts of
 * the same organization, each in their language, threaded by Message-ID / In-Reply-To / References;
 * internal comments and a customer's own comment mail nobody; each kind can be switched off per
 * organization. The resolved mail to the requester carries the satisfaction-survey link (no mail of
 * its own); only without a resolved mail the survey goes alone, threaded too.
 */
import crypto from 'crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { startApp, type TestApp } from '../helpers/strapi';
import { startSmtpServer } from '../helpers/smtp';
import { fullAccessToken } from '../helpers/auth';
import { desk, uniq, NOTIFICATION } from '../helpers/desk';

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let d: ReturnType<typeof desk>;
let agentId: number;

const USER = 'plugin::users-permissions.user';
const ORG = 'api::organization.organization';
const DOMAIN = 'mail.test';

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startApp({
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_IGNORE_TLS: 'true', SMTP_FROM: `Support Desk <desk@${DOMAIN}>`, PUBLIC_URL: 'https://desk.example.test' },
  });
  d = desk(app, await fullAccessToken(app.strapi));
  agentId = (await d.admin('Mailer')).id;
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

async function contact(org: { id: number } | null, locale: 'en' | 'zh-Hans') {
  const name = uniq('c').toLowerCase();
  return app.strapi.db.query(USER).create({
    data: { username: name, email: `${name}@customer.test`, provider: 'local', confirmed: true, blocked: false, full_name: `Contact ${name}`, preferred_locale: locale, ...(org ? { organization: org.id } : {}) },
  });
}
const org = (extra: Record<string, unknown> = {}) => app.strapi.db.query(ORG).create({ data: { name: `Org ${uniq()}`, code: uniq('O-').slice(0, 20), ...extra } });

async function ticketFor(requester: any, organization: any, cc: any[] = []) {
  return d.ticket({ type: 'consultation', subject: 'Export logs', requester: requester.documentId, organization: organization.documentId, cc_contacts: cc.map((c) => c.documentId) });
}
const rowsOf = async (ticketId: number) => (await d.notifications({ ticket: { id: ticketId } })) as any[];
const service = () => app.strapi.plugin('support-desk').service('notification-dispatcher');
async function delivered(): Promise<Array<ParsedMail & { to_: string[] }>> {
  await service().drain();
  return Promise.all(smtp.mails.map(async (m) => Object.assign(await simpleParser(m.raw), { to_: m.to })));
}

describe('a ticket walked from received to closed', () => {
  let o: any, requester: any, colleague: any, outsider: any, t: any, ticketRow: any;

  beforeAll(async () => {
    o = await org();
    requester = await contact(o, 'en');
    colleague = await contact(o, 'zh-Hans');
    outsider = await contact(await org(), 'en');
    t = await ticketFor(requester, o, [colleague, outsider]);
    ticketRow = await d.row(t.documentId);
    await d.walk(t.documentId, [{ action: 'triage', assignee: agentId }, { action: 'start' }]);
    expect((await d.api.post(`/api/support-desk/tickets/${t.documentId}/comments`, { body: 'Internal: check the firmware first', visibility: 'internal' })).status).toBe(201);
    expect((await d.api.post(`/api/support-desk/tickets/${t.documentId}/comments`, { body: 'Please try Menu → Export.', visibility: 'public' })).status).toBe(201);
    // The customer's own comment (as the customer API writes it) mails nobody.
    await app.strapi.plugin('support-desk').service('tickets').comment(t.documentId, { body: 'Where is the menu?' }, { kind: 'customer', id: requester.id, name: 'Requester' });
    await d.walk(t.documentId, [{ action: 'propose_solution', solution: 'Menu → Export → Logs' }, { action: 'approve_solution' }, { action: 'resolve', resolution_method: 'guidance', solution: 'Menu → Export → Logs' }]);
    const resolved = await d.row(t.documentId);
    await app.strapi.plugin('support-desk').service('tickets').transition(t.documentId, { action: 'confirm', version: resolved.version }, { kind: 'customer', id: requester.id, name: 'Requester' });
  });

  it('queues one mail per kind and recipient: the requester and the CC of the same organization, never the outsider', async () => {
    const rows = await rowsOf(ticketRow.id);
    const byTemplate = (tpl: string) => rows.filter((r) => r.template === tpl).map((r) => r.recipient_email).sort();
    const both = [requester.email, colleague.email].sort();
    for (const tpl of ['ticket_created', 'public_comment', 'solution_proposed', 'ticket_resolved', 'ticket_closed']) expect(byTemplate(tpl)).toEqual(both);
    expect(rows.map((r) => r.recipient_email)).not.toContain(outsider.email);
    // Internal comment and the customer's own comment: no public_comment beyond the agent's one.
    expect(rows.filter((r) => r.template === 'public_comment')).toHaveLength(2);
    expect(rows.find((r) => r.template === 'public_comment').payload.body).toBe('Please try Menu → Export.');
    expect(rows.filter((r) => r.recipient_email === requester.email).every((r) => r.message_locale === 'en')).toBe(true);
    expect(rows.filter((r) => r.recipient_email === colleague.email).every((r) => r.message_locale === 'zh-Hans')).toBe(true);
  });

  it('delivers them in the recipient language, with the ticket number, threaded on the ticket; the survey link rides on the requester\'s resolved mail', async () => {
    const all = (await delivered()).filter((m) => m.to_.includes(requester.email) || m.to_.includes(colleague.email));
    // One mail per kind and recipient, no separate survey invitation.
    expect(all).toHaveLength(10);
    expect(all.filter((m) => /How did we do\?|请评价我们的服务/.test(m.subject ?? ''))).toHaveLength(0);
    const root = `<ticket.${t.documentId}@${DOMAIN}>`;
    for (const m of all) {
      expect(m.subject).toContain(`[${t.number}]`);
      expect(m.messageId).toMatch(new RegExp(`@${DOMAIN.replace('.', '\\.')}>$`));
      expect(m.inReplyTo).toBe(root);
      expect([m.references].flat()).toContain(root);
      expect(m.text).not.toMatch(/do not reply/);
    }
    const toRequester = all.filter((m) => m.to_.includes(requester.email));
    expect(toRequester.map((m) => m.subject).join('\n')).toMatch(/We have received your request/);
    expect(toRequester.map((m) => m.subject).join('\n')).toMatch(/Please approve the proposed solution/);
    const toColleague = all.filter((m) => m.to_.includes(colleague.email));
    expect(toColleague.map((m) => m.subject).join('\n')).toMatch(/您的工单已受理/);
    const solution = toRequester.find((m) => /approve/.test(m.subject ?? ''))!;
    expect(solution.text).toContain('Menu → Export → Logs');

    // The resolved mail: the requester's (English) holds the survey link, whose token is the ticket's survey.
    const resolvedMail = toRequester.find((m) => /Your request is resolved/.test(m.subject ?? ''))!;
    const link = /https:\/\/desk\.example\.test\/survey\?token=([A-Za-z0-9_-]{43})/.exec(resolvedMail.text ?? '');
    expect(link).not.toBeNull();
    expect(resolvedMail.text).toMatch(/Rate our service/);
    expect(resolvedMail.html).toContain(`href="${link![0]}"`);
    const survey = await app.strapi.db.query('api::satisfaction-survey.satisfaction-survey').findOne({ where: { ticket: { id: ticketRow.id } } });
    expect(survey.token).toBe(crypto.createHash('sha256').update(link![1]).digest('hex'));
    const answered = await app.http().post('/api/support-desk/surveys/lookup').send({ token: link![1] });
    expect(answered.status).toBe(200);
    expect(answered.body.data.ticket.number).toBe(t.number);
    // The CC'd colleague's resolved mail (zh-Hans) has no link: the survey answers for the requester.
    const colleagueResolved = toColleague.find((m) => /工单已解决/.test(m.subject ?? ''))!;
    expect(colleagueResolved.text).not.toMatch(/survey\?token=/);
  });
});

it('resolved mails switched off: the survey goes alone, threaded on the ticket, in the requester language', async () => {
  const quiet = await org({ mail_on_resolved: false });
  const requester = await contact(quiet, 'zh-Hans');
  const t = await ticketFor(requester, quiet);
  const row = await d.row(t.documentId);
  await d.walk(t.documentId, [{ action: 'triage', assignee: agentId }, { action: 'start' }, { action: 'resolve', resolution_method: 'guidance', solution: 'Restart it' }]);
  const rows = await rowsOf(row.id);
  expect(rows.filter((r: any) => r.template === 'ticket_resolved')).toHaveLength(0);
  expect(rows.filter((r: any) => r.template === 'survey_invitation').map((r: any) => r.recipient_email)).toEqual([requester.email]);
  const mails = (await delivered()).filter((m) => m.to_.includes(requester.email));
  const invitation = mails.find((m) => /请评价我们的服务/.test(m.subject ?? ''))!;
  expect(invitation).toBeDefined();
  expect(invitation.subject).toContain(`[${t.number}]`);
  expect(invitation.inReplyTo).toBe(`<ticket.${t.documentId}@${DOMAIN}>`);
  expect(invitation.text).toMatch(/https:\/\/desk\.example\.test\/survey\?token=[A-Za-z0-9_-]{43}/);
});

it('customer mail off for the whole app (no e-mail channel to customers): the survey still goes alone', async () => {
  const cfg = app.strapi.config.get('plugin::support-desk') as any;
  const o = await org();
  const requester = await contact(o, 'en');
  const t = await ticketFor(requester, o);
  const row = await d.row(t.documentId);
  cfg.mail.customerNotifications = false;
  try {
    await d.walk(t.documentId, [{ action: 'triage', assignee: agentId }, { action: 'start' }, { action: 'resolve', resolution_method: 'guidance', solution: 'Restart it' }]);
  } finally {
    cfg.mail.customerNotifications = true;
  }
  const templates = (await rowsOf(row.id)).map((r: any) => r.template);
  expect(templates).not.toContain('ticket_resolved');
  expect(templates.filter((x: string) => x === 'survey_invitation')).toHaveLength(1);
});

it('an organization switches a kind off: no comment mail, the other kinds still go', async () => {
  const quiet = await org({ mail_on_comment: false, mail_on_received: true });
  const requester = await contact(quiet, 'en');
  const t = await ticketFor(requester, quiet);
  const row = await d.row(t.documentId);
  await d.walk(t.documentId, [{ action: 'triage', assignee: agentId }, { action: 'start' }]);
  expect((await d.api.post(`/api/support-desk/tickets/${t.documentId}/comments`, { body: 'A public answer', visibility: 'public' })).status).toBe(201);
  await d.walk(t.documentId, [{ action: 'request_info', message: 'Send the log please' }]);
  const templates = (await rowsOf(row.id)).map((r: any) => r.template);
  expect(templates).toContain('ticket_created');
  expect(templates).not.toContain('public_comment');
  expect(templates).not.toContain('ticket_status_changed');
});

it('a ticket without a requester e-mail queues nothing and the change still succeeds', async () => {
  const o = await org();
  const t = await d.ticket({ subject: 'Phone call', organization: o.documentId });
  const row = await d.row(t.documentId);
  expect(await rowsOf(row.id)).toHaveLength(0);
  expect((await app.strapi.db.query(NOTIFICATION).count({ where: { template: 'ticket_created', ticket: { id: row.id } } }))).toBe(0);
});
