/**
 * The ticket document-service middleware: every write path (Content Manager, core REST, API tokens,
 * plugin services, the seed) goes through the document service, so this is where the workflow is
 * enforced. The decisions (closed fields, version, state machine, priority, events) are the update
 * planner's (`workflow/update-planner.ts`); this shell loads the ticket, asks the planner, throws its
 * refusal, claims the version, calls the services around the write and appends the planned events,
 * all in one transaction.
 */
import type { Core, Modules } from '@strapi/strapi';
import { AsyncLocalStorage } from 'node:async_hooks';
import { errors, sanitize } from '@strapi/utils';
import { currentIntent } from '../workflow/actor';
import { currentActor } from '../utils/caller';
import { eventsAfterCreate, eventsAfterUpdate, planCreate, planUpdate, type Data, type Refusal, type StoredTicket } from '../workflow/update-planner';
import { getService } from '../utils/get-service';
import { conflict } from '../utils/errors';
import { pluginConfig } from '../utils/plugin-config';
import { requireVersion } from '../utils/version';
import { TICKET_UID } from '../constants';
import { entryAfterUpdate, type Attributes } from '../workflow/stored-row';
import { createRelationReader } from '../utils/find-with-relations';
import { CUSTOMER_MAIL_RELATIONS } from '../services/customer-mail';
import { linkNewRows, linksNewRowItself } from '../utils/links';

export { SYSTEM_FIELDS, CUSTOMER_CLOSED_FIELDS } from '../workflow/update-planner';

const refusalError = (refusal: Refusal) =>
  refusal.status === 409 ? conflict(refusal.message, refusal.details) : new errors.ValidationError(refusal.message, refusal.details);

/** Make `data` (the caller's object, which the document service writes) equal to `planned`. */
function applyData(data: Data, planned: Data) {
  for (const key of Object.keys(data)) if (!(key in planned)) delete data[key];
  Object.assign(data, planned);
}

/** The ticket's schema defaults (`state: new`, `version: 1`, counters 0, flags false). */
function schemaDefaults(strapi: Core.Strapi): Data {
  const attributes = strapi.getModel(TICKET_UID as any).attributes as Record<string, { default?: unknown }>;
  return Object.fromEntries(Object.entries(attributes).filter(([, a]) => a.default !== undefined).map(([name, a]) => [name, a.default]));
}

/** The relations the planner, the SLA clocks and the events read (each one statement to populate). */
const PLANNED_RELATIONS = ['assignee', 'group', 'requester', 'organization', 'fault_category', 'sla_contract'] as const;
/**
 * The planner's relations as read: the contract with its calendar's id and `updatedAt`, the stamp
 * the SLA service checks its cached contract against (services/sla.ts), read here in the same statement.
 */
const PLANNED_POPULATE = {
  ...Object.fromEntries(PLANNED_RELATIONS.map((r) => [r, true])),
  sla_contract: { populate: { business_calendar: { select: ['id', 'updatedAt'] } } },
} as const;

type Populate = readonly string[] | Record<string, unknown>;

/** The ticket with `relations`, in one statement on PostgreSQL (utils/find-with-relations.ts). */
async function loadTicket(strapi: Core.Strapi, where: { id?: number; documentId?: string }, relations: Populate = PLANNED_POPULATE): Promise<StoredTicket | null> {
  return (await createRelationReader(strapi).findOne(TICKET_UID, where, relations)) as StoredTicket | null;
}

/**
 * The ticket after the write, read again (the SLA clocks and the events compare it with `before`):
 * its columns, and only the relations the write may have changed (named in `data`, routing's
 * included) plus those of `extra` it names (the transition's answer and mail); the others are
 * `before`'s (which was read with `extra`). One statement for a transition's clocks instead of seven.
 */
async function loadAfter(strapi: Core.Strapi, before: StoredTicket, changed: readonly string[], extra: Record<string, unknown> = {}): Promise<StoredTicket | null> {
  const extraChanged = Object.fromEntries(Object.entries(extra).filter(([r]) => changed.includes(r)));
  const after = await loadTicket(strapi, { id: before.id }, { ...Object.fromEntries(changed.map((r) => [r, true])), ...extraChanged });
  if (!after) return null;
  for (const r of [...PLANNED_RELATIONS, ...Object.keys(extra)]) if (!changed.includes(r)) after[r] = before[r];
  return after;
}

/**
 * The to-one relations the server set by id from the caller's identity (a customer's organization
 * and requester, the mail import's): taken out of `data` and answered by name, for `onCreate` to link
 * with the SLA contract in one statement after the insert. The document service would count that each
 * exists (one statement each: the service read them) and read the target's order column before each
 * link's INSERT.
 */
