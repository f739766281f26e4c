/**
 * What an incoming mail becomes (pure). The importer gathers the facts (verdict of `classify.ts`,
 * size, recent mails of the sender, the sender's contact, the ticket the thread keys point at) and
 * this decides; the order of the checks is the order below.
 *
 * 1. A machine's mail (auto-reply, bounce, bulk, our own) → `ignore` (no ticket, no answer).
 * 2. Larger than the limit → `refuse` with a note to the sender.
 * 3. The sender has had `senderLimit` mails imported within the window → `rate_limit` (no answer:
 *    answering a flood would be one).
 * 4. A thread key points at a ticket the sender may write to (its requester, a CC'd contact, or a
 *    contact of its organization):
 *    - cancelled → `follow_up` (a new ticket linked to the old one);
 *    - resolved, or closed within the reopen window → `reopen` with the text as the message;
 *    - closed after the window → `follow_up`;
 *    - otherwise → `comment` (a public customer comment; on a ticket awaiting the customer it is
 *      their `customer_reply`).
 * 5. A known contact with an organization → `ticket`.
 * 6. An unknown sender → `ticket` in the unverified group when so configured, else `refuse` with a note.
 */
import type { Verdict } from './classify';

export type InboundDecision =
  | { action: 'ignore'; reason: string }
  | { action: 'refuse'; reason: string }
  | { action: 'rate_limit'; reason: string }
  | { action: 'comment' | 'reopen' | 'follow_up'; ticketId: number }
  | { action: 'ticket'; unverified: boolean };

export interface InboundFacts {
  verdict: Verdict;
  size: number;
  maxSize: number;
  recentFromSender: number;
  senderLimit: number;
  /** The sender's contact (users-permissions user) with the id of its organization. */
  sender: { id: number; organizationId: number | null } | null;
  /** The ticket the thread keys point at, with who may write to it. */
  ticket: {
    id: number;
    state: string;
    closedAt: string | Date | null;
    requesterId: number | null;
    organizationId: number | null;
    ccIds: number[];
  } | null;
  reopenWindowDays: number;
  unknownSender: 'refuse' | 'unverified';
  now: Date;
}

export function mayWriteTo(sender: InboundFacts['sender'], ticket: NonNullable<InboundFacts['ticket']>): boolean {
  if (!sender) return false;
  if (ticket.requesterId === sender.id || ticket.ccIds.includes(sender.id)) return true;
  return sender.organizationId !== null && sender.organizationId === ticket.organizationId;
}

export function withinReopenWindow(closedAt: string | Date | null, days: number, now: Date): boolean {
  if (!closedAt) return false;
  const closed = new Date(closedAt).getTime();
  return !Number.isNaN(closed) && now.getTime() - closed <= days * 86_400_000;
}

const mb = (bytes: number) => `${Math.round((bytes / 1048576) * 10) / 10} MB`;

export function decideInbound(f: InboundFacts): InboundDecision {
  if (f.verdict.kind !== 'human') return { action: 'ignore', reason: `${f.verdict.kind}: ${f.verdict.reason}` };
  if (f.size > f.maxSize) return { action: 'refuse', reason: `the mail is ${mb(f.size)}, larger than the limit of ${mb(f.maxSize)}; please send large files another way` };
  if (f.recentFromSender >= f.senderLimit) return { action: 'rate_limit', reason: `more than ${f.senderLimit} mails from this sender within the window` };
  if (f.ticket && mayWriteTo(f.sender, f.ticket)) {
    const t = f.ticket;
    if (t.state === 'cancelled') return { action: 'follow_up', ticketId: t.id };
    if (t.state === 'resolved') return { action: 'reopen', ticketId: t.id };
    if (t.state === 'closed') return withinReopenWindow(t.closedAt, f.reopenWindowDays, f.now) ? { action: 'reopen', ticketId: t.id } : { action: 'follow_up', ticketId: t.id };
    return { action: 'comment', ticketId: t.id };
  }
  if (f.sender && f.sender.organizationId !== null) return { action: 'ticket', unverified: false };
  if (f.unknownSender === 'unverified') return { action: 'ticket', unverified: true };
  return { action: 'refuse', reason: 'the sender address is not a known contact of any customer; ask your administrator to register it' };
}

/** Whether a MIME type is in the comma-separated allow list (`type/*` for a family). */
export function attachmentTypeAllowed(type: string, allowList: string): boolean {
  const t = type.trim().toLowerCase();
  return allowList
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .some((pattern) => (pattern.endsWith('/*') ? t.startsWith(pattern.slice(0, -1)) : pattern.endsWith('.*') ? t.startsWith(pattern.slice(0, -1)) : t === pattern));
}
