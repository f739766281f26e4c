/**
 * The management dashboard (GET /support-desk/dashboard, RBAC action dashboard.read) for a period,
 * support group and product line: figures link to the Content Manager's ticket list with the same
 * filters; each table exports as CSV (GET /support-desk/dashboard/export).
 */
import * as React from 'react';
import { Page, useFetchClient } from '@strapi/strapi/admin';
import { Box, Flex, Grid, Link } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import {
  ChartBox,
  DataTable,
  FigureCard,
  initialPeriod,
  ManagementPage,
  orDash,
  percent,
  ProblemBox,
  Section,
  useAdminData,
  useChartColors,
  useCsvExport,
  useT,
  type Column,
  type Period,
} from '../components/dashboard/parts';
import { ReportFilters } from '../components/dashboard/Filters';
import { ScorecardTable } from '../components/dashboard/ScorecardTable';
import type { DashboardAnswer } from '../../../server/src/contracts/dashboard';
import { exclusiveTo } from '../utils/period';
import { OPEN_STATES, ticketListUrl, type TicketCondition } from '../utils/ticketList';
import { PLUGIN_ID } from '../pluginId';

export const DASHBOARD_PERMISSIONS = [{ action: `plugin::${PLUGIN_ID}.dashboard.read`, subject: null }];
const EXPORT_TABLES = ['backlog_trend', 'backlog_state', 'backlog_priority', 'channels', 'escalations', 'fault_categories', 'fault_models', 'scorecard'] as const;
const ALL = '__all__';

interface Group {
  documentId: string;
  name: string;
  code: string;
}

/** The dashboard's query string for the filters (the API's `to` excludes its day). */
export function dashboardQuery(period: Period, group: string, productLine: string): string | null {
  const to = exclusiveTo(period.until);
  if (!to || !/^\d{4}-\d{2}-\d{2}$/.test(period.from)) return null;
  const p = new URLSearchParams({ from: period.from, to });
  if (group !== ALL) p.set('group', group);
  if (productLine.trim()) p.set('productLine', productLine.trim());
  return p.toString();
}

