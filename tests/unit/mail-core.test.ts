/** The pure core of the e-mail channel: threading, loop classification, reply trimming, inbound decisions, customer mail plan, secrets. */
import { bareAddress, extractMessageIds, threadMailOptions, notificationOfMessageId, subjectTicketNumber, threadHeaders, threadKeys, ticketOfThreadId, ticketThreadId } from '../../src/plugins/support-desk/server/src/mail/headers';
import { classifyMail } from '../../src/plugins/support-desk/server/src/mail/classify';
import { trimReply } from '../../src/plugins/support-desk/server/src/mail/reply';
import { attachmentTypeAllowed, decideInbound, withinReopenWindow, type InboundFacts } from '../../src/plugins/support-desk/server/src/mail/inbound';
import { planCustomerMails, templateFor, uniqueRecipients, type MailEvent } from '../../src/plugins/support-desk/server/src/mail/outbound';
import { decryptSecret, encryptSecret, isEncrypted } from '../../src/plugins/support-desk/server/src/mail/secret';

describe('threading headers', () => {
  it('extracts bracketed ids from headers in any shape, deduplicated', () => {
    expect(extractMessageIds('<a@x> <b@y>\r\n <a@x>')).toEqual(['<a@x>', '<b@y>']);
    expect(extractMessageIds(['<a@x>', '<c@z>'])).toEqual(['<a@x>', '<c@z>']);
    expect(extractMessageIds('bare@host')).toEqual(['<bare@host>']);
    expect(extractMessageIds(undefined)).toEqual([]);
    expect(extractMessageIds('no id here')).toEqual([]);
  });

  it('a ticket root round-trips; other ids are not roots', () => {
    const root = ticketThreadId('abc123', 'mail.test');
    expect(root).toBe('<ticket.abc123@mail.test>');
    expect(ticketOfThreadId(root)).toBe('abc123');
    expect(ticketOfThreadId('<abc123@mail.test>')).toBeNull();
    expect(notificationOfMessageId('<k2x9v0m1q8w7e6r5t4y3u2i1@mail.test>')).toBe('k2x9v0m1q8w7e6r5t4y3u2i1');
  });

  it('customer mail answers the opening mail when there is one, and references the root', () => {
    expect(threadHeaders('abc', 'd.test')).toEqual({ inReplyTo: '<ticket.abc@d.test>', references: '<ticket.abc@d.test>' });
    expect(threadHeaders('abc', 'd.test', '<first@customer.test>')).toEqual({ inReplyTo: '<first@customer.test>', references: '<first@customer.test> <ticket.abc@d.test>' });
  });

  it('thread keys: roots, all ids, the subject tag', () => {
    const keys = threadKeys({ inReplyTo: '<n1@d.test>', references: '<first@c.test> <ticket.abc@d.test> <n1@d.test>', subject: 'Re: [ts-000042] Printer' });
    expect(keys).toEqual({ ticketDocumentIds: ['abc'], messageIds: ['<n1@d.test>', '<first@c.test>', '<ticket.abc@d.test>'], number: 'TS-000042' });
    expect(subjectTicketNumber('TS-000042 without brackets')).toBeNull();
  });

  it('the dispatcher reads only well-formed thread options from a payload', () => {
    expect(threadMailOptions({ number: 'x', mail_thread: { inReplyTo: '<a@c.test>', references: '<a@c.test> <ticket.abc@d.test>', replyTo: 'Support <support@d.test>' } })).toEqual({
      inReplyTo: '<a@c.test>',
      references: '<a@c.test> <ticket.abc@d.test>',
      replyTo: 'support@d.test',
    });
    expect(threadMailOptions({ mail_thread: { inReplyTo: 'x\r\nBcc: evil@x.test', replyTo: 'a@b.c\r\nBcc: e@x' } })).toEqual({});
    expect(threadMailOptions({ number: 'x' })).toEqual({});
    expect(threadMailOptions(null)).toEqual({});
  });

  it('bare addresses', () => {
    expect(bareAddress('Li Wei <Li.Wei@Example.TEST>')).toBe('li.wei@example.test');
    expect(bareAddress('not an address')).toBe('');
  });
});

