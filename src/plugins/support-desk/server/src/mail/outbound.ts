/**
 * Which timeline events mail the customer, and with what (pure).
 *
 * | event                                             | template              | organization switch       |
 * |---------------------------------------------------|-----------------------|---------------------------|
 * | created                                           | ticket_created        | mail_on_received          |
 * | public comment by the support side                | public_comment        | mail_on_comment           |
 * | transition to awaiting_customer (public message)  | ticket_status_changed | mail_on_comment           |
 * | transition to solution_proposed                   | solution_proposed     | mail_on_solution          |
 * | transition to resolved                            | ticket_resolved       | mail_on_resolved          |
 * | transition to closed                              | ticket_closed         | mail_on_closed            |
 *
 * Internal events never mail. A customer's own comment does not mail them back. Recipients are the
 * requester and the CC'd contacts of the ticket (the caller gives only contacts of the ticket's
 * organization), each once, in their own language; a switch left empty (null) counts as on.
 */

export const CUSTOMER_MAIL_SWITCHES = ['mail_on_received', 'mail_on_comment', 'mail_on_solution', 'mail_on_resolved', 'mail_on_closed'] as const;
export type CustomerMailSwitch = (typeof CUSTOMER_MAIL_SWITCHES)[number];

export interface MailEvent {
  id: number;
  kind: string;
  visibility: 'public' | 'internal';
  actorKind: string;
  actorName?: string | null;
  to?: string | null;
  body?: string | null;
}

export interface MailTicket {
  id: number;
  documentId: string;
  number: string;
  subject?: string | null;
  priority?: string | null;
  first_response_due_at?: string | Date | null;
  solution?: string | null;
}

export interface MailRecipient {
  email: string;
  name?: string | null;
  locale?: string | null;
}

export interface PlannedCustomerMail {
  template: 'ticket_created' | 'public_comment' | 'ticket_status_changed' | 'solution_proposed' | 'ticket_resolved' | 'ticket_closed';
  payload: Record<string, unknown>;
  to: MailRecipient;
  dedupeKey: string;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : null);

/** The template and switch of an event, or null when it mails nobody. */
export function templateFor(event: MailEvent): { template: PlannedCustomerMail['template']; toggle: CustomerMailSwitch } | null {
  if (event.visibility !== 'public') return null;
  if (event.kind === 'created') return { template: 'ticket_created', toggle: 'mail_on_received' };
  if (event.kind === 'comment') return event.actorKind === 'customer' ? null : { template: 'public_comment', toggle: 'mail_on_comment' };
  if (event.kind !== 'transition') return null;
  switch (event.to) {
    case 'awaiting_customer':
      return { template: 'ticket_status_changed', toggle: 'mail_on_comment' };
    case 'solution_proposed':
      return { template: 'solution_proposed', toggle: 'mail_on_solution' };
    case 'resolved':
      return { template: 'ticket_resolved', toggle: 'mail_on_resolved' };
    case 'closed':
      return { template: 'ticket_closed', toggle: 'mail_on_closed' };
    default:
      return null;
  }
}

/** Unique recipients by address (case-insensitive), requester first; entries without an address dropped. */
export function uniqueRecipients(list: Array<MailRecipient | null | undefined>): MailRecipient[] {
  const seen = new Set<string>();
  const out: MailRecipient[] = [];
  for (const r of list) {
    const email = r?.email?.trim();
    if (!email || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push({ ...r!, email });
  }
  return out;
}

export function planCustomerMails(params: {
  event: MailEvent;
  ticket: MailTicket;
  recipients: MailRecipient[];
  switches?: Partial<Record<CustomerMailSwitch, boolean | null>> | null;
  url?: string | null;
}): PlannedCustomerMail[] {
  const { event, ticket, switches, url } = params;
  const choice = templateFor(event);
  if (!choice) return [];
  if (switches?.[choice.toggle] === false) return [];
  const base: Record<string, unknown> = { number: ticket.number, subject: ticket.subject ?? '', ...(url ? { url } : {}) };
  let payload: Record<string, unknown>;
  switch (choice.template) {
    case 'ticket_created':
      payload = { ...base, priority: ticket.priority ?? '', first_response_due_at: iso(ticket.first_response_due_at) };
      break;
    case 'public_comment':
      if (!event.body?.trim()) return [];
      payload = { ...base, body: event.body, author: event.actorName ?? '' };
      break;
    case 'ticket_status_changed':
      payload = { ...base, to: event.to, message: event.body ?? '' };
      break;
    case 'solution_proposed': {
      const solution = event.body?.trim() || ticket.solution?.trim();
      if (!solution) return [];
      payload = { ...base, solution };
      break;
    }
    case 'ticket_resolved':
      payload = { ...base, solution: event.body ?? ticket.solution ?? '' };
      break;
    default:
      payload = base;
  }
  return uniqueRecipients(params.recipients).map((to) => ({
    template: choice.template,
    payload,
    to,
    dedupeKey: `customer-mail:${event.id}:${to.email.toLowerCase()}`.slice(0, 255),
  }));
}
