/**
 * The management dashboard (docs/architecture.md, "Dashboard and KPIs"): every figure is an
 * aggregate query on the server — tickets are never loaded into JavaScript; JavaScript only shapes
 * the aggregated rows (a handful per table). Definitions:
 * - backlog: open tickets now (states new … solution_proposed) by state and priority; its trend per
 *   bucket: tickets opened, tickets resolved, and the backlog at the bucket's end = tickets created
 *   before it, not cancelled, and not resolved before it (`resolved_at`; a reopened ticket counts as
 *   open from its creation until its last resolution).
 * - SLA compliance: tickets created in the period, met vs breached per clock (`slaOutcomeSql`).
 * - first-response times: tickets first answered in the period; resolution times, resolved, CSAT,
 *   reopen rate, FCR, faults and the scorecard: tickets resolved in the period (`resolved_at`).
 *   Times are business minutes (metrics/business-minutes.ts), median and p90 as metrics/percentile.ts.
 * - channels: tickets created in the period; escalations: raised in the period, by department;
 *   visits: scheduled to start in the period.
 * - scope: `group` (tickets of that support group) and `productLine` (the ticket's product line).
 * On PostgreSQL, once folded, the created/resolved/first-response figures, the open backlog and the
 * scorecard's sums come from per-day rollups plus a live correction (services/dashboard-rollup.ts),
 * with the same answers; `dashboard(q, scope, { live: true })` forces the live queries.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ADMIN_USER_UID, ESCALATION_UID, FAULT_CATEGORY_UID, GROUP_UID, TICKET_UID, VISIT_UID, ASSET_UID } from '../constants';
import { clockColumns, slaOutcomeSql } from '../sla/clock';
import { OPEN_STATUSES, TICKET_STATUSES } from '../workflow/state-machine';
import { percentileSql, roundMinutes, type SqlDialect } from '../metrics/percentile';
import { fcrSql } from '../metrics/fcr';
import { bucketKey, bucketKeySql, bucketStarts, type DashboardQuery } from '../metrics/period';
import { addToHistogram, dayStart, histogramPercentile, splitPeriod, type PeriodSplit } from '../metrics/rollup';
import { createRollup, type RollupPlan, type RollupRead } from './dashboard-rollup';
import { getServiceOf } from '../utils/get-service';
import type { DashboardAnswer, ScorecardRow } from '../contracts/dashboard';

type Row = Record<string, any>;

/**
 * The ids of the ticket's many-to-one relations the dashboard reads, copied onto the ticket row and
 * kept equal to Strapi's link tables by triggers (database/migrations/
 * 2026.12.17T00.00.00.ticket-link-columns.js): the figures scan the tickets alone instead of joining
 * a link table per ticket of the period. NULL when the ticket has no such relation.
 */
export const LINK_COLUMNS = { group: 'sd_group_id', assignee: 'sd_assignee_id', fault_category: 'sd_fault_category_id', asset: 'sd_asset_id' } as const;
const num = (v: unknown) => Number(v ?? 0);
const pct = (part: number, whole: number) => (whole ? Math.round((1000 * part) / whole) / 10 : null);
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const avg = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

export const FAULT_DIMENSIONS = ['category', 'product_line', 'model', 'root_cause'] as const;
export type FaultDimension = (typeof FAULT_DIMENSIONS)[number];

/** The resolved scope of a query: the group row (when asked) and who may appear in the scorecard. */
export interface DashboardScope {
  group: { id: number; documentId: string; code: string; name: string } | null;
  productLine: string | null;
  /** Admin user ids whose scorecard rows may be shown; null = everyone (super admin). */
  agents: number[] | null;
}

export type { ScorecardRow, DashboardAnswer } from '../contracts/dashboard';

