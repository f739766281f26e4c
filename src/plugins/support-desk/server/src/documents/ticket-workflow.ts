/**
 * The ticket document-service middleware: every write path (Content Manager, core REST, API tokens,
 * plugin services, the seed) goes through the document service, so this is where the workflow is
 * enforced. On create: number, priority, status `new`, version 1, a `created` event. On update: the
 * version the writer based its change on (409 when stale), the state machine for status changes,
 * system-managed fields, the priority override reason, and timeline events, all in one transaction.
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentIntent, type Actor } from '../workflow/actor';
import { currentActor } from '../utils/caller';
import {
  INITIAL_STATUS,
  isTicketStatus,
  planTransition,
  transitionForStatusChange,
  allowedActions,
  DEFAULT_REOPEN_WINDOW_DAYS,
  type TicketStatus,
  type TransitionPlan,
  type TransitionError,
  type TicketSnapshot,
} from '../workflow/state-machine';
import { isImpact, isUrgency, priorityFor, validateOverride, type Priority } from '../workflow/priority';
import type { NewTicketEvent } from '../services/timeline';
import { getService } from '../utils/get-service';
import { conflict } from '../utils/errors';
import { pluginConfig } from '../utils/plugin-config';
import { requireVersion } from '../utils/version';
import { relationInputChanges } from '../utils/relations';
import { TICKET_UID } from '../constants';


/** Derived by the system; nobody sets them by hand, on create or update. */
export const SYSTEM_FIELDS = [
  'number',
  'first_response_due_at',
  'first_response_warn_at',
  'first_responded_at',
  'first_response_warned_at',
  'first_response_breached_at',
  'resolution_due_at',
  'resolution_warn_at',
  'resolution_warned_at',
  'resolution_breached_at',
  'resolved_at',
  'closed_at',
  'sla_paused_at',
  'sla_paused_minutes',
  'resolution_remaining_minutes',
  'escalation_level',
  'reopen_count',
  'priority_overridden',
  'csat_rating',
  'createdAt',
  'updatedAt',
] as const;

/** Also closed to customers (mass assignment): who they are and what they may not decide. */
export const CUSTOMER_CLOSED_FIELDS = [
  ...SYSTEM_FIELDS,
  'status',
  'version',
  'requester',
  'organization',
  'priority',
  'priority_reason',
  'assignee',
  'group',
  'skills_required',
  'sla_contract',
  'fault_category',
  'root_cause',
  'resolution_method',
  'resolution_summary',
  'escalations',
  'onsite_visits',
  'survey',
  'stock_movements',
] as const;

type Data = Record<string, any>;
type Row = Record<string, any> & { id: number; documentId: string; status: TicketStatus; version: number };

export const ticketNumber = (n: number) => `TS-${String(n).padStart(6, '0')}`;

const sameValue = (a: unknown, b: unknown) => {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  const ta = a instanceof Date || typeof a === 'string' ? Date.parse(String(a instanceof Date ? a.toISOString() : a)) : NaN;
  const tb = b instanceof Date || typeof b === 'string' ? Date.parse(String(b instanceof Date ? b.toISOString() : b)) : NaN;
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && typeof a !== 'number' && typeof b !== 'number') return ta === tb;
  return String(a) === String(b);
};

const RELATIONS_CHECKED = ['requester', 'organization'] as const;

function closedFieldsIn(data: Data, closed: readonly string[], before: Row | null): string[] {
  const offending: string[] = [];
  for (const field of closed) {
    if (!(field in data)) continue;
    const value = data[field];
    if (!before) {
      if (value !== undefined && value !== null && value !== '' && !(field === 'status' && value === INITIAL_STATUS)) offending.push(field);
      continue;
    }
    const isRelation = (RELATIONS_CHECKED as readonly string[]).includes(field) || ['assignee', 'group', 'sla_contract', 'fault_category'].includes(field);
    const changed = isRelation ? relationInputChanges(value, before[field]) : !sameValue(value, before[field]);
    if (changed) offending.push(field);
  }
  return offending;
}

