/**
 * Mail threading (pure): the Message-IDs we give customer mail and how a reply is tied back to its
 * ticket.
 *
 * - Every ticket has a thread root `<ticket.{documentId}@{domain}>`. Each customer mail about the
 *   ticket gets its own Message-ID from the outbox (`<{notification documentId}@{domain}>`), and
 *   `In-Reply-To` / `References` naming the mail that opened the ticket (when it came by mail) and
 *   the root, so every mail program files them in one conversation.
 * - A reply names those ids in its own `In-Reply-To` / `References`. `threadKeys` pulls out the ticket
 *   documentIds of root ids, the other ids (looked up among our outgoing and imported mails), and a
 *   ticket number `[TS-000123]` from the subject, in that order of trust.
 */

/** `<…>` tokens of a Message-ID / In-Reply-To / References header (any order, deduplicated). */
export function extractMessageIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  const out: string[] = [];
  for (const match of list.matchAll(/<([^<>\s]{1,250})>/g)) {
    const id = `<${match[1]}>`;
    if (!out.includes(id)) out.push(id);
  }
  // mailparser gives ids with the brackets; a bare id (no brackets) is accepted too.
  if (!out.length && typeof value === 'string' && /^[^\s<>]+@[^\s<>]+$/.test(value.trim())) out.push(`<${value.trim()}>`);
  return out;
}

/** The domain part of an address or `Name <address>` ('' when none). */
export function domainOf(address: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address.trim());
  return match ? match[1].toLowerCase() : '';
}

/** The bare lower-case address of `Name <a@b>` or `a@b` ('' when none). */
export function bareAddress(value: unknown): string {
  if (typeof value !== 'string') return '';
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  const bare = angle ? angle[1] : value.trim();
  return /^[^\s@<>]+@[^\s@<>]+$/.test(bare) ? bare.toLowerCase() : '';
}

/** The thread root of a ticket. */
export function ticketThreadId(ticketDocumentId: string, domain: string): string {
  return `<ticket.${ticketDocumentId}@${domain || 'support-desk.local'}>`;
}

/** The ticket documentId of a thread root, or null. */
export function ticketOfThreadId(id: string): string | null {
  const match = /^<ticket\.([A-Za-z0-9]{1,64})@[^>]+>$/.exec(id);
  return match ? match[1] : null;
}

export interface ThreadHeaders {
  inReplyTo: string;
  references: string;
}

/**
 * Headers of a customer mail about a ticket: it answers the mail that opened the ticket when there
 * is one (else the root), and references both.
 */
export function threadHeaders(ticketDocumentId: string, domain: string, openingMessageId?: string | null): ThreadHeaders {
  const root = ticketThreadId(ticketDocumentId, domain);
  const opening = openingMessageId ? extractMessageIds(openingMessageId)[0] : undefined;
  return { inReplyTo: opening ?? root, references: opening ? `${opening} ${root}` : root };
}

/** `TS-000123` from a subject carrying `[TS-000123]` (the tag our subjects start with), or null. */
export function subjectTicketNumber(subject: unknown): string | null {
  if (typeof subject !== 'string') return null;
  const match = /\[(TS-\d{6,})\]/i.exec(subject);
  return match ? match[1].toUpperCase() : null;
}

export interface ThreadKeys {
  /** Ticket documentIds named by our thread roots. */
  ticketDocumentIds: string[];
  /** Every id of In-Reply-To and References (to look up among our sent and imported mails). */
  messageIds: string[];
  /** The ticket number in the subject. */
  number: string | null;
}

export function threadKeys(mail: { inReplyTo?: unknown; references?: unknown; subject?: unknown }): ThreadKeys {
  const messageIds = [...extractMessageIds(mail.inReplyTo), ...extractMessageIds(mail.references)].filter((id, i, all) => all.indexOf(id) === i);
  const ticketDocumentIds = messageIds.map(ticketOfThreadId).filter((d): d is string => Boolean(d));
  return { ticketDocumentIds, messageIds, number: subjectTicketNumber(mail.subject) };
}

/** The outbox's Message-ID of a notification row is `<documentId@domain>`: its documentId, or null. */
export function notificationOfMessageId(id: string): string | null {
  const match = /^<([a-z0-9]{10,64})@[^>]+>$/.exec(id);
  return match ? match[1] : null;
}

/**
 * The nodemailer options of an outbox row's `payload.mail_thread` (written by the customer mail
 * service): `inReplyTo`, `references` and `replyTo`, each only when well-formed (Message-ID tokens,
 * one address), so nothing else can reach a header.
 */
export function threadMailOptions(payload: unknown): { inReplyTo?: string; references?: string; replyTo?: string } {
  const thread = payload && typeof payload === 'object' ? (payload as Record<string, unknown>).mail_thread : null;
  if (!thread || typeof thread !== 'object') return {};
  const t = thread as Record<string, unknown>;
  const inReplyTo = extractMessageIds(t.inReplyTo)[0];
  const references = extractMessageIds(t.references).slice(0, 20).join(' ');
  const replyTo = bareAddress(t.replyTo);
  return { ...(inReplyTo ? { inReplyTo } : {}), ...(references ? { references } : {}), ...(replyTo ? { replyTo } : {}) };
}
