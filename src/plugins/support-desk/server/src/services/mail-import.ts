/**
 * Importing support mailboxes (IMAP, `imapflow`; parsing with `mailparser`) into tickets.
 *
 * Each run, per mailbox of MAIL_INBOXES: open the folder, list the messages after the highest UID
 * already recorded for its UIDVALIDITY (a restart continues there) and the unseen ones below it
 * that have no row (a message that failed or was rolled back by a crash while another instance went
 * on), and for each one in its own transaction:
 * 1. claim it: INSERT a row of `inbound-mail` with a unique `dedupe_key` (the Message-ID, across
 *    our mailboxes, or the mailbox's UIDVALIDITY/UID when there is none) ON CONFLICT DO NOTHING.
 *    On PostgreSQL a second instance's INSERT waits for the first one's commit and then inserts
 *    nothing, so it skips the message; a crash rolls the claim back with the work, and the next
 *    run takes the message again;
 * 2. decide with `mail/inbound.ts` (loops, size, flood, threading, sender) and do it: a ticket, a
 *    public customer comment, a reopen, a follow-up ticket, or nothing; store the outcome on the row;
 * 3. after the commit, flag the message \Seen (also when another instance or mailbox had it).
 * Bodies are plain text: the text part, or the HTML part converted by html-to-text (`plainText`);
 * raw HTML is never stored. Replies are trimmed of quoted history and
 * signatures (`mail/reply.ts`). Attachments go to the media library, linked to the ticket's
 * `attachments`, within the size and type limits.
 */
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { ImapFlow } from 'imapflow';
import { convert as htmlToText } from 'html-to-text';
import { simpleParser, type ParsedMail, type AddressObject, type Attachment } from 'mailparser';
import { classifyMail } from '../mail/classify';
import { bareAddress, extractMessageIds, notificationOfMessageId, threadKeys } from '../mail/headers';
import { trimReply } from '../mail/reply';
import { attachmentTypeAllowed, decideInbound, type InboundDecision } from '../mail/inbound';
import { decryptSecret } from '../mail/secret';
import { inboxSchema, type InboxConfig, type MailConfig } from '../config';
import { pluginConfig } from '../utils/plugin-config';
import { enqueueMail, fromAddress } from '../utils/outbox';
import { scheduleTask } from '../utils/cron';
import { runWithIntent, type Actor } from '../workflow/actor';
import { getServiceOf } from '../utils/get-service';
import { withOpeningMessage } from '../utils/mail-context';
import { GROUP_UID, INBOUND_MAIL_UID, NOTIFICATION_UID, TICKET_UID, USER_UID } from '../constants';
import { modelTable, newDocumentId as newModelDocumentId } from '../utils/model-table';

export const MAIL_IMPORT_TASK = 'support-desk-mail-import';
const MAX_COMMENT = 20000;
const MAX_DESCRIPTION = 50000;

type Row = Record<string, any>;
type Knex = Core.Strapi['db']['connection'];

export interface ImportCounts {
  seen: number;
  imported: number;
  skipped: number;
  failed: number;
  outcomes: Record<string, number>;
}


const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);

function headerMap(parsed: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of parsed.headers) {
    out[k] = typeof v === 'string' ? v : v && typeof v === 'object' && 'value' in (v as any) ? String((v as any).value) : Array.isArray(v) ? v.join(' ') : String(v ?? '');
  }
  return out;
}

/**
 * The body as plain text: the text part, else the HTML part converted by html-to-text (scripts,
 * styles and images dropped, links as text). Raw HTML is never kept.
 */
export function plainText(parsed: Pick<ParsedMail, 'text' | 'html'>): string {
  const text = parsed.text?.trim()
    ? parsed.text
    : typeof parsed.html === 'string'
      ? htmlToText(parsed.html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }, { selector: 'script', format: 'skip' }, { selector: 'style', format: 'skip' }, { selector: 'a', options: { ignoreHref: false, hideLinkHrefIfSameAsText: true } }] })
      : '';
  return text.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

