/**
 * Building blocks of the management pages (dashboard, SLA report, scorecard): the period filter,
 * figure cards (linking to the matching ticket list), titled sections, simple tables and the chart
 * frame. Design-system components throughout; charts are recharts inside `ChartBox`.
 */
import * as React from 'react';
import { NavLink } from 'react-router-dom';
import { useIntl } from 'react-intl';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { Box, Field, Flex, Link, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useTheme } from 'styled-components';
import { getTranslation } from '../../utils/getTranslation';
import { PERIOD_PRESETS, presetRange, type PeriodPreset } from '../../utils/period';
import { downloadCsv } from '../../utils/download';
import { PLUGIN_ID } from '../../pluginId';

export const useT = () => {
  const { formatMessage } = useIntl();
  return React.useCallback((id: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values), [formatMessage]);
};

/** Chart colours from the design-system theme (light and dark). */
export function useChartColors() {
  const theme = useTheme() as unknown as { colors: Record<string, string> };
  const c = theme.colors;
  return {
    series: [c.primary600, c.success500, c.warning500, c.danger500, c.secondary500, c.alternative500, c.neutral500],
    primary: c.primary600,
    success: c.success500,
    danger: c.danger500,
    warning: c.warning500,
    grid: c.neutral200,
    text: c.neutral600,
  };
}

export interface Period {
  preset: PeriodPreset;
  from: string;
  until: string;
}

export const initialPeriod = (preset: Exclude<PeriodPreset, 'custom'> = 'last30'): Period => ({ preset, ...presetRange(preset) });

/** Period preset and the first and last day (inputs of type date; editing one makes the period custom). */
export function PeriodFilter({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const t = useT();
  return (
    <>
      <SelectFilter
        name="period"
        label={t('mgmt.filter.period')}
        value={value.preset}
        options={PERIOD_PRESETS.map((p) => ({ value: p, label: t(`mgmt.period.${p}`) }))}
        onChange={(v) => {
          const preset = v as PeriodPreset;
          onChange(preset === 'custom' ? { ...value, preset } : { preset, ...presetRange(preset) });
        }}
      />
      {(['from', 'until'] as const).map((k) => (
        <Box key={k} minWidth="150px">
          <Field.Root name={k}>
            <Field.Label>{t(`mgmt.filter.${k}`)}</Field.Label>
            <Field.Input type="date" value={value[k]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange({ ...value, preset: 'custom', [k]: e.target.value })} />
          </Field.Root>
        </Box>
      ))}
    </>
  );
}

export function FilterBar({ children }: { children: React.ReactNode }) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} marginBottom={6}>
      <Flex gap={4} wrap="wrap" alignItems="flex-end">
        {children}
      </Flex>
    </Box>
  );
}

/** A figure with its label and an optional detail line; the whole card links to the ticket list when `to` is given. */
export function FigureCard({ id, label, value, detail, to, linkLabel }: { id: string; label: string; value: React.ReactNode; detail?: React.ReactNode; to?: string; linkLabel?: string }) {
  const body = (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="pi" textColor="neutral600">
        {label}
      </Typography>
      <Typography variant="alpha" data-figure={id}>
        {value}
      </Typography>
      {detail ? (
        <Typography variant="pi" textColor="neutral500">
          {detail}
        </Typography>
      ) : null}
    </Flex>
  );
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} height="100%" width="100%" data-card={id}>
      {body}
      {to ? (
        <Box paddingTop={2}>
          <Link tag={NavLink} to={to} data-card-link={id}>
            {linkLabel ?? label}
          </Link>
        </Box>
      ) : null}
    </Box>
  );
}

export function Section({ id, title, children, actions }: { id: string; title: string; children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} data-section={id} height="100%" width="100%">
      <Flex justifyContent="space-between" alignItems="center" marginBottom={4} gap={2}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {actions}
      </Flex>
      {children}
    </Box>
  );
}

/** A chart frame of fixed height (recharts' ResponsiveContainer fills it). */
export function ChartBox({ id, height = 260, children }: { id: string; height?: number; children: React.ReactNode }) {
  return (
    <Box height={`${height}px`} width="100%" data-chart={id}>
      {children}
    </Box>
  );
}