export const DashboardPage = () => {
  const t = useT();
  const { get } = useFetchClient();
  const colors = useChartColors();
  const exportCsv = useCsvExport();
  const [period, setPeriod] = React.useState<Period>(() => initialPeriod('last30'));
  const [group, setGroup] = React.useState<string>(ALL);
  const [productLine, setProductLine] = React.useState('');
  const [groups, setGroups] = React.useState<Group[]>([]);
  const [table, setTable] = React.useState<string>('backlog_trend');
  const query = dashboardQuery(period, group, productLine);
  const { data, problem, loading } = useAdminData<DashboardAnswer>(query ? `/${PLUGIN_ID}/dashboard?${query}` : null);

  React.useEffect(() => {
    get<{ results: Group[] }>('/content-manager/collection-types/api::support-group.support-group?page=1&pageSize=100&sort=name:ASC')
      .then((res) => setGroups(res.data.results ?? []))
      .catch(() => setGroups([]));
  }, [get]);

  // Links to the ticket list: the same group and product line, the period on the date the figure counts.
  const scope = { group: group === ALL ? null : group, productLine: productLine.trim() || null };
  const to = exclusiveTo(period.until) ?? period.until;
  const during = (field: string): TicketCondition[] => [
    [field, '$gte', `${period.from}T00:00:00.000Z`],
    [field, '$lt', `${to}T00:00:00.000Z`],
  ];
  const list = (conditions: TicketCondition[]) => ticketListUrl(conditions, scope);
  const minutes = (v: number | null) => (v === null ? '–' : t('mgmt.unit.minutes', { n: v }));

  return (
    <ManagementPage permissions={DASHBOARD_PERMISSIONS} title={t('dashboard.title')} subtitle={t('dashboard.subtitle')}>
      <ReportFilters
        period={period}
        onPeriodChange={setPeriod}
        selects={[
          {
            name: 'group',
            label: t('mgmt.filter.group'),
            minWidth: '200px',
            value: group,
            onChange: setGroup,
            options: [{ value: ALL, label: t('mgmt.filter.allGroups') }, ...groups.map((g) => ({ value: g.documentId, label: g.name }))],
          },
        ]}
        texts={[{ name: 'productLine', label: t('mgmt.filter.productLine'), value: productLine, placeholder: t('mgmt.filter.allProductLines'), onChange: setProductLine }]}
        exportTable={{
          name: 'exportTable',
          label: t('mgmt.export.table'),
          minWidth: '200px',
          value: table,
          onChange: setTable,
          options: EXPORT_TABLES.map((x) => ({ value: x, label: t(`dashboard.table.${x}`) })),
        }}
        onExport={query ? () => exportCsv(`/${PLUGIN_ID}/dashboard/export?${query}&table=${table}`, `${table}-${period.from}-${period.until}.csv`) : null}
      />
      <ProblemBox problem={problem} />
      {!data ? (
        <Page.Loading />
      ) : (
        <Box aria-busy={loading} data-loaded={loading ? 'false' : 'true'}>
          <Grid.Root gap={4}>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard
                id="backlog"
                label={t('dashboard.card.backlog')}
                value={data.backlog.total}
                detail={t('dashboard.card.backlogAtStart', { n: data.backlog.openAtStart })}
                to={list([['state', '$in', OPEN_STATES]])}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard
                id="sla-first-response"
                label={t('dashboard.card.slaFirstResponse')}
                value={percent(data.sla.first_response.compliance)}
                detail={t('dashboard.card.metBreached', { met: data.sla.first_response.met, breached: data.sla.first_response.breached })}
                to={list([...during('createdAt'), ['first_response_breached_at', '$notNull', true]])}
                linkLabel={t('dashboard.card.breachedList')}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard
                id="sla-resolution"
                label={t('dashboard.card.slaResolution')}
                value={percent(data.sla.resolution.compliance)}
                detail={t('dashboard.card.metBreached', { met: data.sla.resolution.met, breached: data.sla.resolution.breached })}
                to={list([...during('createdAt'), ['resolution_breached_at', '$notNull', true]])}
                linkLabel={t('dashboard.card.breachedList')}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard id="resolved" label={t('dashboard.card.resolved')} value={data.resolved} to={list(during('resolved_at'))} />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard
                id="first-response-time"
                label={t('dashboard.card.firstResponseTime')}
                value={minutes(data.times.first_response.median)}
                detail={t('dashboard.card.p90', { value: minutes(data.times.first_response.p90), n: data.times.first_response.count })}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard
                id="resolution-time"
                label={t('dashboard.card.resolutionTime')}
                value={minutes(data.times.resolution.median)}
                detail={t('dashboard.card.p90', { value: minutes(data.times.resolution.p90), n: data.times.resolution.count })}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard
                id="csat"
                label={t('dashboard.card.csat')}
                value={orDash(data.csat.average)}
                detail={t('dashboard.card.csatDetail', { n: data.csat.responses, satisfied: percent(data.csat.satisfied_percent) })}
                to={list([...during('resolved_at'), ['csat_rating', '$notNull', true]])}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard
                id="reopen"
                label={t('dashboard.card.reopenRate')}
                value={percent(data.reopen.rate)}
                detail={t('dashboard.card.count', { n: data.reopen.reopened })}
                to={list([...during('resolved_at'), ['reopen_count', '$gt', '0']])}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard id="fcr" label={t('dashboard.card.fcr')} value={percent(data.fcr.rate)} detail={t('dashboard.card.count', { n: data.fcr.count })} />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard
                id="visits"
                label={t('dashboard.card.visits')}
                value={data.visits.total}
                detail={Object.entries(data.visits.byState)
                  .filter(([, n]) => n)
                  .map(([s, n]) => `${t(`visit.${s}`)} ${n}`)
                  .join(' · ')}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard
                id="escalations"
                label={t('dashboard.card.escalations')}
                value={data.escalations.reduce((a, e) => a + e.raised, 0)}
                detail={t('dashboard.card.openCount', { n: data.escalations.reduce((a, e) => a + e.open, 0) })}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12}>
              <FigureCard id="opened" label={t('dashboard.card.opened')} value={data.sla.tickets} to={list(during('createdAt'))} />
            </Grid.Item>

            <DashboardSection
              id="backlog-state"
              col={6}
              title={t('dashboard.section.backlogState')}
              chart={<TicketBars data={OPEN_STATES.map((s) => ({ name: t(`state.${s}`), tickets: data.backlog.byState[s] ?? 0 }))} color={colors.primary} />}
            >
              <FigureLinks
                links={OPEN_STATES.map((s) => ({
                  key: s,
                  attribute: 'data-state-link',
                  figure: `state.${s}`,
                  label: t(`state.${s}`),
                  value: data.backlog.byState[s] ?? 0,
                  to: list([['state', '$eq', s]]),
                }))}
              />
            </DashboardSection>
            <DashboardSection
              id="backlog-priority"
              col={6}
              title={t('dashboard.section.backlogPriority')}
              chart={<TicketBars data={Object.entries(data.backlog.byPriority).map(([p, n]) => ({ name: p, tickets: n }))} color={colors.warning} />}
            >
              <FigureLinks
                links={Object.entries(data.backlog.byPriority).map(([p, n]) => ({
                  key: p,
                  attribute: 'data-priority-link',
                  figure: `priority.${p}`,
                  label: p,
                  value: n,
                  to: list([
                    ['state', '$in', OPEN_STATES],
                    ['priority', '$eq', p],
                  ]),
                }))}
              />
            </DashboardSection>
            <DashboardSection
              id="backlog-trend"
              title={t('dashboard.section.backlogTrend')}
              chartHeight={280}
              chart={
                <ResponsiveContainer>
                  <LineChart data={data.backlog.trend}>
                    <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} />
                    <XAxis dataKey="key" tick={{ fontSize: 11, fill: colors.text }} />
                    <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: colors.text }} />
                    <Tooltip />
                    <Legend />
                    <Line type="monotone" dataKey="backlog" name={t('dashboard.trend.backlog')} stroke={colors.primary} strokeWidth={2} dot={false} />
                    <Line type="monotone" dataKey="opened" name={t('dashboard.trend.opened')} stroke={colors.warning} dot={false} />
                    <Line type="monotone" dataKey="resolved" name={t('dashboard.trend.resolved')} stroke={colors.success} dot={false} />
                  </LineChart>
                </ResponsiveContainer>
              }
            />
            <DashboardSection
              id="channels"
              col={6}
              title={t('dashboard.section.channels')}
              chartHeight={220}
              chart={<TicketBars data={data.channels.map((c) => ({ name: t(`channel.${c.channel}`), tickets: c.tickets }))} color={colors.series[4]} vertical />}
              table={{
                rows: data.channels,
                columns: [
                  {
                    key: 'channel',
                    label: t('dashboard.col.channel'),
                    render: (r) => (
                      <Link tag={NavLink} to={list([...during('createdAt'), ['channel', '$eq', r.channel]])}>
                        {t(`channel.${r.channel}`)}
                      </Link>
                    ),
                  },
                  { key: 'tickets', label: t('mgmt.tickets'), render: (r) => r.tickets },
                ],
              }}
            />
            <DashboardSection
              id="escalations"
              col={6}
              title={t('dashboard.section.escalations')}
              table={{
                empty: t('mgmt.empty'),
                rows: data.escalations,
                columns: [
                  { key: 'department', label: t('dashboard.col.department'), render: (r) => t(`department.${r.department}`) },
                  { key: 'raised', label: t('dashboard.col.raised'), render: (r) => r.raised },
                  { key: 'answered', label: t('dashboard.col.answered'), render: (r) => r.answered },
                  { key: 'open', label: t('dashboard.col.open'), render: (r) => r.open },
                ],
              }}
            />
            <DashboardSection
              id="fault-categories"
              title={t('dashboard.section.faultCategories')}
              chart={
                data.faults.byCategory.length > 0 && (
                  <ParetoChart rows={data.faults.byCategory.map((r) => ({ name: r.category ?? t('mgmt.none'), tickets: r.tickets, cumulative: r.cumulative_percent }))} />
                )
              }
              table={{
                empty: t('mgmt.empty'),
                rows: data.faults.byCategory,
                columns: [
                  { key: 'category', label: t('dashboard.col.category'), render: (r) => r.category ?? t('mgmt.none') },
                  { key: 'tickets', label: t('mgmt.tickets'), render: (r) => r.tickets },
                  { key: 'percent', label: t('dashboard.col.percent'), render: (r) => percent(r.percent) },
                  { key: 'cumulative', label: t('dashboard.col.cumulative'), render: (r) => percent(r.cumulative_percent) },
                  { key: 'root_causes', label: t('dashboard.col.rootCauses'), render: (r) => r.root_causes.map((c) => `${c.root_cause} (${c.tickets})`).join('; ') || '–' },
                ],
              }}
            />
            <DashboardSection
              id="fault-models"
              title={t('dashboard.section.faultModels')}
              chart={
                data.faults.byModel.length > 0 && <ParetoChart rows={data.faults.byModel.map((r) => ({ name: r.model ?? t('mgmt.none'), tickets: r.tickets, cumulative: r.cumulative_percent }))} />
              }
              table={{
                empty: t('mgmt.empty'),
                rows: data.faults.byModel,
                columns: [
                  { key: 'model', label: t('dashboard.col.model'), render: (r) => r.model ?? t('mgmt.none') },
                  { key: 'product_line', label: t('dashboard.col.productLine'), render: (r) => r.product_line ?? '–' },
                  { key: 'tickets', label: t('mgmt.tickets'), render: (r) => r.tickets },
                  { key: 'percent', label: t('dashboard.col.percent'), render: (r) => percent(r.percent) },
                  { key: 'cumulative', label: t('dashboard.col.cumulative'), render: (r) => percent(r.cumulative_percent) },
                ],
              }}
            />
            <DashboardSection
              id="parts"
              col={6}
              title={t('dashboard.section.parts')}
              table={{
                empty: t('dashboard.parts.none'),
                rows: data.inventory ?? [],
                columns: [
                  {
                    key: 'sku',
                    label: t('dashboard.col.sku'),
                    render: (r) => (
                      <Link tag={NavLink} to={`/content-manager/collection-types/api::part.part/${r.documentId}`}>
                        {r.sku}
                      </Link>
                    ),
                  },
                  { key: 'name', label: t('dashboard.col.name'), render: (r) => r.name },
                  { key: 'available', label: t('dashboard.col.available'), render: (r) => r.available },
                  { key: 'reorder_point', label: t('dashboard.col.reorderPoint'), render: (r) => r.reorder_point },
                  { key: 'reorder_quantity', label: t('dashboard.col.reorderQuantity'), render: (r) => orDash(r.reorder_quantity) },
                ],
              }}
            />
            <DashboardSection
              id="trainings"
              col={6}
              title={t('dashboard.section.trainings')}
              table={{
                empty: t('dashboard.trainings.none'),
                rows: data.trainings ?? [],
                columns: [
                  {
                    key: 'training',
                    label: t('dashboard.col.training'),
                    render: (r) => (
                      <Link tag={NavLink} to={`/content-manager/collection-types/api::training-session.training-session/${r.documentId}`}>
                        {r.training ?? r.code ?? '–'}
                      </Link>
                    ),
                  },
                  { key: 'starts_at', label: t('dashboard.col.startsAt'), render: (r) => (r.starts_at ? new Date(r.starts_at).toLocaleString() : '–') },
                  { key: 'location', label: t('dashboard.col.location'), render: (r) => orDash(r.location) },
                  { key: 'capacity', label: t('dashboard.col.capacity'), render: (r) => orDash(r.capacity) },
                ],
              }}
            />
            <DashboardSection id="scorecard" title={t('dashboard.section.scorecard')}>
              <ScorecardTable id="scorecard" rows={data.scorecard} />
            </DashboardSection>
          </Grid.Root>
        </Box>
      )}
    </ManagementPage>
  );
};

