/**
 * The dashboard's tables as CSV (pure): which rows of the dashboard answer each table holds and its
 * columns (`GET /support-desk/dashboard/export?table=…`, same filters as the dashboard).
 */
import type { CsvColumn } from './csv';

type Row = Record<string, any>;
interface TableDef {
  rows: (d: Row) => Row[];
  columns: CsvColumn<Row>[];
}
const col = (header: string, value: (r: Row) => unknown): CsvColumn<Row> => ({ header, value });

export const DASHBOARD_TABLES: Record<string, TableDef> = {
  backlog_trend: {
    rows: (d) => d.backlog.trend,
    columns: [col('bucket', (r) => r.key), col('start', (r) => r.start), col('opened', (r) => r.opened), col('resolved', (r) => r.resolved), col('backlog', (r) => r.backlog)],
  },
  backlog_state: {
    rows: (d) => Object.entries(d.backlog.byState).map(([state, tickets]) => ({ state, tickets })),
    columns: [col('state', (r) => r.state), col('tickets', (r) => r.tickets)],
  },
  backlog_priority: {
    rows: (d) => Object.entries(d.backlog.byPriority).map(([priority, tickets]) => ({ priority, tickets })),
    columns: [col('priority', (r) => r.priority), col('tickets', (r) => r.tickets)],
  },
  channels: { rows: (d) => d.channels, columns: [col('channel', (r) => r.channel), col('tickets', (r) => r.tickets)] },
  escalations: {
    rows: (d) => d.escalations,
    columns: [col('department', (r) => r.department), col('raised', (r) => r.raised), col('answered', (r) => r.answered), col('open', (r) => r.open)],
  },
  fault_categories: {
    rows: (d) => d.faults.byCategory,
    columns: [
      col('category', (r) => r.category),
      col('code', (r) => r.code),
      col('tickets', (r) => r.tickets),
      col('percent', (r) => r.percent),
      col('cumulative_percent', (r) => r.cumulative_percent),
      col('top_root_causes', (r) => (r.root_causes as Row[]).map((c) => `${c.root_cause} (${c.tickets})`).join('; ')),
    ],
  },
  fault_models: {
    rows: (d) => d.faults.byModel,
    columns: [col('model', (r) => r.model), col('product_line', (r) => r.product_line), col('tickets', (r) => r.tickets), col('percent', (r) => r.percent), col('cumulative_percent', (r) => r.cumulative_percent)],
  },
  scorecard: {
    rows: (d) => d.scorecard,
    columns: [
      col('agent', (r) => r.agent.name),
      col('resolved', (r) => r.resolved),
      col('resolution_met', (r) => r.resolution_met),
      col('resolution_breached', (r) => r.resolution_breached),
      col('resolution_compliance_percent', (r) => r.resolution_compliance),
      col('median_resolution_business_minutes', (r) => r.resolution_median_minutes),
      col('csat_responses', (r) => r.csat_responses),
      col('csat_average', (r) => r.csat_average),
      col('reopened', (r) => r.reopened),
      col('reopen_rate_percent', (r) => r.reopen_rate),
    ],
  },
};
export const DASHBOARD_TABLE_NAMES = Object.keys(DASHBOARD_TABLES);