describe('loop and bounce classification', () => {
  const ours = ['desk@mail.test', 'support@mail.test'];
  const human = (headers: Record<string, string> = {}, from = 'li@customer.test', subject = 'Printer jams') => classifyMail({ headers, from, subject, ourAddresses: ours });

  it('a person writing is human', () => {
    expect(human()).toEqual({ kind: 'human' });
    expect(human({ 'Auto-Submitted': 'no' })).toEqual({ kind: 'human' });
    expect(human({ Precedence: 'first-class' })).toEqual({ kind: 'human' });
  });

  it('machines are recognised by their headers', () => {
    expect(human({ 'auto-submitted': 'auto-replied' }).kind).toBe('auto_reply');
    expect(human({ 'Auto-Submitted': 'auto-generated' }).kind).toBe('auto_reply');
    expect(human({ 'X-Autoreply': 'yes' }).kind).toBe('auto_reply');
    for (const p of ['bulk', 'junk', 'list', 'auto_reply']) expect(human({ Precedence: p }).kind).toBe('bulk');
    expect(human({ 'Content-Type': 'multipart/report; report-type=delivery-status' }).kind).toBe('bounce');
    expect(human({ 'Return-Path': '< >' }).kind).toBe('bounce');
    expect(human({}, 'MAILER-DAEMON@customer.test').kind).toBe('bounce');
    expect(human({}, 'postmaster@customer.test').kind).toBe('bounce');
  });

  it('our own mail is a loop, by address or by our header', () => {
    expect(human({}, 'Support@Mail.test').kind).toBe('loop');
    expect(human({ 'X-Support-Desk-Notification': 'abc' }).kind).toBe('loop');
  });

  it('out-of-office subjects, in English and Chinese', () => {
    for (const s of ['Out of Office: Printer', 'Automatic reply: x', 'Auto: away', '自动回复：休假中']) expect(human({}, 'li@customer.test', s).kind).toBe('auto_reply');
    expect(human({}, 'li@customer.test', 'Re: Automatic reply settings do not work').kind).toBe('human');
  });
});

describe('reply trimming (the documented rule)', () => {
  it('cuts at an attribution line, also one wrapped over two lines', () => {
    expect(trimReply('Tray 2.\n\nOn Mon, 1 Dec 2026, Desk <d@x> wrote:\n> Which tray?')).toBe('Tray 2.');
    expect(trimReply('Tray 2.\n\nOn Mon, 1 Dec 2026 at 10:00, Support Desk\n<d@x> wrote:\n> q')).toBe('Tray 2.');
    expect(trimReply('好的，已重启。\n\n在 2026年12月1日 10:00，技术支持 写道：\n> 请重启')).toBe('好的，已重启。');
  });

  it('cuts at Outlook headers and separators', () => {
    expect(trimReply('Done.\n-----Original Message-----\nFrom: Desk\nSent: Monday')).toBe('Done.');
    expect(trimReply('Done.\n\nFrom: Support Desk <d@x>\nSent: Monday, 1 December 2026 10:00\nTo: me')).toBe('Done.');
    expect(trimReply('Done.\n________________________________\nFrom: Desk')).toBe('Done.');
  });

  it('drops quoted lines and cuts at a signature', () => {
    expect(trimReply('> old\nNew text\n> more old\nline 2\n-- \nLi Wei\nACME')).toBe('New text\nline 2');
    expect(trimReply('Fixed, thanks\n\nSent from my iPhone')).toBe('Fixed, thanks');
  });

  it('keeps a From: line that is content, and never returns nothing for a quote-only reply', () => {
    expect(trimReply('From: the log I see errors\nat boot')).toBe('From: the log I see errors\nat boot');
    expect(trimReply('> only a quote')).toBe('');
    expect(trimReply('On Mon, X wrote:\n> q\nlate answer below')).toBe('On Mon, X wrote:\nlate answer below');
  });
});

