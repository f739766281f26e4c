/**
 * Per-day rollups of the dashboard (PostgreSQL; SQLite keeps the live queries). Tables:
 * database/migrations/2026.12.18T00.00.00.dashboard-rollups.js; design: docs/architecture.md
 * ("Dashboard and KPIs"). In short:
 *
 * - `fold()` (cron `support-desk-dashboard-rollup`, and callable) takes the tickets changed since
 *   the last fold's watermark minus `ROLLUP_LAG_MS` (a transaction that set `updated_at` before the
 *   watermark but committed after it is taken by the next fold), computes each one's contribution
 *   (`CONTRIBUTION_SQL`), and adds `new − stored` to the rollups and replaces the stored one, in one
 *   transaction under an advisory lock (a second instance skips). Re-applying is a no-op: a ticket
 *   whose contribution did not change adds nothing. The first fold builds everything.
 * - `plan()` gives a reader the tickets changed since the watermark (same rule): the reader adds
 *   their live figures and subtracts their stored contributions (`rows()` reads the rollups and
 *   those contributions in one statement, so both come from the same fold). Ticket writes never
 *   touch these tables.
 */
import type { Core } from '@strapi/strapi';
import { clockColumns, slaOutcomeSql } from '../sla/clock';
import { OPEN_STATUSES } from '../workflow/state-machine';
import { fcrSql } from '../metrics/fcr';
import { dayText, type PeriodSplit } from '../metrics/rollup';

type Row = Record<string, any>;

/** How far before the watermark the fold and the readers look again (commit delay, clock skew). */
export const ROLLUP_LAG_MS = 5 * 60_000;
/** Above this many changed tickets a reader uses the live queries (e.g. right after a bulk update). */
export const MAX_CORRECTION_TICKETS = 20_000;
export const ROLLUP_TASK = 'support-desk-dashboard-rollup';
const LOCK_KEY = 'support-desk-dashboard-rollup';

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const flag = (cond: string) => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;
const fr = slaOutcomeSql(clockColumns('t.').first_response);
const res = slaOutcomeSql(clockColumns('t.').resolution);

/** What one ticket contributes (tickets aliased `t`), in sd_dash_contrib's column order. Datetimes are UTC (timestamp without time zone). */
const CONTRIBUTION_COLUMNS: Array<[string, string]> = [
  ['ticket_id', 't.id'],
  ['created_day', 't.created_at::date'],
  ['resolved_day', 't.resolved_at::date'],
  ['fr_day', 't.first_responded_at::date'],
  ['group_id', 't.sd_group_id'],
  ['product_line', 't.product_line'],
  ['channel', 't.channel'],
  ['assignee_id', 't.sd_assignee_id'],
  ['open_state', `CASE WHEN t.state IN (${OPEN_STATUSES.map(quote).join(', ')}) THEN t.state END`],
  ['priority', 't.priority'],
  ['live', flag("t.state <> 'cancelled'")],
  ['unresolved_live', flag("t.resolved_at IS NULL AND t.state <> 'cancelled'")],
  ['fr_met', flag(fr.met)],
  ['fr_breached', flag(fr.breached)],
  ['res_met', flag(res.met)],
  ['res_breached', flag(res.breached)],
  ['reopened', flag('t.reopen_count > 0')],
  ['fcr', flag(fcrSql('t.'))],
  ['csat', 't.csat_rating'],
  ['fr_minutes', 't.first_response_business_minutes'],
];
const CONTRIB_COLS = CONTRIBUTION_COLUMNS.map(([c]) => c).join(', ');
export const CONTRIBUTION_SQL = `SELECT ${CONTRIBUTION_COLUMNS.map(([c, e]) => `${e} AS ${c}`).join(', ')} FROM tickets t`;

/** Tickets changed since `x` (an SQL timestamptz expression): writes bump updated_at; the SLA sweep sets the breach marks alone. */
const changedSince = (x: string) =>
  `SELECT id FROM tickets WHERE updated_at >= ${x} UNION SELECT id FROM tickets WHERE first_response_breached_at >= ${x} UNION SELECT id FROM tickets WHERE resolution_breached_at >= ${x}`;
