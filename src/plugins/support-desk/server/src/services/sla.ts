import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { applyClockEffect, pausedMsOf, recomputeClocks, replayClocks, startClocks, type SlaPolicy, type SlaState, type ClockName } from '../sla/clock';
import { compileCalendar, nextBusinessStart, type BusinessCalendar, type CalendarInput } from '../sla/business-hours';
import { isContractValidAt } from '../sla/contract';
import { createLru } from '../utils/lru';
import { OPEN_STATUSES, TRANSITIONS, type TicketAction, type TransitionPlan } from '../workflow/state-machine';
import { SYSTEM_ACTOR } from '../workflow/actor';
import { getService } from '../utils/get-service';
import { joinTableOf } from '../utils/links';
import { AGENT_PROFILE_UID, CALENDAR_UID, ORGANIZATION_UID, SLA_CONTRACT_UID, TICKET_UID } from '../constants';


type Row = Record<string, any>;
/** Compiled business calendars kept in memory (each a few KB). */
export const CALENDAR_CACHE_SIZE = 200;
/** SLA contracts (with targets and calendar) kept in memory, each checked against its stamp before use. */
export const CONTRACT_CACHE_SIZE = 100;
/** Contract stamps read already (a creation's one statement): by contract id, and the default contracts' ids. */
interface ContractsKnown {
  stamps: Map<number, string>;
  defaults: number[];
}
type Mark = { clock: ClockName; kind: 'warning' | 'breach'; due: string; mark: string };

/** The four marks the sweep records, each once per ticket. */
export const SLA_MARKS: Mark[] = [
  { clock: 'first_response', kind: 'warning', due: 'first_response_warn_at', mark: 'first_response_warned_at' },
  { clock: 'first_response', kind: 'breach', due: 'first_response_due_at', mark: 'first_response_breached_at' },
  { clock: 'resolution', kind: 'warning', due: 'resolution_warn_at', mark: 'resolution_warned_at' },
  { clock: 'resolution', kind: 'breach', due: 'resolution_due_at', mark: 'resolution_breached_at' },
];

const SLA_FIELDS: (keyof SlaState)[] = [
  'first_response_due_at',
  'first_response_warn_at',
  'resolution_due_at',
  'resolution_warn_at',
  'sla_paused_at',
  'sla_paused_ms',
  'sla_paused_minutes',
  'resolution_remaining_minutes',
];

const toDate = (v: unknown) => (v ? new Date(v as string) : null);
const pickState = (t: Row): SlaState => ({
  first_response_due_at: toDate(t.first_response_due_at),
  first_response_warn_at: toDate(t.first_response_warn_at),
  resolution_due_at: toDate(t.resolution_due_at),
  resolution_warn_at: toDate(t.resolution_warn_at),
  sla_paused_at: toDate(t.sla_paused_at),
  sla_paused_ms: pausedMsOf(t),
  sla_paused_minutes: Number(t.sla_paused_minutes ?? 0),
  resolution_remaining_minutes: t.resolution_remaining_minutes ?? null,
});
const sameInstant = (a: unknown, b: unknown) => (a == null && b == null) || (a != null && b != null && new Date(a as string).getTime() === new Date(b as string).getTime());
/** A stored SLA field equals the computed one (bigint columns come back as strings on PostgreSQL). */
const sameValue = (field: keyof SlaState, next: unknown, stored: unknown) =>
  field.endsWith('_at') ? sameInstant(next, stored) : (next ?? null) === (stored ?? null) || (next != null && stored != null && Number(next) === Number(stored));

/**
 * SLA engine shell: contract choice, deadlines on create, clock effects of transitions, recompute
 * on priority/contract/calendar changes, and the sweep that marks warnings and breaches once.
 * The arithmetic lives in ../sla (pure).
 */
