/** The caller's own scorecard for a period (GET /support-desk/scorecard/me, RBAC action scorecard.read-own). */
import * as React from 'react';
import { Page } from '@strapi/strapi/admin';
import { Grid } from '@strapi/design-system';
import { FigureCard, FilterBar, initialPeriod, ManagementPage, orDash, percent, PeriodFilter, ProblemBox, Section, useAdminData, useT, type Period } from '../components/dashboard/parts';
import { ScorecardTable } from '../components/dashboard/ScorecardTable';
import type { ScorecardRow } from '../../../server/src/contracts/dashboard';
import { exclusiveTo } from '../utils/period';
import { PLUGIN_ID } from '../pluginId';

export const SCORECARD_PERMISSIONS = [{ action: `plugin::${PLUGIN_ID}.scorecard.read-own`, subject: null }];

export const ScorecardPage = () => {
  const t = useT();
  const [period, setPeriod] = React.useState<Period>(() => initialPeriod('last30'));
  const to = exclusiveTo(period.until);
  const { data: row, problem } = useAdminData<ScorecardRow>(to ? `/${PLUGIN_ID}/scorecard/me?${new URLSearchParams({ from: period.from, to })}` : null);

  return (
    <ManagementPage permissions={SCORECARD_PERMISSIONS} title={t('scorecard.title')} subtitle={t('scorecard.subtitle')}>
      <FilterBar>
        <PeriodFilter value={period} onChange={setPeriod} />
      </FilterBar>
      <ProblemBox problem={problem} />
      {!row ? (
        <Page.Loading />
      ) : (
        <Grid.Root gap={4}>
          <Grid.Item col={3} s={6} xs={12}>
            <FigureCard id="my-resolved" label={t('scorecard.col.resolved')} value={row.resolved} />
          </Grid.Item>
          <Grid.Item col={3} s={6} xs={12}>
            <FigureCard
              id="my-compliance"
              label={t('scorecard.col.compliance')}
              value={percent(row.resolution_compliance)}
              detail={t('dashboard.card.metBreached', { met: row.resolution_met, breached: row.resolution_breached })}
            />
          </Grid.Item>
          <Grid.Item col={3} s={6} xs={12}>
            <FigureCard id="my-csat" label={t('scorecard.col.csat')} value={orDash(row.csat_average)} detail={t('dashboard.card.count', { n: row.csat_responses })} />
          </Grid.Item>
          <Grid.Item col={3} s={6} xs={12}>
            <FigureCard id="my-reopen" label={t('scorecard.col.reopen')} value={percent(row.reopen_rate)} detail={t('dashboard.card.count', { n: row.reopened })} />
          </Grid.Item>
          <Grid.Item col={12}>
            <Section id="my-scorecard" title={t('scorecard.section')}>
              <ScorecardTable id="my-scorecard" rows={[row]} />
            </Section>
          </Grid.Item>
        </Grid.Root>
      )}
    </ManagementPage>
  );
};
