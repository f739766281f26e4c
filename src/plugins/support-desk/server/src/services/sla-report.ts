import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { TICKET_UID } from '../constants';
import { clockColumns, slaOutcomeSql } from '../sla/clock';
import type { SlaReportRow } from '../contracts/sla-report';

export const REPORT_DIMENSIONS = ['priority', 'group', 'organization', 'period'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
export const REPORT_PERIODS = ['day', 'week', 'month'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export interface SlaReportQuery {
  groupBy: ReportDimension;
  from: Date;
  to: Date;
  period: ReportPeriod;
}

export type { SlaReportRow } from '../contracts/sla-report';

/** Parses and checks the query string; 400 naming the parameter otherwise. */
export function parseReportQuery(q: Record<string, unknown>): SlaReportQuery {
  const fail = (param: string, message: string) => {
    throw new errors.ValidationError(message, { errors: [{ path: [param], message, name: 'ValidationError' }] });
  };
  const groupBy = (q.groupBy ?? 'priority') as ReportDimension;
  if (!REPORT_DIMENSIONS.includes(groupBy)) fail('groupBy', `groupBy must be one of ${REPORT_DIMENSIONS.join(', ')}.`);
  const period = (q.period ?? 'month') as ReportPeriod;
  if (!REPORT_PERIODS.includes(period)) fail('period', `period must be one of ${REPORT_PERIODS.join(', ')}.`);
  const to = q.to ? new Date(String(q.to)) : new Date();
  const from = q.from ? new Date(String(q.from)) : new Date(to.getTime() - 30 * 24 * 3600_000);
  if (Number.isNaN(from.getTime())) fail('from', 'from must be a date (YYYY-MM-DD or ISO 8601).');
  if (Number.isNaN(to.getTime())) fail('to', 'to must be a date (YYYY-MM-DD or ISO 8601).');
  if (from >= to) fail('from', 'from must be before to.');
  return { groupBy, from, to, period };
}

const pct = (met: number, breached: number) => (met + breached ? Math.round((1000 * met) / (met + breached)) / 10 : null);

/** First-response and resolution compliance in one grouped SQL query over the tickets opened in the range. */
const createSlaReportService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async compliance(query: SlaReportQuery): Promise<SlaReportRow[]> {
    const knex = strapi.db.connection;
    const isPostgres = strapi.db.dialect.client === 'postgres';
    const t = strapi.db.metadata.get(TICKET_UID).tableName;

    let key: string;
    const builder = knex({ t });
    switch (query.groupBy) {
      case 'priority':
        key = 't.priority';
        break;
      case 'group':
        builder.leftJoin('tickets_group_lnk as gl', 'gl.ticket_id', 't.id').leftJoin('support_groups as g', 'g.id', 'gl.support_group_id');
        key = 'g.name';
        break;
      case 'organization':
        builder.leftJoin('tickets_organization_lnk as ol', 'ol.ticket_id', 't.id').leftJoin('organizations as o', 'o.id', 'ol.organization_id');
        key = 'o.name';
        break;
      default: {
        // Keys in UTC, the same on both databases: day 2026-12-31, ISO week 2026-W53 (weeks start on
        // Monday, week 1 holds the year's first Thursday, so 2027-01-01 is in 2026-W53), month 2026-12.
        // SQLite ≥ 3.46 has %G/%V (ISO year and week); better-sqlite3 12 ships 3.51.
        const fmt = { day: ['YYYY-MM-DD', '%Y-%m-%d'], week: ['IYYY-"W"IW', '%G-W%V'], month: ['YYYY-MM', '%Y-%m'] }[query.period];
        // SQLite keeps datetimes as epoch milliseconds.
        key = isPostgres ? `to_char(t.created_at AT TIME ZONE 'UTC', '${fmt[0]}')` : `strftime('${fmt[1]}', t.created_at / 1000, 'unixepoch')`;
      }
    }
    const rows = await builder
      .select(
        knex.raw(`${key} AS key`),
        knex.raw('COUNT(*) AS tickets'),
        ...(['first_response', 'resolution'] as const).flatMap((clock) => {
          const { met, breached } = slaOutcomeSql(clockColumns('t.')[clock]);
          const alias = clock === 'first_response' ? 'fr' : 'res';
          return [knex.raw(`SUM(CASE WHEN ${met} THEN 1 ELSE 0 END) AS ${alias}_met`), knex.raw(`SUM(CASE WHEN ${breached} THEN 1 ELSE 0 END) AS ${alias}_breached`)];
        }),
      )
      .where('t.created_at', '>=', query.from)
      .andWhere('t.created_at', '<', query.to)
      .groupByRaw(key)
      .orderByRaw(`${key} ASC`);
    return rows.map((r: Record<string, unknown>) => {
      const [frMet, frBreached, resMet, resBreached] = [r.fr_met, r.fr_breached, r.res_met, r.res_breached].map((v) => Number(v ?? 0));
      return {
        key: (r.key as string | null) ?? null,
        tickets: Number(r.tickets),
        first_response_met: frMet,
        first_response_breached: frBreached,
        first_response_compliance: pct(frMet, frBreached),
        resolution_met: resMet,
        resolution_breached: resBreached,
        resolution_compliance: pct(resMet, resBreached),
      };
    });
  },
});

export type SlaReportService = ReturnType<typeof createSlaReportService>;
export default createSlaReportService;
