/**
 * The management dashboard (GET /support-desk/dashboard, RBAC action dashboard.read) for a period,
 * support group and product line: figures link to the Content Manager's ticket list with the same
 * filters; each table exports as CSV (GET /support-desk/dashboard/export).
 */
import * as React from 'react';
import { Page, useFetchClient } from '@strapi/strapi/admin';
import { Box, Button, Field, Flex, Grid, Link } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import {
  ChartBox,
  DataTable,
  FigureCard,
  FilterBar,
  initialPeriod,
  ManagementPage,
  orDash,
  percent,
  PeriodFilter,
  ProblemBox,
  Section,
  SelectFilter,
  useAdminData,
  useChartColors,
  useCsvExport,
  useT,
  type Period,
} from '../components/dashboard/parts';
import { ScorecardTable, type ScorecardRow } from '../components/dashboard/ScorecardTable';
import { exclusiveTo } from '../utils/period';
import { OPEN_STATES, ticketListUrl, type TicketCondition } from '../utils/ticketList';
import { PLUGIN_ID } from '../pluginId';

export const DASHBOARD_PERMISSIONS = [{ action: `plugin::${PLUGIN_ID}.dashboard.read`, subject: null }];
const EXPORT_TABLES = ['backlog_trend', 'backlog_state', 'backlog_priority', 'channels', 'escalations', 'fault_categories', 'fault_models', 'scorecard'] as const;
const ALL = '__all__';