/** The level of a grouping set's row: bit 1 keeps the group, bit 2 the product line. */
const LEVEL_SQL = '(CASE WHEN GROUPING(group_id) = 0 THEN 1 ELSE 0 END) + (CASE WHEN GROUPING(product_line) = 0 THEN 2 ELSE 0 END)';
/** The level a read of this scope uses. */
export const scopeLevel = (scope: { groupId: number | null; productLine: string | null }) => (scope.groupId !== null ? 1 : 0) + (scope.productLine !== null ? 2 : 0);
const LAG = `interval '${ROLLUP_LAG_MS / 1000} seconds'`;
/**
 * The watermark minus the lag as text of a UTC timestamp without time zone, the type of the tickets'
 * columns (compared with a timestamptz, PostgreSQL would cast the column and not use its index);
 * bound as a value, not a subquery, so the planner estimates the few rows after it (a subquery's
 * unknown value is estimated at a third of the table, which turns on JIT: +90 ms per read).
 */
const SINCE_SQL = `SELECT ((watermark AT TIME ZONE 'UTC') - ${LAG})::text AS since FROM sd_dash_fold WHERE id = 1`;

/**
 * Each rollup: its table, its key besides (level, group_id, product_line), the delta's columns for
 * it and how the delta of the changed tickets (sign `s`) adds to it. Every delta goes to the four
 * levels at once (GROUPING SETS): all, per group, per product line, per group and product line.
 */
const ROLLUPS: Array<{ table: string; key: string[]; select: string[]; where: string; sums: Record<string, string> }> = [
  {
    table: 'sd_dash_created_daily',
    key: ['day', 'channel'],
    select: ['created_day', 'channel'],
    where: 'created_day IS NOT NULL',
    sums: { n: 's', live: 's * live', unresolved_live: 's * unresolved_live', fr_met: 's * fr_met', fr_breached: 's * fr_breached', res_met: 's * res_met', res_breached: 's * res_breached' },
  },
  {
    table: 'sd_dash_resolved_daily',
    key: ['day', 'assignee_id'],
    select: ['resolved_day', 'assignee_id'],
    where: 'resolved_day IS NOT NULL',
    sums: { n: 's', live: 's * live', reopened: 's * reopened', fcr: 's * fcr', csat_n: 'CASE WHEN csat IS NOT NULL THEN s ELSE 0 END', csat_sum: 's * COALESCE(csat, 0)', csat_satisfied: 'CASE WHEN csat >= 4 THEN s ELSE 0 END', res_met: 's * res_met', res_breached: 's * res_breached' },
  },
  {
    table: 'sd_dash_fr_minutes_daily',
    key: ['day', 'minutes'],
    select: ['fr_day', 'fr_minutes'],
    where: 'fr_day IS NOT NULL AND fr_minutes IS NOT NULL',
    sums: { n: 's' },
  },
  {
    table: 'sd_dash_open',
    key: ['state', 'priority'],
    select: ['open_state', 'priority'],
    where: 'open_state IS NOT NULL',
    sums: { n: 's' },
  },
];

/** The tickets a reader corrects; null = read live (SQLite, no fold yet, or too many changed). */
export interface RollupPlan {
  changed: number[];
}

/** A figure read from a rollup: columns of the rollup (`rollup`) and the same of a stored contribution (`contrib`). */
export interface RollupRead {
  table: string;
  /** The contribution's day column (null: the rollup has no day, e.g. sd_dash_open). */
  contribDay: string | null;
  dims: Record<string, [rollup: string, contrib: string]>;
  measures: Record<string, [rollup: string, contrib: string]>;
  contribWhere?: string;
  /** false: sum over the days of the period instead of a row per day (the figure has no trend). */
  perDay?: boolean;
}