function takeServerLinks(strapi: Core.Strapi, data: Data, serverSet: readonly string[]): Record<string, number> {
  const taken: Record<string, number> = {};
  for (const name of serverSet) {
    const value = data[name] as unknown;
    const byId = value !== null && typeof value === 'object' && Object.keys(value).length === 1 ? (value as { id?: unknown }).id : value;
    if (typeof byId !== 'number' || !Number.isInteger(byId) || !linksNewRowItself(strapi, TICKET_UID, name)) continue;
    taken[name] = byId;
    delete data[name];
  }
  return taken;
}

async function onCreate(strapi: Core.Strapi, ctx: Modules.Documents.Middleware.Context, next: () => Promise<any>) {
  const actor = currentActor(strapi);
  const params = ctx.params as { data?: Data };
  const data = (params.data ??= {});
  const intent = currentIntent();
  const plan = planCreate({ actor, intent, data, defaults: schemaDefaults(strapi) });
  if (plan.ok === false) throw refusalError(plan);

  return strapi.db.transaction(async () => {
    applyData(data, { ...plan.data, number: await getService('sequences').nextNumber('ticket') });
    const links = takeServerLinks(strapi, data, intent?.serverSet ?? []);
    const created = await next();
    // The SLA contract comes from the ticket's own or its organization's (their ids read in one
    // statement); its link and the server's are written in one statement.
    const sla = await getService('sla').onCreated(created, links.organization);
    await linkNewRows(strapi, TICKET_UID, created.id, { ...links, ...(sla.contractLink ? { sla_contract: sla.contractLink } : {}) });
    Object.assign(created, sla.fields);
    await getService('timeline').append(eventsAfterCreate(created.id, data, plan, actor));
    return created;
  });
}

/**
 * How one update is carried out. `write` writes the planned `data` (mutated in place: the document
 * service's params) and returns the written entry; `missing` answers an unknown document; `extra`
 * are relations read with the ticket after the write (for the caller's answer and the mail), which
 * then gets it as `after`. `writeColumns`, when given, is used instead of `write` for a write of
 * columns only (`isColumnsOnly` of the data after routing): it writes `data` and `derived` (the SLA
 * and metric columns, already computed) in one UPDATE that also claims the version, and returns the
 * number of rows it changed (0: the version was taken meanwhile) and the columns it wrote, from
 * which the ticket after the write is known without reading it again (`workflow/stored-row.ts`).
 */
interface UpdateRun {
  documentId: string | undefined;
  data: Data;
  write: (before: StoredTicket) => Promise<any>;
  missing: () => Promise<any>;
  extra?: Record<string, unknown>;
  isColumnsOnly?: (data: Data) => boolean;
  writeColumns?: (before: StoredTicket, derived: Data) => Promise<{ count: number; written: Data }>;
}

const staleVersion = async (strapi: Core.Strapi, trx: any, before: StoredTicket) => {
  const { tableName } = strapi.db.metadata.get(TICKET_UID);
  const current = await trx(tableName).where({ id: before.id }).first('version');
  return conflict(`Ticket ${before.number} was changed by someone else meanwhile (now version ${current?.version}). Reload the ticket and try again.`, { currentVersion: current?.version });
};

/**
 * Every ticket update, whichever way it is written (the document service for the generic writes,
 * the query engine for a transition's columns, `transitionTicket`): load, plan, refuse, claim the
 * version, route, write, SLA clocks and metrics, events and mail, survey, parts, in one transaction.
 */