/**
 * One section of the dashboard: a grid cell (`col` of 12, full width on small screens) with a titled
 * box holding an optional chart (in a `ChartBox` of `chartHeight`), an optional table and anything
 * else given as children. Chart and table carry the section's id (`data-chart`, `data-table`).
 */
function DashboardSection<R>({
  id,
  title,
  col = 12,
  chart,
  chartHeight = 260,
  table,
  children,
}: {
  id: string;
  title: string;
  col?: 6 | 12;
  chart?: React.ReactNode;
  chartHeight?: number;
  table?: { rows: R[]; columns: Column<R>[]; empty?: string };
  children?: React.ReactNode;
}) {
  const t = useT();
  return (
    <Grid.Item col={col} xs={12}>
      <Section id={id} title={title}>
        {chart ? (
          <ChartBox id={id} height={chartHeight}>
            {chart}
          </ChartBox>
        ) : null}
        {table ? <DataTable id={id} empty={table.empty ?? t('mgmt.empty')} rows={table.rows} columns={table.columns} /> : null}
        {children}
      </Section>
    </Grid.Item>
  );
}

/** Tickets per name as bars (vertical: one row per name). */
function TicketBars({ data, color, vertical = false }: { data: Array<{ name: string; tickets: number }>; color: string; vertical?: boolean }) {
  const colors = useChartColors();
  const t = useT();
  const tick = { fontSize: 11, fill: colors.text };
  return (
    <ResponsiveContainer>
      <BarChart data={data} layout={vertical ? 'vertical' : 'horizontal'}>
        <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} />
        {vertical ? <XAxis type="number" allowDecimals={false} tick={tick} /> : <XAxis dataKey="name" tick={tick} />}
        {vertical ? <YAxis type="category" dataKey="name" width={90} tick={tick} /> : <YAxis allowDecimals={false} tick={tick} />}
        <Tooltip />
        <Bar dataKey="tickets" name={t('mgmt.tickets')} fill={color} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Figures below a chart, each a link to the ticket list (`attribute` marks the link for the browser tests). */
function FigureLinks({ links }: { links: Array<{ key: string; attribute: string; figure: string; label: string; value: number; to: string }> }) {
  return (
    <Flex gap={3} wrap="wrap" marginTop={2}>
      {links.map((l) => (
        <Link key={l.key} tag={NavLink} to={l.to} {...{ [l.attribute]: l.key }}>
          {l.label}: <span data-figure={l.figure}>{l.value}</span>
        </Link>
      ))}
    </Flex>
  );
}

/** Pareto: tickets per item (bars, sorted) and the cumulative share (line, right axis); null without rows. */
function ParetoChart({ rows }: { rows: Array<{ name: string; tickets: number; cumulative: number | null }> }) {
  const colors = useChartColors();
  const t = useT();
  return (
    <ResponsiveContainer>
      <ComposedChart data={rows.slice(0, 15)}>
        <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} />
        <XAxis dataKey="name" tick={{ fontSize: 11, fill: colors.text }} />
        <YAxis yAxisId="n" allowDecimals={false} tick={{ fontSize: 11, fill: colors.text }} />
        <YAxis yAxisId="p" orientation="right" domain={[0, 100]} unit="%" tick={{ fontSize: 11, fill: colors.text }} />
        <Tooltip />
        <Legend />
        <Bar yAxisId="n" dataKey="tickets" name={t('mgmt.tickets')} fill={colors.primary} />
        <Line yAxisId="p" type="monotone" dataKey="cumulative" name={t('dashboard.col.cumulative')} stroke={colors.danger} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
