/**
 * Mail to a support address becomes tickets and comments (issue 14, items 1–3 and 5), on a real
 * IMAP server (Debian's Dovecot, tests/helpers/dovecot.ts) and a real SMTP server: messages are
 * delivered by IMAP APPEND, the importer runs (its service method; the cron switch is off), and the
 * test checks tickets, comments, attachments, loops, limits, threading both ways and no double import.
 */
import crypto from 'crypto';
import { simpleParser } from 'mailparser';
import { startApp, type TestApp } from '../helpers/strapi';
import { startSmtpServer } from '../helpers/smtp';
import { startDovecot, type Dovecot } from '../helpers/dovecot';
import { composeMail } from '../helpers/mail';
import { fullAccessToken } from '../helpers/auth';
import { desk, uniq, TICKET, NOTIFICATION } from '../helpers/desk';
import { encryptSecret } from '../../src/plugins/support-desk/server/src/mail/secret';

const USER = 'plugin::users-permissions.user';
const ORG = 'api::organization.organization';
const INBOUND = 'plugin::support-desk.inbound-mail';
const SUPPORT = { user: 'support@mail.test', password: 'imap-Test-2026' };
const SALES = { user: 'sales-support@mail.test', password: 'imap-Sales-2026' };
const MAX_BYTES = 60_000;
const SENDER_LIMIT = 8;

let app: TestApp;
let imap: Dovecot;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let d: ReturnType<typeof desk>;
let agentId: number;
let org: any;
let contact: any;
let colleague: any;
let group: any;

const importer = () => app.strapi.plugin('support-desk').service('mail-import');
const deliver = async (options: Parameters<typeof composeMail>[0]) => {
  const mail = await composeMail({ to: SUPPORT.user, ...options });
  await imap.append(SUPPORT, mail.raw);
  return mail;
};
const inboundRow = (messageId: string) => app.strapi.db.query(INBOUND).findOne({ where: { message_id: messageId }, populate: { ticket: true } });
const ticketOf = async (messageId: string) => {
  const row = await inboundRow(messageId);
  return row?.ticket ? app.strapi.db.query(TICKET).findOne({ where: { id: row.ticket.id }, populate: ['organization', 'requester', 'group', 'cc_contacts', 'attachments', 'follow_up_of'] }) : null;
};

async function newContact(o: any, locale: 'en' | 'zh-Hans' = 'en') {
  const name = uniq('m').toLowerCase();
  return app.strapi.db.query(USER).create({
    data: { username: name, email: `${name}@customer.test`, provider: 'local', confirmed: true, blocked: false, full_name: `Mail ${name}`, preferred_locale: locale, organization: o?.id ?? null },
  });
}

beforeAll(async () => {
  imap = await startDovecot([SUPPORT, SALES]);
  smtp = await startSmtpServer();
  const groupCode = 'MAILDESK';
  // The mailbox password is given encrypted (enc:v1:…), as an operator stores it; the key comes from env.
  const key = crypto.randomBytes(32).toString('base64');
  app = await startApp({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_IGNORE_TLS: 'true',
      SMTP_FROM: 'Support Desk <desk@mail.test>',
      MAIL_INBOXES: JSON.stringify([
        { group: groupCode, address: SUPPORT.user, host: imap.host, port: imap.port, secure: false, user: SUPPORT.user, password: encryptSecret(SUPPORT.password, key) },
        { group: groupCode, address: SALES.user, host: imap.host, port: imap.port, secure: false, user: SALES.user, password: SALES.password },
      ]),
      MAIL_SECRET_KEY: key,
      MAIL_MAX_MESSAGE_BYTES: String(MAX_BYTES),
      MAIL_MAX_ATTACHMENT_BYTES: '20000',
      MAIL_SENDER_LIMIT: String(SENDER_LIMIT),
    },
  });
  d = desk(app, await fullAccessToken(app.strapi));
  agentId = (await d.admin('Inbox')).id;
  group = await d.group({ code: groupCode });
  org = await app.strapi.db.query(ORG).create({ data: { name: 'Mail Org', code: uniq('MO-').slice(0, 20) } });
  contact = await newContact(org);
  colleague = await newContact(org, 'zh-Hans');
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await imap?.stop();
  await smtp?.close();
});

