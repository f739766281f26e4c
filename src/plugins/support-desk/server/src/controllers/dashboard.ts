/**
 * Management dashboard (admin API, docs/architecture.md "Dashboard and KPIs"):
 * - GET /support-desk/dashboard            every figure for a period, group and product line (supervisors)
 * - GET /support-desk/dashboard/export     one table of it as CSV (UTF-8 with BOM)
 * - GET /support-desk/scorecard/me         the caller's own scorecard (agents and supervisors)
 * The scorecard of the dashboard lists the agents of the caller's groups (all agents for a super admin).
 */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { parseDashboardQuery, type DashboardQuery, type QueryProblem } from '../metrics/period';
import { toCsv } from '../metrics/csv';
import { DASHBOARD_TABLES, DASHBOARD_TABLE_NAMES } from '../metrics/dashboard-tables';
import { FAULT_DIMENSIONS, type DashboardScope, type FaultDimension } from '../services/dashboard';
import { monthlyReportCsv, monthlyReportHtml, parseMonth, previousMonth, type ReportLocale } from '../metrics/monthly-report';

const SUPER_ADMIN_ROLE_CODE = 'strapi-super-admin';

function refuse(problems: QueryProblem[]): never {
  throw new errors.ValidationError(problems.map((p) => p.message).join(' '), {
    errors: problems.map((p) => ({ path: [p.param], message: p.message, name: 'ValidationError' })),
  });
}

async function readQuery(ctx: Context, { agentsOf }: { agentsOf: 'reviewed' | 'self' }): Promise<{ query: DashboardQuery; scope: DashboardScope }> {
  const { query, problems } = parseDashboardQuery(ctx.query as Record<string, unknown>, new Date());
  if (problems.length) refuse(problems);
  const dashboard = getService('dashboard');
  const group = query.group ? await dashboard.findGroup(query.group) : null;
  if (query.group && !group) refuse([{ param: 'group', message: `group "${query.group}" is not a support group (give its code or documentId).` }]);
  const user = ctx.state.user as { id: number; roles?: Array<{ code: string }> };
  let agents: number[] | null;
  if (agentsOf === 'self') agents = [user.id];
  else agents = user.roles?.some((r) => r.code === SUPER_ADMIN_ROLE_CODE) ? null : await dashboard.agentsReviewedBy(user.id);
  return { query, scope: { group, productLine: query.productLine, agents } };
}

const meta = (query: DashboardQuery, scope: DashboardScope) => ({
  from: query.from.toISOString(),
  to: query.to.toISOString(),
  trend: query.trend,
  group: scope.group ? { documentId: scope.group.documentId, code: scope.group.code, name: scope.group.name } : null,
  productLine: scope.productLine,
});

export default () => ({
  async get(ctx: Context) {
    const { query, scope } = await readQuery(ctx, { agentsOf: 'reviewed' });
    ctx.body = { data: await getService('dashboard').dashboard(query, scope), meta: meta(query, scope) };
  },

  async export(ctx: Context) {
    const table = ctx.query.table ?? DASHBOARD_TABLE_NAMES[0];
    if (typeof table !== 'string' || !DASHBOARD_TABLE_NAMES.includes(table)) {
      refuse([{ param: 'table', message: `table must be one of ${DASHBOARD_TABLE_NAMES.join(', ')}.` }]);
    }
    const { query, scope } = await readQuery(ctx, { agentsOf: 'reviewed' });
    const data = await getService('dashboard').dashboard(query, scope);
    const def = DASHBOARD_TABLES[table];
    ctx.set('Content-Disposition', `attachment; filename="${table}-${query.from.toISOString().slice(0, 10)}-${query.to.toISOString().slice(0, 10)}.csv"`);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = toCsv(def.columns, def.rows(data));
  },

  async faults(ctx: Context) {
    const by = (ctx.query.by ?? 'category') as FaultDimension;
    if (typeof by !== 'string' || !FAULT_DIMENSIONS.includes(by)) refuse([{ param: 'by', message: `by must be one of ${FAULT_DIMENSIONS.join(', ')}.` }]);
    const { query, scope } = await readQuery(ctx, { agentsOf: 'reviewed' });
    ctx.body = { data: await getService('dashboard').faultStatistics(query, scope, by), meta: meta(query, scope) };
  },

  async monthlyReport(ctx: Context) {
    const month = parseMonth(ctx.query.month ?? previousMonth(new Date()));
    if (!month) refuse([{ param: 'month', message: 'month must be a calendar month, YYYY-MM (e.g. 2026-11).' }]);
    const format = ctx.query.format ?? 'json';
    if (format !== 'json' && format !== 'csv' && format !== 'html') refuse([{ param: 'format', message: 'format must be one of json, csv, html.' }]);
    const lang = (ctx.query.lang ?? 'en') as ReportLocale;
    if (lang !== 'en' && lang !== 'zh-Hans') refuse([{ param: 'lang', message: 'lang must be en or zh-Hans.' }]);
    const report = await getService('monthly-report').build(month!);
    if (format === 'csv') {
      ctx.set('Content-Disposition', `attachment; filename="support-report-${month!.month}.csv"`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = monthlyReportCsv(report);
    } else if (format === 'html') {
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = monthlyReportHtml(report, lang);
    } else {
      ctx.body = { data: report };
    }
  },

  async myScorecard(ctx: Context) {
    const { query, scope } = await readQuery(ctx, { agentsOf: 'self' });
    const [row] = await getService('dashboard').scorecard(query, scope);
    const user = ctx.state.user as { id: number; firstname?: string; lastname?: string };
    ctx.body = {
      data: row ?? {
        agent: { id: user.id, name: [user.firstname, user.lastname].filter(Boolean).join(' ') },
        resolved: 0,
        resolution_met: 0,
        resolution_breached: 0,
        resolution_compliance: null,
        resolution_median_minutes: null,
        csat_responses: 0,
        csat_average: null,
        reopened: 0,
        reopen_rate: null,
      },
      meta: meta(query, scope),
    };
  },
});
