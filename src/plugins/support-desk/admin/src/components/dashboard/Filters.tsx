/**
 * The filter bar of the management pages (dashboard, SLA report): the period (preset, first and
 * last day), the page's selects and text fields, and the CSV export — one component, so that both
 * pages look and behave alike.
 */
import * as React from 'react';
import { Box, Button, Field } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { FilterBar, PeriodFilter, SelectFilter, useT, type Period, type SelectFilterProps } from './parts';

export type SelectSpec = SelectFilterProps;

export interface TextSpec {
  name: string;
  label: string;
  value: string;
  placeholder?: string;
  onChange: (v: string) => void;
  minWidth?: string;
}

export function ReportFilters({
  period,
  onPeriodChange,
  selects = [],
  texts = [],
  exportTable,
  onExport,
}: {
  period: Period;
  onPeriodChange: (p: Period) => void;
  /** Selects after the period (a falsy entry is not shown). */
  selects?: Array<SelectSpec | null | false>;
  texts?: TextSpec[];
  /** The select of the table to export, shown before the export button. */
  exportTable?: SelectSpec;
  /** Export as CSV; null: the filters are not valid (the button is disabled). */
  onExport: (() => void) | null;
}) {
  const t = useT();
  return (
    <FilterBar>
      <PeriodFilter value={period} onChange={onPeriodChange} />
      {selects
        .filter((s): s is SelectSpec => Boolean(s))
        .map((s) => (
          <SelectFilter key={s.name} {...s} />
        ))}
      {texts.map((x) => (
        <Box key={x.name} minWidth={x.minWidth ?? '180px'}>
          <Field.Root name={x.name}>
            <Field.Label>{x.label}</Field.Label>
            <Field.Input value={x.value} placeholder={x.placeholder} onChange={(e: React.ChangeEvent<HTMLInputElement>) => x.onChange(e.target.value)} />
          </Field.Root>
        </Box>
      ))}
      {exportTable ? <SelectFilter {...exportTable} /> : null}
      <Button variant="secondary" startIcon={<Download />} disabled={!onExport} onClick={() => onExport?.()}>
        {t('mgmt.export.csv')}
      </Button>
    </FilterBar>
  );
}