describe('a new mail from a known contact', () => {
  let mail: { messageId: string };
  let ticket: any;

  beforeAll(async () => {
    mail = await deliver({
      from: `Mail Contact <${contact.email}>`,
      cc: [colleague.email, 'stranger@elsewhere.test'],
      subject: 'Switch reboots every night',
      html: '<p>Hello,</p><p>Our <b>core switch</b> reboots at 02:00.</p><script>alert(1)</script><p>Regards</p>',
      attachments: [
        { filename: 'crash.txt', content: 'kernel panic at 02:00', contentType: 'text/plain' },
        { filename: 'tool.exe', content: Buffer.alloc(100, 1), contentType: 'application/x-msdownload' },
        { filename: 'huge.txt', content: 'x'.repeat(30_000), contentType: 'text/plain' },
      ],
    });
    const counts = await importer().runOnce();
    expect(counts.imported).toBe(1);
    ticket = await ticketOf(mail.messageId);
  });

  it('opens a ticket for the organization, channel email, in the mailbox group, with the CC contact of the same organization', () => {
    expect(ticket).toBeTruthy();
    expect(ticket.subject).toBe('Switch reboots every night');
    expect(ticket.channel).toBe('email');
    expect(ticket.state).toBe('new');
    expect(ticket.organization.id).toBe(org.id);
    expect(ticket.requester.id).toBe(contact.id);
    expect(ticket.group.id).toBe(group.id);
    expect(ticket.cc_contacts.map((u: any) => u.id)).toEqual([colleague.id]);
  });

  it('keeps the body as plain text (HTML converted, no markup, no script)', () => {
    expect(ticket.description).toMatch(/core switch/i);
    expect(ticket.description).toMatch(/02:00/);
    expect(ticket.description).not.toMatch(/<[a-z]/i);
    expect(ticket.description).not.toMatch(/alert\(1\)/);
  });

  it('stores allowed attachments in the media library, leaves out a refused type and an oversize file, and says so', async () => {
    expect(ticket.attachments.map((f: any) => f.name)).toEqual(['crash.txt']);
    const notes = await d.events(ticket.id, 'comment');
    const note = notes.map((e: any) => e.body).join('\n');
    expect(note).toMatch(/tool\.exe \(type application\/x-msdownload not accepted\)/);
    expect(note).toMatch(/huge\.txt \(\d+ bytes, over the limit\)/);
    expect(notes.every((e: any) => e.visibility === 'internal')).toBe(true);
  });

  it('answers "ticket received" to the requester and the CC, threaded on the customer’s mail', async () => {
    const rows = (await d.notifications({ ticket: { id: ticket.id }, template: 'ticket_created' })) as any[];
    expect(rows.map((r) => r.recipient_email).sort()).toEqual([contact.email, colleague.email].sort());
    expect(rows[0].payload.mail_thread.inReplyTo).toBe(mail.messageId);
    expect(rows[0].payload.mail_thread.references).toContain(`<ticket.${ticket.documentId}@mail.test>`);
    expect(rows[0].payload.mail_thread.replyTo).toBe(SUPPORT.user);
  });

  it('measures the import lag: the delay from arrival in the mailbox to import, and when the mailbox was last read (metrics)', async () => {
    const text = await app.strapi.plugin('support-desk').service('metrics').render();
    const mailbox = SUPPORT.user.toLowerCase();
    const count = new RegExp(`^support_desk_mail_import_delay_seconds_count\\{mailbox="${mailbox.replace(/\./g, '\\.')}"\\} (\\d+)$`, 'm').exec(text);
    expect(Number(count?.[1])).toBeGreaterThanOrEqual(1);
    const sum = new RegExp(`^support_desk_mail_import_delay_seconds_sum\\{mailbox="[^"]+"\\} ([\\d.e+-]+)$`, 'm').exec(text);
    // Delivered moments before the run: a delay of seconds, not negative, not the epoch.
    expect(Number(sum?.[1])).toBeGreaterThanOrEqual(0);
    expect(Number(sum?.[1]) / Number(count?.[1])).toBeLessThan(120);
    const readAt = new RegExp(`^support_desk_mail_import_last_success_timestamp_seconds\\{mailbox="[^"]+"\\} ([\\d.e+-]+)$`, 'm').exec(text);
    expect(Math.abs(Number(readAt?.[1]) - Date.now() / 1000)).toBeLessThan(120);
  });

  it('does not import a message twice: a second run finds nothing new, and the mail is flagged seen', async () => {
    const again = await importer().runOnce();
    expect(again.imported).toBe(0);
    expect(await app.strapi.db.query(INBOUND).count({ where: { message_id: mail.messageId } })).toBe(1);
    const client = await imap.client(SUPPORT);
    try {
      await client.mailboxOpen('INBOX');
      const seen = await client.search({ seen: true }, { uid: true });
      expect((seen || []).length).toBeGreaterThan(0);
    } finally {
      await client.logout();
    }
  });
});

