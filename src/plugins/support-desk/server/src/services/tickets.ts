import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { runWithIntent, type Actor } from '../workflow/actor';
import { isTicketAction, OPEN_STATUSES, TICKET_ACTIONS, type TicketAction, type TransitionInput } from '../workflow/state-machine';
import { CANNED_LOCALES, cannedValuesOf, renderCanned } from '../canned/render';
import { REPLY_CHANNELS, type ReplyChannel } from '../workflow/reply-channels';
import { getService } from '../utils/get-service';
import { AGENT_TICKET_POPULATE } from '../contracts/agent';
import { requireVersion } from '../utils/version';
import { transitionTicket } from '../documents/ticket-workflow';
import { conflict } from '../utils/errors';
import { parseLinksRequest, planLinks, type LinkedArticle, type LinksContext } from '../workflow/ticket-links';
import { ARTICLE_UID, CANNED_REPLY_UID, GROUP_UID, TICKET_UID, USER_UID } from '../constants';

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

export interface CustomerReplyRequest {
  version: number;
  /** How the customer answered (the e-mail gateway records mail replies itself). */
  channel: string;
  /** What the customer said, as the agent noted it. */
  body: string;
}

/** An agent the ticket may be assigned to (GET /tickets/:documentId/assignees): whitelisted fields only. */
export interface AssigneeView {
  id: number;
  name: string;
  /** Open tickets assigned to them now. */
  open_tickets: number;
  /** documentIds of their support groups. */
  groups: string[];
  /** Member (or lead) of the ticket's group. */
  in_ticket_group: boolean;
}

export interface CannedReplyView {
  id: number;
  documentId: string;
  title: string;
  language: string;
  /** The body with this ticket's placeholders filled. */
  text: string;
  /** Placeholders left as written (unknown, or no value on this ticket). */
  unresolved: string[];
}

const invalid = (path: string | string[], message: string) => new errors.ValidationError(message, { errors: [{ path: Array.isArray(path) ? path : [path], message, name: 'ValidationError' }] });
const staffName = (u: { firstname?: string | null; lastname?: string | null; email?: string | null }) => [u.firstname, u.lastname].filter(Boolean).join(' ') || u.email || '';

/** What contracts/agent.ts `toAgentTicket` shows of the ticket's relations. */
const POPULATE = [...AGENT_TICKET_POPULATE];

/**
 * Ticket operations with an explicit intent (action, actor, expected version). The writes go through
 * the document service, where the ticket-workflow middleware checks and records them; this service
 * only states what is being done and by whom.
 */
export interface ValidComment {
  body: string;
  visibility: 'public' | 'internal';
}

