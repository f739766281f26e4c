/**
 * The customer API's operations (controllers/customer-tickets.ts). Every operation is scoped to the
 * caller's organization: a ticket of another organization is answered exactly like an unknown one
 * (404). Writes go through the tickets service / the document service, so the ticket-workflow
 * middleware checks them as for every other path (state machine, version, closed fields, timeline).
 * What goes out is built field by field into the shapes of contracts/customer.ts.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { runWithIntent, type Actor } from '../workflow/actor';
import { allowedActions, DEFAULT_REOPEN_WINDOW_DAYS, type TicketStatus } from '../workflow/state-machine';
import { getService } from '../utils/get-service';
import {
  CUSTOMER_VERBS,
  type CustomerAction,
  type CustomerCreateTicketRequest,
  type CustomerKbSuggestion,
  type CustomerPagination,
  type CustomerTicket,
  type CustomerTimelineEntry,
  type CustomerVerb,
} from '../contracts/customer';
import { pluginConfig } from '../utils/plugin-config';
import { createRelationReader } from '../utils/find-with-relations';
import { chooseLocale } from '../notify/locale';
import { eventText } from '../timeline/texts';
import { ASSET_UID, ORGANIZATION_UID, TICKET_UID, USER_UID } from '../constants';


/** The caller, as the is-customer policy established it (ctx.state.customer). */
export interface CustomerIdentity {
  userId: number;
  userDocumentId: string;
  name: string;
  organizationId: number;
  organizationDocumentId: string;
  /** The organization's region (a new ticket's), when `identify` read it. */
  organizationRegion?: string | null;
  locale: string | null;
}

type Row = Record<string, any>;

/** A users-permissions user as its authentication strategy reads it (`fetchAuthenticatedUser`: the row, its role and organization). */
export interface AuthenticatedUser {
  id: number;
  documentId?: string;
  username?: string;
  full_name?: string | null;
  preferred_locale?: string | null;
  role?: { type?: string | null } | null;
  /** Present when the strategy read it with the user (bootstrap/auth-cache.ts). */
  organization?: Row | null;
}

/** What the customer API uses of the KB service (services/kb.ts `suggest`). */
interface KbSuggest {
  suggest(
    caller: { agent: boolean },
    opts: { subject?: string; description?: string; locale?: string; limit?: number },
  ): Promise<{ data?: Array<{ documentId: string; slug: string; title: string; summary?: string | null; locale: string; visibility?: string }> } | null>;
}
const KB_SUGGEST_LOCALES = ['en', 'zh-Hans'];

const iso = (v: unknown): string | null => {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v as string);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** Statuses in which the ticket's solution is shown: proposed to the customer, or the resolution. */
const SOLUTION_VISIBLE: readonly TicketStatus[] = ['solution_proposed', 'resolved', 'closed'];
const COMMENTABLE = (status: TicketStatus) => status !== 'closed' && status !== 'cancelled';
const VERB_OF: Record<string, CustomerAction> = Object.fromEntries(Object.entries(CUSTOMER_VERBS).map(([verb, action]) => [action, verb as CustomerAction]));

/** What `findScoped` reads with a ticket: the answer's asset and requester, the organization's id for the scope. */
const SCOPED_POPULATE = { asset: true, requester: true, organization: { select: ['id'] } } as const;

const notFound = (documentId: string) => new errors.NotFoundError(`No ticket with id "${documentId}" in your organization.`);

