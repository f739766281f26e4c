import { useIntl } from 'react-intl';
import { Box, Flex, Typography } from '@strapi/design-system';
import { Lock, Earth } from '@strapi/icons';
import { relativeParts } from './relative-time';
import type { TimelineEvent, Translate } from './types';

/** Dates in the admin locale and the browser's time zone (never the stored UTC text). */
export function useDates() {
  const intl = useIntl();
  const date = (v: string | number | Date) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' } as Intl.DateTimeFormatOptions);
  const relative = (v: string | number | Date) => {
    const { value, unit } = relativeParts(new Date(v).getTime(), Date.now());
    return intl.formatRelativeTime(value, unit, { numeric: 'auto' });
  };
  return { date, relative, at: (v: string | number | Date) => `${date(v)} (${relative(v)})` };
}

const known = (t: Translate, prefix: string, value: unknown) => (typeof value === 'string' && value ? t(`${prefix}.${value}`) : '');

/**
 * One event's line from its kind and structured data (services/timeline.ts): states, priorities,
 * clocks and channels translated, instants formatted for the reader. Rows written before the data
 * existed (no payload) fall back to their stored text.
 */
function describe(e: TimelineEvent, t: Translate, at: (v: string) => string): { title: string; detail: string | null; body: string | null } {
  const d = e.data ?? {};
  const stateName = (s: string | null) => (s ? t(`state.${s}`) : '');
  switch (e.kind) {
    case 'transition': {
      const title = d.action ? t(`action.${d.action}`) : t('event.transition');
      const moved = e.from_status && e.to_status ? t('timeline.moved', { from: stateName(e.from_status), to: stateName(e.to_status) }) : e.to_status ? `→ ${stateName(e.to_status)}` : null;
      const recorded = d.channel ? t('timeline.recordedReply', { channel: known(t, 'panel.channel', d.channel), agent: d.recorded_by?.name ?? '—' }) : null;
      return { title, detail: [moved, recorded].filter(Boolean).join(' · ') || null, body: e.body };
    }
    case 'created':
      return { title: t('event.created'), detail: d.channel ? t('timeline.createdVia', { channel: known(t, 'panel.channel', d.channel) }) : null, body: e.body };
    case 'assignment':
      return {
        title: t('event.assignment'),
        detail: d.to ? (d.assignee_name ? t('timeline.assignedTo', { name: d.assignee_name }) : d.to.assignee ? null : t('timeline.unassigned')) : null,
        body: e.body,
      };
    case 'priority_change':
      return {
        title: t('event.priority_change'),
        detail: d.to ? (d.from ? t('timeline.moved', { from: known(t, 'panel.priority', d.from), to: known(t, 'panel.priority', d.to) }) : known(t, 'panel.priority', d.to)) : null,
        body: e.body,
      };
    case 'sla_warning':
    case 'sla_breach':
      if (d.clock && d.due_at) {
        const values = { clock: t(`clock.${d.clock}`), due: at(d.due_at) };
        return { title: t(`event.${e.kind}`), detail: t(e.kind === 'sla_warning' ? 'timeline.dueSoon' : 'timeline.overdue', values), body: null };
      }
      return { title: t(`event.${e.kind}`), detail: null, body: e.body };
    case 'sla_recomputed':
      if (d.resolution_due_at || d.first_response_due_at) {
        const parts = [
          d.priority ? t('timeline.recomputedFor', { priority: known(t, 'panel.priority', d.priority), contract: d.contract ?? '—' }) : null,
          d.first_response_due_at ? `${t('clock.first_response')}: ${at(d.first_response_due_at)}` : null,
          d.resolution_due_at ? `${t('clock.resolution')}: ${at(d.resolution_due_at)}` : null,
        ];
        return { title: t('event.sla_recomputed'), detail: parts.filter(Boolean).join(' · '), body: null };
      }
      return { title: t('event.sla_recomputed'), detail: null, body: e.body };
    case 'field_change':
      return { title: t('event.field_change'), detail: Array.isArray(d.fields) ? d.fields.join(', ') : null, body: e.body };
    default:
      return { title: t(`event.${e.kind}`), detail: null, body: e.body };
  }
}

export function Timeline({ events, t }: { events: TimelineEvent[]; t: Translate }) {
  const { date, at } = useDates();
  return (
    <Box>
      <Typography variant="sigma" textColor="neutral600">
        {t('panel.timeline')}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={2} paddingTop={2} data-testid="ticket-timeline" tag="ol">
        {[...events]
          .reverse()
          .slice(0, 30)
          .map((e) => {
            const { title, detail, body } = describe(e, t, at);
            const internal = e.visibility === 'internal';
            return (
              <Box
                key={e.id}
                tag="li"
                padding={2}
                hasRadius
                background={internal ? 'warning100' : 'neutral0'}
                borderColor={internal ? 'warning200' : 'primary200'}
                borderStyle="solid"
                borderWidth="1px"
                data-kind={e.kind}
                data-visibility={e.visibility}
              >
                <Flex gap={1} alignItems="center">
                  {internal ? <Lock aria-hidden fill="warning600" /> : <Earth aria-hidden fill="primary600" />}
                  <Typography variant="pi" fontWeight="bold">
                    {title}
                  </Typography>
                  <Typography variant="pi" textColor={internal ? 'warning700' : 'primary700'}>
                    · {t(internal ? 'timeline.internal' : 'timeline.public')}
                  </Typography>
                </Flex>
                {detail ? (
                  <Typography variant="pi" tag="p" data-testid="event-detail">
                    {detail}
                  </Typography>
                ) : null}
                <Typography variant="pi" textColor="neutral600" tag="p" data-testid="event-meta">
                  {date(e.createdAt)} · {e.actor_name ?? t('timeline.system')}
                </Typography>
                {body ? (
                  <Typography variant="pi" tag="p" style={{ whiteSpace: 'pre-wrap' }}>
                    {body}
                  </Typography>
                ) : null}
              </Box>
            );
          })}
      </Flex>
    </Box>
  );
}