describe('inbound decisions', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const base: InboundFacts = {
    verdict: { kind: 'human' },
    size: 1000,
    maxSize: 10_000,
    recentFromSender: 0,
    senderLimit: 5,
    sender: { id: 1, organizationId: 10 },
    ticket: null,
    reopenWindowDays: 7,
    unknownSender: 'refuse',
    now,
  };
  const ticket = (state: string, extra: Partial<NonNullable<InboundFacts['ticket']>> = {}) => ({ id: 99, state, closedAt: null, requesterId: 1, organizationId: 10, ccIds: [], ...extra });

  it('checks in order: machines, size, flood', () => {
    expect(decideInbound({ ...base, verdict: { kind: 'bounce', reason: 'x' }, size: 1e9, recentFromSender: 99 }).action).toBe('ignore');
    expect(decideInbound({ ...base, size: 20_000, recentFromSender: 99 })).toMatchObject({ action: 'refuse', reason: expect.stringMatching(/larger than the limit/) });
    expect(decideInbound({ ...base, recentFromSender: 5 }).action).toBe('rate_limit');
    expect(decideInbound({ ...base, recentFromSender: 4 }).action).toBe('ticket');
  });

  it('a reply to a ticket the sender may write to: comment, reopen, follow-up', () => {
    expect(decideInbound({ ...base, ticket: ticket('awaiting_customer') })).toEqual({ action: 'comment', ticketId: 99 });
    expect(decideInbound({ ...base, ticket: ticket('in_progress') })).toEqual({ action: 'comment', ticketId: 99 });
    expect(decideInbound({ ...base, ticket: ticket('resolved') })).toEqual({ action: 'reopen', ticketId: 99 });
    expect(decideInbound({ ...base, ticket: ticket('closed', { closedAt: '2026-11-25T00:00:00Z' }) })).toEqual({ action: 'reopen', ticketId: 99 });
    expect(decideInbound({ ...base, ticket: ticket('closed', { closedAt: '2026-11-23T23:59:59Z' }) })).toEqual({ action: 'follow_up', ticketId: 99 });
    expect(decideInbound({ ...base, ticket: ticket('cancelled') })).toEqual({ action: 'follow_up', ticketId: 99 });
  });

  it('who may write to a ticket: requester, CC, a contact of its organization — not others', () => {
    expect(decideInbound({ ...base, sender: { id: 2, organizationId: 10 }, ticket: ticket('in_progress') }).action).toBe('comment');
    expect(decideInbound({ ...base, sender: { id: 3, organizationId: 11 }, ticket: ticket('in_progress', { ccIds: [3] }) }).action).toBe('comment');
    expect(decideInbound({ ...base, sender: { id: 4, organizationId: 11 }, ticket: ticket('in_progress') })).toEqual({ action: 'ticket', unverified: false });
    expect(decideInbound({ ...base, sender: null, ticket: ticket('in_progress') }).action).toBe('refuse');
  });

  it('an unknown sender: refused, or an unverified ticket when configured', () => {
    expect(decideInbound({ ...base, sender: null })).toMatchObject({ action: 'refuse', reason: expect.stringMatching(/not a known contact/) });
    expect(decideInbound({ ...base, sender: { id: 5, organizationId: null } }).action).toBe('refuse');
    expect(decideInbound({ ...base, sender: null, unknownSender: 'unverified' })).toEqual({ action: 'ticket', unverified: true });
  });

  it('reopen window boundary is included; no closed_at is outside', () => {
    expect(withinReopenWindow('2026-11-24T00:00:00Z', 7, now)).toBe(true);
    expect(withinReopenWindow(null, 7, now)).toBe(false);
  });

  it('attachment type allow list with families', () => {
    const list = 'image/*,application/pdf,application/vnd.openxmlformats-officedocument.*';
    expect(attachmentTypeAllowed('image/png', list)).toBe(true);
    expect(attachmentTypeAllowed('APPLICATION/PDF', list)).toBe(true);
    expect(attachmentTypeAllowed('application/vnd.openxmlformats-officedocument.wordprocessingml.document', list)).toBe(true);
    expect(attachmentTypeAllowed('application/x-msdownload', list)).toBe(false);
    expect(attachmentTypeAllowed('imagex/png', list)).toBe(false);
  });
});

