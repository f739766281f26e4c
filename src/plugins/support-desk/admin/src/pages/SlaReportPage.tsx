/**
 * The SLA report for supervisors (GET /support-desk/reports/sla, RBAC action reports.read): first
 * response and resolution compliance of the tickets opened in a period, by priority, group,
 * organization or period (day, week, month); chart, table and CSV export (/reports/sla/export).
 */
import * as React from 'react';
import { Page } from '@strapi/strapi/admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartBox, DataTable, initialPeriod, ManagementPage, percent, ProblemBox, Section, useAdminData, useChartColors, useCsvExport, useT, type Period } from '../components/dashboard/parts';
import { ReportFilters } from '../components/dashboard/Filters';
import { exclusiveTo } from '../utils/period';
import { PLUGIN_ID } from '../pluginId';
import type { SlaReportRow } from '../../../server/src/contracts/sla-report';

export const REPORT_PERMISSIONS = [{ action: `plugin::${PLUGIN_ID}.reports.read`, subject: null }];
const DIMENSIONS = ['priority', 'group', 'organization', 'period'] as const;
const UNITS = ['day', 'week', 'month'] as const;

export const SlaReportPage = () => {
  const t = useT();
  const colors = useChartColors();
  const exportCsv = useCsvExport();
  const [period, setPeriod] = React.useState<Period>(() => initialPeriod('last30'));
  const [groupBy, setGroupBy] = React.useState<string>('priority');
  const [unit, setUnit] = React.useState<string>('week');
  const to = exclusiveTo(period.until);
  const query = to ? new URLSearchParams({ groupBy, period: unit, from: period.from, to }).toString() : null;
  const { data: rows, problem } = useAdminData<SlaReportRow[]>(query ? `/${PLUGIN_ID}/reports/sla?${query}` : null);
  const label = (key: string | null) => key ?? t('mgmt.none');

  return (
    <ManagementPage permissions={REPORT_PERMISSIONS} title={t('report.title')} subtitle={t('report.subtitle')}>
      <ReportFilters
        period={period}
        onPeriodChange={setPeriod}
        selects={[
          { name: 'groupBy', label: t('report.groupBy'), value: groupBy, onChange: setGroupBy, options: DIMENSIONS.map((d) => ({ value: d, label: t(`report.by.${d}`) })) },
          groupBy === 'period' && { name: 'unit', label: t('report.unit'), minWidth: '140px', value: unit, onChange: setUnit, options: UNITS.map((u) => ({ value: u, label: t(`report.unit.${u}`) })) },
        ]}
        onExport={query ? () => exportCsv(`/${PLUGIN_ID}/reports/sla/export?${query}`, `sla-report-${groupBy}-${period.from}-${period.until}.csv`) : null}
      />
      <ProblemBox problem={problem} />
      {!rows ? (
        <Page.Loading />
      ) : (
        <Section id="sla-report" title={t(`report.by.${groupBy}`)}>
          <ChartBox id="sla-report" height={300}>
            <ResponsiveContainer>
              <BarChart data={rows.map((r) => ({ name: label(r.key), fr: r.first_response_compliance, res: r.resolution_compliance }))}>
                <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} />
                <XAxis dataKey="name" tick={{ fontSize: 11, fill: colors.text }} />
                <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11, fill: colors.text }} />
                <Tooltip />
                <Legend />
                <Bar dataKey="fr" name={t('clock.first_response')} fill={colors.primary} />
                <Bar dataKey="res" name={t('clock.resolution')} fill={colors.success} />
              </BarChart>
            </ResponsiveContainer>
          </ChartBox>
          <DataTable
            id="sla-report"
            empty={t('mgmt.empty')}
            rows={rows}
            columns={[
              { key: 'key', label: t(`report.by.${groupBy}`), render: (r) => label(r.key) },
              { key: 'tickets', label: t('mgmt.tickets'), render: (r) => r.tickets },
              { key: 'fr_met', label: t('report.col.frMet'), render: (r) => r.first_response_met },
              { key: 'fr_breached', label: t('report.col.frBreached'), render: (r) => r.first_response_breached },
              { key: 'fr_compliance', label: t('report.col.frCompliance'), render: (r) => percent(r.first_response_compliance) },
              { key: 'res_met', label: t('report.col.resMet'), render: (r) => r.resolution_met },
              { key: 'res_breached', label: t('report.col.resBreached'), render: (r) => r.resolution_breached },
              { key: 'res_compliance', label: t('report.col.resCompliance'), render: (r) => percent(r.resolution_compliance) },
            ]}
          />
        </Section>
      )}
    </ManagementPage>
  );
};
