import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import { getTranslation } from '../utils/getTranslation';
import { ManagementLinks } from '../components/dashboard/ManagementLinks';

interface Overview {
  total: number;
  byState: Record<string, number>;
}

export const OverviewPage = () => {
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    get<Overview>('/support-desk/overview')
      .then((res) => setOverview(res.data))
      .catch(() => setFailed(true));
  }, [get]);

  const t = (id: string) => formatMessage({ id: getTranslation(id), defaultMessage: id });

  if (failed) return <Page.Error />;
  if (!overview) return <Page.Loading />;

  return (
    <Layouts.Root>
      <Page.Title>{t('overview.title')}</Page.Title>
      <Layouts.Header title={t('overview.title')} subtitle={t('overview.subtitle')} secondaryAction={<ManagementLinks />} />
      <Layouts.Content>
        <Typography variant="omega">
          {t('overview.total')}: <strong>{overview.total}</strong>
        </Typography>
        <Grid.Root gap={4} marginTop={4}>
          {Object.entries(overview.byState).map(([state, count]) => (
            <Grid.Item key={state} col={3} s={6} xs={12}>
              <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} width="100%">
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Typography variant="pi" textColor="neutral600">
                    {t(`state.${state}`)}
                  </Typography>
                  <Typography variant="alpha">{count}</Typography>
                </Flex>
              </Box>
            </Grid.Item>
          ))}
        </Grid.Root>
      </Layouts.Content>
    </Layouts.Root>
  );
};
