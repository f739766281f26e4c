import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { runWithIntent, type Actor } from '../workflow/actor';
import { isTicketAction, TICKET_ACTIONS, type TicketAction, type TransitionInput } from '../workflow/state-machine';
import { getService } from '../utils/get-service';
import { AGENT_TICKET_POPULATE } from '../contracts/agent';
import { requireVersion } from '../utils/version';
import { TICKET_UID } from '../constants';

export interface TransitionRequest extends TransitionInput {
  action: string;
  version: number;
  /** Timeline visibility of the action's message (agents may keep a cancel reason internal). */
  visibility?: 'public' | 'internal';
}

export interface CommentRequest {
  body: string;
  visibility?: 'public' | 'internal';
}

export interface AssignRequest {
  version: number;
  assignee?: number | null;
  group?: string | null;
  reason?: string;
}

/** What contracts/agent.ts `toAgentTicket` shows of the ticket's relations. */
const POPULATE = [...AGENT_TICKET_POPULATE];

/**
 * Ticket operations with an explicit intent (action, actor, expected version). The writes go through
 * the document service, where the ticket-workflow middleware checks and records them; this service
 * only states what is being done and by whom.
 */
const createTicketService = ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(TICKET_UID as any) as any;

  async function findOrFail(documentId: string) {
    const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { documentId } });
    if (!ticket) throw new errors.NotFoundError(`No ticket with id "${documentId}".`);
    return ticket;
  }

  return {
    findOrFail,

    async get(documentId: string) {
      const ticket = await documents().findOne({ documentId, populate: POPULATE });
      if (!ticket) throw new errors.NotFoundError(`No ticket with id "${documentId}".`);
      return ticket;
    },

    async create(data: Record<string, unknown>, actor: Actor) {
      return runWithIntent({ actor }, () => documents().create({ data, populate: POPULATE }));
    },

    async transition(documentId: string, request: TransitionRequest, actor: Actor) {
      const { action, version, visibility, ...input } = request ?? ({} as TransitionRequest);
      if (!isTicketAction(action)) {
        throw new errors.ValidationError(`Unknown action "${action ?? ''}". Actions: ${TICKET_ACTIONS.join(', ')}.`, {
          errors: [{ path: ['action'], message: 'unknown action', name: 'ValidationError' }],
        });
      }
      const expectedVersion = requireVersion(version);
      await findOrFail(documentId);
      // Only ticket attributes go to the document; texts of the action travel in the intent.
      const attributes = strapi.contentTypes[TICKET_UID as keyof typeof strapi.contentTypes].attributes as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(input).filter(([k]) => k in attributes && k !== 'state' && k !== 'version'));
      return runWithIntent({ actor, action: action as TicketAction, input, expectedVersion, visibility }, () =>
        documents().update({ documentId, data: fields, populate: POPULATE }),
      );
    },

    /** A comment. A customer's comment on a ticket awaiting them is their reply: it resumes the ticket. */
    async comment(documentId: string, request: CommentRequest, actor: Actor) {
      const body = String(request?.body ?? '').trim();
      if (!body) {
        throw new errors.ValidationError('body is required: write the comment text.', { errors: [{ path: ['body'], message: 'body is required', name: 'ValidationError' }] });
      }
      if (body.length > 20000) {
        throw new errors.ValidationError('body is too long (at most 20000 characters).', { errors: [{ path: ['body'], message: 'too long', name: 'ValidationError' }] });
      }
      const visibility = actor.kind === 'customer' ? 'public' : (request.visibility ?? 'internal');
      if (!['public', 'internal'].includes(visibility)) {
        throw new errors.ValidationError('visibility must be "public" or "internal".', { errors: [{ path: ['visibility'], message: 'invalid', name: 'ValidationError' }] });
      }
      const ticket = await findOrFail(documentId);
      if (actor.kind === 'customer' && ticket.state === 'awaiting_customer') {
        return this.transition(documentId, { action: 'customer_reply', version: ticket.version, message: body }, actor);
      }
      if (['closed', 'cancelled'].includes(ticket.state) && actor.kind === 'customer') {
        throw new errors.ValidationError(`Ticket ${ticket.number} is ${ticket.state}: reopen it (within the reopen window) or open a new ticket.`);
      }
      await strapi.db.transaction(async () => {
        await getService('timeline').append({ ticketId: ticket.id, kind: 'comment', actor, visibility, body });
        // The first public message of the support side meets the first-response target.
        if (visibility === 'public' && actor.kind !== 'customer') {
          await getService('sla').recordFirstResponse(ticket.id, new Date());
          await getService('ticket-metrics').afterFirstResponse(ticket.id);
        }
      });
      return this.get(documentId);
    },

    async assign(documentId: string, request: AssignRequest, actor: Actor) {
      const expectedVersion = requireVersion(request?.version);
      await findOrFail(documentId);
      const data: Record<string, unknown> = {};
      if (request.assignee !== undefined) data.assignee = request.assignee;
      if (request.group !== undefined) data.group = request.group;
      if (!Object.keys(data).length) {
        throw new errors.ValidationError('Give an assignee (admin user id) and/or a group (documentId) to assign.', {
          errors: [{ path: ['assignee'], message: 'nothing to assign', name: 'ValidationError' }],
        });
      }
      return runWithIntent({ actor, expectedVersion, input: { reason: request.reason } }, () => documents().update({ documentId, data, populate: POPULATE }));
    },

    async timeline(documentId: string, { publicOnly = false } = {}) {
      const ticket = await findOrFail(documentId);
      return getService('timeline').list(ticket.id, { publicOnly });
    },
  };
};

export type TicketService = ReturnType<typeof createTicketService>;
export default createTicketService;