/** The comment's text (trimmed, 1–20000 characters) and visibility (a customer's is public), or 400. */
function validComment(request: CommentRequest, actor: Actor): ValidComment {
  const body = String(request?.body ?? '').trim();
  if (!body) {
    throw new errors.ValidationError('body is required: write the comment text.', { errors: [{ path: ['body'], message: 'body is required', name: 'ValidationError' }] });
  }
  if (body.length > 20000) {
    throw new errors.ValidationError('body is too long (at most 20000 characters).', { errors: [{ path: ['body'], message: 'too long', name: 'ValidationError' }] });
  }
  const visibility = actor.kind === 'customer' ? 'public' : (request.visibility ?? 'internal');
  if (visibility !== 'public' && visibility !== 'internal') {
    throw new errors.ValidationError('visibility must be "public" or "internal".', { errors: [{ path: ['visibility'], message: 'invalid', name: 'ValidationError' }] });
  }
  return { body, visibility };
}

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
      // An unknown ticket needs no read here: the workflow finds none and the answer is 404.
      // Only ticket attributes go to the document; texts of the action travel in the intent.
      const attributes = strapi.getModel(TICKET_UID as any).attributes as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(input).filter(([k]) => k in attributes && k !== 'state' && k !== 'version'));
      // The write, its checks and effects, and the answer's relations in one transaction
      // (documents/ticket-workflow.ts): the transition's columns through the query engine.
      return runWithIntent({ actor, action: action as TicketAction, input, expectedVersion, visibility }, () => transitionTicket(strapi, documentId, fields));
    },

    /** A comment, answered with the ticket as `get` answers it. */
    async comment(documentId: string, request: CommentRequest, actor: Actor) {
      const comment = validComment(request, actor);
      const ticket = await findOrFail(documentId);
      return (await this.commentOn(ticket, comment, actor)) ?? this.get(documentId);
    },

    /**
     * A validated comment (`validComment`) on a ticket the caller has read (its row). A customer's
     * comment on a ticket awaiting them is their reply: it resumes the ticket, and the transition's
     * answer is returned; otherwise null — the ticket is as read, only its timeline grew — so a
     * caller that answers something else reads nothing more.
     */
    async commentOn(ticket: Record<string, any>, { body, visibility }: ValidComment, actor: Actor) {
      if (actor.kind === 'customer' && ticket.state === 'awaiting_customer') {
        return this.transition(ticket.documentId, { action: 'customer_reply', version: ticket.version, message: body }, actor);
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
      return null;
    },

    validComment,

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

    /**
     * A reply the customer gave outside the portal and mail (phone, in person, chat, e-mail to a
     * person), recorded by an agent: runs the workflow's `customer_reply` as the ticket's requester,
     * so the SLA clock resumes; the timeline event names the channel and the agent who recorded it.
     */
    async recordCustomerReply(documentId: string, request: CustomerReplyRequest, agent: Actor) {
      const expectedVersion = requireVersion(request?.version);
      const channel = String(request?.channel ?? '');
      if (!(REPLY_CHANNELS as readonly string[]).includes(channel)) throw invalid('channel', `channel must be one of ${REPLY_CHANNELS.join(', ')}.`);
      const body = String(request?.body ?? '').trim();
      if (!body) throw invalid('body', 'body is required: write down what the customer said.');
      if (body.length > 20000) throw invalid('body', 'body is too long (at most 20000 characters).');
      const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { documentId }, populate: { requester: { select: ['id', 'username', 'full_name'] } } });
      if (!ticket) throw new errors.NotFoundError(`No ticket with id "${documentId}".`);
      if (ticket.state !== 'awaiting_customer') {
        throw invalid('state', `Ticket ${ticket.number} is ${ticket.state}, not awaiting the customer: add the reply as an internal note instead.`);
      }
      const requester = ticket.requester;
      const customer: Actor = requester ? { kind: 'customer', id: requester.id, name: requester.full_name || requester.username || undefined } : { kind: 'customer', name: 'customer' };
      return runWithIntent(
        {
          actor: customer,
          action: 'customer_reply',
          input: { message: body },
          expectedVersion,
          visibility: 'public',
          eventData: { channel: channel as ReplyChannel, recorded_by: { id: agent.id ?? null, name: agent.name ?? null } },
        },
        () => documents().update({ documentId, data: {}, populate: POPULATE }),
      );
    },

    /**
     * The ticket's links from the Workflow panel: related KB articles (an article's language version),
     * CC contacts (contacts of the ticket's organization) and the ticket it follows up (by number).
     * Checked against the stored links and the targets (workflow/ticket-links.ts: 400 naming the
     * field, nothing written), then written through the document service with the version the agent
     * read, so the ticket middleware claims the version and puts a `field_change` event with what was
     * added and removed on the timeline. Answers the ticket as the panel's view shows it.
     */
    async links(documentId: string, request: Record<string, unknown>, actor: Actor) {
      const parsed = parseLinksRequest(request);
      if (parsed.ok === false) throw invalid(parsed.path.length ? parsed.path : ['body'], parsed.message);
      const expectedVersion = requireVersion(request?.version);
      const ticket = await strapi.db.query(TICKET_UID).findOne({
        where: { documentId },
        select: ['id', 'documentId', 'number', 'version'],
        populate: {
          organization: { select: ['id'] },
          requester: { select: ['id'] },
          related_articles: { select: ['id', 'documentId', 'locale', 'title'], where: { publishedAt: { $null: true } } },
          cc_contacts: { select: ['id', 'documentId', 'username', 'full_name'] },
          follow_up_of: { select: ['id', 'documentId', 'number'] },
        },
      });
      if (!ticket) throw new errors.NotFoundError(`No ticket with id "${documentId}".`);
      // A stale version is a conflict before anything else (the links the agent saw may have changed).
      if (ticket.version !== expectedVersion) {
        throw conflict(`Ticket ${ticket.number} was changed by someone else: your change is based on version ${expectedVersion}, the current version is ${ticket.version}. Reload the ticket and try again.`, { currentVersion: ticket.version });
      }
      const contactName = (c: any) => c.full_name || c.username || null;
      const articleOf = (a: any): LinkedArticle => ({ documentId: a.documentId, locale: a.locale, title: a.title ?? null });
      const ctx: LinksContext = {
        ticket: { id: ticket.id, number: ticket.number ?? null, organizationId: ticket.organization?.id ?? null, requesterId: ticket.requester?.id ?? null },
        current: {
          articles: (ticket.related_articles ?? []).map(articleOf),
          contacts: (ticket.cc_contacts ?? []).map((c: any) => ({ id: c.id, documentId: c.documentId, name: contactName(c) })),
          followUp: ticket.follow_up_of ? { id: ticket.follow_up_of.id, documentId: ticket.follow_up_of.documentId, number: ticket.follow_up_of.number ?? null } : null,
        },
        articles: [],
        contacts: [],
        followUp: null,
      };
      const wantedArticles = parsed.articles?.add ?? [];
      if (wantedArticles.length) {
        // Draft rows: every language version has one, published or not.
        const rows = await strapi.db.query(ARTICLE_UID).findMany({
          where: { documentId: { $in: [...new Set(wantedArticles.map((a) => a.documentId))] }, locale: { $in: [...new Set(wantedArticles.map((a) => a.locale))] }, publishedAt: { $null: true } },
          select: ['documentId', 'locale', 'title'],
        });
        ctx.articles = rows.map(articleOf);
      }
      const wantedContacts = parsed.contacts?.add ?? [];
      if (wantedContacts.length) {
        const rows = await strapi.db.query(USER_UID).findMany({
          where: { documentId: { $in: wantedContacts } },
          select: ['id', 'documentId', 'username', 'full_name', 'blocked'],
          populate: { organization: { select: ['id'] } },
        });
        ctx.contacts = rows.map((c: any) => ({ id: c.id, documentId: c.documentId, name: contactName(c), organizationId: c.organization?.id ?? null, blocked: Boolean(c.blocked) }));
      }
      if (parsed.followUp.kind === 'set') {
        const target = await strapi.db.query(TICKET_UID).findOne({ where: { number: parsed.followUp.number }, select: ['id', 'documentId', 'number'], populate: { organization: { select: ['id'] }, follow_up_of: { select: ['id'] } } });
        if (target) {
          // The tickets the target follows up, up the chain (a circle would never end a follow-up walk).
          const chain: number[] = [];
          let next: number | null = target.follow_up_of?.id ?? null;
          while (next !== null && !chain.includes(next) && chain.length < 50) {
            chain.push(next);
            if (next === ticket.id) break;
            const row: any = await strapi.db.query(TICKET_UID).findOne({ where: { id: next }, select: ['id'], populate: { follow_up_of: { select: ['id'] } } });
            next = row?.follow_up_of?.id ?? null;
          }
          ctx.followUp = { id: target.id, documentId: target.documentId, number: target.number ?? null, organizationId: target.organization?.id ?? null, chain };
        }
      }
      const plan = planLinks(parsed, ctx);
      if (plan.ok === false) throw invalid(plan.path, plan.message);
      return runWithIntent({ actor, expectedVersion, links: plan.event }, () => documents().update({ documentId, data: plan.data, populate: POPULATE }));
    },

    /**
     * Agents the ticket may go to: the members and leads of the support groups (active accounts
     * only), those of the ticket's group first, each with their open load and groups; and the groups
     * it may move to.
     */
    async assignees(documentId: string) {
      const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { documentId }, populate: { group: { select: ['id', 'documentId'] } } });
      if (!ticket) throw new errors.NotFoundError(`No ticket with id "${documentId}".`);
      const groups = await strapi.db.query(GROUP_UID).findMany({
        select: ['id', 'documentId', 'name', 'code'],
        orderBy: { name: 'asc' },
        populate: { members: { select: ['id', 'firstname', 'lastname', 'email', 'isActive', 'blocked'] }, lead: { select: ['id', 'firstname', 'lastname', 'email', 'isActive', 'blocked'] } },
      });
      const people = new Map<number, { user: any; groups: string[]; inTicketGroup: boolean }>();
      for (const g of groups) {
        const inTicketGroup = ticket.group?.id === g.id;
        for (const u of [...(g.members ?? []), ...(g.lead ? [g.lead] : [])]) {
          if (!u.isActive || u.blocked) continue;
          const entry = people.get(u.id) ?? { user: u, groups: [], inTicketGroup: false };
          if (!entry.groups.includes(g.documentId)) entry.groups.push(g.documentId);
          entry.inTicketGroup ||= inTicketGroup;
          people.set(u.id, entry);
        }
      }
      // Members of the ticket's group first; the others are offered with a move to one of their groups.
      const eligible = [...people.values()];
      const load = new Map<number, number>();
      if (eligible.length) {
        const open = await strapi.db.query(TICKET_UID).findMany({
          select: ['id'],
          where: { state: { $in: [...OPEN_STATUSES] }, assignee: { id: { $in: eligible.map((p) => p.user.id) } } },
          populate: { assignee: { select: ['id'] } },
        });
        for (const t of open) if (t.assignee) load.set(t.assignee.id, (load.get(t.assignee.id) ?? 0) + 1);
      }
      const assignees: AssigneeView[] = eligible
        .map((p) => ({ id: p.user.id, name: staffName(p.user), open_tickets: load.get(p.user.id) ?? 0, groups: p.groups, in_ticket_group: p.inTicketGroup }))
        .sort((a, b) => Number(b.in_ticket_group) - Number(a.in_ticket_group) || a.open_tickets - b.open_tickets || a.name.localeCompare(b.name));
      return {
        group: ticket.group?.documentId ?? null,
        groups: groups.map((g: any) => ({ id: g.id, documentId: g.documentId, name: g.name ?? null, code: g.code ?? null })),
        assignees,
      };
    },

    /** Active canned replies in `language` (both languages without one), rendered for this ticket and agent. */
    async cannedReplies(documentId: string, language: string | undefined, agent: { name?: string | null; email?: string | null } | null): Promise<CannedReplyView[]> {
      if (language !== undefined && !(CANNED_LOCALES as readonly string[]).includes(language)) throw invalid('language', `language must be one of ${CANNED_LOCALES.join(', ')}.`);
      const ticket = await this.get(documentId);
      const rows = await strapi.db.query(CANNED_REPLY_UID).findMany({
        select: ['id', 'documentId', 'title', 'language', 'body'],
        where: { active: true, ...(language ? { language } : {}) },
        orderBy: [{ title: 'asc' }, { id: 'asc' }],
      });
      const values = cannedValuesOf(
        {
          number: ticket.number,
          subject: ticket.subject,
          state: ticket.state,
          priority: ticket.priority,
          requester: ticket.requester ? { name: ticket.requester.full_name || ticket.requester.username, email: ticket.requester.email } : null,
          organization: ticket.organization ? { name: ticket.organization.name } : null,
        },
        agent,
      );
      return rows.map((r: any) => ({ id: r.id, documentId: r.documentId, title: r.title, language: r.language, ...renderCanned(r.body ?? '', values) }));
    },

    async timeline(documentId: string, { publicOnly = false } = {}) {
      const ticket = await findOrFail(documentId);
      return getService('timeline').list(ticket.id, { publicOnly });
    },
  };
};

export type TicketService = ReturnType<typeof createTicketService>;
export default createTicketService;
