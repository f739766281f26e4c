/**
 * Homepage widgets (Strapi widgets API, registered in ../index.ts):
 * - SLA at risk: open tickets nearest to an SLA breach (GET /support-desk/widgets/sla-at-risk)
 * - My open tickets (GET /support-desk/widgets/my-tickets)
 * Each ticket links to its Content Manager edit view.
 */
import * as React from 'react';
import { NavLink } from 'react-router-dom';
import { useAuth, useFetchClient, Widget } from '@strapi/strapi/admin';
import { Badge, Box, Flex, Link, Typography } from '@strapi/design-system';
import { useT } from '../components/dashboard/parts';
import { ticketEditUrl, ticketListUrl, OPEN_STATES } from '../utils/ticketList';
import { PLUGIN_ID } from '../pluginId';
import type { WidgetTicket } from '../../../server/src/contracts/widgets';


function useTickets(path: string) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ tickets: WidgetTicket[]; total: number | null } | 'loading' | 'error'>('loading');
  React.useEffect(() => {
    let live = true;
    get<{ data: WidgetTicket[]; meta?: { total?: number } }>(`/${PLUGIN_ID}${path}`)
      .then((res) => live && setState({ tickets: res.data.data, total: res.data.meta?.total ?? null }))
      .catch(() => live && setState('error'));
    return () => {
      live = false;
    };
  }, [get, path]);
  return state;
}

/** `in 2 h 05 min` / `overdue by 15 min`. */
function useDeadlineText() {
  const t = useT();
  return (d: WidgetTicket['next_deadline']) => {
    if (!d) return t('widget.noDeadline');
    const m = Math.abs(d.minutes_left);
    const span = m >= 60 ? t('widget.hoursMinutes', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') }) : t('mgmt.unit.minutes', { n: m });
    return t(d.minutes_left < 0 ? 'widget.overdue' : 'widget.dueIn', { span, clock: t(`clock.${d.clock}`) });
  };
}

function TicketList({ id, tickets }: { id: string; tickets: WidgetTicket[] }) {
  const deadline = useDeadlineText();
  const t = useT();
  return (
    <Flex direction="column" alignItems="stretch" gap={2} tag="ul" data-widget-list={id}>
      {tickets.map((tk) => (
        <Box key={tk.documentId} tag="li" paddingBottom={2} borderColor="neutral150" data-ticket={tk.number}>
          <Flex justifyContent="space-between" gap={2}>
            <Link tag={NavLink} to={ticketEditUrl(tk.documentId)}>
              {tk.number}
            </Link>
            <Flex gap={1}>
              <Badge>{tk.priority}</Badge>
              <Badge>{t(`state.${tk.state}`)}</Badge>
            </Flex>
          </Flex>
          <Typography variant="omega" ellipsis tag="p">
            {tk.subject}
          </Typography>
          <Typography variant="pi" textColor={tk.next_deadline && tk.next_deadline.minutes_left < 0 ? 'danger600' : 'neutral600'} data-deadline>
            {deadline(tk.next_deadline)}
            {tk.assignee ? ` · ${tk.assignee}` : ''}
          </Typography>
        </Box>
      ))}
    </Flex>
  );
}

export const SlaAtRiskWidget = () => {
  const t = useT();
  const state = useTickets('/widgets/sla-at-risk?limit=8');
  if (state === 'loading') return <Widget.Loading />;
  if (state === 'error') return <Widget.Error />;
  if (!state.tickets.length) return <Widget.NoData>{t('widget.atRisk.none')}</Widget.NoData>;
  return <TicketList id="sla-at-risk" tickets={state.tickets} />;
};

export const MyTicketsWidget = () => {
  const t = useT();
  const state = useTickets('/widgets/my-tickets?limit=8');
  const userId = useAuth('MyTicketsWidget', (auth: any) => auth.user?.id as number | undefined);
  if (state === 'loading') return <Widget.Loading />;
  if (state === 'error') return <Widget.Error />;
  if (!state.tickets.length) return <Widget.NoData>{t('widget.mine.none')}</Widget.NoData>;
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="pi" textColor="neutral600" data-widget-total>
        {t('widget.mine.total', { n: state.total ?? state.tickets.length })}
      </Typography>
      <TicketList id="my-tickets" tickets={state.tickets} />
      {userId ? (
        <Link tag={NavLink} to={ticketListUrl([['state', '$in', OPEN_STATES], ['assignee.id', '$eq', String(userId)]])} data-widget-all>
          {t('widget.mine.all')}
        </Link>
      ) : null}
    </Flex>
  );
};