function refuseFields(fields: string[], who: string) {
  throw new errors.ValidationError(`${who} cannot set ${fields.join(', ')} on a ticket: ${fields.length > 1 ? 'these are' : 'this is'} managed by the support desk.`, {
    errors: fields.map((f) => ({ path: [f], message: `${f} cannot be set here`, name: 'ValidationError' })),
  });
}

function transitionError(plan: TransitionError) {
  return new errors.ValidationError(plan.message, {
    code: plan.code,
    action: plan.action,
    status: plan.status,
    allowed: plan.allowed,
    ...(plan.missing ? { missing: plan.missing } : {}),
    ...(plan.invalid ? { invalid: plan.invalid } : {}),
    errors: (plan.missing ?? plan.invalid ?? []).map((f) => ({ path: [f], message: plan.message, name: 'ValidationError' })),
  });
}

async function loadTicket(strapi: Core.Strapi, where: Data): Promise<Row | null> {
  return strapi.db.query(TICKET_UID).findOne({ where, populate: ['assignee', 'group', 'requester', 'organization', 'fault_category', 'sla_contract'] });
}

function priorityChange(actor: Actor, data: Data, before: Row | null): { priority: Priority; overridden: boolean; reason?: string } | null {
  const urgency = data.urgency ?? before?.urgency ?? 'medium';
  const impact = data.impact ?? before?.impact ?? 'medium';
  if (!isUrgency(urgency) || !isImpact(impact)) return null; // Strapi's own enum validation answers
  const computed = priorityFor(urgency, impact);
  const requested = data.priority as Priority | undefined;
  const wasOverridden = Boolean(before?.priority_overridden);

  if (requested !== undefined && requested !== null && (before ? requested !== before.priority : requested !== computed)) {
    if (actor.kind === 'customer') refuseFields(['priority'], 'A customer');
    const reason = String(data.priority_reason ?? currentIntent()?.input?.priority_reason ?? '').trim();
    const check = validateOverride(before?.priority ?? computed, requested, reason);
    if (check.ok === false) {
      throw new errors.ValidationError(`${check.message} Set priority_reason to say why priority differs from ${computed} (urgency ${urgency} × impact ${impact}).`, {
        errors: [{ path: ['priority_reason'], message: check.message, name: 'ValidationError' }],
      });
    }
    return { priority: requested, overridden: requested !== computed, reason: check.reason };
  }
  // Urgency or impact changed (or a new ticket): follow the matrix unless an agent pinned the priority.
  if (!before || (!wasOverridden && computed !== before.priority)) return { priority: computed, overridden: false };
  return null;
}