it('one mail sent to two of our support addresses opens one ticket', async () => {
  const mail = await composeMail({ from: contact.email, to: [SUPPORT.user, SALES.user], subject: 'Both addresses', text: 'Hello to both of you.' });
  await imap.append(SUPPORT, mail.raw);
  await imap.append(SALES, mail.raw);
  const counts = await importer().runOnce();
  expect(counts.outcomes).toEqual({ ticket: 1 });
  expect(counts.skipped).toBe(1);
  expect(await app.strapi.db.query(TICKET).count({ where: { subject: 'Both addresses' } })).toBe(1);
  expect(await importer().runOnce()).toMatchObject({ seen: 0, imported: 0 });
});

describe('threading', () => {
  let ticket: any;
  let first: { messageId: string };

  beforeAll(async () => {
    first = await deliver({ from: contact.email, subject: 'Printer jams', text: 'The printer jams on page 2.' });
    await importer().runOnce();
    ticket = await ticketOf(first.messageId);
    await d.walk(ticket.documentId, [{ action: 'triage', assignee: agentId }, { action: 'start' }, { action: 'request_info', message: 'Which tray do you use?' }]);
    await app.strapi.plugin('support-desk').service('notification-dispatcher').drain();
  });

  it('a reply built from our outgoing mail lands on the ticket as a trimmed public comment and resumes it (customer_reply)', async () => {
    const sent = await Promise.all(smtp.mails.filter((m) => m.to.includes(contact.email)).map((m) => simpleParser(m.raw)));
    const ask = sent.find((m) => (m.subject ?? '').includes(ticket.number) && /Awaiting your reply/.test(m.subject ?? ''));
    expect(ask).toBeTruthy();
    // Threaded on the customer's first mail, and answers go to the support mailbox.
    expect(ask!.inReplyTo).toBe(first.messageId);
    expect([ask!.references].flat()).toEqual([first.messageId, `<ticket.${ticket.documentId}@mail.test>`]);
    expect(ask!.replyTo?.value.map((a) => a.address)).toEqual([SUPPORT.user]);
    const reply = await deliver({
      from: contact.email,
      subject: `Re: ${ask!.subject}`,
      inReplyTo: ask!.messageId,
      references: [ask!.messageId!, ...[ask!.references ?? []].flat()],
      text: `Tray 2, the lower one.\n\n-- \nMail Contact\nACME Corp\n\nOn Mon, 1 Dec 2026 at 10:00, Support Desk <desk@mail.test> wrote:\n> Which tray do you use?\n`,
    });
    const counts = await importer().runOnce();
    expect(counts.outcomes).toEqual({ comment: 1 });
    const row = await d.row(ticket.documentId);
    expect(row.state).toBe('in_progress');
    const events = await d.events(ticket.id);
    const answer = events.find((e: any) => e.actor_type === 'customer' && e.body?.startsWith('Tray 2'));
    expect(answer.body).toBe('Tray 2, the lower one.');
    expect(answer.visibility).toBe('public');
    expect((await inboundRow(reply.messageId)).ticket.id).toBe(ticket.id);
  });

  it('the ticket number in the subject threads a reply without headers', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const reply = await deliver({ from: colleague.email, subject: `Re: [${ticket.number}] Printer jams`, text: 'Same here on floor 3.', attachments: [{ filename: 'jam.png', content: png, contentType: 'image/png' }] });
    await importer().runOnce();
    expect((await inboundRow(reply.messageId)).ticket.id).toBe(ticket.id);
    const comment = (await d.events(ticket.id, 'comment')).find((e: any) => e.body?.startsWith('Same here on floor 3.'));
    expect(comment.body).toBe('Same here on floor 3.\n\nAttachments: jam.png');
    expect(comment.visibility).toBe('public');
    const stored = await app.strapi.db.query(TICKET).findOne({ where: { id: ticket.id }, populate: ['attachments'] });
    expect(stored.attachments.map((f: any) => f.name)).toContain('jam.png');
  });

  it('a message that failed is taken again by the next run, although a later one went past it', async () => {
    const tickets = app.strapi.plugin('support-desk').service('tickets');
    const commentOn = tickets.commentOn;
    tickets.commentOn = async () => {
      throw new Error('database hiccup (test)');
    };
    let failing: { messageId: string };
    try {
      failing = await deliver({ from: contact.email, subject: `Re: [${ticket.number}] Printer jams`, text: 'Third answer.' });
      const later = await deliver({ from: contact.email, subject: 'Another printer', text: 'Floor 2 too.' });
      const run = await importer().runOnce();
      expect(run.failed).toBe(1);
      expect(run.outcomes).toEqual({ ticket: 1 });
      expect(await inboundRow(failing.messageId)).toBeNull();
      expect(await ticketOf(later.messageId)).toBeTruthy();
    } finally {
      tickets.commentOn = commentOn;
    }
    expect((await importer().runOnce()).outcomes).toEqual({ comment: 1 });
    expect((await inboundRow(failing.messageId)).ticket.id).toBe(ticket.id);
  });

  it('a sender of another organization naming the number opens a ticket of their own instead', async () => {
    const otherOrg = await app.strapi.db.query(ORG).create({ data: { name: 'Other', code: uniq('OT-').slice(0, 20) } });
    const other = await newContact(otherOrg);
    const mail = await deliver({ from: other.email, subject: `[${ticket.number}] let me in`, text: 'hello' });
    await importer().runOnce();
    const own = await ticketOf(mail.messageId);
    expect(own.id).not.toBe(ticket.id);
    expect(own.organization.id).toBe(otherOrg.id);
  });

  it('a reply to a closed ticket inside the reopen window reopens it; after the window it opens a follow-up linked to it', async () => {
    const fault = await app.strapi.db.query('api::fault-category.fault-category').create({ data: { name: 'Paper path', code: uniq('fc') } });
    const resolve = { action: 'resolve', resolution_method: 'guidance', solution: 'Use tray 1', fault_category: fault.documentId, root_cause: 'Worn roller' };
    const solved = await d.walk(ticket.documentId, [resolve]);
    await app.strapi.plugin('support-desk').service('tickets').transition(ticket.documentId, { action: 'confirm', version: solved.version }, { kind: 'customer', id: contact.id, name: 'c' });
    expect((await d.row(ticket.documentId)).state).toBe('closed');
    await deliver({ from: contact.email, subject: `Re: [${ticket.number}] Printer jams`, text: 'It jams again.' });
    expect((await importer().runOnce()).outcomes).toEqual({ reopened: 1 });
    const reopened = await d.row(ticket.documentId);
    expect(reopened.state).toBe('in_progress');
    expect(reopened.reopen_count).toBe(1);

    const again = await d.walk(ticket.documentId, [resolve]);
    await app.strapi.plugin('support-desk').service('tickets').transition(ticket.documentId, { action: 'confirm', version: again.version }, { kind: 'customer', id: contact.id, name: 'c' });
    await app.strapi.db.query(TICKET).update({ where: { id: ticket.id }, data: { closed_at: new Date(Date.now() - 30 * 86_400_000) } });
    const late = await deliver({ from: contact.email, subject: `Re: [${ticket.number}] Printer jams`, text: 'Months later, it jams.' });
    expect((await importer().runOnce()).outcomes).toEqual({ follow_up: 1 });
    const followUp = await ticketOf(late.messageId);
    expect(followUp.id).not.toBe(ticket.id);
    expect(followUp.follow_up_of.id).toBe(ticket.id);
    expect(followUp.description).toContain(ticket.number);
    expect((await d.row(ticket.documentId)).state).toBe('closed');
  });
});

