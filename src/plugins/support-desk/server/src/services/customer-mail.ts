/**
 * Mail to customers about their tickets: the timeline service hands every appended event here (in
 * the same transaction), `mail/outbound.ts` decides which events mail whom with which template, and
 * the messages go to the outbox with the ticket's thread headers (`mail/headers.ts`) in the payload
 * (`mail_thread`), which the dispatcher turns into `In-Reply-To` / `References` / `Reply-To`.
 */
import type { Core } from '@strapi/strapi';
import { planCustomerMails, templateFor, CUSTOMER_MAIL_SWITCHES, type MailEvent, type MailRecipient } from '../mail/outbound';
import { threadHeaders } from '../mail/headers';
import { pluginConfig } from '../utils/plugin-config';
import { enqueueMail, mailDomain } from '../utils/outbox';
import { openingMessageId } from '../utils/mail-context';
import { createRelationReader } from '../utils/find-with-relations';
import { INBOUND_MAIL_UID, TICKET_UID } from '../constants';
import type { NewTicketEvent } from './timeline';
import type { IssuedSurvey } from './surveys';

type Row = Record<string, any>;

const recipientOf = (user: Row | null | undefined): MailRecipient | null =>
  user?.email && !user.blocked ? { email: user.email, name: user.full_name || user.username || null, locale: user.preferred_locale ?? null } : null;

/** The ticket's relations a customer mail reads (recipients, the organization's switches, the group's mailbox). */
export const CUSTOMER_MAIL_RELATIONS = {
  requester: true,
  cc_contacts: { populate: { organization: { select: ['id'] } } },
  organization: true,
  group: { select: ['id', 'code'] },
} as const;

const createCustomerMailService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Queues the customer mails of freshly appended events (ids as written). `survey` (at resolve):
   * the survey link rides on the resolved mail to the requester; `surveyCarried` says it did.
   */
  async afterEvents(events: Array<NewTicketEvent & { id: number }>, { survey = null, ticket: given = null }: { survey?: IssuedSurvey | null; ticket?: Row | null } = {}): Promise<{ surveyCarried: boolean }> {
    let surveyCarried = false;
    if (!pluginConfig(strapi).mail.customerNotifications) return { surveyCarried };
    const mailing = events.filter((e) => templateFor(toMailEvent(e)));
    if (!mailing.length) return { surveyCarried };
    // The writer may give the ticket as written, with what is read below (requester, contacts with
    // their organization, organization, group): no second read of it.
    const byTicket = new Map<number, Row | null>(given ? [[given.id, given]] : []);
    const messages = [];
    for (const event of mailing) {
      if (!byTicket.has(event.ticketId)) {
        byTicket.set(
          event.ticketId,
          // One statement on PostgreSQL instead of five (utils/find-with-relations.ts).
          await createRelationReader(strapi).findOne(TICKET_UID, { id: event.ticketId }, CUSTOMER_MAIL_RELATIONS),
        );
      }
      const ticket = byTicket.get(event.ticketId);
      if (!ticket?.number) continue;
      const orgId = ticket.organization?.id ?? null;
      // CC'd contacts count only while they are contacts of the ticket's organization.
      const cc = (ticket.cc_contacts ?? []).filter((u: Row) => orgId !== null && u.organization?.id === orgId);
      const recipients = [recipientOf(ticket.requester), ...cc.map(recipientOf)].filter((r): r is MailRecipient => r !== null);
      if (!recipients.length) continue;
      const switches = Object.fromEntries(CUSTOMER_MAIL_SWITCHES.map((k) => [k, ticket.organization?.[k] ?? null]));
      const planned = planCustomerMails({ event: toMailEvent(event), ticket: ticket as any, recipients, switches });
      if (!planned.length) continue;
      // A ticket created just now from anything but mail has no inbound mail to thread on: not looked up.
      const thread = await this.threadOf(ticket, { noInboundMail: event.kind === 'created' && ticket.channel !== 'email' });
      for (const m of planned) {
        // The survey link is the requester's alone (it answers for them); CC'd contacts get the mail without it.
        const withSurvey = survey !== null && m.template === 'ticket_resolved' && survey.ticket.id === ticket.id && m.to.email.toLowerCase() === survey.to.email.toLowerCase();
        if (withSurvey) surveyCarried = true;
        messages.push({ to: m.to, template: m.template, payload: { ...m.payload, ...(withSurvey ? { survey_token: survey.token } : {}), mail_thread: thread }, dedupeKey: m.dedupeKey, ticketId: ticket.id });
      }
    }
    if (messages.length) await enqueueMail(strapi, messages);
    return { surveyCarried };
  },

  /** Thread headers of a ticket's customer mail, and the Reply-To of its group's mailbox. */
  async threadOf(ticket: Row, { noInboundMail = false }: { noInboundMail?: boolean } = {}): Promise<{ inReplyTo: string; references: string; replyTo?: string }> {
    const opening = noInboundMail
      ? null
      : await strapi.db.query(INBOUND_MAIL_UID).findOne({
          where: { ticket: { id: ticket.id }, outcome: { $in: ['ticket', 'follow_up'] } },
          select: ['message_id'],
          orderBy: { id: 'asc' },
        });
    const inbox = pluginConfig(strapi).mail.inboxes.find((i) => i.group && i.group === ticket.group?.code) ?? pluginConfig(strapi).mail.inboxes[0];
    return { ...threadHeaders(ticket.documentId, mailDomain(strapi), opening?.message_id ?? openingMessageId()), ...(inbox ? { replyTo: inbox.address } : {}) };
  },
});

function toMailEvent(e: NewTicketEvent & { id?: number }): MailEvent {
  return { id: e.id ?? 0, kind: e.kind, visibility: e.visibility, actorKind: e.actor.kind, actorName: e.actor.name ?? null, to: e.to ?? null, body: e.body ?? null };
}

export type CustomerMailService = ReturnType<typeof createCustomerMailService>;
export default createCustomerMailService;