const createCustomerTicketService = ({ strapi }: { strapi: Core.Strapi }) => {
  const reopenWindowDays = () => pluginConfig(strapi).reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;

  /** The whitelist: every field a customer sees, and nothing else. The stored `state` is the public `status`. */
  function toCustomerTicket(row: Row, now = new Date()): CustomerTicket {
    const status = row.state as TicketStatus;
    const actions: CustomerAction[] = COMMENTABLE(status) ? ['comment'] : [];
    for (const a of allowedActions(status, 'customer', { closed_at: row.closed_at, now, reopenWindowDays: reopenWindowDays() })) {
      const verb = VERB_OF[a];
      if (verb) actions.push(verb);
    }
    const requester = row.requester as Row | null | undefined;
    return {
      documentId: row.documentId,
      number: row.number,
      subject: row.subject,
      description: row.description ?? null,
      status,
      priority: row.priority,
      channel: row.channel,
      type: row.type,
      urgency: row.urgency,
      impact: row.impact,
      asset: row.asset ? { serial_number: row.asset.serial_number, model: row.asset.model ?? null } : null,
      requester: requester ? { name: requester.full_name || requester.username } : null,
      solution: SOLUTION_VISIBLE.includes(status) ? (row.solution ?? null) : null,
      first_response_due_at: iso(row.first_response_due_at),
      resolution_due_at: iso(row.resolution_due_at),
      resolved_at: iso(row.resolved_at),
      closed_at: iso(row.closed_at),
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
      version: row.version,
      actions,
    };
  }

  /**
   * The public events, each as one text in the customer's language (else the desk's, as their mail)
   * and the desk's time zone: what someone wrote, or the event's sentence rendered from its data
   * (timeline/texts.ts). The data itself is never answered.
   */
  async function publicTimeline(ticketId: number, customerLocale: string | null): Promise<CustomerTimelineEntry[]> {
    const events = await getService('timeline').list(ticketId, { publicOnly: true, withData: true });
    const locale = chooseLocale(customerLocale);
    const zone = pluginConfig(strapi).notifications.defaultTimeZone;
    return events
      .filter((e) => e.visibility === 'public')
      .map((e) => ({
        id: e.id,
        kind: e.kind,
        from_status: e.from_status ?? null,
        to_status: e.to_status ?? null,
        actor_type: e.actor_type,
        actor_name: e.actor_name ?? null,
        body: eventText(e, locale, zone),
        createdAt: iso(e.createdAt)!,
      }));
  }

  /** The ticket if it belongs to the caller's organization; otherwise 404, as for an unknown id. */
  /** The ticket with what the customer's answer shows (asset, requester), its organization's id to scope it: one statement on PostgreSQL. */
  async function findScoped(customer: CustomerIdentity, documentId: string): Promise<Row> {
    if (typeof documentId !== 'string' || !documentId) throw notFound(String(documentId ?? ''));
    const row = await createRelationReader(strapi).findOne(TICKET_UID, { documentId }, SCOPED_POPULATE);
    if (!row || row.organization?.id !== customer.organizationId) throw notFound(documentId);
    return row;
  }

  /** The customer's answer for a ticket read by `findScoped`: the ticket and its public timeline. */
  const answerOf = async (customer: CustomerIdentity, row: Row) => ({ data: toCustomerTicket(row), meta: { timeline: await publicTimeline(row.id, customer.locale) } });

  const detail = async (customer: CustomerIdentity, documentId: string) => answerOf(customer, await findScoped(customer, documentId));

  /**
   * KB suggestions for a new ticket (deflection): the KB service's `suggest` as a non-agent caller,
   * so public published articles only (filtered again here). In the caller's preferred locale when
   * the KB has it, else the KB picks one from the text. Without a KB service the list is empty.
   */
  async function suggestArticles(ticket: { subject: string; description?: string | null }, locale: string | null): Promise<CustomerKbSuggestion[]> {
    const kb = strapi.plugin('support-desk').service('kb') as KbSuggest | undefined;
    if (!kb || typeof kb.suggest !== 'function') return [];
    const result = await kb.suggest(
      { agent: false },
      { subject: ticket.subject, description: ticket.description ?? '', ...(locale && KB_SUGGEST_LOCALES.includes(locale) ? { locale } : {}), limit: 5 },
    );
    return (result?.data ?? [])
      .filter((a) => a.visibility === 'public')
      .map((a) => ({ documentId: a.documentId, slug: a.slug, title: a.title, summary: a.summary ?? null, locale: a.locale }));
  }

  return {
    toCustomerTicket,
    findScoped,
    suggestArticles,

    /** The caller's organization's tickets, newest first. */
    async list(customer: CustomerIdentity, { page, pageSize, statuses }: { page: number; pageSize: number; statuses: TicketStatus[] | null }) {
      const where: Row = { organization: { id: customer.organizationId }, ...(statuses ? { state: { $in: statuses } } : {}) };
      const [rows, total] = await Promise.all([
        strapi.db.query(TICKET_UID).findMany({
          where,
          populate: ['asset', 'requester'],
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset: (page - 1) * pageSize,
          limit: pageSize,
        }),
        strapi.db.query(TICKET_UID).count({ where }),
      ]);
      const now = new Date();
      const pagination: CustomerPagination = { page, pageSize, pageCount: Math.ceil(total / pageSize), total };
      return { data: rows.map((r: Row) => toCustomerTicket(r, now)), meta: { pagination } };
    },

    get: detail,

    /** A new ticket from the portal: organization and requester are the caller's, the asset one of theirs. */
    async create(customer: CustomerIdentity, actor: Actor, input: CustomerCreateTicketRequest) {
      let asset: Row | null = null;
      if (input.asset_serial) {
        asset = await strapi.db.query(ASSET_UID).findOne({ where: { serial_number: input.asset_serial, organization: { id: customer.organizationId } } });
        if (!asset) {
          throw new errors.ValidationError(
            `asset_serial "${input.asset_serial}" is not an asset of your organization. Check the serial number on the device label, or leave asset_serial out.`,
            { errors: [{ path: ['asset_serial'], message: 'unknown asset serial', name: 'ValidationError' }] },
          );
        }
      }
      const region =
        customer.organizationRegion !== undefined ? customer.organizationRegion : ((await strapi.db.query(ORGANIZATION_UID).findOne({ where: { id: customer.organizationId } }))?.region ?? null);
      const data: Row = {
        subject: input.subject,
        description: input.description ?? null,
        channel: 'portal',
        ...(input.type ? { type: input.type } : {}),
        ...(input.urgency ? { urgency: input.urgency } : {}),
        ...(input.impact ? { impact: input.impact } : {}),
        // By id, as read: the document service looks a documentId up (one statement each), an id it takes as is.
        organization: { id: customer.organizationId },
        requester: { id: customer.userId },
        ...(asset ? { asset: { id: asset.id }, ...(asset.product_line ? { product_line: asset.product_line } : {}) } : {}),
        ...(region ? { region } : {}),
      };
      // KB suggestions depend on the text only: searched (on another connection) while the ticket is
      // created. They are a courtesy: a failure is logged and must not turn the creation into an error.
      const suggesting: Promise<CustomerKbSuggestion[]> = suggestArticles({ subject: input.subject, description: input.description }, customer.locale).catch((err) => {
        strapi.log.warn(`[support-desk] KB suggestions for a new ticket of ${customer.organizationDocumentId} failed: ${(err as Error).message}`);
        return [];
      });
      // organization and requester come from the caller's identity, not from the request body.
      const created = (await runWithIntent({ actor, serverSet: ['organization', 'requester'] }, () =>
        (strapi.documents(TICKET_UID as any) as any).create({ data }),
      )) as Row;
      // The answer from the ticket as created (its SLA deadlines merged by the workflow), the caller
      // (its requester) and the asset read above: no read of the ticket again. Its public timeline is read.
      const [timeline, suggestions] = await Promise.all([publicTimeline(created.id, customer.locale), suggesting]);
      return { data: toCustomerTicket({ ...created, requester: { full_name: customer.name }, asset }), meta: { timeline, suggestions } };
    },

    /** A public comment; on a ticket awaiting the customer it is their reply and resumes the ticket. */
    async comment(customer: CustomerIdentity, actor: Actor, documentId: string, body: string) {
      const row = await findScoped(customer, documentId);
      const tickets = getService('tickets');
      const replied = await tickets.commentOn(row, tickets.validComment({ body }, actor), actor);
      // A comment leaves the ticket as read (only the timeline grows); a reply that resumed it changed it.
      return replied ? detail(customer, documentId) : answerOf(customer, row);
    },

    /** approve / reject a proposed solution, confirm / reopen a resolved (or recently closed) ticket. */
    async act(customer: CustomerIdentity, actor: Actor, documentId: string, verb: CustomerVerb, { version, reason }: { version: unknown; reason?: string }) {
      await findScoped(customer, documentId);
      await getService('tickets').transition(
        documentId,
        { action: CUSTOMER_VERBS[verb], version: version as number, ...(reason ? { reason } : {}) },
        actor,
      );
      return detail(customer, documentId);
    },

    /**
     * The contact behind a users-permissions user, with role and organization (for the policy).
     * Given the user as the users-permissions strategy read it in this request (with its role), only
     * the organization is read; given an id, the user with both.
     */
    async identify(caller: number | AuthenticatedUser): Promise<{ roleType: string | null; identity: CustomerIdentity | null }> {
      let user: Row | null;
      let org: Row | null;
      if (typeof caller === 'object' && caller.role !== undefined && caller.documentId !== undefined) {
        user = caller;
        // Read with the user by the strategy (bootstrap/auth-cache.ts `installAuthenticatedUserRead`), else here.
        org = caller.organization !== undefined ? caller.organization : await strapi.db.query(ORGANIZATION_UID).findOne({ where: { contacts: { id: caller.id } } });
      } else {
        const userId = typeof caller === 'object' ? caller.id : caller;
        user = await strapi.db.query(USER_UID).findOne({ where: { id: userId }, populate: ['role', 'organization'] });
        org = (user?.organization as Row | null) ?? null;
      }
      if (!user) return { roleType: null, identity: null };
      return {
        roleType: user.role?.type ?? null,
        identity: org
          ? {
              userId: user.id,
              userDocumentId: user.documentId,
              name: user.full_name || user.username,
              organizationId: org.id,
              organizationDocumentId: org.documentId,
              organizationRegion: org.region ?? null,
              locale: user.preferred_locale ?? null,
            }
          : null,
      };
    },
  };
};

export type CustomerTicketService = ReturnType<typeof createCustomerTicketService>;
export default createCustomerTicketService;