function dedupeKey(inbox: InboxConfig, messageId: string | null, uidValidity: string, uid: number): string {
  // One Message-ID is one import, whichever of our mailboxes it reached (a customer writing to two
  // support addresses at once opens one ticket); without one, the mailbox position identifies it.
  const raw = messageId ? `mid:${messageId}` : `uid:${inbox.address.toLowerCase()}:${uidValidity}:${uid}`;
  return raw.length <= 255 ? raw : `sha:${crypto.createHash('sha256').update(raw).digest('hex')}`;
}

const createMailImportService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** The settings, each mailbox with its defaults (port 993, TLS, INBOX): Strapi validates the config but keeps it as given. */
  const settings = (): MailConfig => {
    const mail = pluginConfig(strapi).mail;
    return { ...mail, inboxes: mail.inboxes.map((i) => inboxSchema.parse(i)) };
  };
  const table = (k: Knex) => modelTable(strapi, INBOUND_MAIL_UID, k);
  const newDocumentId = (): string => newModelDocumentId(strapi, INBOUND_MAIL_UID);
  let running: Promise<unknown> | null = null;
  let stopping = false;

  const ourAddresses = () => [fromAddress(strapi), ...settings().inboxes.map((i) => i.address.toLowerCase())].filter(Boolean);

  async function groupDocumentId(code: string | undefined): Promise<string | null> {
    if (!code) return null;
    const group = await strapi.db.query(GROUP_UID).findOne({ where: { code }, select: ['documentId'] });
    if (!group) strapi.log.warn(`[support-desk] mail import: no support group with code "${code}"`);
    return group?.documentId ?? null;
  }

  async function findSender(address: string): Promise<Row | null> {
    if (!address) return null;
    return strapi.db.query(USER_UID).findOne({ where: { email: { $eqi: address }, blocked: { $ne: true } }, populate: { organization: { select: ['id', 'documentId'] } } });
  }

  /** The ticket a reply points at: our thread roots, our sent or imported Message-IDs, the subject's number. */
  async function threadTicket(parsed: ParsedMail): Promise<Row | null> {
    const keys = threadKeys({ inReplyTo: parsed.inReplyTo, references: parsed.references, subject: parsed.subject });
    const populate = { requester: { select: ['id'] }, organization: { select: ['id'] }, cc_contacts: { select: ['id'] } };
    if (keys.ticketDocumentIds.length) {
      const t = await strapi.db.query(TICKET_UID).findOne({ where: { documentId: { $in: keys.ticketDocumentIds } }, populate });
      if (t) return t;
    }
    const notificationIds = keys.messageIds.map(notificationOfMessageId).filter((d): d is string => Boolean(d));
    if (notificationIds.length) {
      const n = await strapi.db.query(NOTIFICATION_UID).findOne({ where: { documentId: { $in: notificationIds }, ticket: { id: { $notNull: true } } }, populate: { ticket: { select: ['id'] } } });
      if (n?.ticket) return strapi.db.query(TICKET_UID).findOne({ where: { id: n.ticket.id }, populate });
    }
    if (keys.messageIds.length) {
      const m = await strapi.db.query(INBOUND_MAIL_UID).findOne({ where: { message_id: { $in: keys.messageIds }, ticket: { id: { $notNull: true } } }, populate: { ticket: { select: ['id'] } } });
      if (m?.ticket) return strapi.db.query(TICKET_UID).findOne({ where: { id: m.ticket.id }, populate });
    }
    if (keys.number) return strapi.db.query(TICKET_UID).findOne({ where: { number: keys.number }, populate });
    return null;
  }

  /** Stores the allowed attachments in the media library, linked to the ticket; returns a note of what was left out. */
  async function storeAttachments(ticketId: number, list: Attachment[], cfg: MailConfig): Promise<{ stored: string[]; skipped: string[] }> {
    const stored: string[] = [];
    const skipped: string[] = [];
    const files = list.filter((a) => a.contentDisposition !== 'inline' || a.filename);
    for (const a of files) {
      const name = (a.filename || 'attachment').replace(/[/\\\0]/g, '_').slice(0, 200);
      if (a.size > cfg.maxAttachmentBytes) {
        skipped.push(`${name} (${a.size} bytes, over the limit)`);
        continue;
      }
      if (!attachmentTypeAllowed(a.contentType, cfg.attachmentTypes)) {
        skipped.push(`${name} (type ${a.contentType} not accepted)`);
        continue;
      }
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-mail-'));
      const file = path.join(dir, name);
      try {
        fs.writeFileSync(file, a.content);
        await strapi
          .plugin('upload')
          .service('upload')
          .upload({
            data: { ref: TICKET_UID, refId: ticketId, field: 'attachments', fileInfo: { name, caption: 'e-mail attachment' } },
            files: { filepath: file, originalFilename: name, mimetype: a.contentType, size: a.size } as any,
          });
        stored.push(name);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    return { stored, skipped };
  }

  const attachmentNote = ({ stored, skipped }: { stored: string[]; skipped: string[] }) =>
    [stored.length ? `Attachments: ${stored.join(', ')}` : '', skipped.length ? `Not accepted: ${skipped.join(', ')}` : ''].filter(Boolean).join('\n');

  /**
   * At most one refusal note per sender and day (the dedupe key): an auto-responder that answers our
   * note without saying it is one cannot start a loop.
   */
  async function refuseNote(to: string, subject: string, reason: string, locale: string | null, now: Date) {
    const day = now.toISOString().slice(0, 10);
    await enqueueMail(strapi, { to: { email: to, locale }, template: 'mail_refused', payload: { reason, subject }, dedupeKey: `mail-refused:${to}:${day}`.slice(0, 255) });
  }

  /** Does what the decision says; returns the outcome and the ticket id. */
  async function apply(decision: InboundDecision, ctx: { inbox: InboxConfig; parsed: ParsedMail; from: string; sender: Row | null; messageId: string | null; now: Date; cfg: MailConfig }) {
    const { inbox, parsed, from, sender, messageId, cfg } = ctx;
    const subject = (parsed.subject ?? '').trim().slice(0, 200) || '(no subject)';
    const text = plainText(parsed);
    const actor: Actor = sender
      ? { kind: 'customer', id: sender.id, name: sender.full_name || sender.username || from }
      : { kind: 'integration', name: `e-mail ${from}` };
    const tickets = getServiceOf(strapi, 'tickets');

    switch (decision.action) {
      case 'ignore':
      case 'rate_limit':
        return { outcome: decision.action === 'ignore' ? 'ignored' : 'rate_limited', reason: decision.reason, ticketId: null };
      case 'refuse':
        await refuseNote(from, subject, decision.reason, sender?.preferred_locale ?? null, ctx.now);
        return { outcome: 'refused', reason: decision.reason, ticketId: null };
      case 'comment':
      case 'reopen': {
        const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { id: decision.ticketId } });
        const note = attachmentNote(await storeAttachments(ticket.id, parsed.attachments ?? [], cfg));
        const body = [trimReply(text).slice(0, MAX_COMMENT - 2000), note].filter(Boolean).join('\n\n') || '(empty mail)';
        if (decision.action === 'reopen') {
          await tickets.transition(ticket.documentId, { action: 'reopen', version: ticket.version, message: body } as any, actor);
          return { outcome: 'reopened', reason: null, ticketId: ticket.id };
        }
        await tickets.commentOn(ticket, tickets.validComment({ body, visibility: 'public' }, actor), actor);
        return { outcome: 'comment', reason: null, ticketId: ticket.id };
      }
      case 'follow_up':
      case 'ticket': {
        const previous = decision.action === 'follow_up' ? await strapi.db.query(TICKET_UID).findOne({ where: { id: decision.ticketId }, select: ['documentId', 'number'] }) : null;
        const unverified = decision.action === 'ticket' && decision.unverified;
        const orgId = sender?.organization?.id ?? null;
        const ccAddresses = [...addresses(parsed.cc), ...addresses(parsed.to)].filter((a) => a !== from && !ourAddresses().includes(a));
        const cc = orgId && ccAddresses.length ? await strapi.db.query(USER_UID).findMany({ where: { email: { $in: ccAddresses }, organization: { id: orgId }, blocked: { $ne: true } }, select: ['documentId'] }) : [];
        const group = await groupDocumentId(unverified ? cfg.unverifiedGroup || inbox.group : inbox.group);
        const intro = [
          unverified ? `From (unverified sender): ${from}` : '',
          previous ? `Follow-up of ${previous.number}.` : '',
        ].filter(Boolean).join('\n');
        const data: Row = {
          subject,
          description: [intro, (decision.action === 'follow_up' ? trimReply(text) : text).slice(0, MAX_DESCRIPTION)].filter(Boolean).join('\n\n'),
          channel: 'email',
          ...(sender && orgId ? { organization: sender.organization.documentId, requester: sender.documentId } : {}),
          ...(cc.length ? { cc_contacts: cc.map((u: Row) => u.documentId) } : {}),
          ...(group ? { group } : {}),
          ...(previous ? { follow_up_of: previous.documentId } : {}),
        };
        const created = await withOpeningMessage(messageId, () =>
          runWithIntent({ actor, serverSet: ['organization', 'requester', 'group', 'cc_contacts', 'follow_up_of'] }, () => (strapi.documents(TICKET_UID as any) as any).create({ data })),
        );
        const ticketId = Number((created as Row).id);
        const note = attachmentNote(await storeAttachments(ticketId, parsed.attachments ?? [], cfg));
        if (note) await getServiceOf(strapi, 'timeline').append({ ticketId, kind: 'comment', actor: { kind: 'system', name: 'e-mail import' }, visibility: 'internal', body: note });
        return { outcome: decision.action === 'follow_up' ? 'follow_up' : 'ticket', reason: unverified ? 'unverified sender' : null, ticketId };
      }
    }
  }

  /** One message, in one transaction with its claim; false when another instance (or an earlier run) had it. */
  async function importMessage(inbox: InboxConfig, uidValidity: string, uid: number, size: number, source: Buffer | null, headersOnly: Buffer | null, now: Date): Promise<string | null> {
    const cfg = settings();
    const parsed = await simpleParser(source ?? headersOnly ?? Buffer.from(''), { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
    const messageId = extractMessageIds(parsed.messageId)[0] ?? null;
    const key = dedupeKey(inbox, messageId, uidValidity, uid);
    const from = bareAddress(parsed.from?.value?.[0]?.address ?? '') || bareAddress(parsed.from?.text ?? '');
    const knex = strapi.db.connection;
    /**
     * Already imported (by another instance, or from another of our mailboxes). A copy in another
     * mailbox gets a position row of its own (`ignored`, no Message-ID), so that mailbox's cursor
     * moves past it.
     */
    const skip = async (): Promise<null> => {
      const existing = await table(knex).where({ dedupe_key: key }).first('mailbox');
      const mailbox = inbox.address.toLowerCase();
      if (existing && existing.mailbox !== mailbox) {
        const at = new Date();
        await table(knex)
          .insert({
            document_id: newDocumentId(),
            mailbox,
            uid_validity: uidValidity,
            uid,
            message_id: null,
            dedupe_key: `pos:${mailbox}:${uidValidity}:${uid}`.slice(0, 255),
            from_address: from.slice(0, 255) || null,
            subject: (parsed.subject ?? '').slice(0, 255) || null,
            size,
            outcome: 'ignored',
            reason: `the same message (${messageId ?? ''}) was imported from ${existing.mailbox}`.slice(0, 2000),
            created_at: at,
            updated_at: at,
            published_at: at,
          })
          .onConflict('dedupe_key')
          .ignore();
      }
      return null;
    };
    if (await table(knex).where({ dedupe_key: key }).first('id')) return skip();

    const outcome = await strapi.db.transaction(async ({ trx }) => {
      const inserted: Row[] = await table(trx as unknown as Knex)
        .insert({
          document_id: newDocumentId(),
          mailbox: inbox.address.toLowerCase(),
          uid_validity: uidValidity,
          uid,
          message_id: messageId ? messageId.slice(0, 255) : null,
          dedupe_key: key,
          from_address: from.slice(0, 255) || null,
          subject: (parsed.subject ?? '').slice(0, 255) || null,
          size,
          outcome: 'ignored',
          created_at: now,
          updated_at: now,
          published_at: now,
        })
        .onConflict('dedupe_key')
        .ignore()
        .returning(['id']);
      if (!inserted.length) return 'skip' as const;
      const rowId = Number(inserted[0].id);

      const verdict = from ? classifyMail({ headers: headerMap(parsed), from, subject: parsed.subject, ourAddresses: ourAddresses() }) : ({ kind: 'bounce', reason: 'no sender address' } as const);
      const recent = from
        ? Number((await table(trx as unknown as Knex).where({ from_address: from }).whereNot({ id: rowId }).whereNotIn('outcome', ['ignored']).where('created_at', '>', new Date(now.getTime() - cfg.senderWindowMs)).count({ n: '*' }).first())?.n ?? 0)
        : 0;
      const sender = verdict.kind === 'human' ? await findSender(from) : null;
      const ticket = verdict.kind === 'human' && size <= cfg.maxMessageBytes ? await threadTicket(parsed) : null;
      const decision = decideInbound({
        verdict,
        size,
        maxSize: cfg.maxMessageBytes,
        recentFromSender: recent,
        senderLimit: cfg.senderLimit,
        sender: sender ? { id: sender.id, organizationId: sender.organization?.id ?? null } : null,
        ticket: ticket
          ? { id: ticket.id, state: ticket.state, closedAt: ticket.closed_at ?? null, requesterId: ticket.requester?.id ?? null, organizationId: ticket.organization?.id ?? null, ccIds: (ticket.cc_contacts ?? []).map((u: Row) => u.id) }
          : null,
        reopenWindowDays: pluginConfig(strapi).reopenWindowDays,
        unknownSender: cfg.unknownSender,
        now,
      });
      const result = await apply(decision, { inbox, parsed, from, sender, messageId, now, cfg });
      await table(trx as unknown as Knex)
        .where({ id: rowId })
        .update({ outcome: result.outcome, reason: result.reason ? String(result.reason).slice(0, 2000) : null, updated_at: new Date() });
      if (result.ticketId) await strapi.db.query(INBOUND_MAIL_UID).update({ where: { id: rowId }, data: { ticket: result.ticketId } });
      return result.outcome;
    });
    return outcome === 'skip' ? skip() : outcome;
  }

  async function importInbox(inbox: InboxConfig, counts: ImportCounts, now: Date) {
    const cfg = settings();
    const client = new ImapFlow({
      host: inbox.host,
      port: inbox.port,
      secure: inbox.secure,
      auth: { user: inbox.user, pass: decryptSecret(inbox.password, cfg.secretKey) },
      logger: false,
      ...(inbox.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
      ...(!inbox.secure && inbox.host === '127.0.0.1' ? { doSTARTTLS: false } : {}),
    } as any);
    client.on('error', (error: Error) => strapi.log.warn(`[support-desk] IMAP ${inbox.address}: ${error.message}`));
    await client.connect();
    try {
      const lock = await client.getMailboxLock(inbox.mailbox);
      try {
        const mailbox = client.mailbox as { uidValidity?: bigint | number; exists?: number };
        if (!mailbox || !mailbox.exists) {
          getServiceOf(strapi, 'metrics').observeMailboxRead(inbox.address.toLowerCase(), new Date());
          return;
        }
        const uidValidity = String(mailbox.uidValidity ?? '0');
        const last = await table(strapi.db.connection).where({ mailbox: inbox.address.toLowerCase(), uid_validity: uidValidity }).max({ m: 'uid' }).first();
        const after = Number(last?.m ?? 0);
        const pending: Array<{ uid: number; size: number }> = [];
        for await (const msg of client.fetch(`${after + 1}:*`, { uid: true, size: true }, { uid: true })) {
          if (msg.uid > after) pending.push({ uid: msg.uid, size: Number(msg.size ?? 0) });
          if (pending.length >= cfg.batchSize) break;
        }
        // Below the cursor: unseen messages without a row (one that failed while another instance
        // imported later ones, or was rolled back by a crash) are taken again.
        const unseen = ((await client.search({ seen: false }, { uid: true })) || []).filter((u) => u <= after);
        if (unseen.length && pending.length < cfg.batchSize) {
          const recorded = new Set(
            (await table(strapi.db.connection).where({ mailbox: inbox.address.toLowerCase(), uid_validity: uidValidity }).whereIn('uid', unseen.slice(0, 1000)).select('uid')).map((r: Row) => Number(r.uid)),
          );
          const missing = unseen.filter((u) => !recorded.has(u)).slice(0, cfg.batchSize - pending.length);
          if (missing.length) {
            for await (const msg of client.fetch(missing.join(','), { uid: true, size: true }, { uid: true })) pending.push({ uid: msg.uid, size: Number(msg.size ?? 0) });
          }
        }
        pending.sort((a, b) => a.uid - b.uid);
        for (const { uid, size } of pending) {
          if (stopping) break;
          counts.seen += 1;
          try {
            const tooBig = size > cfg.maxMessageBytes;
            const msg = await client.fetchOne(String(uid), tooBig ? { uid: true, headers: true, internalDate: true } : { uid: true, source: true, internalDate: true }, { uid: true });
            const outcome = await importMessage(inbox, uidValidity, uid, size, tooBig ? null : (msg && (msg as any).source) || null, tooBig ? (msg && (msg as any).headers) || null : null, now);
            if (outcome === null) counts.skipped += 1;
            else {
              counts.imported += 1;
              counts.outcomes[outcome] = (counts.outcomes[outcome] ?? 0) + 1;
              const arrivedAt = msg && (msg as any).internalDate;
              if (arrivedAt) getServiceOf(strapi, 'metrics').observeMailImported(inbox.address.toLowerCase(), new Date(arrivedAt), new Date());
            }
            // Imported here or (committed) elsewhere: done, not to be taken again below the cursor.
            await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }).catch(() => undefined);
          } catch (error) {
            counts.failed += 1;
            strapi.log.error(`[support-desk] mail import ${inbox.address} UID ${uid} failed: ${(error as Error).stack ?? error}`);
            // The claim rolled back with the work; the message stays unseen without a row, so the
            // next run takes it again (below the cursor), and the later messages go on now.
          }
        }
        getServiceOf(strapi, 'metrics').observeMailboxRead(inbox.address.toLowerCase(), new Date());
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  const service = {
    /** Imports every configured mailbox once (one mailbox failing does not stop the others). */
    async runOnce({ now }: { now?: Date } = {}): Promise<ImportCounts> {
      const counts: ImportCounts = { seen: 0, imported: 0, skipped: 0, failed: 0, outcomes: {} };
      for (const inbox of settings().inboxes) {
        if (stopping) break;
        try {
          await importInbox(inbox, counts, now ?? new Date());
        } catch (error) {
          counts.failed += 1;
          strapi.log.error(`[support-desk] mail import ${inbox.address}: ${(error as Error).message}`);
        }
      }
      return counts;
    },

    /** The cron task: one run at a time per instance. */
    async runScheduled(): Promise<void> {
      if (running || stopping) return;
      running = service.runOnce();
      try {
        const counts = (await running) as ImportCounts;
        if (counts.imported) strapi.log.info(`[support-desk] mail import: ${JSON.stringify(counts.outcomes)}`);
      } finally {
        running = null;
      }
    },

    schedule(): void {
      const cfg = settings();
      scheduleTask(strapi, { name: MAIL_IMPORT_TASK, enabled: cfg.importEnabled && cfg.inboxes.length > 0, rule: cfg.importCron, run: () => service.runScheduled() });
    },

    async stop(): Promise<void> {
      stopping = true;
      strapi.cron.remove(MAIL_IMPORT_TASK);
      if (running) await running.catch(() => undefined);
    },
  };
  return service;
};

export type MailImportService = ReturnType<typeof createMailImportService>;
export default createMailImportService;