type Pareto<T> = T & { tickets: number; percent: number | null; cumulative_percent: number | null };
interface Dashboard {
  backlog: {
    total: number;
    byState: Record<string, number>;
    byPriority: Record<string, number>;
    openAtStart: number;
    trend: Array<{ key: string; opened: number; resolved: number; backlog: number }>;
  };
  sla: { tickets: number; first_response: Compliance; resolution: Compliance };
  times: { first_response: Times; resolution: Times };
  resolved: number;
  reopen: { reopened: number; rate: number | null };
  fcr: { count: number; rate: number | null };
  csat: { responses: number; average: number | null; satisfied: number; satisfied_percent: number | null };
  channels: Array<{ channel: string; tickets: number }>;
  escalations: Array<{ department: string; raised: number; answered: number; open: number }>;
  visits: { total: number; byState: Record<string, number> };
  faults: {
    byCategory: Array<Pareto<{ category: string | null; code: string | null; root_causes: Array<{ root_cause: string; tickets: number }> }>>;
    byModel: Array<Pareto<{ model: string | null; product_line: string | null }>>;
  };
  scorecard: ScorecardRow[];
  inventory: Array<{ documentId: string; sku: string; name: string; available: number; reorder_point: number; reorder_quantity: number | null; location: string | null }> | null;
  trainings: Array<{ documentId: string; training: string | null; code: string | null; starts_at: string | null; location: string | null; capacity: number | null; state: string }> | null;
}
interface Compliance {
  met: number;
  breached: number;
  compliance: number | null;
}
interface Times {
  count: number;
  median: number | null;
  p90: number | null;
}
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
  const { data, problem, loading } = useAdminData<Dashboard>(query ? `/${PLUGIN_ID}/dashboard?${query}` : null);

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
      <FilterBar>
        <PeriodFilter value={period} onChange={setPeriod} />
        <SelectFilter
          name="group"
          label={t('mgmt.filter.group')}
          minWidth="200px"
          value={group}
          onChange={setGroup}
          options={[{ value: ALL, label: t('mgmt.filter.allGroups') }, ...groups.map((g) => ({ value: g.documentId, label: g.name }))]}
        />
        <Box minWidth="180px">
          <Field.Root name="productLine">
            <Field.Label>{t('mgmt.filter.productLine')}</Field.Label>
            <Field.Input value={productLine} placeholder={t('mgmt.filter.allProductLines')} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setProductLine(e.target.value)} />
          </Field.Root>
        </Box>
        <SelectFilter
          name="exportTable"
          label={t('mgmt.export.table')}
          minWidth="200px"
          value={table}
          onChange={setTable}
          options={EXPORT_TABLES.map((x) => ({ value: x, label: t(`dashboard.table.${x}`) }))}
        />
        <Button
          variant="secondary"
          startIcon={<Download />}
          disabled={!query}
          onClick={() => query && exportCsv(`/${PLUGIN_ID}/dashboard/export?${query}&table=${table}`, `${table}-${period.from}-${period.until}.csv`)}
        >
          {t('mgmt.export.csv')}
        </Button>
      </FilterBar>
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

            <Grid.Item col={6} xs={12}>
              <Section id="backlog-state" title={t('dashboard.section.backlogState')}>
                <ChartBox id="backlog-state">
                  <ResponsiveContainer>
                    <BarChart data={OPEN_STATES.map((s) => ({ name: t(`state.${s}`), tickets: data.backlog.byState[s] ?? 0 }))}>
                      <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} />
                      <XAxis dataKey="name" tick={{ fontSize: 11, fill: colors.text }} />
                      <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: colors.text }} />
                      <Tooltip />
                      <Bar dataKey="tickets" name={t('mgmt.tickets')} fill={colors.primary} />
                    </BarChart>
                  </ResponsiveContainer>
                </ChartBox>
                <Flex gap={3} wrap="wrap" marginTop={2}>
                  {OPEN_STATES.map((s) => (
                    <Link key={s} tag={NavLink} to={list([['state', '$eq', s]])} data-state-link={s}>
                      {t(`state.${s}`)}: <span data-figure={`state.${s}`}>{data.backlog.byState[s] ?? 0}</span>
                    </Link>
                  ))}
                </Flex>
              </Section>
            </Grid.Item>
            <Grid.Item col={6} xs={12}>
              <Section id="backlog-priority" title={t('dashboard.section.backlogPriority')}>
                <ChartBox id="backlog-priority">
                  <ResponsiveContainer>
                    <BarChart data={Object.entries(data.backlog.byPriority).map(([p, n]) => ({ name: p, tickets: n }))}>
                      <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} />
                      <XAxis dataKey="name" tick={{ fontSize: 11, fill: colors.text }} />
                      <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: colors.text }} />
                      <Tooltip />
                      <Bar dataKey="tickets" name={t('mgmt.tickets')} fill={colors.warning} />
                    </BarChart>
                  </ResponsiveContainer>
                </ChartBox>
                <Flex gap={3} wrap="wrap" marginTop={2}>
                  {Object.entries(data.backlog.byPriority).map(([p, n]) => (
                    <Link
                      key={p}
                      tag={NavLink}
                      to={list([
                        ['state', '$in', OPEN_STATES],
                        ['priority', '$eq', p],
                      ])}
                      data-priority-link={p}
                    >
                      {p}: <span data-figure={`priority.${p}`}>{n}</span>
                    </Link>
                  ))}
                </Flex>
              </Section>
            </Grid.Item>
            <Grid.Item col={12}>
              <Section id="backlog-trend" title={t('dashboard.section.backlogTrend')}>
                <ChartBox id="backlog-trend" height={280}>
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
                </ChartBox>
              </Section>
            </Grid.Item>
            <Grid.Item col={6} xs={12}>
              <Section id="channels" title={t('dashboard.section.channels')}>
                <ChartBox id="channels" height={220}>
                  <ResponsiveContainer>
                    <BarChart data={data.channels.map((c) => ({ name: t(`channel.${c.channel}`), tickets: c.tickets }))} layout="vertical">
                      <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} />
                      <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: colors.text }} />
                      <YAxis type="category" dataKey="name" width={90} tick={{ fontSize: 11, fill: colors.text }} />
                      <Tooltip />
                      <Bar dataKey="tickets" name={t('mgmt.tickets')} fill={colors.series[4]} />
                    </BarChart>
                  </ResponsiveContainer>
                </ChartBox>
                <DataTable
                  id="channels"
                  empty={t('mgmt.empty')}
                  rows={data.channels}
                  columns={[
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
                  ]}
                />
              </Section>
            </Grid.Item>
            <Grid.Item col={6} xs={12}>
              <Section id="escalations" title={t('dashboard.section.escalations')}>
                <DataTable
                  id="escalations"
                  empty={t('mgmt.empty')}
                  rows={data.escalations}
                  columns={[
                    { key: 'department', label: t('dashboard.col.department'), render: (r) => t(`department.${r.department}`) },
                    { key: 'raised', label: t('dashboard.col.raised'), render: (r) => r.raised },
                    { key: 'answered', label: t('dashboard.col.answered'), render: (r) => r.answered },
                    { key: 'open', label: t('dashboard.col.open'), render: (r) => r.open },
                  ]}
                />
              </Section>
            </Grid.Item>
            <Grid.Item col={12}>
              <Section id="fault-categories" title={t('dashboard.section.faultCategories')}>
                <ParetoChart id="fault-categories" rows={data.faults.byCategory.map((r) => ({ name: r.category ?? t('mgmt.none'), tickets: r.tickets, cumulative: r.cumulative_percent }))} />
                <DataTable
                  id="fault-categories"
                  empty={t('mgmt.empty')}
                  rows={data.faults.byCategory}
                  columns={[
                    { key: 'category', label: t('dashboard.col.category'), render: (r) => r.category ?? t('mgmt.none') },
                    { key: 'tickets', label: t('mgmt.tickets'), render: (r) => r.tickets },
                    { key: 'percent', label: t('dashboard.col.percent'), render: (r) => percent(r.percent) },
                    { key: 'cumulative', label: t('dashboard.col.cumulative'), render: (r) => percent(r.cumulative_percent) },
                    { key: 'root_causes', label: t('dashboard.col.rootCauses'), render: (r) => r.root_causes.map((c) => `${c.root_cause} (${c.tickets})`).join('; ') || '–' },
                  ]}
                />
              </Section>
            </Grid.Item>
            <Grid.Item col={12}>
              <Section id="fault-models" title={t('dashboard.section.faultModels')}>
                <ParetoChart id="fault-models" rows={data.faults.byModel.map((r) => ({ name: r.model ?? t('mgmt.none'), tickets: r.tickets, cumulative: r.cumulative_percent }))} />
                <DataTable
                  id="fault-models"
                  empty={t('mgmt.empty')}
                  rows={data.faults.byModel}
                  columns={[
                    { key: 'model', label: t('dashboard.col.model'), render: (r) => r.model ?? t('mgmt.none') },
                    { key: 'product_line', label: t('dashboard.col.productLine'), render: (r) => r.product_line ?? '–' },
                    { key: 'tickets', label: t('mgmt.tickets'), render: (r) => r.tickets },
                    { key: 'percent', label: t('dashboard.col.percent'), render: (r) => percent(r.percent) },
                    { key: 'cumulative', label: t('dashboard.col.cumulative'), render: (r) => percent(r.cumulative_percent) },
                  ]}
                />
              </Section>
            </Grid.Item>
            <Grid.Item col={6} xs={12}>
              <Section id="parts" title={t('dashboard.section.parts')}>
                <DataTable
                  id="parts"
                  empty={t('dashboard.parts.none')}
                  rows={data.inventory ?? []}
                  columns={[
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
                  ]}
                />
              </Section>
            </Grid.Item>
            <Grid.Item col={6} xs={12}>
              <Section id="trainings" title={t('dashboard.section.trainings')}>
                <DataTable
                  id="trainings"
                  empty={t('dashboard.trainings.none')}
                  rows={data.trainings ?? []}
                  columns={[
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
                  ]}
                />
              </Section>
            </Grid.Item>
            <Grid.Item col={12}>
              <Section id="scorecard" title={t('dashboard.section.scorecard')}>
                <ScorecardTable id="scorecard" rows={data.scorecard} />
              </Section>
            </Grid.Item>
          </Grid.Root>
        </Box>
      )}
    </ManagementPage>
  );
};

/** Pareto: tickets per item (bars, sorted) and the cumulative share (line, right axis). */
function ParetoChart({ id, rows }: { id: string; rows: Array<{ name: string; tickets: number; cumulative: number | null }> }) {
  const colors = useChartColors();
  const t = useT();
  if (!rows.length) return null;
  return (
    <ChartBox id={id} height={260}>
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
    </ChartBox>
  );
}
