/** The caller's own scorecard for a period (GET /support-desk/scorecard/me, RBAC action scorecard.read-own). */
import * as React from 'react';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { Box, Grid, Link, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { FigureCard, FilterBar, initialPeriod, orDash, percent, PeriodFilter, Section, useT, type Period } from '../components/dashboard/parts';
import { ScorecardTable, type ScorecardRow } from '../components/dashboard/ScorecardTable';
import { exclusiveTo } from '../utils/period';
import { PLUGIN_ID } from '../pluginId';

export const SCORECARD_PERMISSIONS = [{ action: `plugin::${PLUGIN_ID}.scorecard.read-own`, subject: null }];

export const ScorecardPage = () => {
  const t = useT();
  const { get } = useFetchClient();
  const [period, setPeriod] = React.useState<Period>(() => initialPeriod('last30'));
  const [row, setRow] = React.useState<ScorecardRow | null>(null);
  const [problem, setProblem] = React.useState<string | null>(null);
  const to = exclusiveTo(period.until);

  React.useEffect(() => {
    if (!to) return;
    let live = true;
    get<{ data: ScorecardRow }>(`/${PLUGIN_ID}/scorecard/me?${new URLSearchParams({ from: period.from, to })}`)
      .then((res) => {
        if (!live) return;
        setRow(res.data.data);
        setProblem(null);
      })
      .catch((err: any) => live && setProblem(err?.response?.data?.error?.message ?? t('mgmt.error.load')));
    return () => {
      live = false;
    };
  }, [get, period.from, to, t]);

  return (
    <Page.Protect permissions={SCORECARD_PERMISSIONS}>
      <Layouts.Root>
        <Page.Title>{t('scorecard.title')}</Page.Title>
        <Layouts.Header
          title={t('scorecard.title')}
          subtitle={t('scorecard.subtitle')}
          navigationAction={
            <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}`}>
              {t('mgmt.back')}
            </Link>
          }
        />
        <Layouts.Content>
          <FilterBar>
            <PeriodFilter value={period} onChange={setPeriod} />
          </FilterBar>
          {problem ? (
            <Box background="danger100" padding={4} hasRadius marginBottom={4} data-problem>
              <Typography textColor="danger700">{problem}</Typography>
            </Box>
          ) : null}
          {!row ? (
            <Page.Loading />
          ) : (
            <Grid.Root gap={4}>
              <Grid.Item col={3} s={6} xs={12}>
                <FigureCard id="my-resolved" label={t('scorecard.col.resolved')} value={row.resolved} />
              </Grid.Item>
              <Grid.Item col={3} s={6} xs={12}>
                <FigureCard id="my-compliance" label={t('scorecard.col.compliance')} value={percent(row.resolution_compliance)} detail={t('dashboard.card.metBreached', { met: row.resolution_met, breached: row.resolution_breached })} />
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
        </Layouts.Content>
      </Layouts.Root>
    </Page.Protect>
  );
};