describe('loops and abuse', () => {
  const ticketsNow = () => app.strapi.db.query(TICKET).count({});

  it('auto-replies, bulk mail, bounces and our own mail create no ticket and trigger no mail', async () => {
    const before = await ticketsNow();
    const outboxBefore = await app.strapi.db.query(NOTIFICATION).count({});
    const mails = [
      await deliver({ from: contact.email, subject: 'Out of office', text: 'I am away', headers: { 'Auto-Submitted': 'auto-replied' } }),
      await deliver({ from: contact.email, subject: 'Newsletter', text: 'news', headers: { Precedence: 'bulk' } }),
      await deliver({ from: 'MAILER-DAEMON@customer.test', subject: 'Undelivered Mail Returned to Sender', text: 'failed' }),
      await deliver({ from: 'desk@mail.test', subject: 'our own', text: 'loop' }),
      await deliver({ from: contact.email, subject: 'Automatic reply: Printer jams', text: 'away' }),
    ];
    const counts = await importer().runOnce();
    expect(counts.outcomes).toEqual({ ignored: mails.length });
    expect(await ticketsNow()).toBe(before);
    expect(await app.strapi.db.query(NOTIFICATION).count({})).toBe(outboxBefore);
    const reasons = await Promise.all(mails.map(async (m) => (await inboundRow(m.messageId)).reason));
    expect(reasons[0]).toMatch(/Auto-Submitted/);
    expect(reasons[1]).toMatch(/Precedence: bulk/);
    expect(reasons[2]).toMatch(/mailer-daemon/i);
    expect(reasons[3]).toMatch(/own address/);
  });

  it('a delivery status notification (multipart/report) is a bounce', async () => {
    const raw = [
      'From: Mail Delivery System <bounces@customer.test>',
      `To: ${SUPPORT.user}`,
      'Subject: Delivery Status Notification (Failure)',
      `Message-ID: <dsn.${uniq()}@customer.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Delivery failed.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Status: 5.1.1',
      '--b1--',
      '',
    ].join('\r\n');
    await imap.append(SUPPORT, raw);
    expect((await importer().runOnce()).outcomes).toEqual({ ignored: 1 });
  });

  it('an unknown sender is refused with a note (MAIL_UNKNOWN_SENDER=refuse), and no ticket is opened', async () => {
    const before = await ticketsNow();
    const mail = await deliver({ from: 'nobody@unknown.test', subject: 'Hi', text: 'Can you help?' });
    expect((await importer().runOnce()).outcomes).toEqual({ refused: 1 });
    expect(await ticketsNow()).toBe(before);
    expect((await inboundRow(mail.messageId)).reason).toMatch(/not a known contact/);
    const notes = await d.notifications({ template: 'mail_refused', recipient_email: 'nobody@unknown.test' });
    expect(notes).toHaveLength(1);
    // Their auto-responder answering our note (without Auto-Submitted) gets no second note the same day: no loop.
    await deliver({ from: 'nobody@unknown.test', subject: `Re: ${notes[0].payload.subject}`, text: 'Thank you for your mail, I am away.' });
    expect((await importer().runOnce()).outcomes).toEqual({ refused: 1 });
    expect(await d.notifications({ template: 'mail_refused', recipient_email: 'nobody@unknown.test' })).toHaveLength(1);
  });

  it('with MAIL_UNKNOWN_SENDER=unverified an unknown sender gets a ticket in the unverified group, without organization and without mail back', async () => {
    const unverified = await d.group({ code: uniq('UNV-').slice(0, 20) });
    app.strapi.config.set('plugin::support-desk.mail.unknownSender', 'unverified');
    app.strapi.config.set('plugin::support-desk.mail.unverifiedGroup', unverified.code);
    try {
      const mail = await deliver({ from: 'Walk In <walkin@unknown.test>', subject: 'New customer here', text: 'Please call me back.' });
      expect((await importer().runOnce()).outcomes).toEqual({ ticket: 1 });
      const t = await ticketOf(mail.messageId);
      expect(t.organization).toBeNull();
      expect(t.requester).toBeNull();
      expect(t.group.id).toBe(unverified.id);
      expect(t.description).toMatch(/From \(unverified sender\): walkin@unknown\.test/);
      expect(await d.notifications({ recipient_email: 'walkin@unknown.test' })).toHaveLength(0);
    } finally {
      app.strapi.config.set('plugin::support-desk.mail.unknownSender', 'refuse');
      app.strapi.config.set('plugin::support-desk.mail.unverifiedGroup', '');
    }
  });

  it('a mail over the size limit is refused with a note naming the limit', async () => {
    const mail = await deliver({ from: contact.email, subject: 'Big logs', text: 'see attached', attachments: [{ filename: 'big.log', content: 'y'.repeat(MAX_BYTES) }] });
    expect((await importer().runOnce()).outcomes).toEqual({ refused: 1 });
    expect(await inboundRow(mail.messageId).then((r) => r.ticket)).toBeFalsy();
    const notes = (await d.notifications({ template: 'mail_refused', recipient_email: contact.email })) as any[];
    expect(notes.map((n) => n.payload.reason).join('\n')).toMatch(/larger than the limit/);
  });

  it('a flooding sender is rate-limited after MAIL_SENDER_LIMIT mails in the window, without answers', async () => {
    const flooder = await newContact(org);
    for (let i = 0; i < SENDER_LIMIT + 2; i += 1) await deliver({ from: flooder.email, subject: `Flood ${i}`, text: `message ${i}` });
    const counts = await importer().runOnce();
    expect(counts.outcomes).toEqual({ ticket: SENDER_LIMIT, rate_limited: 2 });
    expect(await d.notifications({ recipient_email: flooder.email, template: 'mail_refused' })).toHaveLength(0);
  });
});

it('an unreachable mailbox is logged, not thrown: the run reports a failure and imports nothing', async () => {
  const counts = await importer().runOnce();
  expect(counts.failed).toBe(0);
  await imap.stop();
  const down = await importer().runOnce();
  expect(down.failed).toBe(2); // both mailboxes
  expect(down.imported).toBe(0);
});