async function runUpdate(strapi: Core.Strapi, run: UpdateRun): Promise<{ updated: any; after: StoredTicket | null } | null> {
  const intent = currentIntent();
  const actor = currentActor(strapi);
  const { data } = run;
  const config = pluginConfig(strapi);

  return strapi.db.transaction(async ({ trx }) => {
    // With `extra` (a transition: its answer and mail) those relations are read now, with the
    // planner's: a write of columns cannot change them, so the ticket after it is not read again.
    const before = await loadTicket(strapi, { documentId: run.documentId }, run.extra ? { ...PLANNED_POPULATE, ...run.extra } : PLANNED_POPULATE);
    if (!before) return { updated: await run.missing(), after: null };

    // A version sent in the data is a positive whole JSON number, as on every endpoint (400 otherwise).
    if (intent?.expectedVersion == null && data.version !== undefined && data.version !== null && data.version !== '') requireVersion(data.version);
    const plan = planUpdate({ before, actor, intent, data, reopenWindowDays: config.reopenWindowDays, now: new Date() });
    if (plan.ok === false) throw refusalError(plan);
    if (plan.effects.assertNoOpenEscalation) await getService('escalations').assertNoneOpen(before);

    // Claim the version atomically: of racing writers on one version, exactly one gets past it.
    const claimVersion = async () => {
      const { tableName } = strapi.db.metadata.get(TICKET_UID);
      const claimed = await trx(tableName).where({ id: before.id, version: before.version }).update({ version: before.version + 1 });
      if (claimed !== 1) throw await staleVersion(strapi, trx, before);
    };
    // A run that may write columns only claims it in that UPDATE (below); routing only reads meanwhile.
    if (!run.writeColumns) await claimVersion();
    applyData(data, plan.data);

    // Routing at triage and the reassignment rules (services/routing.ts); may set group/assignee.
    const routing = await getService('routing').beforeTicketUpdate({ before, data, actor, plan: plan.transition });

    // Named before the write (the document service must not be trusted to leave `data` as it was).
    const writtenRelations = PLANNED_RELATIONS.filter((r) => r in data);
    let updated: any = null;
    let after: StoredTicket | null;
    let sla: Data = {};
    if (run.writeColumns && run.isColumnsOnly?.(data)) {
      // Columns only (a transition's): the SLA clocks and the metrics are computed from the ticket as
      // it will be stored (its relations are `before`'s) and written with the data by one UPDATE that
      // claims the version (WHERE version = the one read): one statement instead of three or four.
      const now = new Date();
      const expected = { ...before, ...data } as StoredTicket;
      const clocks = await getService('sla').clockChanges(before, expected, plan.transition, now);
      const metrics = await getService('ticket-metrics').changesAfterUpdate({ ...expected, ...clocks.changes }, plan.transition, clocks.contract);
      sla = { ...clocks.changes, ...metrics };
      // Of racing writers on one version, exactly one changes the row; the others get 409.
      const { count, written } = await run.writeColumns(before, sla);
      if (count !== 1) throw await staleVersion(strapi, trx, before);
      // The row is `before` with the written columns as stored (read again only for a column whose
      // stored form is not known: json, date …); its relations are before's, read with `extra`.
      after =
        entryAfterUpdate(before, written, strapi.getModel(TICKET_UID as any).attributes as unknown as Attributes) ??
        (await loadAfter(strapi, before, writtenRelations, run.extra));
    } else {
      if (run.writeColumns) await claimVersion();
      updated = await run.write(before);

      // SLA clocks (pause/resume/stop, first response, recompute), then the timeline.
      after = await loadAfter(strapi, before, writtenRelations, run.extra);
      sla = after ? await getService('sla').onUpdated(before, after, plan.transition, new Date()) : {};
      // The dashboard's per-ticket figures (business minutes, public messages at resolution).
      if (after) Object.assign(sla, await getService('ticket-metrics').afterUpdate({ ...after, ...sla }, plan.transition));
      if (Object.keys(sla).length) {
        if (updated && typeof updated === 'object') Object.assign(updated, sla);
        after = { ...after!, ...sla };
      }
    }
    const events = eventsAfterUpdate(before, after, plan, { written: data, routing });
    // resolve: the satisfaction survey (services/surveys.ts), in this transaction. Its link rides on
    // the resolved mail to the requester; a mail of its own only when no resolved mail goes to them.
    const survey = after && plan.transition?.sendSurvey ? await getService('surveys').issue(after.id) : null;
    // With `extra` the ticket after the write carries what the customer mail reads (its contacts).
    const mailed = events.length ? await getService('timeline').append(events, { survey, ticket: run.extra ? after : null }) : { surveyCarried: false };
    if (survey && !mailed.surveyCarried) await getService('surveys').sendInvitation(survey);
    // Parts still reserved: used when the ticket resolves, given back when it is cancelled.
    const partsMoved = plan.transition ? await getService('inventory').onTicketTransition(before.id, plan.transition.action, actor) : false;
    // Consumption wrote cost and billing on the ticket: the ticket as answered has them.
    if (partsMoved && after && run.extra) after = { ...after, ...(await strapi.db.query(TICKET_UID).findOne({ where: { id: before.id } })) };
    return { updated, after };
  });
}

async function onUpdate(strapi: Core.Strapi, ctx: Modules.Documents.Middleware.Context, next: () => Promise<any>) {
  const params = ctx.params as { documentId?: string; data?: Data };
  // A write `transitionTicket` planned already (relations to write): the document service writes it.
  if (params.documentId !== undefined && plannedWrite.getStore() === params.documentId) return next();
  const data = (params.data ??= {});
  const result = await runUpdate(strapi, { documentId: params.documentId, data, write: () => next(), missing: () => next() });
  return result?.updated;
}

