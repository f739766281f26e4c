/**
 * The ticket document-service middleware: every write path (Content Manager, core REST, API tokens,
 * plugin services, the seed) goes through the document service, so this is where the workflow is
 * enforced. The decisions (closed fields, version, state machine, priority, events) are the update
 * planner's (`workflow/update-planner.ts`); this shell loads the ticket, asks the planner, throws its
 * refusal, claims the version, calls the services around the write and appends the planned events,
 * all in one transaction.
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentIntent } from '../workflow/actor';
import { currentActor } from '../utils/caller';
import { eventsAfterCreate, eventsAfterUpdate, planCreate, planUpdate, type Data, type Refusal, type StoredTicket } from '../workflow/update-planner';
import { getService } from '../utils/get-service';
import { conflict } from '../utils/errors';
import { pluginConfig } from '../utils/plugin-config';
import { requireVersion } from '../utils/version';
import { TICKET_UID } from '../constants';

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

async function loadTicket(strapi: Core.Strapi, where: Data, relations: readonly string[] = PLANNED_RELATIONS): Promise<StoredTicket | null> {
  return strapi.db.query(TICKET_UID).findOne({ where, populate: [...relations] });
}

/**
 * The ticket after the write, read again (the SLA clocks and the events compare it with `before`):
 * its columns, and only the relations the write may have changed (named in `data`, routing's
 * included); the others are `before`'s. One statement for a transition instead of seven.
 */
async function loadAfter(strapi: Core.Strapi, before: StoredTicket, changed: readonly string[]): Promise<StoredTicket | null> {
  const after = await loadTicket(strapi, { id: before.id }, changed);
  if (!after) return null;
  for (const r of PLANNED_RELATIONS) if (!changed.includes(r)) after[r] = before[r];
  return after;
}

async function onCreate(strapi: Core.Strapi, ctx: Modules.Documents.Middleware.Context, next: () => Promise<any>) {
  const actor = currentActor(strapi);
  const params = ctx.params as { data?: Data };
  const data = (params.data ??= {});
  const plan = planCreate({ actor, intent: currentIntent(), data, defaults: schemaDefaults(strapi) });
  if (plan.ok === false) throw refusalError(plan);

  return strapi.db.transaction(async () => {
    applyData(data, { ...plan.data, number: await getService('sequences').nextNumber('ticket') });
    const created = await next();
    // The SLA contract comes from the ticket's own or its organization's: only those two relations.
    Object.assign(created, await getService('sla').onCreated((await loadTicket(strapi, { id: created.id }, ['organization', 'sla_contract']))!));
    await getService('timeline').append(eventsAfterCreate(created.id, data, plan, actor));
    return created;
  });
}

async function onUpdate(strapi: Core.Strapi, ctx: Modules.Documents.Middleware.Context, next: () => Promise<any>) {
  const intent = currentIntent();
  const actor = currentActor(strapi);
  const params = ctx.params as { documentId?: string; data?: Data };
  const data = (params.data ??= {});
  const config = pluginConfig(strapi);

  return strapi.db.transaction(async ({ trx }) => {
    const before = await loadTicket(strapi, { documentId: params.documentId });
    if (!before) return next(); // Strapi answers 404 for an unknown document

    // A version sent in the data is a positive whole JSON number, as on every endpoint (400 otherwise).
    if (intent?.expectedVersion == null && data.version !== undefined && data.version !== null && data.version !== '') requireVersion(data.version);
    const plan = planUpdate({ before, actor, intent, data, reopenWindowDays: config.reopenWindowDays, now: new Date() });
    if (plan.ok === false) throw refusalError(plan);
    if (plan.effects.assertNoOpenEscalation) await getService('escalations').assertNoneOpen(before);

    // Claim the version atomically: of racing writers on one version, exactly one gets here.
    const { tableName } = strapi.db.metadata.get(TICKET_UID);
    const claimed = await trx(tableName).where({ id: before.id, version: before.version }).update({ version: before.version + 1 });
    if (claimed !== 1) {
      const current = await trx(tableName).where({ id: before.id }).first('version');
      throw conflict(`Ticket ${before.number} was changed by someone else meanwhile (now version ${current?.version}). Reload the ticket and try again.`, { currentVersion: current?.version });
    }
    applyData(data, plan.data);

    // Routing at triage and the reassignment rules (services/routing.ts); may set group/assignee.
    const routing = await getService('routing').beforeTicketUpdate({ before, data, actor, plan: plan.transition });

    // Named before the write (the document service must not be trusted to leave `data` as it was).
    const writtenRelations = PLANNED_RELATIONS.filter((r) => r in data);
    const updated = await next();

    // SLA clocks (pause/resume/stop, first response, recompute), then the timeline.
    let after = await loadAfter(strapi, before, writtenRelations);
    const sla = after ? await getService('sla').onUpdated(before, after, plan.transition, new Date()) : {};
    // The dashboard's per-ticket figures (business minutes, public messages at resolution).
    if (after) Object.assign(sla, await getService('ticket-metrics').afterUpdate({ ...after, ...sla }, plan.transition));
    if (Object.keys(sla).length) {
      Object.assign(updated, sla);
      after = { ...after!, ...sla };
    }
    const events = eventsAfterUpdate(before, after, plan, { written: data, routing });
    // resolve: the satisfaction survey (services/surveys.ts), in this transaction. Its link rides on
    // the resolved mail to the requester; a mail of its own only when no resolved mail goes to them.
    const survey = after && plan.transition?.sendSurvey ? await getService('surveys').issue(after.id) : null;
    const mailed = events.length ? await getService('timeline').append(events, { survey }) : { surveyCarried: false };
    if (survey && !mailed.surveyCarried) await getService('surveys').sendInvitation(survey);
    // Parts still reserved: used when the ticket resolves, given back when it is cancelled.
    if (plan.transition) await getService('inventory').onTicketTransition(before.id, plan.transition.action, actor);
    return updated;
  });
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

