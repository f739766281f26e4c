/**
 * The monthly support report (pure): its month, its content from the dashboard's figures and the
 * month's escalations to R&D, product and QA, and its two downloadable forms — CSV (sections, UTF-8
 * with BOM) and a printable HTML page (every text escaped). Months are calendar months in UTC.
 */
import { toCsvSections, type CsvColumn } from './csv';

type Row = Record<string, any>;
export const REPORT_DEPARTMENTS = ['rd', 'product', 'qa'] as const;

/** `2026-11` → [2026-11-01, 2026-12-01) UTC; null when not a month. */
export function parseMonth(s: unknown): { month: string; from: Date; to: Date } | null {
  if (typeof s !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(s)) return null;
  const [y, m] = s.split('-').map(Number);
  return { month: s, from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) };
}

/** The month before the one holding `now` (what the report on the 1st covers). */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export interface EscalationLine {
  number: string;
  department: string;
  state: string;
  reason: string | null;
  answer: string | null;
  raised_at: string;
  answered_at: string | null;
}

export interface MonthlyReport {
  month: string;
  from: string;
  to: string;
  volumes: { opened: number; resolved: number; backlog_end: number; by_channel: Array<{ channel: string; tickets: number }> };
  sla: { tickets: number; first_response_compliance: number | null; resolution_compliance: number | null };
  times: { first_response_median: number | null; resolution_median: number | null; resolution_p90: number | null };
  csat: { responses: number; average: number | null; satisfied_percent: number | null };
  fcr_rate: number | null;
  reopen_rate: number | null;
  top_faults: Array<{ category: string | null; tickets: number; percent: number | null; root_causes: Array<{ root_cause: string; tickets: number }> }>;
  top_models: Array<{ model: string | null; product_line: string | null; tickets: number }>;
  escalations: EscalationLine[];
}

/** The report from the dashboard's answer for the month (all groups) and the month's escalations. */
export function buildMonthlyReport(month: { month: string; from: Date; to: Date }, d: Row, escalations: EscalationLine[]): MonthlyReport {
  const trend: Row[] = d.backlog.trend;
  return {
    month: month.month,
    from: month.from.toISOString(),
    to: month.to.toISOString(),
    volumes: {
      opened: trend.reduce((a, b) => a + b.opened, 0),
      resolved: d.resolved,
      backlog_end: trend.length ? trend[trend.length - 1].backlog : d.backlog.openAtStart,
      by_channel: d.channels,
    },
    sla: { tickets: d.sla.tickets, first_response_compliance: d.sla.first_response.compliance, resolution_compliance: d.sla.resolution.compliance },
    times: { first_response_median: d.times.first_response.median, resolution_median: d.times.resolution.median, resolution_p90: d.times.resolution.p90 },
    csat: { responses: d.csat.responses, average: d.csat.average, satisfied_percent: d.csat.satisfied_percent },
    fcr_rate: d.fcr.rate,
    reopen_rate: d.reopen.rate,
    top_faults: (d.faults.byCategory as Row[]).slice(0, 10).map((c) => ({ category: c.category, tickets: c.tickets, percent: c.percent, root_causes: c.root_causes.slice(0, 3) })),
    top_models: (d.faults.byModel as Row[]).slice(0, 10).map((m) => ({ model: m.model, product_line: m.product_line, tickets: m.tickets })),
    escalations,
  };
}

const col = (header: string, value: (r: Row) => unknown): CsvColumn<Row> => ({ header, value });

export function monthlyReportCsv(r: MonthlyReport): string {
  const kv = (rows: Array<[string, unknown]>) => rows.map(([metric, value]) => ({ metric, value }));
  return toCsvSections([
    {
      title: `Support report ${r.month}`,
      columns: [col('metric', (x) => x.metric), col('value', (x) => x.value)],
      rows: kv([
        ['tickets opened', r.volumes.opened],
        ['tickets resolved', r.volumes.resolved],
        ['backlog at month end', r.volumes.backlog_end],
        ['first-response SLA compliance %', r.sla.first_response_compliance],
        ['resolution SLA compliance %', r.sla.resolution_compliance],
        ['median first response (business minutes)', r.times.first_response_median],
        ['median resolution (business minutes)', r.times.resolution_median],
        ['p90 resolution (business minutes)', r.times.resolution_p90],
        ['CSAT responses', r.csat.responses],
        ['CSAT average (1-5)', r.csat.average],
        ['CSAT satisfied %', r.csat.satisfied_percent],
        ['first-contact resolution %', r.fcr_rate],
        ['reopen rate %', r.reopen_rate],
      ]),
    },
    { title: 'Tickets by channel', columns: [col('channel', (x) => x.channel), col('tickets', (x) => x.tickets)], rows: r.volumes.by_channel },
    {
      title: 'Top faults',
      columns: [col('category', (x) => x.category), col('tickets', (x) => x.tickets), col('percent', (x) => x.percent), col('top root causes', (x) => (x.root_causes as Row[]).map((c) => `${c.root_cause} (${c.tickets})`).join('; '))],
      rows: r.top_faults,
    },
    { title: 'Top product models', columns: [col('model', (x) => x.model), col('product line', (x) => x.product_line), col('tickets', (x) => x.tickets)], rows: r.top_models },
    {
      title: 'Escalations to R&D, product and QA',
      columns: [col('ticket', (x) => x.number), col('department', (x) => x.department), col('state', (x) => x.state), col('raised', (x) => x.raised_at), col('reason', (x) => x.reason), col('answer', (x) => x.answer), col('answered', (x) => x.answered_at)],
      rows: r.escalations,
    },
  ]);
}

