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

const txt = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** What someone wrote with an after-sales event (a visit report, a reason, a note, a comment), shown as written. */
function written(kind: string, d: Record<string, any>): string | null {
  const value = kind === 'visit_completed' ? d.report : kind === 'survey' ? d.comment : kind === 'part' ? (d.note ?? d.reason) : kind === 'equipment' ? d.note : d.reason;
  return txt(value) || null;
}

/**
 * The line of a visit, part, return, survey or equipment event from its data (services/visits.ts,
 * inventory.ts, rmas.ts, surveys.ts, equipment.ts); the customer API renders the same data on the
 * server (server/src/timeline/texts.ts).
 */
function afterSales(kind: string, d: Record<string, any>, t: Translate, date: (v: string) => string): string | null {
  const when = d.scheduled_start ? t('timeline.window', { start: date(d.scheduled_start), end: d.scheduled_end ? date(d.scheduled_end) : '…' }) : '';
  const engineer = txt(d.engineer_name) || t('timeline.theEngineer');
  const units = (name: string) => t('timeline.units', { quantity: d.quantity ?? '?', part: name });
  const forVisit = (v: unknown) => (typeof v === 'string' && v ? ` · ${t('timeline.forVisit', { at: date(v) })}` : '');
  switch (kind) {
    case 'visit_scheduled':
      return when ? [t('timeline.visitScheduled', { window: when, engineer }), txt(d.address) ? t('timeline.address', { address: txt(d.address) }) : null].filter(Boolean).join(' · ') : null;
    case 'visit_arrived':
      return d.arrived_at ? t('timeline.visitArrived', { engineer, at: date(d.arrived_at) }) : null;
    case 'visit_completed':
    case 'visit_cancelled':
      return when ? t('timeline.visitOf', { window: when }) : null;
    case 'part': {
      if (!txt(d.sku)) return null;
      const part = txt(d.part_name) ? `${txt(d.sku)} (${txt(d.part_name)})` : txt(d.sku);
      if (d.action === 'reserve') return `${t('timeline.partReserved', { units: units(part) })}${forVisit(d.visit_start)}`;
      if (d.action === 'release') return [t('timeline.partReleased', { units: units(part) }), d.cause ? t(`timeline.releaseCause.${d.cause}`) : null].filter(Boolean).join(' · ');
      if (d.action === 'consume') {
        const cost = typeof d.cost === 'number' ? t('timeline.partCost', { cost: d.cost.toFixed(2) }) : null;
        const billing = d.billing_basis ? t(`timeline.billing.${d.billing_basis}`, { asset: txt(d.asset), until: txt(d.warranty_until).slice(0, 10) }) : null;
        return [t('timeline.partUsed', { units: units(part) }), cost, billing].filter(Boolean).join(' · ');
      }
      return null;
    }
    case 'rma': {
      if (!txt(d.number)) return null;
      const warranty = d.under_warranty ? (d.warranty_until ? t('timeline.rmaInWarrantyUntil', { until: txt(d.warranty_until).slice(0, 10) }) : t('timeline.rmaInWarranty')) : t('timeline.rmaOutOfWarranty');
      const outcome = d.outcome ? t(`timeline.rmaOutcome.${d.outcome}`) : '';
      const values = { number: txt(d.number), asset: txt(d.asset), outcome, sku: txt(d.replacement_sku) };
      if (d.action === 'open') return `${t('timeline.rma.open', values)} · ${warranty}`;
      if (d.action === 'approve') return `${t('timeline.rma.approve', values)} · ${warranty}`;
      if (d.action === 'complete') return t(d.outcome === 'exchange' ? (d.under_warranty ? 'timeline.rma.exchangeWarranty' : 'timeline.rma.exchangeBilled') : d.outcome === 'refund' ? 'timeline.rma.refund' : 'timeline.rma.repaired', values);
      return ['reject', 'receive', 'cancel'].includes(d.action) ? t(`timeline.rma.${d.action}`, values) : null;
    }
    case 'survey':
      return typeof d.rating === 'number' ? t('timeline.rating', { rating: d.rating }) : null;
    case 'equipment': {
      if (!txt(d.tag)) return null;
      const item = txt(d.name) ? `${txt(d.tag)} (${txt(d.name)})` : txt(d.tag);
      if (d.action === 'checkout') return `${t('timeline.equipmentOut', { item })}${forVisit(d.visit_start)}`;
      return d.action === 'return' ? t('timeline.equipmentBack', { item }) : null;
    }
    default:
      return null;
  }
}

/** A links change (POST /tickets/:documentId/links): what was added and removed, per relation. */
function linksDetail(links: Record<string, any>, t: Translate): string | null {
  const parts: string[] = [];
  const names = (list: unknown, name: (x: any) => string) => (Array.isArray(list) ? list.map(name).filter(Boolean).join(', ') : '');
  const lists: Array<[string, (x: any) => string]> = [
    ['related_articles', (a) => (a?.locale ? `${txt(a?.title) || txt(a?.documentId)} (${t(`kb.locale.${a.locale}`)})` : txt(a?.title))],
    ['cc_contacts', (c) => txt(c?.name) || txt(c?.id)],
  ];
  for (const [field, name] of lists) {
    const change = links[field];
    if (!change) continue;
    const added = names(change.added, name);
    const removed = names(change.removed, name);
    if (added) parts.push(t('timeline.linkAdded', { what: t(`timeline.link.${field}`), names: added }));
    if (removed) parts.push(t('timeline.linkRemoved', { what: t(`timeline.link.${field}`), names: removed }));
  }
  const follow = links.follow_up_of;
  if (follow) parts.push(follow.to ? t('timeline.followUpSet', { number: txt(follow.to) }) : t('timeline.followUpCleared', { number: txt(follow.from) || '—' }));
  return parts.length ? parts.join(' · ') : null;
}

/**
 * One event's line from its kind and structured data (services/timeline.ts): states, priorities,
 * clocks and channels translated, instants formatted for the reader. Rows written before the data
 * existed (no payload) fall back to their stored text.
 */
function describe(e: TimelineEvent, t: Translate, at: (v: string) => string, date: (v: string) => string): { title: string; detail: string | null; body: string | null } {
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
      return { title: t('event.field_change'), detail: (d.links ? linksDetail(d.links, t) : null) ?? (Array.isArray(d.fields) ? d.fields.join(', ') : null), body: e.body };
    case 'visit_scheduled':
    case 'visit_arrived':
    case 'visit_completed':
    case 'visit_cancelled':
    case 'part':
    case 'rma':
    case 'survey':
    case 'equipment':
      // After-sales events: the stored text of rows from before the data, else rendered from it.
      return { title: t(`event.${e.kind}`), detail: e.body ? null : afterSales(e.kind, d, t, date), body: e.body ?? written(e.kind, d) };
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
            const { title, detail, body } = describe(e, t, at, date);
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