export interface Column<R> {
  key: string;
  label: string;
  render: (row: R) => React.ReactNode;
}

/** A plain design-system table; each cell carries `data-col` for the browser tests. */
export function DataTable<R>({ id, columns, rows, empty }: { id: string; columns: Column<R>[]; rows: R[]; empty: string }) {
  if (!rows.length) {
    return (
      <Typography variant="omega" textColor="neutral600" data-empty={id}>
        {empty}
      </Typography>
    );
  }
  return (
    <Table colCount={columns.length} rowCount={rows.length + 1} data-table={id}>
      <Thead>
        <Tr>
          {columns.map((c) => (
            <Th key={c.key}>
              <Typography variant="sigma">{c.label}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((r, i) => (
          <Tr key={i}>
            {columns.map((c) => (
              <Td key={c.key} data-col={c.key}>
                <Typography variant="omega">{c.render(r)}</Typography>
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/** `12.5 %`, or an en dash when there is nothing to divide. */
export const percent = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v} %`);
export const orDash = (v: number | string | null | undefined) => (v === null || v === undefined || v === '' ? '–' : String(v));

/** A labelled design-system select (the filters of the management pages). */
/** A labelled single choice of the filter bar (also the shape ReportFilters takes its selects in). */
export interface SelectFilterProps {
  name: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (v: string) => void;
  minWidth?: string;
}

export function SelectFilter({ name, label, value, options, onChange, minWidth = '180px' }: SelectFilterProps) {
  return (
    <Box minWidth={minWidth}>
      <Field.Root name={name}>
        <Field.Label>{label}</Field.Label>
        <SingleSelect value={value} onChange={(v: string | number) => onChange(String(v))}>
          {options.map((o) => (
            <SingleSelectOption key={o.value} value={o.value}>
              {o.label}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
    </Box>
  );
}

/** The frame of a management page: RBAC guard, title, header with a link back to the plugin page. */
export function ManagementPage({
  permissions,
  title,
  subtitle,
  primaryAction,
  children,
}: {
  permissions: Array<{ action: string; subject: null }>;
  title: string;
  subtitle: string;
  primaryAction?: React.ReactNode;
  children: React.ReactNode;
}) {
  const t = useT();
  return (
    <Page.Protect permissions={permissions}>
      <Layouts.Root>
        <Page.Title>{title}</Page.Title>
        <Layouts.Header
          title={title}
          subtitle={subtitle}
          primaryAction={primaryAction}
          navigationAction={
            <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}`}>
              {t('mgmt.back')}
            </Link>
          }
        />
        <Layouts.Content>{children}</Layouts.Content>
      </Layouts.Root>
    </Page.Protect>
  );
}

/** The API's refusal (or a load failure) above the figures. */
export function ProblemBox({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <Box background="danger100" padding={4} hasRadius marginBottom={4} data-problem>
      <Typography textColor="danger700">{problem}</Typography>
    </Box>
  );
}

/** `data` of an admin API answer for `url` (null url: the filters are not valid); the last figures stay while the next load. */
export function useAdminData<T>(url: string | null): { data: T | null; problem: string | null; loading: boolean } {
  const t = useT();
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data: T | null; problem: string | null; loading: boolean }>({ data: null, problem: null, loading: true });
  React.useEffect(() => {
    if (!url) {
      setState((s) => ({ ...s, problem: t('mgmt.error.period'), loading: false }));
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    get<{ data: T }>(url)
      .then((res) => live && setState({ data: res.data.data, problem: null, loading: false }))
      .catch((err: any) => live && setState((s) => ({ ...s, problem: err?.response?.data?.error?.message ?? t('mgmt.error.load'), loading: false })));
    return () => {
      live = false;
    };
  }, [get, url, t]);
  return state;
}

/** Downloads a CSV export of the admin API; a failure shows a notification. */
export function useCsvExport() {
  const t = useT();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  return async (url: string, filename: string) => {
    try {
      await downloadCsv(get as any, url, filename);
    } catch {
      toggleNotification({ type: 'danger', message: t('mgmt.error.export') });
    }
  };
}