const LABELS = {
  en: {
    title: 'Support report', period: 'Period', volumes: 'Volumes', opened: 'Opened', resolved: 'Resolved', backlog: 'Backlog at month end', sla: 'SLA compliance',
    fr: 'First response', res: 'Resolution', times: 'Times (business minutes)', median: 'median', p90: 'p90', csat: 'Customer satisfaction', responses: 'responses',
    average: 'average', satisfied: 'satisfied', fcr: 'First-contact resolution', reopen: 'Reopen rate', channels: 'Tickets by channel', faults: 'Top faults',
    category: 'Category', tickets: 'Tickets', share: 'Share', causes: 'Top root causes', models: 'Top product models', model: 'Model', line: 'Product line',
    escalations: 'Escalations to R&D, product and QA', ticket: 'Ticket', department: 'Department', state: 'State', reason: 'Reason', answer: 'Answer', none: 'None',
  },
  'zh-Hans': {
    title: '技术支持月报', period: '统计周期', volumes: '工单量', opened: '新建', resolved: '已解决', backlog: '月末积压', sla: 'SLA 达成率',
    fr: '首次响应', res: '解决', times: '处理时长（工作分钟）', median: '中位数', p90: 'P90', csat: '客户满意度', responses: '份评价',
    average: '平均分', satisfied: '满意', fcr: '首次接触解决率', reopen: '重开率', channels: '按渠道统计', faults: '主要故障',
    category: '故障分类', tickets: '工单数', share: '占比', causes: '主要根因', models: '主要产品型号', model: '型号', line: '产品线',
    escalations: '升级至研发、产品和质量部门', ticket: '工单', department: '部门', state: '状态', reason: '原因', answer: '答复', none: '无',
  },
} as const;
export type ReportLocale = keyof typeof LABELS;

const esc = (v: unknown) =>
  v === null || v === undefined ? '–' : String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (v: number | null) => (v === null ? '–' : `${v} %`);

/** A self-contained printable page (no script; print styles). */
export function monthlyReportHtml(r: MonthlyReport, locale: ReportLocale = 'en'): string {
  const L = LABELS[locale];
  const table = (head: string[], rows: string[][]) =>
    rows.length
      ? `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`
      : `<p class="none">${esc(L.none)}</p>`;
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${esc(L.title)} ${esc(r.month)}</title>
<style>body{font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif;color:#212134;max-width:960px;margin:24px auto;padding:0 16px}
h1{font-size:22px}h2{font-size:16px;margin-top:24px;border-bottom:1px solid #dcdce4}table{border-collapse:collapse;width:100%}th,td{border:1px solid #dcdce4;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f6f9}.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}.kpi{border:1px solid #dcdce4;padding:8px}.kpi b{display:block;font-size:18px}
@media print{body{margin:0}h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}}</style></head>
<body><h1>${esc(L.title)} ${esc(r.month)}</h1><p>${esc(L.period)}: ${esc(r.from.slice(0, 10))} – ${esc(r.to.slice(0, 10))} (UTC)</p>
<h2>${esc(L.volumes)}</h2><div class="kpis">
<div class="kpi">${esc(L.opened)}<b>${esc(r.volumes.opened)}</b></div><div class="kpi">${esc(L.resolved)}<b>${esc(r.volumes.resolved)}</b></div>
<div class="kpi">${esc(L.backlog)}<b>${esc(r.volumes.backlog_end)}</b></div><div class="kpi">${esc(L.fcr)}<b>${esc(pct(r.fcr_rate))}</b></div></div>
<h2>${esc(L.sla)}</h2><div class="kpis"><div class="kpi">${esc(L.fr)}<b>${esc(pct(r.sla.first_response_compliance))}</b></div><div class="kpi">${esc(L.res)}<b>${esc(pct(r.sla.resolution_compliance))}</b></div>
<div class="kpi">${esc(L.reopen)}<b>${esc(pct(r.reopen_rate))}</b></div><div class="kpi">${esc(L.csat)}<b>${esc(r.csat.average)} / 5</b>${esc(r.csat.responses)} ${esc(L.responses)}, ${esc(pct(r.csat.satisfied_percent))} ${esc(L.satisfied)}</div></div>
<h2>${esc(L.times)}</h2>${table([L.fr, L.res, `${L.res} ${L.p90}`], [[esc(r.times.first_response_median), esc(r.times.resolution_median), esc(r.times.resolution_p90)]])}
<h2>${esc(L.channels)}</h2>${table([L.channels, L.tickets], r.volumes.by_channel.map((c) => [esc(c.channel), esc(c.tickets)]))}
<h2>${esc(L.faults)}</h2>${table([L.category, L.tickets, L.share, L.causes], r.top_faults.map((f) => [esc(f.category), esc(f.tickets), esc(pct(f.percent)), esc(f.root_causes.map((c) => `${c.root_cause} (${c.tickets})`).join('; '))]))}
<h2>${esc(L.models)}</h2>${table([L.model, L.line, L.tickets], r.top_models.map((m) => [esc(m.model), esc(m.product_line), esc(m.tickets)]))}
<h2>${esc(L.escalations)}</h2>${table([L.ticket, L.department, L.state, L.reason, L.answer], r.escalations.map((e) => [esc(e.number), esc(e.department), esc(e.state), esc(e.reason), esc(e.answer)]))}
</body></html>
`;
}