export function createRollup(strapi: Core.Strapi) {
  const knex = () => strapi.db.connection;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  let tablesExist: boolean | null = null;
  const ready = async () => {
    if (!isPostgres()) return false;
    if (tablesExist === null) tablesExist = await knex().schema.hasTable('sd_dash_fold');
    return tablesExist;
  };

  return {
    /**
     * One fold; returns what it did ({ skipped } when another instance holds the lock, or on SQLite).
     * The first fold (no watermark) takes every ticket: the backfill after the migration.
     */
    async fold(): Promise<{ skipped: boolean; changed: number; tickets: number; ms: number }> {
      const started = Date.now();
      if (!(await ready())) return { skipped: true, changed: 0, tickets: 0, ms: 0 };
      return knex().transaction(async (trx) => {
        const [{ locked }] = (await trx.raw('SELECT pg_try_advisory_xact_lock(hashtext(?)) AS locked', [LOCK_KEY])).rows;
        if (!locked) return { skipped: true, changed: 0, tickets: 0, ms: Date.now() - started };
        const [{ since }] = (await trx.raw(`${SINCE_SQL} FOR UPDATE`)).rows;
        // One statement, one snapshot: the contributions that go into the rollups are the ones stored.
        const source = since !== null ? `${CONTRIBUTION_SQL} WHERE t.id IN (${changedSince('?::timestamp')})` : CONTRIBUTION_SQL;
        const taken = await trx.raw(`CREATE TEMP TABLE sd_fold_new ON COMMIT DROP AS ${source}`, since !== null ? [since, since, since] : []);
        // Tickets re-scanned in the lag window whose contribution is unchanged add nothing.
        await trx.raw(`DELETE FROM sd_fold_new n USING sd_dash_contrib c WHERE c.ticket_id = n.ticket_id AND ROW(c.*) IS NOT DISTINCT FROM ROW(n.*)`);
        const [{ changed }] = (await trx.raw('SELECT COUNT(*)::int AS changed FROM sd_fold_new')).rows;
        if (changed) {
          await trx.raw(
            `CREATE TEMP TABLE sd_fold_delta ON COMMIT DROP AS
             SELECT 1 AS s, ${CONTRIB_COLS} FROM sd_fold_new
             UNION ALL SELECT -1, ${CONTRIB_COLS.split(', ').map((c) => `c.${c}`).join(', ')} FROM sd_dash_contrib c JOIN sd_fold_new n ON n.ticket_id = c.ticket_id`,
          );
          for (const r of ROLLUPS) {
            const cols = Object.keys(r.sums);
            const base = r.select.join(', ');
            const sets = [base, `${base}, group_id`, `${base}, product_line`, `${base}, group_id, product_line`].map((s) => `(${s})`).join(', ');
            const key = ['level', 'group_id', 'product_line', ...r.key];
            await trx.raw(
              `INSERT INTO ${r.table} (${[...key, ...cols].join(', ')})
               SELECT ${LEVEL_SQL}, group_id, product_line, ${base}, ${cols.map((c) => `SUM(${r.sums[c]})`).join(', ')}
               FROM sd_fold_delta WHERE ${r.where} GROUP BY GROUPING SETS (${sets})
               ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${cols.map((c) => `${c} = ${r.table}.${c} + excluded.${c}`).join(', ')}`,
            );
          }
          await trx.raw(
            `INSERT INTO sd_dash_contrib (${CONTRIB_COLS}) SELECT ${CONTRIB_COLS} FROM sd_fold_new
             ON CONFLICT (ticket_id) DO UPDATE SET ${CONTRIB_COLS.split(', ').slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`,
          );
        }
        // The watermark is this transaction's start: what it could not see is at most ROLLUP_LAG_MS older.
        await trx.raw('UPDATE sd_dash_fold SET watermark = now(), folded_at = clock_timestamp(), tickets = ? WHERE id = 1', [taken.rowCount ?? 0]);
        return { skipped: false, changed, tickets: taken.rowCount ?? 0, ms: Date.now() - started };
      });
    },

    /** The reader's correction set, or null for the live queries. */
    async plan(): Promise<RollupPlan | null> {
      if (!(await ready())) return null;
      const since = (await knex().raw(SINCE_SQL)).rows[0]?.since ?? null;
      if (since === null) return null;
      const { rows } = await knex().raw(`${changedSince('?::timestamp')} LIMIT ${MAX_CORRECTION_TICKETS + 1}`, [since, since, since]);
      if (rows.length > MAX_CORRECTION_TICKETS) return null;
      return { changed: rows.map((r: Row) => Number(r.id)) };
    },

    /**
     * The rollup's rows over the whole days of `split` (all rows when `contribDay` is null), plus the
     * stored contributions of the changed tickets negated, in one statement (one snapshot). Each row:
     * `d` (YYYY-MM-DD, when there is a day), the dims and the measures, summed per day and dims.
     */
    async rows(read: RollupRead, split: PeriodSplit, scope: { groupId: number | null; productLine: string | null }, plan: RollupPlan): Promise<Row[]> {
      const whole = split.whole;
      if (read.contribDay && !whole) return [];
      const part = (which: 0 | 1, day: string | null) => {
        const bindings: unknown[] = [];
        const where: string[] = [];
        if (which === 0) {
          // The rollup's level for this scope; the scope columns it does not keep are NULL there.
          where.push('level = ?');
          bindings.push(scopeLevel(scope));
          if (scope.groupId === null) where.push('group_id IS NULL');
          if (scope.productLine === null) where.push('product_line IS NULL');
        }
        if (day && whole) {
          if (whole.from) {
            where.push(`${day} >= ?::date`);
            bindings.push(dayText(whole.from));
          }
          where.push(`${day} < ?::date`);
          bindings.push(dayText(whole.to));
        }
        if (scope.groupId !== null) {
          where.push('group_id = ?');
          bindings.push(scope.groupId);
        }
        if (scope.productLine !== null) {
          where.push('product_line = ?');
          bindings.push(scope.productLine);
        }
        return { where, bindings };
      };
      const dims = Object.entries(read.dims);
      const measures = Object.entries(read.measures);
      const r = part(0, read.contribDay ? 'day' : null);
      const c = part(1, read.contribDay);
      c.where.push('ticket_id = ANY(?::int[])');
      c.bindings.push(plan.changed);
      if (read.contribWhere) c.where.push(read.contribWhere);
      const dayCol = (e: string | null) => (read.contribDay ? [`${e} AS d`] : []);
      const rollupSql = `SELECT ${[...dayCol('day'), ...dims.map(([a, [e]]) => `${e} AS ${a}`), ...measures.map(([a, [e]]) => `${e} AS ${a}`)].join(', ')} FROM ${read.table} WHERE ${r.where.length ? r.where.join(' AND ') : 'TRUE'}`;
      const contribSql = `SELECT ${[...dayCol(read.contribDay), ...dims.map(([a, [, e]]) => `${e} AS ${a}`), ...measures.map(([a, [, e]]) => `-(${e}) AS ${a}`)].join(', ')} FROM sd_dash_contrib WHERE ${c.where.join(' AND ')}`;
      const perDay = read.contribDay && read.perDay !== false;
      const groupBy = [...(perDay ? ['x.d'] : []), ...dims.map(([a]) => `x.${a}`)];
      const select = [...(perDay ? ["to_char(x.d, 'YYYY-MM-DD') AS d"] : []), ...dims.map(([a]) => `x.${a}`), ...measures.map(([a]) => `SUM(x.${a}) AS ${a}`)];
      const sql = `SELECT ${select.join(', ')} FROM (${rollupSql} UNION ALL ${contribSql}) x${groupBy.length ? ` GROUP BY ${groupBy.join(', ')}` : ''}`;
      return (await knex().raw(sql, [...r.bindings, ...c.bindings])).rows;
    },
  };
}

export type DashboardRollup = ReturnType<typeof createRollup>;
