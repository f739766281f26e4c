/**
 * The monthly support report (metrics/monthly-report.ts holds its content and forms): built from the
 * dashboard's aggregate queries for the calendar month (all groups, every agent) and the month's
 * escalations to R&D, product and QA with their answers; generated on the 1st by the cron task
 * `support-desk-monthly-report` for the month before and mailed through the outbox (template
 * `monthly_report`) to the product department's contacts (agent profiles of department `product`
 * flagged `is_department_contact`) and the addresses in MONTHLY_REPORT_RECIPIENTS. One mail per
 * month and recipient (dedupe key), so several instances and a re-run send nothing twice.
 */
import type { Core } from '@strapi/strapi';
import { AGENT_PROFILE_UID, ESCALATION_UID, TICKET_UID } from '../constants';
import { buildMonthlyReport, previousMonth, REPORT_DEPARTMENTS, type EscalationLine, type MonthlyReport } from '../metrics/monthly-report';
import { getService } from '../utils/get-service';
import { enqueueMail } from '../utils/outbox';
import { pluginConfig } from '../utils/plugin-config';
import { splitList } from '../config';

type Row = Record<string, any>;
export const MONTHLY_REPORT_TASK = 'support-desk-monthly-report';
/** Escalation lines in one report (the newest are kept when a month has more). */
export const MAX_ESCALATION_LINES = 500;

const createMonthlyReportService = ({ strapi }: { strapi: Core.Strapi }) => {
  const link = (uid: string, attribute: string) => {
    const jt = (strapi.db.metadata.get(uid).attributes as Row)[attribute].joinTable;
    return { table: jt.name as string, own: jt.joinColumn.name as string, other: jt.inverseJoinColumn.name as string };
  };

  async function escalations(from: Date, to: Date): Promise<EscalationLine[]> {
    const el = link(ESCALATION_UID, 'ticket');
    const rows: Row[] = await strapi.db
      .connection({ e: strapi.db.metadata.get(ESCALATION_UID).tableName })
      .join({ el: el.table }, `el.${el.own}`, 'e.id')
      .join({ t: strapi.db.metadata.get(TICKET_UID).tableName }, 't.id', `el.${el.other}`)
      .whereIn('e.department', [...REPORT_DEPARTMENTS])
      .andWhere('e.created_at', '>=', from)
      .andWhere('e.created_at', '<', to)
      .select('t.number', 'e.department', 'e.state', 'e.reason', 'e.answer', 'e.created_at', 'e.answered_at')
      .orderBy([{ column: 'e.created_at', order: 'desc' }, { column: 'e.id', order: 'desc' }])
      .limit(MAX_ESCALATION_LINES);
    const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | number).toISOString());
    return rows.map((r) => ({ number: r.number, department: r.department, state: r.state, reason: r.reason ?? null, answer: r.answer ?? null, raised_at: iso(r.created_at)!, answered_at: iso(r.answered_at) }));
  }

  async function recipients(): Promise<Array<{ email: string; name: string; locale: string | null }>> {
    const profiles: Row[] = await strapi.db.query(AGENT_PROFILE_UID).findMany({
      where: { department: 'product', is_department_contact: true },
      populate: { user: { select: ['email', 'firstname', 'lastname', 'isActive', 'blocked'] } },
      orderBy: { id: 'asc' },
    });
    const list = profiles
      .filter((p) => p.user && p.user.isActive !== false && !p.user.blocked && (p.email || p.user.email))
      .map((p) => ({ email: String(p.email || p.user.email).toLowerCase(), name: p.display_name || [p.user.firstname, p.user.lastname].filter(Boolean).join(' '), locale: p.preferred_locale ?? null }));
    for (const email of splitList(pluginConfig(strapi).monthlyReport.recipients)) list.push({ email: email.toLowerCase(), name: email, locale: null });
    const seen = new Set<string>();
    return list.filter((r) => !seen.has(r.email) && seen.add(r.email));
  }

  return {
    async build(month: { month: string; from: Date; to: Date }): Promise<MonthlyReport> {
      const data = await getService('dashboard').dashboard({ from: month.from, to: month.to, trend: 'week', group: null, productLine: null }, { group: null, productLine: null, agents: null });
      return buildMonthlyReport(month, data, await escalations(month.from, month.to));
    },

    /** The report of the month before `now`, mailed to the product department's contacts (idempotent). */
    async run(now = new Date()): Promise<{ month: string; enqueued: number; recipients: number }> {
      const month = previousMonth(now);
      const [y, m] = month.split('-').map(Number);
      const report = await this.build({ month, from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) });
      const to = await recipients();
      if (!to.length) {
        strapi.log.warn(`[support-desk] monthly report ${month}: no recipient (mark a product agent profile as is_department_contact, or set MONTHLY_REPORT_RECIPIENTS)`);
        return { month, enqueued: 0, recipients: 0 };
      }
      const faults = report.top_faults.slice(0, 3).map((f) => `${f.category ?? '–'} (${f.tickets})`).join(', ');
      const result = await enqueueMail(strapi, 
        to.map((r) => ({
          to: { email: r.email, name: r.name, locale: r.locale },
          template: 'monthly_report',
          payload: {
            month,
            opened: report.volumes.opened,
            resolved: report.volumes.resolved,
            backlog_end: report.volumes.backlog_end,
            first_response_compliance: report.sla.first_response_compliance,
            resolution_compliance: report.sla.resolution_compliance,
            csat_average: report.csat.average,
            csat_responses: report.csat.responses,
            top_faults: faults,
            escalations: report.escalations.length,
          },
          dedupeKey: `monthly-report:${month}:${r.email}`,
        })),
      );
      return { month, enqueued: result.inserted, recipients: to.length };
    },
  };
};

export type MonthlyReportService = ReturnType<typeof createMonthlyReportService>;
export default createMonthlyReportService;