const createDashboardService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const dialect = (): SqlDialect => (strapi.db.dialect.client === 'postgres' ? 'postgres' : 'sqlite');
  const table = (uid: string) => strapi.db.metadata.get(uid).tableName;
  /** A relation's join table and columns, from Strapi's metadata (never spelled by hand). */
  const link = (uid: string, attribute: string) => {
    const jt = (strapi.db.metadata.get(uid).attributes as Row)[attribute].joinTable;
    return { table: jt.name as string, own: jt.joinColumn.name as string, other: jt.inverseJoinColumn.name as string };
  };

  /** The scope's conditions (group, product line) on the tickets aliased `t` in `b`. */
  function scoped(b: Knex.QueryBuilder, scope: DashboardScope): Knex.QueryBuilder {
    if (scope.group) b.where(`t.${LINK_COLUMNS.group}`, scope.group.id);
    if (scope.productLine) b.where('t.product_line', scope.productLine);
    return b;
  }
  /** `tickets AS t` narrowed to the scope (group, product line). */
  const tickets = (scope: DashboardScope) => scoped(knex()({ t: table(TICKET_UID) }), scope);
  /**
   * Rows of `uid` (aliased `alias`) with their ticket's link `lk`; the ticket row itself only when a
   * scope narrows the tickets (the link's foreign key guarantees the ticket exists, so the count is
   * the same without it, minus a lookup per row).
   */
  function withTicket(uid: string, alias: string, lk: { table: string; own: string; other: string }, scope: DashboardScope): Knex.QueryBuilder {
    const b = knex()({ [alias]: table(uid) }).join({ lk: lk.table }, `lk.${lk.own}`, `${alias}.id`);
    if (scope.group || scope.productLine) scoped(b.join({ t: table(TICKET_UID) }, 't.id', `lk.${lk.other}`), scope);
    return b;
  }
  const within = (b: Knex.QueryBuilder, column: string, q: DashboardQuery) => b.where(column, '>=', q.from).andWhere(column, '<', q.to);
  const rollup = createRollup(strapi);

  /**
   * With a rollup plan, what the live queries still read of a period: its partial edge days, and
   * within its whole days only the tickets changed since the last fold (their live figures; the
   * rollup's rows and their stored contributions come from `rollup.rows`).
   */
  function liveRest(b: Knex.QueryBuilder, column: string, split: PeriodSplit, plan: RollupPlan): Knex.QueryBuilder {
    return b.where((w) => {
      let any = false;
      for (const e of split.edges) {
        w.orWhere((x) => x.where(column, '>=', e.from).andWhere(column, '<', e.to));
        any = true;
      }
      const whole = split.whole;
      if (whole && plan.changed.length) {
        w.orWhere((x) => {
          if (whole.from) x.where(column, '>=', whole.from);
          x.andWhere(column, '<', whole.to).whereIn('t.id', plan.changed);
        });
        any = true;
      }
      if (!any) w.whereRaw('1 = 0');
    });
  }
  /** The period's tickets on `column`: live over [from, to), or the rest the rollup does not hold. */
  const inPeriod = (b: Knex.QueryBuilder, column: string, q: DashboardQuery, plan: RollupPlan | null) =>
    plan ? liveRest(b, column, splitPeriod(q.from, q.to), plan) : within(b, column, q);
  const rollupScope = (scope: DashboardScope) => ({ groupId: scope.group?.id ?? null, productLine: scope.productLine });
  /** Rollup rows keyed like the live rows: the trend bucket of their day as `k`. */
  async function rollupRows(read: RollupRead, q: DashboardQuery, scope: DashboardScope, plan: RollupPlan | null): Promise<Row[]> {
    if (!plan) return [];
    const rows = await rollup.rows(read, splitPeriod(q.from, q.to), rollupScope(scope), plan);
    return read.perDay === false ? rows : rows.map((r) => ({ ...r, k: bucketKey(dayStart(r.d), q.trend) }));
  }
  const same = (...cols: string[]): Record<string, [string, string]> => Object.fromEntries(cols.map((c) => [c, [c, c]]));
  const CREATED_READ = (dims: Record<string, [string, string]>): RollupRead => ({
    table: 'sd_dash_created_daily',
    contribDay: 'created_day',
    dims,
    measures: { n: ['n', '1'], ...same('live', 'unresolved_live', 'fr_met', 'fr_breached', 'res_met', 'res_breached') },
  });
  const RESOLVED_READ: RollupRead = {
    table: 'sd_dash_resolved_daily',
    contribDay: 'resolved_day',
    dims: {},
    measures: {
      n: ['n', '1'],
      ...same('live', 'reopened', 'fcr'),
      csat_n: ['csat_n', 'CASE WHEN csat IS NOT NULL THEN 1 ELSE 0 END'],
      csat_sum: ['csat_sum', 'COALESCE(csat, 0)'],
      csat_satisfied: ['csat_satisfied', 'CASE WHEN csat >= 4 THEN 1 ELSE 0 END'],
      ...same('res_met', 'res_breached'),
    },
  };
  const FR_MINUTES_READ: RollupRead = { table: 'sd_dash_fr_minutes_daily', contribDay: 'fr_day', dims: { v: ['minutes', 'fr_minutes'] }, measures: { n: ['n', '1'] }, contribWhere: 'fr_minutes IS NOT NULL', perDay: false };
  const OPEN_READ: RollupRead = { table: 'sd_dash_open', contribDay: null, dims: { state: ['state', 'open_state'], priority: ['priority', 'priority'] }, measures: { n: ['n', '1'] }, contribWhere: 'open_state IS NOT NULL' };

  /** Median and p90 of a column per key, through the one percentile definition. */
  async function percentiles(source: Knex.QueryBuilder): Promise<Map<string, { n: number; p50: number | null; p90: number | null }>> {
    const { sql, bindings } = source.toSQL();
    const rows: Row[] = await knex().raw(percentileSql(dialect(), sql), bindings as any[]).then((r: any) => (Array.isArray(r) ? r : r.rows));
    return new Map(rows.map((r) => [String(r.k), { n: num(r.n), p50: roundMinutes(r.p50), p90: roundMinutes(r.p90) }]));
  }

  const outcome = (clock: 'first_response' | 'resolution', alias: string) => {
    const { met, breached } = slaOutcomeSql(clockColumns('t.')[clock]);
    return [knex().raw(`SUM(CASE WHEN ${met} THEN 1 ELSE 0 END) AS ${alias}_met`), knex().raw(`SUM(CASE WHEN ${breached} THEN 1 ELSE 0 END) AS ${alias}_breached`)];
  };
  const compliance = (met: number, breached: number) => ({ met, breached, compliance: pct(met, met + breached) });

  /**
   * The tickets created in the period, in one pass over the period's index (covering on PostgreSQL):
   * per trend bucket and channel the count, the tickets not cancelled (the backlog trend) and the SLA
   * outcomes of both clocks. JavaScript sums the rows (buckets × channels) into the opened trend, the
   * SLA compliance and the channel table.
   */
  async function createdInPeriod(q: DashboardQuery, scope: DashboardScope, plan: RollupPlan | null) {
    const key = bucketKeySql(dialect(), q.trend, 't.created_at');
    const [stored, live] = await Promise.all([rollupRows(CREATED_READ({ channel: ['channel', 'channel'] }), q, scope, plan), inPeriod(tickets(scope), 't.created_at', q, plan)
      .select(
        knex().raw(`${key} AS k`),
        't.channel',
        knex().raw('COUNT(*) AS n'),
        knex().raw(`SUM(CASE WHEN t.state <> 'cancelled' THEN 1 ELSE 0 END) AS live`),
        ...outcome('first_response', 'fr'),
        ...outcome('resolution', 'res'),
      )
      .groupByRaw(`${key}, t.channel`) as Promise<Row[]>]);
    const rows = [...stored, ...live];
    const opened = new Map<string, { n: number; live: number }>();
    const byChannel = new Map<string, number>();
    const sum = { n: 0, fr_met: 0, fr_breached: 0, res_met: 0, res_breached: 0 };
    for (const r of rows) {
      const k = String(r.k);
      const o = opened.get(k) ?? { n: 0, live: 0 };
      opened.set(k, { n: o.n + num(r.n), live: o.live + num(r.live) });
      byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + num(r.n));
      for (const f of ['n', 'fr_met', 'fr_breached', 'res_met', 'res_breached'] as const) sum[f] += num(r[f]);
    }
    const channels = [...byChannel.entries()]
      .map(([channel, n]) => ({ channel, tickets: n }))
      // Most tickets first, then by channel name (a channel is required; none would come last).
      .sort((x, y) => y.tickets - x.tickets || (x.channel === null ? 1 : y.channel === null ? -1 : x.channel < y.channel ? -1 : x.channel > y.channel ? 1 : 0));
    return {
      opened,
      channels,
      sla: { tickets: sum.n, first_response: compliance(sum.fr_met, sum.fr_breached), resolution: compliance(sum.res_met, sum.res_breached) },
    };
  }

  /**
   * The tickets resolved in the period, in one pass: per trend bucket the count (all, and not
   * cancelled for the backlog trend), reopened, FCR and CSAT sums; JavaScript adds them up.
   */
  async function resolvedInPeriod(q: DashboardQuery, scope: DashboardScope, plan: RollupPlan | null) {
    const key = bucketKeySql(dialect(), q.trend, 't.resolved_at');
    const [stored, live] = await Promise.all([rollupRows(RESOLVED_READ, q, scope, plan), inPeriod(tickets(scope), 't.resolved_at', q, plan)
      .select(
        knex().raw(`${key} AS k`),
        knex().raw('COUNT(*) AS n'),
        knex().raw(`SUM(CASE WHEN t.state <> 'cancelled' THEN 1 ELSE 0 END) AS live`),
        knex().raw('SUM(CASE WHEN t.reopen_count > 0 THEN 1 ELSE 0 END) AS reopened'),
        knex().raw(`SUM(CASE WHEN ${fcrSql('t.')} THEN 1 ELSE 0 END) AS fcr`),
        knex().raw('COUNT(t.csat_rating) AS csat_n'),
        knex().raw('SUM(t.csat_rating) AS csat_sum'),
        knex().raw('SUM(CASE WHEN t.csat_rating >= 4 THEN 1 ELSE 0 END) AS csat_satisfied'),
      )
      .groupByRaw(key) as Promise<Row[]>]);
    const rows = [...stored, ...live];
    const resolvedBy = new Map<string, number>();
    const sum = { n: 0, reopened: 0, fcr: 0, csat_n: 0, csat_sum: 0, csat_satisfied: 0 };
    for (const r of rows) {
      resolvedBy.set(String(r.k), (resolvedBy.get(String(r.k)) ?? 0) + num(r.live));
      for (const f of Object.keys(sum) as Array<keyof typeof sum>) sum[f] += num(r[f]);
    }
    return {
      resolvedBy,
      outcomes: {
        resolved: sum.n,
        reopen: { reopened: sum.reopened, rate: pct(sum.reopened, sum.n) },
        fcr: { count: sum.fcr, rate: pct(sum.fcr, sum.n) },
        // The mean of integer ratings, as AVG would give it: sum / count (the same double).
        csat: { responses: sum.csat_n, average: sum.csat_n ? avg(sum.csat_sum / sum.csat_n) : null, satisfied: sum.csat_satisfied, satisfied_percent: pct(sum.csat_satisfied, sum.csat_n) },
      },
    };
  }

  /**
   * The backlog now (open tickets by state and priority), at the period's start, and its trend from
   * the opened and resolved counts per bucket. At the start: tickets created before it, not cancelled,
   * and not resolved before it — counted as those still unresolved plus those resolved from the start
   * on (two index ranges instead of every ticket created before the period).
   */
  async function backlog(q: DashboardQuery, scope: DashboardScope, created: Map<string, { n: number; live: number }>, resolvedBy: Map<string, number>, plan: RollupPlan | null) {
    const openNow = () => tickets(scope).select('t.state', 't.priority').count({ n: '*' }).whereIn('t.state', OPEN_STATUSES as string[]).groupBy('t.state', 't.priority');
    const openRows = async (): Promise<Row[]> => {
      if (!plan) return openNow();
      // The rollup of open tickets (no day), corrected by the changed tickets.
      const [stored, live] = await Promise.all([rollup.rows(OPEN_READ, { whole: null, edges: [] }, rollupScope(scope), plan), plan.changed.length ? (openNow().whereIn('t.id', plan.changed) as Promise<Row[]>) : []]);
      return [...stored, ...live];
    };
    const unresolvedAtStart = async (): Promise<number> => {
      const base = () => tickets(scope).count({ n: '*' }).whereRaw("t.resolved_at IS NULL AND t.state <> 'cancelled'");
      if (!plan) return num(((await base().andWhere('t.created_at', '<', q.from)) as Row[])[0]?.n);
      // Created before the start: every whole day before it from the rollup, its own day's part live.
      const split = splitPeriod(null, q.from);
      const [stored, live] = await Promise.all([rollup.rows({ ...CREATED_READ({}), perDay: false }, split, rollupScope(scope), plan), liveRest(base(), 't.created_at', split, plan) as Promise<Row[]>]);
      return stored.reduce((a, r) => a + num(r.unresolved_live), 0) + num(live[0]?.n);
    };
    const [now, unresolved, [resolvedLater]] = await Promise.all([
      openRows(),
      unresolvedAtStart(),
      tickets(scope).count({ n: '*' }).whereRaw("t.state <> 'cancelled'").andWhere('t.resolved_at', '>=', q.from).andWhere('t.created_at', '<', q.from) as Promise<Row[]>,
    ]);
    const byState = Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<string, number>;
    for (const r of now) {
      if (!num(r.n)) continue; // a rollup key whose tickets all left it
      byState[r.state] += num(r.n);
      byPriority[r.priority] = (byPriority[r.priority] ?? 0) + num(r.n);
    }
    const total = Object.values(byState).reduce((a, b) => a + b, 0);
    const openAtStart = unresolved + num(resolvedLater?.n);
    let running = openAtStart;
    const trend = bucketStarts(q.from, q.to, q.trend).map((s) => {
      const key = bucketKey(s, q.trend);
      const o = created.get(key);
      const r = resolvedBy.get(key) ?? 0;
      running += (o?.live ?? 0) - r;
      return { key, start: s.toISOString(), opened: o?.n ?? 0, resolved: r, backlog: running };
    });
    return { total, byState, byPriority, openAtStart, trend };
  }

  /**
   * First-response median and p90 from the per-day histogram of whole business minutes plus the
   * live rest (edges, changed tickets), through the same percentile definition (metrics/rollup.ts).
   */
  async function firstResponseFromRollup(q: DashboardQuery, scope: DashboardScope, plan: RollupPlan) {
    const [stored, live] = await Promise.all([
      rollupRows(FR_MINUTES_READ, q, scope, plan),
      liveRest(tickets(scope), 't.first_responded_at', splitPeriod(q.from, q.to), plan)
        .whereNotNull('t.first_response_business_minutes')
        .select('t.first_response_business_minutes AS v')
        .count({ n: '*' })
        .groupBy('t.first_response_business_minutes') as Promise<Row[]>,
    ]);
    const histogram = new Map<number, number>();
    for (const r of [...stored, ...live]) addToHistogram(histogram, num(r.v), num(r.n));
    const n = [...histogram.values()].reduce((a, b) => a + b, 0);
    return new Map(n ? [['0', { n, p50: roundMinutes(histogramPercentile(histogram, 0.5)), p90: roundMinutes(histogramPercentile(histogram, 0.9)) }]] : []);
  }

  async function times(q: DashboardQuery, scope: DashboardScope, plan: RollupPlan | null) {
    const fr = plan
      ? await firstResponseFromRollup(q, scope, plan)
      : await percentiles(within(tickets(scope), 't.first_responded_at', q).select(knex().raw('0 AS k'), 't.first_response_business_minutes AS v'));
    const res = await percentiles(within(tickets(scope), 't.resolved_at', q).select(knex().raw('0 AS k'), 't.resolution_business_minutes AS v'));
    const shape = (m?: { n: number; p50: number | null; p90: number | null }) => ({ count: m?.n ?? 0, median: m?.p50 ?? null, p90: m?.p90 ?? null });
    return { unit: 'business_minutes', first_response: shape(fr.get('0')), resolution: shape(res.get('0')) };
  }

  async function escalations(q: DashboardQuery, scope: DashboardScope) {
    const rows: Row[] = await withTicket(ESCALATION_UID, 'e', link(ESCALATION_UID, 'ticket'), scope)
      .where('e.created_at', '>=', q.from)
      .andWhere('e.created_at', '<', q.to)
      .select('e.department', knex().raw('COUNT(*) AS raised'), knex().raw("SUM(CASE WHEN e.answered_at IS NOT NULL OR e.state = 'answered' THEN 1 ELSE 0 END) AS answered"), knex().raw("SUM(CASE WHEN e.state = 'open' THEN 1 ELSE 0 END) AS still_open"))
      .groupBy('e.department')
      .orderBy('e.department');
    return rows.map((r) => ({ department: r.department as string, raised: num(r.raised), answered: num(r.answered), open: num(r.still_open) }));
  }

  async function visits(q: DashboardQuery, scope: DashboardScope) {
    const rows: Row[] = await withTicket(VISIT_UID, 'v', link(VISIT_UID, 'ticket'), scope)
      .where('v.scheduled_start', '>=', q.from)
      .andWhere('v.scheduled_start', '<', q.to)
      .select('v.state')
      .count({ n: '*' })
      .groupBy('v.state');
    const byState = Object.fromEntries(['scheduled', 'en_route', 'on_site', 'completed', 'cancelled'].map((s) => [s, 0])) as Record<string, number>;
    for (const r of rows) byState[r.state] = num(r.n);
    return { total: Object.values(byState).reduce((a, b) => a + b, 0), byState };
  }

  /** Pareto: sorted by tickets (desc), each row's share and the cumulative share. */
  function pareto<T extends { tickets: number }>(rows: T[]): Array<T & { percent: number | null; cumulative_percent: number | null }> {
    const total = rows.reduce((a, r) => a + r.tickets, 0);
    let cumulative = 0;
    return rows.map((r) => {
      cumulative += r.tickets;
      return { ...r, percent: pct(r.tickets, total), cumulative_percent: pct(cumulative, total) };
    });
  }

  async function faults(q: DashboardQuery, scope: DashboardScope) {
    const faultTickets = () =>
      within(tickets(scope), 't.resolved_at', q)
        .where('t.type', 'fault')
        .leftJoin({ fc: table(FAULT_CATEGORY_UID) }, 'fc.id', `t.${LINK_COLUMNS.fault_category}`);
    const byCat: Row[] = await faultTickets().select('fc.id', 'fc.code', 'fc.name').count({ n: '*' }).groupBy('fc.id', 'fc.code', 'fc.name').orderBy([{ column: 'n', order: 'desc' }, { column: 'fc.name' }]);
    const causes: Row[] = await faultTickets().select('fc.id', 't.root_cause').count({ n: '*' }).whereNotNull('t.root_cause').groupBy('fc.id', 't.root_cause').orderBy([{ column: 'n', order: 'desc' }, { column: 't.root_cause' }]);
    const causesOf = new Map<string, Array<{ root_cause: string; tickets: number }>>();
    for (const c of causes) {
      const key = String(c.id ?? 'none');
      const list = causesOf.get(key) ?? [];
      if (list.length < 5) list.push({ root_cause: String(c.root_cause), tickets: num(c.n) });
      causesOf.set(key, list);
    }
    const byModel: Row[] = await within(tickets(scope), 't.resolved_at', q)
      .where('t.type', 'fault')
      .leftJoin({ a: table(ASSET_UID) }, 'a.id', `t.${LINK_COLUMNS.asset}`)
      .select('a.model', 'a.product_line')
      .count({ n: '*' })
      .groupBy('a.model', 'a.product_line')
      .orderBy([{ column: 'n', order: 'desc' }, { column: 'a.model' }]);
    return {
      byCategory: pareto(byCat.map((r) => ({ category: r.name ?? null, code: r.code ?? null, tickets: num(r.n), root_causes: causesOf.get(String(r.id ?? 'none')) ?? [] }))),
      byModel: pareto(byModel.map((r) => ({ model: r.model ?? null, product_line: r.product_line ?? null, tickets: num(r.n) }))),
    };
  }

  /**
   * The scorecard's sums from the resolved rollup per agent plus the live rest, in the live query's
   * shape and order (resolved desc, agent id); agents without an admin user are left out as the
   * live query's join does.
   */
  async function scorecardFromRollup(q: DashboardQuery, scope: DashboardScope, plan: RollupPlan): Promise<Row[]> {
    const assignee = `t.${LINK_COLUMNS.assignee}`;
    const [stored, live] = await Promise.all([
      rollupRows({ ...RESOLVED_READ, dims: { id: ['assignee_id', 'assignee_id'] } }, q, scope, plan),
      inPeriod(tickets(scope), 't.resolved_at', q, plan)
        .whereNotNull(assignee)
        .select(
          `${assignee} AS id`,
          knex().raw('COUNT(*) AS n'),
          ...outcome('resolution', 'res'),
          knex().raw('COUNT(t.csat_rating) AS csat_n'),
          knex().raw('SUM(t.csat_rating) AS csat_sum'),
          knex().raw('SUM(CASE WHEN t.reopen_count > 0 THEN 1 ELSE 0 END) AS reopened'),
        )
        .groupBy(assignee) as Promise<Row[]>,
    ]);
    const by = new Map<number, { n: number; res_met: number; res_breached: number; csat_n: number; csat_sum: number; reopened: number }>();
    for (const r of [...stored, ...live]) {
      if (r.id === null || r.id === undefined) continue;
      const id = num(r.id);
      if (scope.agents && !scope.agents.includes(id)) continue;
      const s = by.get(id) ?? { n: 0, res_met: 0, res_breached: 0, csat_n: 0, csat_sum: 0, reopened: 0 };
      for (const f of Object.keys(s) as Array<keyof typeof s>) s[f] += num(r[f]);
      by.set(id, s);
    }
    const ids = [...by.entries()].filter(([, s]) => s.n > 0).map(([id]) => id);
    const users: Row[] = ids.length ? await knex()(table(ADMIN_USER_UID)).select('id', 'firstname', 'lastname').whereIn('id', ids) : [];
    return users
      .map((u) => {
        const s = by.get(num(u.id))!;
        return { id: num(u.id), firstname: u.firstname, lastname: u.lastname, resolved: s.n, res_met: s.res_met, res_breached: s.res_breached, csat_n: s.csat_n, csat_avg: s.csat_n ? s.csat_sum / s.csat_n : null, reopened: s.reopened };
      })
      .sort((a, b) => b.resolved - a.resolved || a.id - b.id);
  }

  async function scorecard(q: DashboardQuery, scope: DashboardScope, plan: RollupPlan | null = null): Promise<ScorecardRow[]> {
    if (scope.agents && !scope.agents.length) return [];
    const assignee = `t.${LINK_COLUMNS.assignee}`;
    const resolvedBy = () => {
      const b = within(tickets(scope), 't.resolved_at', q).whereNotNull(assignee);
      if (scope.agents) b.whereIn(assignee, scope.agents);
      return b;
    };
    const rows: Row[] = plan ? await scorecardFromRollup(q, scope, plan) : await resolvedBy()
      .join({ u: table(ADMIN_USER_UID) }, 'u.id', assignee)
      .select(
        'u.id',
        'u.firstname',
        'u.lastname',
        knex().raw('COUNT(*) AS resolved'),
        ...outcome('resolution', 'res'),
        knex().raw('COUNT(t.csat_rating) AS csat_n'),
        knex().raw('AVG(t.csat_rating) AS csat_avg'),
        knex().raw('SUM(CASE WHEN t.reopen_count > 0 THEN 1 ELSE 0 END) AS reopened'),
      )
      .groupBy('u.id', 'u.firstname', 'u.lastname')
      .orderBy([{ column: 'resolved', order: 'desc' }, { column: 'u.id' }]);
    const medians = await percentiles(resolvedBy().select(`${assignee} AS k`, 't.resolution_business_minutes AS v'));
    return rows.map((r) => {
      const resolved = num(r.resolved);
      const met = num(r.res_met);
      const breached = num(r.res_breached);
      return {
        agent: { id: num(r.id), name: [r.firstname, r.lastname].filter(Boolean).join(' ') },
        resolved,
        resolution_met: met,
        resolution_breached: breached,
        resolution_compliance: pct(met, met + breached),
        resolution_median_minutes: medians.get(String(r.id))?.p50 ?? null,
        csat_responses: num(r.csat_n),
        csat_average: avg(r.csat_avg),
        reopened: num(r.reopened),
        reopen_rate: pct(num(r.reopened), resolved),
      };
    });
  }

  /**
   * Fault statistics: faults resolved in the period by category, product line, model or root cause
   * (Pareto, top 50) and each of the top 10's count per trend bucket (resolved_at, UTC).
   */
  async function faultStatistics(q: DashboardQuery, scope: DashboardScope, by: FaultDimension) {
    const base = () => {
      const b = within(tickets(scope), 't.resolved_at', q).where('t.type', 'fault');
      if (by === 'category') b.leftJoin({ fc: table(FAULT_CATEGORY_UID) }, 'fc.id', `t.${LINK_COLUMNS.fault_category}`);
      if (by === 'model') b.leftJoin({ a: table(ASSET_UID) }, 'a.id', `t.${LINK_COLUMNS.asset}`);
      return b;
    };
    const key = { category: 'fc.name', product_line: 't.product_line', model: 'a.model', root_cause: 't.root_cause' }[by];
    const rows: Row[] = await base().select(knex().raw(`${key} AS k`)).count({ n: '*' }).groupByRaw(key).orderBy([{ column: 'n', order: 'desc' }, { column: 'k' }]).limit(50);
    const top = rows.slice(0, 10).map((r) => (r.k === null || r.k === undefined ? null : String(r.k)));
    const bucket = bucketKeySql(dialect(), q.trend, 't.resolved_at');
    const points: Row[] = top.length
      ? await base()
          .select(knex().raw(`${key} AS k`), knex().raw(`${bucket} AS b`))
          .count({ n: '*' })
          .where((w) => {
            const named = top.filter((k): k is string => k !== null);
            if (named.length) w.whereRaw(`${key} IN (${named.map(() => '?').join(', ')})`, named);
            if (top.includes(null)) w.orWhereRaw(`${key} IS NULL`);
          })
          .groupByRaw(`${key}, ${bucket}`)
      : [];
    const buckets = bucketStarts(q.from, q.to, q.trend).map((s) => ({ key: bucketKey(s, q.trend), start: s.toISOString() }));
    const count = new Map(points.map((p) => [`${p.k ?? ''}\u0000${p.b}`, num(p.n)]));
    return {
      by,
      rows: pareto(rows.map((r) => ({ key: r.k === null || r.k === undefined ? null : String(r.k), tickets: num(r.n) }))),
      buckets,
      series: top.map((k) => ({ key: k, points: buckets.map((b) => count.get(`${k ?? ''}\u0000${b.key}`) ?? 0) })),
    };
  }

  return {
    faultStatistics,

    /** One fold of the rollups (cron task `support-desk-dashboard-rollup`; services/dashboard-rollup.ts). */
    foldRollups: () => rollup.fold(),
    /** The rollup plan a read would use now (null: live queries); for tests and the bench. */
    rollupPlan: () => rollup.plan(),

    /** The support group named by code or documentId, or null when there is none. */
    async findGroup(ref: string) {
      const row = await strapi.db.query(GROUP_UID).findOne({ where: { $or: [{ code: ref }, { documentId: ref }] }, select: ['id', 'documentId', 'code', 'name'] });
      return row ? { id: row.id as number, documentId: row.documentId as string, code: row.code as string, name: row.name as string } : null;
    },

    /** Admin users in the groups `userId` leads or belongs to (the agents a supervisor reviews), the user included. */
    async agentsReviewedBy(userId: number): Promise<number[]> {
      const ml = link(GROUP_UID, 'members');
      const ll = link(GROUP_UID, 'lead');
      const groupIds = [
        ...(await knex().select(`${ml.own} AS g`).from(ml.table).where(ml.other, userId)),
        ...(await knex().select(`${ll.own} AS g`).from(ll.table).where(ll.other, userId)),
      ].map((r: Row) => num(r.g));
      if (!groupIds.length) return [userId];
      const rows: Row[] = [
        ...(await knex().select(`${ml.other} AS u`).from(ml.table).whereIn(ml.own, groupIds)),
        ...(await knex().select(`${ll.other} AS u`).from(ll.table).whereIn(ll.own, groupIds)),
      ];
      return [...new Set([userId, ...rows.map((r) => num(r.u))])];
    },

    /** Everything the dashboard page shows for a period, group and product line. */
    async dashboard(q: DashboardQuery, scope: DashboardScope, opts: { live?: boolean } = {}): Promise<DashboardAnswer> {
      // Independent aggregate queries: in parallel (PostgreSQL runs them on several connections and
      // cores; SQLite's single connection takes them in turn).
      // PostgreSQL after the first fold: the rollups plus a correction (services/dashboard-rollup.ts).
      const plan = opts.live ? null : await rollup.plan();
      const backlogFigures = Promise.all([createdInPeriod(q, scope, plan), resolvedInPeriod(q, scope, plan)]).then(async ([created, resolved]) => ({
        created,
        resolved,
        backlog: await backlog(q, scope, created.opened, resolved.resolvedBy, plan),
      }));
      const [{ created, resolved, backlog: backlogRows }, timeFigures, escalationRows, visitFigures, faultFigures, scorecardRows] = await Promise.all([
        backlogFigures,
        times(q, scope, plan),
        escalations(q, scope),
        visits(q, scope),
        faults(q, scope),
        scorecard(q, scope, plan),
      ]);
      return {
        backlog: backlogRows,
        sla: created.sla,
        times: timeFigures,
        ...resolved.outcomes,
        channels: created.channels,
        escalations: escalationRows,
        visits: visitFigures,
        faults: faultFigures,
        scorecard: scorecardRows,
        // Parts below their reorder point and training sessions from now on (services/widgets.ts).
        inventory: await getServiceOf(strapi, 'widgets').partsBelowReorder(),
        trainings: await getServiceOf(strapi, 'widgets').upcomingSessions(new Date()),
      };
    },

    scorecard,
    statuses: TICKET_STATUSES,
  };
};

export type DashboardService = ReturnType<typeof createDashboardService>;
export default createDashboardService;