describe('customer mail plan', () => {
  const ticket = { id: 1, documentId: 'doc1', number: 'TS-000001', subject: 'Printer', priority: 'P3', solution: 'Use tray 1' };
  const people = [{ email: 'a@c.test', locale: 'en' }, { email: 'A@c.test' }, { email: 'b@c.test', locale: 'zh-Hans' }];
  const ev = (e: Partial<MailEvent>): MailEvent => ({ id: 7, kind: 'transition', visibility: 'public', actorKind: 'agent', ...e });

  it('maps events to templates; internal events and the customer’s own comment mail nobody', () => {
    expect(templateFor(ev({ kind: 'created' }))?.template).toBe('ticket_created');
    expect(templateFor(ev({ kind: 'comment', body: 'x' }))?.template).toBe('public_comment');
    expect(templateFor(ev({ kind: 'comment', actorKind: 'customer', body: 'x' }))).toBeNull();
    expect(templateFor(ev({ kind: 'comment', visibility: 'internal', body: 'x' }))).toBeNull();
    expect(templateFor(ev({ to: 'solution_proposed' }))?.template).toBe('solution_proposed');
    expect(templateFor(ev({ to: 'resolved' }))?.template).toBe('ticket_resolved');
    expect(templateFor(ev({ to: 'closed', actorKind: 'system' }))?.template).toBe('ticket_closed');
    expect(templateFor(ev({ to: 'awaiting_customer' }))?.template).toBe('ticket_status_changed');
    expect(templateFor(ev({ to: 'in_progress' }))).toBeNull();
    expect(templateFor(ev({ to: 'cancelled', visibility: 'internal' }))).toBeNull();
    expect(templateFor(ev({ kind: 'assignment' }))).toBeNull();
  });

  it('one message per unique recipient, with a dedupe key per event and address', () => {
    const plan = planCustomerMails({ event: ev({ to: 'solution_proposed', body: 'Use tray 1' }), ticket, recipients: people });
    expect(plan.map((p) => p.to.email)).toEqual(['a@c.test', 'b@c.test']);
    expect(plan.map((p) => p.dedupeKey)).toEqual(['customer-mail:7:a@c.test', 'customer-mail:7:b@c.test']);
    expect(plan[0].payload).toMatchObject({ number: 'TS-000001', solution: 'Use tray 1' });
    expect(uniqueRecipients([null, { email: ' ' }, { email: 'x@y.z' }])).toEqual([{ email: 'x@y.z' }]);
  });

  it('an organization switch off (false) stops that kind; null counts as on', () => {
    expect(planCustomerMails({ event: ev({ kind: 'created' }), ticket, recipients: people, switches: { mail_on_received: false } })).toEqual([]);
    expect(planCustomerMails({ event: ev({ kind: 'created' }), ticket, recipients: people, switches: { mail_on_received: null, mail_on_comment: false } })).toHaveLength(2);
  });
});

describe('mailbox password encryption', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  it('round-trips, and a plain value passes through', () => {
    const enc = encryptSecret('app-password', key);
    expect(isEncrypted(enc)).toBe(true);
    expect(enc).not.toContain('app-password');
    expect(decryptSecret(enc, key)).toBe('app-password');
    expect(decryptSecret(enc, Buffer.alloc(32, 7).toString('hex'))).toBe('app-password');
    expect(decryptSecret('plain', '')).toBe('plain');
  });
  it('the operator script (npm run mail:encrypt) writes the same format', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { encrypt } = require('../../scripts/mail-encrypt.js') as { encrypt: (p: string, k: string) => string };
    expect(decryptSecret(encrypt('from-the-script', key), key)).toBe('from-the-script');
  });
  it('a wrong key, a missing key or a damaged value is an error, never a wrong password', () => {
    const enc = encryptSecret('app-password', key);
    expect(() => decryptSecret(enc, Buffer.alloc(32, 8).toString('base64'))).toThrow(/does not match/);
    expect(() => decryptSecret(enc, '')).toThrow(/MAIL_SECRET_KEY/);
    expect(() => decryptSecret(`${enc.slice(0, -4)}AAAA`, key)).toThrow();
    expect(() => encryptSecret('x', 'short')).toThrow(/32 bytes/);
  });
});
