import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { parseReportQuery } from '../services/sla-report';
import { toCsv, type CsvColumn } from '../metrics/csv';

type Row = Record<string, unknown>;
const col = (header: string, key: string): CsvColumn<Row> => ({ header, value: (r) => r[key] });
/** Columns of the SLA report's CSV (`GET /support-desk/reports/sla/export`, same filters as the report). */
const SLA_REPORT_COLUMNS = [
  'key',
  'tickets',
  'first_response_met',
  'first_response_breached',
  'first_response_compliance',
  'resolution_met',
  'resolution_breached',
  'resolution_compliance',
].map((k) => col(k === 'key' ? 'group' : k.endsWith('compliance') ? `${k}_percent` : k, k));

export default () => ({
  async sla(ctx: Context) {
    const query = parseReportQuery(ctx.query as Record<string, unknown>);
    ctx.body = { data: await getService('sla-report').compliance(query), meta: { groupBy: query.groupBy, period: query.period, from: query.from.toISOString(), to: query.to.toISOString() } };
  },

  async slaExport(ctx: Context) {
    const query = parseReportQuery(ctx.query as Record<string, unknown>);
    const rows = await getService('sla-report').compliance(query);
    ctx.set('Content-Disposition', `attachment; filename="sla-report-${query.groupBy}-${query.from.toISOString().slice(0, 10)}-${query.to.toISOString().slice(0, 10)}.csv"`);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = toCsv(SLA_REPORT_COLUMNS, rows as unknown as Row[]);
  },
});
