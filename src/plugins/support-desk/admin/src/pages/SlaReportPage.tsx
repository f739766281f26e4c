/**
 * The SLA report for supervisors (GET /support-desk/reports/sla, RBAC action reports.read): first
 * response and resolution compliance of the tickets opened in a period, by priority, group,
 * organization or period (day, week, month); chart, table and CSV export (/reports/sla/export).
 */
import * as React from 'react';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { Box, Button, Field, Link, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartBox, DataTable, FilterBar, initialPeriod, percent, PeriodFilter, Section, useChartColors, useT, type Period } from '../components/dashboard/parts';
import { exclusiveTo } from '../utils/period';
import { downloadCsv } from '../utils/download';
import { PLUGIN_ID } from '../pluginId';

export const REPORT_PERMISSIONS = [{ action: `plugin::${PLUGIN_ID}.reports.read`, subject: null }];
const DIMENSIONS = ['priority', 'group', 'organization', 'period'] as const;
const UNITS = ['day', 'week', 'month'] as const;

interface ReportRow {
  key: string | null;
  tickets: number;
  first_response_met: number;
  first_response_breached: number;
  first_response_compliance: number | null;
  resolution_met: number;
  resolution_breached: number;
  resolution_compliance: number | null;
}

export const SlaReportPage = () => {
  const t = useT();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const colors = useChartColors();
  const [period, setPeriod] = React.useState<Period>(() => initialPeriod('last30'));
  const [groupBy, setGroupBy] = React.useState<string>('priority');
  const [unit, setUnit] = React.useState<string>('week');
  const [rows, setRows] = React.useState<ReportRow[] | null>(null);
  const [problem, setProblem] = React.useState<string | null>(null);
  const to = exclusiveTo(period.until);
  const query = to ? new URLSearchParams({ groupBy, period: unit, from: period.from, to }).toString() : null;

  React.useEffect(() => {
    if (!query) {
      setProblem(t('mgmt.error.period'));
      return;
    }
    let live = true;
    get<{ data: ReportRow[] }>(`/${PLUGIN_ID}/reports/sla?${query}`)
      .then((res) => {
        if (!live) return;
        setRows(res.data.data);
        setProblem(null);
      })
      .catch((err: any) => live && setProblem(err?.response?.data?.error?.message ?? t('mgmt.error.load')));
    return () => {
      live = false;
    };
  }, [get, query, t]);

  const exportCsv = async () => {
    if (!query) return;
    try {
      await downloadCsv(get as any, `/${PLUGIN_ID}/reports/sla/export?${query}`, `sla-report-${groupBy}-${period.from}-${period.until}.csv`);
    } catch {
      toggleNotification({ type: 'danger', message: t('mgmt.error.export') });
    }
  };
  const label = (key: string | null) => key ?? t('mgmt.none');

  return (
    <Page.Protect permissions={REPORT_PERMISSIONS}>
      <Layouts.Root>
        <Page.Title>{t('report.title')}</Page.Title>
        <Layouts.Header
          title={t('report.title')}
          subtitle={t('report.subtitle')}
          navigationAction={
            <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}`}>
              {t('mgmt.back')}
            </Link>
          }
          primaryAction={
            <Button variant="secondary" startIcon={<Download />} onClick={exportCsv} disabled={!query}>
              {t('mgmt.export.csv')}
            </Button>
          }
        />
        <Layouts.Content>
          <FilterBar>
            <PeriodFilter value={period} onChange={setPeriod} />
            <Box minWidth="180px">
              <Field.Root name="groupBy">
                <Field.Label>{t('report.groupBy')}</Field.Label>
                <SingleSelect value={groupBy} onChange={(v: string | number) => setGroupBy(String(v))}>
                  {DIMENSIONS.map((d) => (
                    <SingleSelectOption key={d} value={d}>
                      {t(`report.by.${d}`)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Box>
            {groupBy === 'period' ? (
              <Box minWidth="140px">
                <Field.Root name="unit">
                  <Field.Label>{t('report.unit')}</Field.Label>
                  <SingleSelect value={unit} onChange={(v: string | number) => setUnit(String(v))}>
                    {UNITS.map((u) => (
                      <SingleSelectOption key={u} value={u}>
                        {t(`report.unit.${u}`)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Box>
            ) : null}
          </FilterBar>
          {problem ? (
            <Box background="danger100" padding={4} hasRadius marginBottom={4} data-problem>
              <Typography textColor="danger700">{problem}</Typography>
            </Box>
          ) : null}
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
        </Layouts.Content>
      </Layouts.Root>
    </Page.Protect>
  );
};
