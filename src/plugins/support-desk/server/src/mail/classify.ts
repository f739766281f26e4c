/**
 * Which incoming mails are machines talking (pure). Such mail never opens a ticket, never becomes a
 * comment and never gets an answer, so two auto-responders cannot loop through us:
 *
 * - `Auto-Submitted` other than `no` (RFC 3834: auto-replied, auto-generated, auto-notified);
 * - `Precedence: bulk | junk | list | auto_reply`; `X-Autoreply`, `X-Autorespond`, `X-Auto-Reply`;
 * - delivery status notifications: `Content-Type: multipart/report` (RFC 3464), an empty
 *   `Return-Path: <>`, a sender `mailer-daemon@` / `postmaster@`;
 * - our own mail coming back: the sender is one of our addresses, or the mail carries our
 *   `X-Support-Desk-Notification` header;
 * - an out-of-office subject (`Out of Office`, `Automatic reply`, `Auto:`, `自动回复`) — the
 *   headers usually say so already; the subject catches senders that forget.
 */

export type Verdict = { kind: 'human' } | { kind: 'auto_reply' | 'bounce' | 'loop' | 'bulk'; reason: string };

export interface ClassifyInput {
  /** Header name (any case) → value (the first one when repeated). */
  headers: Record<string, string | undefined>;
  /** Bare sender address. */
  from: string;
  subject?: string;
  /** Addresses that are ours (mailboxes we read, the From of our outgoing mail), lower-case. */
  ourAddresses: readonly string[];
}

const lower = (headers: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? v.trim() : '']));

export function classifyMail({ headers: raw, from, subject, ourAddresses }: ClassifyInput): Verdict {
  const headers = lower(raw);
  const sender = from.trim().toLowerCase();
  if (sender && ourAddresses.map((a) => a.toLowerCase()).includes(sender)) return { kind: 'loop', reason: `sent from our own address ${sender}` };
  if (headers['x-support-desk-notification']) return { kind: 'loop', reason: 'one of our own notifications' };

  const contentType = (headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('multipart/report')) return { kind: 'bounce', reason: 'delivery status notification (multipart/report)' };
  if ((headers['return-path'] ?? '').replace(/\s/g, '') === '<>') return { kind: 'bounce', reason: 'empty Return-Path (a bounce)' };
  if (/^(mailer-daemon|postmaster)@/i.test(sender)) return { kind: 'bounce', reason: `sent by ${sender}` };

  const auto = (headers['auto-submitted'] ?? '').toLowerCase();
  if (auto && auto !== 'no') return { kind: 'auto_reply', reason: `Auto-Submitted: ${auto}` };
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-reply']) {
    if (headers[name]) return { kind: 'auto_reply', reason: `${name} header` };
  }
  const precedence = (headers.precedence ?? '').toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return { kind: 'bulk', reason: `Precedence: ${precedence}` };

  const s = (subject ?? '').trim();
  if (/^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|auto:)/i.test(s) || /^(自动回复|自動回覆)/.test(s)) {
    return { kind: 'auto_reply', reason: `auto-reply subject "${s.slice(0, 60)}"` };
  }
  return { kind: 'human' };
}
