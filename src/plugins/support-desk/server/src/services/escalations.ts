/**
 * Escalations: an agent asks another department (R&D, product, QA, sales, management, tier 2) for
 * help on a ticket. Raising one raises the ticket's escalation_level (a system field this service
 * owns, written through the ticket workflow with the caller's version), appends an internal
 * `escalation` event and notifies the department's contact(s) through the outbox — all in one
 * transaction. The answer is recorded once (`escalation_answer` event, the raiser notified); an
 * escalation no longer needed can be closed. A ticket cannot be resolved while one is open.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { runWithIntent, type Actor } from '../workflow/actor';
import { OPEN_STATUSES, type TicketStatus } from '../workflow/state-machine';
import { getService } from '../utils/get-service';
import { conflict } from '../utils/errors';
import { requireVersion } from '../utils/version';
import { asEscalationService } from '../workflow/escalation-scope';
import { AGENT_PROFILE_UID, ESCALATION_UID, TICKET_UID } from '../constants';


export const DEPARTMENTS = ['rd', 'product', 'qa', 'sales', 'management', 'tier2'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export const DEPARTMENT_NAMES: Record<Department, string> = { rd: 'R&D', product: 'Product', qa: 'QA', sales: 'Sales', management: 'Management', tier2: 'Tier 2' };

export interface EscalateRequest {
  department: string;
  reason: string;
  version: number;
}

type Row = Record<string, any>;

const invalid = (field: string, message: string) =>
  new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });

function requireText(value: unknown, field: string, what: string, max: number): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw invalid(field, `${field} is required: ${what}.`);
  if (v.length > max) throw invalid(field, `${field} is too long (at most ${max} characters).`);
  return v;
}


const fullName = (u: Row | null | undefined) => (u ? [u.firstname, u.lastname].filter(Boolean).join(' ') || u.email || `user #${u.id}` : null);

const POPULATE = { ticket: { select: ['id', 'documentId', 'number', 'state', 'version', 'escalation_level'] }, raised_by: { select: ['id', 'firstname', 'lastname', 'email'] }, contact: { select: ['id', 'firstname', 'lastname', 'email'] } };

const createEscalationService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** Agent profiles flagged as the department's contact (available ones first), with their admin user. */
  async function contactsOf(department: Department): Promise<Row[]> {
    const rows: Row[] = await strapi.db.query(AGENT_PROFILE_UID).findMany({
      where: { department, is_department_contact: true },
      populate: { user: { select: ['id', 'firstname', 'lastname', 'email', 'isActive', 'blocked'] } },
      orderBy: { id: 'asc' },
    });
    return rows
      .filter((p) => p.user && p.user.isActive !== false && !p.user.blocked)
      .sort((a, b) => Number(b.available !== false) - Number(a.available !== false));
  }

  async function findOrFail(documentId: string) {
    const row = await strapi.db.query(ESCALATION_UID).findOne({ where: { documentId }, populate: POPULATE });
    if (!row) throw new errors.NotFoundError(`No escalation with id "${documentId}".`);
    return row;
  }

  async function profileOf(userId: number | undefined | null): Promise<Row | null> {
    if (!userId) return null;
    return strapi.db.query(AGENT_PROFILE_UID).findOne({ where: { user: { id: userId } } });
  }

  return {
    findOrFail,
    contactsOf,

    /** Escalations of a ticket, newest first. */
    async list(ticketDocumentId: string) {
      const ticket = await getService('tickets').findOrFail(ticketDocumentId);
      return strapi.db.query(ESCALATION_UID).findMany({ where: { ticket: { id: ticket.id } }, populate: POPULATE, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    },

    async escalate(ticketDocumentId: string, request: EscalateRequest, actor: Actor) {
      const department = request?.department;
      if (!(DEPARTMENTS as readonly string[]).includes(department)) {
        throw invalid('department', `department must be one of ${DEPARTMENTS.join(', ')} (${DEPARTMENTS.map((d) => `${d} = ${DEPARTMENT_NAMES[d]}`).join(', ')}); got ${JSON.stringify(department ?? null)}.`);
      }
      const reason = requireText(request?.reason, 'reason', `say what you need from ${DEPARTMENT_NAMES[department as Department]}`, 5000);
      const expectedVersion = requireVersion(request?.version, 'the ticket your escalation is based on');
      const ticket = await getService('tickets').findOrFail(ticketDocumentId);
      if (!OPEN_STATUSES.includes(ticket.state as TicketStatus)) {
        throw new errors.ValidationError(
          `Ticket ${ticket.number} is ${ticket.state}: only open tickets (${OPEN_STATUSES.join(', ')}) can be escalated.${ticket.state === 'resolved' || ticket.state === 'closed' ? ' Reopen it first if the problem is back.' : ''}`,
          { state: ticket.state },
        );
      }
      const dept = department as Department;

      return strapi.db.transaction(async () => {
        // The ticket first: the version check (409 when stale) and the new level, owned by this service.
        const level = (ticket.escalation_level ?? 0) + 1;
        await runWithIntent({ actor, expectedVersion, serverSet: ['escalation_level'] }, () =>
          (strapi.documents(TICKET_UID as any) as any).update({ documentId: ticketDocumentId, data: { escalation_level: level } }),
        );
        const contacts = await contactsOf(dept);
        const contact = contacts[0]?.user ?? null;
        const created: Row = await asEscalationService(() => (strapi.documents(ESCALATION_UID as any) as any).create({
          data: {
            ticket: ticketDocumentId,
            department: dept,
            reason,
            level,
            state: 'open',
            raised_by: actor.kind === 'agent' && actor.id ? actor.id : null,
            contact: contact?.id ?? null,
          },
        }));
        const notified = contacts.map((c) => ({ id: c.user.id, name: c.display_name || fullName(c.user), email: c.email || c.user.email, locale: c.preferred_locale }));
        const warning = contacts.length
          ? null
          : `No contact is set up for ${DEPARTMENT_NAMES[dept]}: nobody was notified. Mark an agent profile of department "${dept}" as is_department_contact.`;
        await getService('timeline').append({
          ticketId: ticket.id,
          kind: 'escalation',
          actor,
          visibility: 'internal',
          body: reason,
          data: {
            escalation: created.documentId,
            department: dept,
            level,
            contact: contact ? { id: contact.id, name: fullName(contact) } : null,
            notified: notified.map((n) => n.id),
            ...(warning ? { warning } : {}),
          },
        });
        const messages = notified
          .filter((n) => n.email)
          .map((n) => ({
            to: { email: n.email, name: n.name, locale: n.locale },
            template: 'escalation_raised',
            payload: { number: ticket.number, subject: ticket.subject, department: dept, reason, level, raised_by: actor.name ?? null, document_id: ticket.documentId },
            dedupeKey: `escalation:${created.id}:raised:${n.id}`,
            ticketId: ticket.id,
          }));
        if (messages.length) await getService('notification-outbox').enqueue(messages);
        const escalation = await strapi.db.query(ESCALATION_UID).findOne({ where: { id: created.id }, populate: POPULATE });
        return { escalation, ticket: { documentId: ticket.documentId, version: ticket.version + 1, escalation_level: level }, notified: notified.map(({ id, name }) => ({ id, name })), warning };
      });
    },

    /** Records the department's answer (once): state answered, an event, the raiser told. */
    async answer(documentId: string, request: { answer?: unknown }, actor: Actor) {
      const answer = requireText(request?.answer, 'answer', "write the department's answer", 20000);
      const escalation = await findOrFail(documentId);
      return strapi.db.transaction(async () => {
        const now = new Date();
        const { count } = await strapi.db.query(ESCALATION_UID).updateMany({ where: { id: escalation.id, state: 'open' }, data: { state: 'answered', answer, answered_at: now } });
        if (count !== 1) {
          const current = await strapi.db.query(ESCALATION_UID).findOne({ where: { id: escalation.id } });
          throw conflict(`This escalation is already ${current?.state ?? escalation.state}${current?.answered_at ? ` (answered at ${new Date(current.answered_at).toISOString()})` : ''}: only an open escalation can be answered. Add a comment to the ticket instead.`, { state: current?.state });
        }
        const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { id: escalation.ticket.id } });
        const dept = escalation.department as Department;
        await getService('timeline').append({
          ticketId: ticket.id,
          kind: 'escalation_answer',
          actor,
          visibility: 'internal',
          body: answer,
          data: { escalation: escalation.documentId, department: dept, level: escalation.level, state: 'answered' },
        });
        const raiser = escalation.raised_by;
        if (raiser?.email) {
          const profile = await profileOf(raiser.id);
          await getService('notification-outbox').enqueue([
            {
              to: { email: profile?.email || raiser.email, name: profile?.display_name || fullName(raiser), locale: profile?.preferred_locale },
              template: 'escalation_answered',
              payload: { number: ticket.number, subject: ticket.subject, department: dept, answer, answered_by: actor.name ?? null, document_id: ticket.documentId },
              dedupeKey: `escalation:${escalation.id}:answered`,
              ticketId: ticket.id,
            },
          ]);
        }
        return strapi.db.query(ESCALATION_UID).findOne({ where: { id: escalation.id }, populate: POPULATE });
      });
    },

    /** Withdraws an escalation that is no longer needed (open → closed), with a reason. */
    async close(documentId: string, request: { reason?: unknown }, actor: Actor) {
      const reason = requireText(request?.reason, 'reason', 'say why the escalation is no longer needed', 5000);
      const escalation = await findOrFail(documentId);
      return strapi.db.transaction(async () => {
        const { count } = await strapi.db.query(ESCALATION_UID).updateMany({ where: { id: escalation.id, state: 'open' }, data: { state: 'closed', closed_at: new Date() } });
        if (count !== 1) {
          const current = await strapi.db.query(ESCALATION_UID).findOne({ where: { id: escalation.id } });
          throw conflict(`This escalation is already ${current?.state ?? escalation.state}: only an open escalation can be closed.`, { state: current?.state });
        }
        await getService('timeline').append({
          ticketId: escalation.ticket.id,
          kind: 'escalation_answer',
          actor,
          visibility: 'internal',
          body: reason,
          data: { escalation: escalation.documentId, department: escalation.department, level: escalation.level, state: 'closed' },
        });
        return strapi.db.query(ESCALATION_UID).findOne({ where: { id: escalation.id }, populate: POPULATE });
      });
    },

    /**
     * Refuses to resolve a ticket while an escalation is open (called by the ticket workflow on
     * `resolve`, whatever the write path).
     */
    async assertNoneOpen(ticket: { id: number; number?: string | null }) {
      const open: Row[] = await strapi.db.query(ESCALATION_UID).findMany({ where: { ticket: { id: ticket.id }, state: 'open' }, orderBy: { id: 'asc' } });
      if (!open.length) return;
      const list = open.map((e) => `${DEPARTMENT_NAMES[e.department as Department] ?? e.department} (level ${e.level}, ${e.documentId}, raised ${new Date(e.createdAt).toISOString()})`).join('; ');
      throw new errors.ValidationError(
        `Cannot resolve ${ticket.number ?? 'this ticket'}: ${open.length === 1 ? 'an escalation is' : `${open.length} escalations are`} still open: ${list}. ` +
          `Record the department's answer (POST /support-desk/escalations/:documentId/answer) or close the escalation (POST /support-desk/escalations/:documentId/close) first.`,
        { code: 'open_escalations', escalations: open.map((e) => ({ documentId: e.documentId, department: e.department, level: e.level })) },
      );
    },
  };
};

export type EscalationService = ReturnType<typeof createEscalationService>;
export default createEscalationService;