const createSlaService = ({ strapi }: { strapi: Core.Strapi }) => {
  /**
   * Calendars compiled once per content: one entry per calendar id, replaced when its updatedAt
   * changes, and at most CALENDAR_CACHE_SIZE calendars (the least recently used is dropped).
   */
  const compiled = createLru<number, { stamp: number; calendar: CalendarInput }>(CALENDAR_CACHE_SIZE);
  /**
   * The compiled calendar, or null (24×7) when the stored one cannot be used — invalid, or no working
   * time within the arithmetic's horizon. Writes refuse such calendars (documents/sla-config.ts);
   * one that got in anyway (an import, a raw database edit) must not make every ticket write under
   * it fail: its tickets run 24×7 (earlier deadlines, never later) and a warning says why.
   */
  function usableCalendar(cal: Row): CalendarInput {
    try {
      const calendar = compileCalendar({
        timezone: cal.timezone,
        working_intervals: (cal.working_intervals ?? []).map((i: Row) => ({ weekday: i.weekday, start: String(i.start).slice(0, 5), end: String(i.end).slice(0, 5) })),
        holidays: (cal.holidays ?? []).map((h: Row) => ({ date: String(h.date).slice(0, 10), name: h.name })),
        extra_working_days: (cal.extra_working_days ?? []).map((x: Row) => ({ date: String(x.date).slice(0, 10), name: x.name, works_like: x.works_like })),
      } as BusinessCalendar);
      nextBusinessStart(new Date(), calendar);
      return calendar;
    } catch (error) {
      strapi.log.warn(`[support-desk] business calendar ${cal.id} ("${cal.name}") cannot be used (${(error as Error).message}): its tickets' deadlines run 24×7 until it is fixed`);
      return null;
    }
  }

  function calendarOf(contract: Row): CalendarInput {
    const cal = contract.business_calendar;
    if (!cal) return null;
    const stamp = new Date(cal.updatedAt).getTime();
    let entry = compiled.get(cal.id);
    if (!entry || entry.stamp !== stamp) {
      entry = { stamp, calendar: usableCalendar(cal) };
      compiled.set(cal.id, entry);
    }
    return entry.calendar;
  }

  const CONTRACT_POPULATE = { targets: true, business_calendar: { populate: ['working_intervals', 'holidays', 'extra_working_days'] } } as const;

  /**
   * Contracts as loaded with CONTRACT_POPULATE (6 statements), kept per id with their stamp: the
   * contract's and its calendar's `updated_at` and the calendar's id. Every write through the document
   * service (Content Manager, REST) bumps `updated_at` of the document it changes, components included
   * (targets, working intervals, holidays), and relinking the calendar bumps the contract's; so one
   * statement tells whether the cached contract is still what is stored — on every instance, with no
   * invalidation message. Cached values are shared: callers must not modify them.
   */
  const contracts = createLru<number, { stamp: string; contract: Row }>(CONTRACT_CACHE_SIZE);

  /** A contract's stamp from a row with its `updated_at` (c), its calendar's id (k) and `updated_at` (ku). */
  const instant = (v: unknown) => (v == null ? '' : String(new Date(v as string).getTime()));
  const stampOfRow = (row: Row) => `${instant(row.c)}|${row.k ?? ''}|${instant(row.ku)}`;

  /** The contract table joined with its calendar's (alias c, k), the columns a stamp is made of. */
  function stampColumns() {
    const contractMeta = strapi.db.metadata.get(SLA_CONTRACT_UID) as any;
    const calendarMeta = strapi.db.metadata.get(CALENDAR_UID) as any;
    const link = contractMeta.attributes.business_calendar.joinTable;
    const updated = (meta: any) => meta.attributes.updatedAt?.columnName ?? 'updated_at';
    return {
      contracts: contractMeta.tableName as string,
      isDefault: `c.${contractMeta.attributes.is_default.columnName ?? 'is_default'}`,
      join: (q: Knex.QueryBuilder) =>
        q.leftJoin({ l: link.name }, `l.${link.joinColumn.name}`, 'c.id').leftJoin({ k: calendarMeta.tableName }, 'k.id', `l.${link.inverseJoinColumn.name}`),
      select: { id: 'c.id', c: `c.${updated(contractMeta)}`, k: 'k.id', ku: `k.${updated(calendarMeta)}` },
    };
  }

  /**
   * Contracts with their stamps, `<contract updated_at>|<calendar id>|<calendar updated_at>`, in one
   * statement, in the caller's transaction: those `where` selects (by id, or the default ones), by id.
   */
  async function contractStamps(where: { id: number } | { defaults: true }): Promise<{ id: number; stamp: string }[]> {
    const { contracts, isDefault, join, select } = stampColumns();
    return strapi.db.transaction(async ({ trx }) => {
      const query = join(trx({ c: contracts }))
        .select(select)
        .orderBy('c.id', 'asc');
      const rows: Row[] = await ('id' in where ? query.where('c.id', where.id).limit(1) : query.where(isDefault, true));
      return rows.map((row) => ({ id: Number(row.id), stamp: stampOfRow(row) }));
    });
  }

  /**
   * What a new ticket's contract choice needs, in one statement (in the caller's transaction): its
   * organization, that organization's contract and its own contract (ids), and the stamps of those
   * contracts and of the default ones (`defaults`: their ids, in id order) — instead of the ids, then
   * the stamps of the contract or of the defaults.
   */
  async function creationContracts(
    ticketId: number,
    organizationId?: number,
  ): Promise<ContractsKnown & { organizationId: number | null; organizationContractId: number | null; contractId: number | null }> {
    const org = joinTableOf(strapi, TICKET_UID, 'organization');
    const orgContract = joinTableOf(strapi, ORGANIZATION_UID, 'sla_contract');
    const own = joinTableOf(strapi, TICKET_UID, 'sla_contract');
    const schema = strapi.db.getSchemaName();
    const tickets = `${schema ? `${schema}.` : ''}${(strapi.db.metadata.get(TICKET_UID) as any).tableName}`;
    const { contracts, isDefault, join, select } = stampColumns();
    const rows: Row[] = await strapi.db.transaction(async ({ trx }) => {
      // The organization as given (its link is not written yet), else the ticket's.
      let ids = trx({ t: tickets });
      if (organizationId === undefined) ids = ids.leftJoin({ o: org.name }, `o.${org.own}`, 't.id');
      ids = ids
        .leftJoin({ oc: orgContract.name }, function (this: Knex.JoinClause) {
          if (organizationId === undefined) this.on(`oc.${orgContract.own}`, '=', `o.${org.other}`);
          else this.onVal(`oc.${orgContract.own}`, '=', organizationId);
        })
        .leftJoin({ tc: own.name }, `tc.${own.own}`, 't.id')
        .select({ ...(organizationId === undefined ? { organization: `o.${org.other}` } : {}), organization_contract: `oc.${orgContract.other}`, contract: `tc.${own.other}` })
        .where('t.id', ticketId)
        .as('x');
      const query = trx
        .from(ids)
        .leftJoin({ c: contracts }, function (this: Knex.JoinClause) {
          this.on('c.id', '=', 'x.contract').orOn('c.id', '=', 'x.organization_contract').orOnVal(isDefault, '=', true);
        });
      return join(query)
        .select(...(organizationId === undefined ? ['x.organization'] : []), 'x.organization_contract', 'x.contract', { ...select, d: isDefault })
        .orderBy('c.id', 'asc');
    });
    const id = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const stamps = new Map<number, string>();
    const defaults: number[] = [];
    for (const row of rows) {
      if (row.id == null) continue;
      stamps.set(Number(row.id), stampOfRow(row));
      if (row.d === true || Number(row.d) === 1) defaults.push(Number(row.id));
    }
    return { organizationId: organizationId ?? id(rows[0]?.organization), organizationContractId: id(rows[0]?.organization_contract), contractId: id(rows[0]?.contract), stamps, defaults };
  }

  /** The stamp of contract `id`, or null when the contract does not exist. */
  const contractStamp = async (id: number): Promise<string | null> => (await contractStamps({ id }))[0]?.stamp ?? null;

  /**
   * The stamp of a contract read with the ticket (`sla_contract` populated with its calendar's id and
   * `updatedAt`: PLANNED_POPULATE in documents/ticket-workflow.ts), so that a ticket write needs no
   * statement of its own for it; undefined when the row does not carry them.
   */
  function stampOfRead(contract: Row | null | undefined, id: number): string | undefined {
    if (!contract || contract.id !== id || !('business_calendar' in contract) || contract.updatedAt === undefined) return undefined;
    const calendar = contract.business_calendar as Row | null;
    if (calendar && calendar.updatedAt === undefined) return undefined;
    return `${instant(contract.updatedAt)}|${calendar?.id ?? ''}|${instant(calendar?.updatedAt)}`;
  }

  async function loadContract(id: number, knownStamp?: string): Promise<Row | null> {
    const stamp = knownStamp ?? (await contractStamp(id));
    if (stamp === null) return null;
    const cached = contracts.get(id);
    if (cached && cached.stamp === stamp) return cached.contract;
    const contract = await strapi.db.query(SLA_CONTRACT_UID).findOne({ where: { id }, populate: CONTRACT_POPULATE });
    // Stored only if nothing changed between the stamp and the read (else read again next time).
    if (contract && (await contractStamp(id)) === stamp) contracts.set(id, { stamp, contract });
    return contract;
  }

  function policyFor(contract: Row, priority: string): SlaPolicy | null {
    const target = (contract.targets ?? []).find((t: Row) => t.priority === priority);
    if (!target) return null;
    return { target, warnAtPercent: contract.warn_at_percent ?? 75, calendar: calendarOf(contract) };
  }

  return {
    SLA_MARKS,

    /** The organization's contract valid at `at` (local date in its calendar's zone), else the default contract. */
    async chooseContract(organizationId: number | null, at: Date, organizationContractId?: number | null, known?: ContractsKnown): Promise<Row | null> {
      if (organizationId) {
        // The organization's contract id, unless the caller read it already (a creation: `creationContracts`).
        const contractId =
          organizationContractId !== undefined
            ? organizationContractId
            : (await strapi.db.query(ORGANIZATION_UID).findOne({ where: { id: organizationId }, select: ['id'], populate: { sla_contract: { select: ['id'] } } }))?.sla_contract?.id;
        const contract = contractId ? await loadContract(contractId, known?.stamps.get(contractId)) : null;
        if (contract && isContractValidAt(contract, at)) return contract;
      }
      // The default contracts with their stamps in one statement (a customer's first contract is usually one).
      const defaults = known ? known.defaults.map((id) => ({ id, stamp: known.stamps.get(id)! })) : await contractStamps({ defaults: true });
      for (const { id, stamp } of defaults) {
        const contract = await loadContract(id, stamp);
        if (contract && isContractValidAt(contract, at)) return contract;
      }
      return null;
    },

    /**
     * Contract and deadlines of a ticket just created (its row as stored): the deadline columns are
     * written here, the chosen contract's link is the caller's to write (`contractLink`: with the new
     * ticket's other links, in one statement). Its organization (`organizationId` when the caller
     * writes that link too, else its link), that organization's contract and its own contract are read
     * with the stamps of the contracts it may get in one statement (`creationContracts`).
     */
    async onCreated(ticket: Row, organizationId?: number): Promise<{ fields: Row; contractLink: number | null }> {
      const createdAt = new Date(ticket.createdAt);
      const known = await creationContracts(ticket.id, organizationId);
      const own = known.contractId;
      const contract = own ? await loadContract(own, known.stamps.get(own)) : await this.chooseContract(known.organizationId, createdAt, known.organizationContractId, known);
      if (!contract) return { fields: {}, contractLink: null };
      const policy = policyFor(contract, ticket.priority);
      const clocks: Row = policy ? startClocks(createdAt, policy) : {};
      // The columns in one UPDATE (update() reads the row before and after it and rewrites the
      // relation's links: ~10 statements).
      if (Object.keys(clocks).length) await strapi.db.query(TICKET_UID).updateMany({ where: { id: ticket.id }, data: clocks });
      return { fields: { ...clocks, sla_contract: { id: contract.id, documentId: contract.documentId, name: contract.name } }, contractLink: own !== contract.id ? contract.id : null };
    },

    /**
     * After an accepted update: the transition's clock effect, the first response, and a recompute
     * when priority or contract changed. Returns the SLA fields written (to merge into the answer).
     */
    async onUpdated(before: Row, after: Row, plan: TransitionPlan | null, now: Date): Promise<Row> {
      const { changes } = await this.clockChanges(before, after, plan, now);
      if (!Object.keys(changes).length) return {};
      // Columns only: one UPDATE (update() reads the row before and after it).
      await strapi.db.query(TICKET_UID).updateMany({ where: { id: after.id }, data: changes });
      return changes;
    },

    /**
     * What `onUpdated` writes, without writing it (the caller writes it with its own UPDATE), and the
     * contract read with its business calendar (null: 24×7, or no contract), so that the ticket's
     * metrics need not read the contract again (`ticket-metrics` `changesAfterUpdate`). `after` is the ticket as it will be stored. The `sla_recomputed` event
     * of a priority or contract change is appended here, in the caller's transaction.
     */
    async clockChanges(before: Row, after: Row, plan: TransitionPlan | null, now: Date): Promise<{ changes: Row; contract: { id: number | null; calendar: CalendarInput } }> {
      const contractId = after.sla_contract?.id ?? before.sla_contract?.id;
      const changes: Row = {};
      if (plan?.firstResponse && !after.first_responded_at) changes.first_responded_at = now;
      const contract = contractId ? await loadContract(contractId, stampOfRead(after.sla_contract ?? before.sla_contract, contractId)) : null;
      const policy = contract ? policyFor(contract, after.priority) : null;
      if (policy) {
        const createdAt = new Date(after.createdAt);
        let state = pickState(after);
        const targetChanged = after.priority !== before.priority || (after.sla_contract?.id ?? null) !== (before.sla_contract?.id ?? null);
        if (targetChanged) {
          const recomputed = recomputeClocks(createdAt, policy, state);
          Object.assign(changes, recomputed);
          state = recomputed;
          await getService('timeline').append({
            ticketId: after.id,
            kind: 'sla_recomputed',
            actor: SYSTEM_ACTOR,
            visibility: 'internal',
            // Structured only: the panel renders it in the reader's language and time zone.
            body: null,
            data: { priority: after.priority, contract: contract!.name, first_response_due_at: recomputed.first_response_due_at, resolution_due_at: recomputed.resolution_due_at, paused_minutes: recomputed.sla_paused_minutes },
          });
        }
        if (plan && plan.clock !== 'none') Object.assign(changes, applyClockEffect(plan.clock, createdAt, policy, state, now));
      }
      return { changes, contract: { id: contract ? contractId : null, calendar: contract ? calendarOf(contract) : null } };
    },

    /** The business calendar of a contract (compiled, cached); null = 24×7 (no contract or no calendar). */
    async calendarOfContract(contractId: number | null | undefined): Promise<CalendarInput> {
      const contract = contractId ? await loadContract(contractId) : null;
      return contract ? calendarOf(contract) : null;
    },

    /**
     * History entered after the fact (the demo data): the ticket's SLA fields as if it had been
     * created at `createdAt` and had taken these workflow actions at these times (`publicReply`: an
     * agent's public message went with the step — a first response), under its contract
     * — the deadlines a later recompute (contract or calendar edit) also finds. Returns what it wrote.
     */
    async replayHistory(ticketId: number, createdAt: Date, steps: readonly { action: TicketAction; at: Date; publicReply?: boolean }[]): Promise<Row> {
      const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { id: ticketId }, populate: { sla_contract: { select: ['id'] } } });
      const contract = ticket?.sla_contract?.id ? await loadContract(ticket.sla_contract.id) : null;
      const policy = contract ? policyFor(contract, ticket.priority) : null;
      const firstResponse = steps.find((s) => TRANSITIONS[s.action].firstResponse || s.publicReply)?.at ?? null;
      const changes: Row = { first_responded_at: firstResponse };
      if (policy) Object.assign(changes, replayClocks(createdAt, policy, steps.map((s) => ({ clock: TRANSITIONS[s.action].clock, at: s.at }))));
      await strapi.db.query(TICKET_UID).update({ where: { id: ticketId }, data: changes });
      return changes;
    },

    /** A public agent message outside a transition (a comment) also meets the first response. */
    async recordFirstResponse(ticketId: number, at: Date) {
      await strapi.db.query(TICKET_UID).updateMany({ where: { id: ticketId, first_responded_at: null }, data: { first_responded_at: at } });
    },

    /** Deadlines of the open tickets under these contracts again (contract or calendar edited). */
    async recomputeForContracts(contractIds: number[], reason: string) {
      let recomputed = 0;
      for (const contractId of contractIds) {
        const contract = await loadContract(contractId);
        if (!contract) continue;
        let lastId = 0;
        for (;;) {
          const tickets = await strapi.db.query(TICKET_UID).findMany({
            where: { sla_contract: { id: contractId }, state: { $in: OPEN_STATUSES as string[] }, id: { $gt: lastId } },
            orderBy: { id: 'asc' },
            limit: 200,
          });
          if (!tickets.length) break;
          lastId = tickets[tickets.length - 1].id;
          for (const t of tickets) {
            const policy = policyFor(contract, t.priority);
            if (!policy) continue;
            const next = recomputeClocks(new Date(t.createdAt), policy, pickState(t));
            if (SLA_FIELDS.every((f) => sameValue(f, next[f], t[f]))) continue;
            await strapi.db.transaction(async () => {
              await strapi.db.query(TICKET_UID).update({ where: { id: t.id }, data: next });
              await getService('timeline').append({
                ticketId: t.id,
                kind: 'sla_recomputed',
                actor: SYSTEM_ACTOR,
                visibility: 'internal',
                body: reason,
                data: { from: { first_response_due_at: t.first_response_due_at, resolution_due_at: t.resolution_due_at }, to: { first_response_due_at: next.first_response_due_at, resolution_due_at: next.resolution_due_at } },
              });
            });
            recomputed += 1;
          }
        }
      }
      return recomputed;
    },

    /**
     * Marks every warning and breach whose time has passed, once: rows are claimed with a
     * conditional UPDATE (… AND mark IS NULL), PostgreSQL skips rows another instance holds, and
     * the event and the notifications are written in the same transaction as the mark.
     *
     * A short batch does not prove a mark is done: SKIP LOCKED also skips rows another sweeper holds
     * while marking a *different* clock or kind, and that sweeper has already passed this mark. So
     * before leaving a mark, a plain (non-locking) look for what is still due: while something is,
     * wait for the holder to commit and claim again — up to `waitMs` per sweep; after that the next run
     * (cron, every minute) takes what is left, e.g. rows held by a long user transaction.
     */
    async sweep({ now = new Date(), batchSize = 500, waitMs = 10_000 } = {}) {
      const { tableName } = strapi.db.metadata.get(TICKET_UID);
      const isPostgres = strapi.db.dialect.client === 'postgres';
      const counts: Record<string, number> = {};
      const dueFor = (q: Knex.QueryBuilder, m: Mark) => {
        q.whereIn('state', OPEN_STATUSES as string[]).where(m.due, '<=', now).whereNull(m.mark);
        return m.clock === 'first_response' ? q.whereNull('first_responded_at') : q.whereNull('sla_paused_at');
      };
      const started = Date.now();
      for (const m of SLA_MARKS) {
        let total = 0;
        for (;;) {
          const marked: number[] = await strapi.db.transaction(async ({ trx }) => {
            let candidates = dueFor(trx(tableName).select('id'), m).orderBy(m.due).limit(batchSize);
            if (isPostgres) candidates = candidates.forUpdate().skipLocked();
            const ids = (await candidates).map((r: { id: number }) => r.id);
            if (!ids.length) return [];
            const update: Record<string, unknown> = { [m.mark]: now };
            if (m.clock === 'resolution' && m.kind === 'breach') update.escalation_level = trx.raw('escalation_level + 1');
            const rows = await trx(tableName).whereIn('id', ids).whereNull(m.mark).update(update, ['id']);
            const claimed = (rows as Array<{ id: number } | number>).map((r) => (typeof r === 'number' ? r : r.id));
            if (claimed.length) await this.recordMarks(m, claimed);
            return claimed;
          });
          total += marked.length;
          if (marked.length === batchSize) continue;
          if (!isPostgres) break; // SQLite serializes writers: nothing was skipped
          // In deadline order, like the claim: PostgreSQL then walks the open-ticket partial index from
          // its start. Unordered it may choose a scan of the whole table, expecting (wrongly: few open
          // tickets are overdue) to meet a match at once — and, when nothing is due, read every row.
          const held = await dueFor(strapi.db.connection(tableName).select('id'), m).orderBy(m.due).first();
          if (!held || Date.now() - started > waitMs) break;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        counts[`${m.clock}_${m.kind}`] = total;
      }
      return counts;
    },

    /** Timeline events and notifications (assignee and group lead) of freshly claimed marks. */
    async recordMarks(m: Mark, ticketIds: number[]) {
      const tickets = await strapi.db.query(TICKET_UID).findMany({ where: { id: { $in: ticketIds } }, populate: { assignee: true, group: { populate: ['lead'] } } });
      const adminIds = [...new Set(tickets.flatMap((t: Row) => [t.assignee?.id, t.group?.lead?.id]).filter(Boolean))];
      const profiles = adminIds.length ? await strapi.db.query(AGENT_PROFILE_UID).findMany({ where: { user: { id: { $in: adminIds } } }, populate: ['user'] }) : [];
      const localeOf = new Map(profiles.map((p: Row) => [p.user?.id, p.preferred_locale]));
      const messages: any[] = [];
      const events: any[] = [];
      for (const t of tickets) {
        events.push({
          ticketId: t.id,
          kind: m.kind === 'warning' ? 'sla_warning' : 'sla_breach',
          actor: SYSTEM_ACTOR,
          visibility: 'internal',
          // Structured only (clock, due instant): the panel renders it in the reader's language and time zone.
          body: null,
          data: { clock: m.clock, due_at: new Date(t[m.due]).toISOString(), escalation_level: t.escalation_level },
        });
        const recipients = new Map<number, Row>();
        if (t.assignee) recipients.set(t.assignee.id, t.assignee);
        if (t.group?.lead) recipients.set(t.group.lead.id, t.group.lead);
        for (const user of recipients.values()) {
          if (!user.email) continue;
          messages.push({
            to: { email: user.email, name: [user.firstname, user.lastname].filter(Boolean).join(' '), locale: localeOf.get(user.id) ?? 'zh-Hans' },
            template: m.kind === 'warning' ? 'sla_warning' : 'sla_breach',
            payload: { number: t.number, subject: t.subject, priority: t.priority, clock: m.clock, due_at: t[m.due], escalation_level: t.escalation_level },
            dedupeKey: `sla:${t.id}:${m.clock}:${m.kind}:${user.id}`,
            ticketId: t.id,
          });
        }
      }
      await getService('timeline').append(events);
      if (messages.length) await getService('notification-outbox').enqueue(messages);
    },
  };
};

export type SlaService = ReturnType<typeof createSlaService>;
export default createSlaService;