/** Set while `transitionTicket` has the document service write a planned update (the middleware lets it through). */
const plannedWrite = new AsyncLocalStorage<string>();

const NOT_COLUMNS = ['relation', 'component', 'dynamiczone', 'media'];
/** Kept by the document service (identity, timestamps, publication, locale): a write naming one is its. */
const DOCUMENT_MANAGED = ['id', 'documentId', 'locale', 'localizations', 'publishedAt', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'];

/** What a transition's answer and its customer mail read besides the planner's relations. */
const TRANSITION_EXTRA = {
  asset: true,
  follow_up_of: true,
  attachments: true,
  cc_contacts: CUSTOMER_MAIL_RELATIONS.cc_contacts,
  // The answer is the ticket as a read shows it (contracts/agent.ts toAgentTicket), its related articles too.
  related_articles: { select: ['id', 'documentId', 'locale', 'title', 'slug'] },
} as const;

/**
 * A ticket update with the intent of the calling service (`runWithIntent`), for the transition
 * endpoint: the same planning, checks and effects as every write (`runUpdate`), but a write of
 * columns only (state, texts, version, counters: what a transition sets) goes through the query
 * engine — Strapi's entity validator on the data, one UPDATE — instead of the document service,
 * which would read the entry, rewrite it and, after the commit, read it again with every relation
 * for its `entry.update` event. That event is emitted here with the ticket as answered. A write that
 * includes relations (routing at triage, a relation among the fields) is the document service's.
 * Answers the ticket after the write with the relations of `extra` (the agent contract's).
 */
export async function transitionTicket(strapi: Core.Strapi, documentId: string, data: Data): Promise<StoredTicket> {
  const model = strapi.getModel(TICKET_UID as any);
  const attributes = model.attributes as Record<string, { type: string }>;
  const isColumnsOnly = (d: Data) => !Object.keys(d).some((k) => !attributes[k] || NOT_COLUMNS.includes(attributes[k].type) || DOCUMENT_MANAGED.includes(k));
  let columnsOnly = false;
  const result = await runUpdate(strapi, {
    documentId,
    data,
    extra: TRANSITION_EXTRA,
    missing: async () => {
      throw new errors.NotFoundError(`No ticket with id "${documentId}".`);
    },
    // Relations among the fields (routing at triage, a relation in the request): the document service.
    write: () => plannedWrite.run(documentId, () => (strapi.documents(TICKET_UID as any) as any).update({ documentId, data })),
    isColumnsOnly,
    writeColumns: async (before, derived) => {
      // As the document service: the entity validator, then the columns with the timestamps it sets;
      // with the SLA and metric columns, and the version claim in the WHERE (data.version is before's + 1).
      columnsOnly = true;
      // Over the written attributes only: an update's validator passes an absent attribute whatever
      // its rules, and building yup schemas for all 60 of the ticket's cost ~15 % of a transition's server CPU.
      const dataAttributes = Object.fromEntries(Object.keys(data).map((k) => [k, attributes[k]]));
      const valid = await strapi.entityValidator.validateEntityUpdate({ ...model, attributes: dataAttributes } as any, data as any, { isDraft: false }, before as any);
      const now = new Date();
      const written = { ...(valid as Data), ...derived, updatedAt: now, publishedAt: now };
      const { count } = await strapi.db.query(TICKET_UID).updateMany({ where: { id: before.id, version: before.version }, data: { ...written } });
      return { count, written };
    },
  });
  const after = result!.after!;
  if (!columnsOnly) return after;
  // The document service's event after the commit (webhooks, audit), with the ticket as answered.
  sanitize.sanitizers
    .defaultSanitizeOutput({ schema: model as any, getModel: (uid: string) => strapi.getModel(uid as any) }, after)
    .then((entry) => strapi.eventHub.emit('entry.update', { model: model.modelName, uid: TICKET_UID, entry }))
    .catch((error: unknown) => strapi.log.error(`[support-desk] entry.update event of ticket ${documentId}: ${(error as Error).message}`));
  return after;
}

export const ticketWorkflow =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    if (ctx.uid !== TICKET_UID) return next();
    switch (ctx.action) {
      case 'create':
        return onCreate(strapi, ctx, next);
      case 'update':
        return onUpdate(strapi, ctx, next);
      case 'clone':
        throw new errors.ValidationError('Tickets cannot be cloned: create a new ticket instead (it gets its own number and timeline).');
      default:
        return next();
    }
  };