async function onCreate(strapi: Core.Strapi, ctx: Modules.Documents.Middleware.Context, next: () => Promise<any>) {
  const actor = currentActor(strapi);
  const params = ctx.params as { data?: Data };
  const data = (params.data ??= {});
  if (actor.kind !== 'system') {
    // Fields the calling service set itself from the caller's identity (a customer's organization
    // and requester) are not the caller's choice: they are exempt from the caller's closed fields.
    const serverSet: readonly string[] = currentIntent()?.serverSet ?? [];
    const closed = (actor.kind === 'customer' ? CUSTOMER_CLOSED_FIELDS : [...SYSTEM_FIELDS, 'status', 'version']).filter((f) => !serverSet.includes(f));
    const offending = closedFieldsIn(data, closed, null);
    if (offending.length) refuseFields(offending, actor.kind === 'customer' ? 'A customer' : 'A new ticket');
  }
  const priority = priorityChange(actor, data, null);

  return strapi.db.transaction(async () => {
    data.number = ticketNumber(await getService('sequences').next('ticket'));
    data.status = INITIAL_STATUS;
    data.version = 1;
    if (priority) {
      data.priority = priority.priority;
      data.priority_overridden = priority.overridden;
    }
    const created = await next();
    Object.assign(created, await getService('sla').onCreated((await loadTicket(strapi, { id: created.id }))!));
    const events: NewTicketEvent[] = [
      { ticketId: created.id, kind: 'created', actor, visibility: 'public', to: INITIAL_STATUS, body: data.subject ?? null, data: { number: data.number, channel: data.channel ?? null, priority: data.priority } },
    ];
    if (priority?.overridden) {
      events.push({ ticketId: created.id, kind: 'priority_change', actor, visibility: 'internal', body: priority.reason, data: { to: priority.priority } });
    }
    await getService('timeline').append(events);
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

    // 1. Optimistic concurrency: the version the writer read must still be current.
    const expected = intent?.expectedVersion ?? (data.version !== undefined && data.version !== null && data.version !== '' ? requireVersion(data.version) : undefined);
    if (expected === undefined && actor.kind !== 'system') {
      throw new errors.ValidationError(`Send the ticket version your change is based on (current version of ${before.number}: ${before.version}).`, {
        errors: [{ path: ['version'], message: 'version is required', name: 'ValidationError' }],
        currentVersion: before.version,
      });
    }
    if (expected !== undefined && (!Number.isInteger(expected) || expected !== before.version)) {
      throw conflict(`Ticket ${before.number} was changed by someone else: your change is based on version ${data.version ?? expected}, the current version is ${before.version}. Reload the ticket and try again.`, { currentVersion: before.version });
    }

    // 2. Fields the writer may not touch.
    if (actor.kind !== 'system') {
      const base: readonly string[] = actor.kind === 'customer' ? CUSTOMER_CLOSED_FIELDS.filter((f) => f !== 'status' || !intent?.action) : SYSTEM_FIELDS;
      // Fields a service owns and set itself (escalation_level by the escalations service) are exempt.
      const serverSet: readonly string[] = intent?.serverSet ?? [];
      const closed = base.filter((f) => !serverSet.includes(f));
      const offending = closedFieldsIn(data, closed, before);
      if (offending.length) refuseFields(offending, actor.kind === 'customer' ? 'A customer' : 'An update');
    }

    // 3. Status: through the state machine, whether asked as an action or as a raw status write.
    let plan: TransitionPlan | null = null;
    const requested = data.status;
    if (intent?.action || (requested !== undefined && requested !== before.status)) {
      let action = intent?.action;
      if (!action) {
        if (!isTicketStatus(requested)) {
          throw new errors.ValidationError(`status must be one of the ticket statuses; got "${requested}".`, { errors: [{ path: ['status'], message: 'unknown status', name: 'ValidationError' }] });
        }
        action = transitionForStatusChange(before.status, requested, actor.kind) ?? undefined;
        if (!action) {
          const allowed = allowedActions(before.status, actor.kind);
          throw new errors.ValidationError(
            `Cannot change status of ${before.number} from "${before.status}" to "${requested}": no workflow action does that${actor.kind === 'system' ? '' : ` for ${actor.kind}s`}. Allowed from "${before.status}": ${allowed.join(', ') || 'nothing'}.`,
            { status: before.status, requested, allowed, errors: [{ path: ['status'], message: 'transition not allowed', name: 'ValidationError' }] },
          );
        }
      }
      const result = planTransition({
        status: before.status,
        action,
        actor: actor.kind,
        input: { ...data, ...(intent?.input ?? {}) },
        ticket: before as TicketSnapshot,
        now: new Date(),
        reopenWindowDays: config.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS,
      });
      if (result.ok === false) throw transitionError(result);
      plan = result;
      Object.assign(data, plan.set, { status: plan.to });
      if (plan.increment.reopen_count) data.reopen_count = (before.reopen_count ?? 0) + plan.increment.reopen_count;
      if (plan.action === 'cancel' && intent?.input?.reason) data.cancel_reason = intent.input.reason;
    }
    // 3b. No resolving while an escalation is open (services/escalations.ts).
    if (plan?.action === 'resolve') await getService('escalations').assertNoneOpen(before);

    // 4. Priority: the matrix, or an agent's override with a reason.
    const priority = 'priority' in data || 'urgency' in data || 'impact' in data ? priorityChange(actor, data, before) : null;
    if (priority) {
      data.priority = priority.priority;
      data.priority_overridden = priority.overridden;
      if (priority.reason) data.priority_reason = priority.reason;
    } else if ('priority' in data && data.priority === before.priority) {
      delete data.priority_reason;
    }

    // 5. Claim the version atomically: of racing writers on one version, exactly one gets here.
    const { tableName } = strapi.db.metadata.get(TICKET_UID);
    const claimed = await trx(tableName).where({ id: before.id, version: before.version }).update({ version: before.version + 1 });
    if (claimed !== 1) {
      const current = await trx(tableName).where({ id: before.id }).first('version');
      throw conflict(`Ticket ${before.number} was changed by someone else meanwhile (now version ${current?.version}). Reload the ticket and try again.`, { currentVersion: current?.version });
    }
    data.version = before.version + 1;

    // 5b. Routing at triage and the reassignment rules (services/routing.ts); may set group/assignee.
    const routing = await getService('routing').beforeTicketUpdate({ before, data, actor, plan });

    const updated = await next();

    // 6. SLA clocks (pause/resume/stop, first response, recompute), then the timeline.
    const now = new Date();
    let after = await loadTicket(strapi, { id: before.id });
    const sla = after ? await getService('sla').onUpdated(before, after, plan, now) : {};
    if (Object.keys(sla).length) {
      Object.assign(updated, sla);
      after = { ...after!, ...sla };
    }
    const events: NewTicketEvent[] = [];
    if (plan) {
      const message = intent?.input?.message ?? intent?.input?.reason ?? (plan.action === 'propose_solution' || plan.action === 'resolve' ? after?.solution : null);
      events.push({
        ticketId: before.id,
        kind: 'transition',
        actor,
        visibility: intent?.visibility ?? 'public',
        from: plan.from,
        to: plan.to,
        body: message ?? null,
        data: { action: plan.action, clock: plan.clock },
      });
    }
    if (priority && priority.priority !== before.priority) {
      events.push({ ticketId: before.id, kind: 'priority_change', actor, visibility: 'internal', body: priority.reason ?? null, data: { from: before.priority, to: priority.priority, overridden: priority.overridden } });
    }
    if ((after?.assignee?.id ?? null) !== (before.assignee?.id ?? null) || (after?.group?.id ?? null) !== (before.group?.id ?? null)) {
      events.push({
        ticketId: before.id,
        kind: 'assignment',
        actor,
        visibility: 'internal',
        body: routing?.reason || (intent?.input?.reason ?? null),
        data: {
          ...(routing?.data ?? {}),
          from: { assignee: before.assignee?.id ?? null, group: before.group?.id ?? null },
          to: { assignee: after?.assignee?.id ?? null, group: after?.group?.id ?? null },
          assignee_name: after?.assignee ? [after.assignee.firstname, after.assignee.lastname].filter(Boolean).join(' ') : null,
        },
      });
    }
    const changed = Object.keys(data).filter(
      (k) => !['version', 'status', 'priority', 'priority_overridden', 'priority_reason', 'assignee', 'group', 'updatedAt', 'updatedBy', ...Object.keys(plan?.set ?? {}), ...(intent?.serverSet ?? []), 'reopen_count', 'cancel_reason'].includes(k) && after && !sameValue(after[k], before[k]) && typeof after[k] !== 'object',
    );
    if (changed.length) {
      events.push({ ticketId: before.id, kind: 'field_change', actor, visibility: 'internal', data: { fields: changed } });
    }
    if (events.length) await getService('timeline').append(events);
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

