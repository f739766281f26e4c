/**
 * Timeline texts of the after-sales events from their structured data (pure; no Strapi import).
 *
 * On-site visits, parts, returns (RMA), surveys and repair equipment append events whose `data`
 * holds ids, names, quantities, states and ISO instants, and no English sentence: the admin renders
 * them in the reader's language and time zone (admin/src/components/ticket-panel/Timeline.tsx,
 * translations en / zh-Hans); the customer API renders the public ones here, one renderer per kind,
 * in the customer's language (`notify/locale.ts`) and the desk's time zone. Free text someone wrote
 * (a visit report, a cancel reason, a survey comment) is part of the data and shown as written.
 *
 * Rows written before (their sentence stored in `body`) are shown as they were: `eventText` gives
 * the stored body whenever there is one.
 */
import { formatInstant, formatWindow } from '../notify/format';
import type { MessageLocale } from '../notify/locale';

export type EventData = Record<string, unknown>;

/** The kinds whose text is rendered from data (the other kinds store the text someone wrote). */
export const RENDERED_KINDS = ['visit_scheduled', 'visit_arrived', 'visit_completed', 'visit_cancelled', 'part', 'rma', 'survey', 'equipment'] as const;
export type RenderedKind = (typeof RENDERED_KINDS)[number];

export const PART_ACTIONS = ['reserve', 'release', 'consume'] as const;
export const RMA_ACTIONS = ['open', 'approve', 'reject', 'receive', 'complete', 'cancel'] as const;
/** Why reserved parts went back to stock without someone releasing them by hand. */
export const RELEASE_CAUSES = ['ticket_cancelled', 'visit_cancelled'] as const;
export type ReleaseCause = (typeof RELEASE_CAUSES)[number];
/** Who pays for consumed parts, and why (inventory/billing.ts). */
export const BILLING_BASES = ['no_asset', 'no_warranty_date', 'in_warranty', 'warranty_ended'] as const;

interface Reader {
  locale: MessageLocale;
  zone: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const day = (v: unknown): string => str(v).slice(0, 10);
/** A sentence and, on its own paragraph, what someone wrote. */
const withText = (sentence: string, written: unknown) => (str(written) ? `${sentence}\n${str(written)}` : sentence);

const T = {
  en: {
    engineer: (name: string) => name || 'the engineer',
    visit_scheduled: (when: string, who: string, where: string) => `On-site visit scheduled for ${when}: engineer ${who}${where ? `, at ${where}` : ''}.`,
    visit_arrived: (who: string, at: string) => `${who.charAt(0).toUpperCase()}${who.slice(1)} arrived on site at ${at}.`,
    visit_completed: (when: string) => `The on-site visit of ${when} is completed.`,
    visit_cancelled: (when: string) => `The on-site visit of ${when} is cancelled.`,
    units: (q: number, what: string) => `${q} × ${what}`,
    reserve: (units: string, visit: string) => `Reserved ${units}${visit ? ` for the on-site visit of ${visit}` : ''}.`,
    release: (units: string) => `Released ${units}.`,
    cause: { ticket_cancelled: 'the ticket is cancelled', visit_cancelled: 'the on-site visit is cancelled' } as Record<string, string>,
    releasedBecause: (units: string, cause: string) => `Released ${units}: ${cause}.`,
    consume: (units: string, cost: string) => `Used ${units}${cost ? ` (cost ${cost})` : ''}.`,
    billing: {
      no_asset: () => 'No asset on the ticket: parts are billed.',
      no_warranty_date: (sn: string) => `Asset ${sn} has no warranty date: parts are billed.`,
      in_warranty: (sn: string, until: string) => `Asset ${sn} is under warranty until ${until}: parts are not billed.`,
      warranty_ended: (sn: string, until: string) => `Asset ${sn}’s warranty ended on ${until}: parts are billed.`,
    } as Record<string, (sn: string, until: string) => string>,
    outcome: { repair: 'repair', exchange: 'exchange', refund: 'refund' } as Record<string, string>,
    warranty: (inWarranty: boolean, until: string) => (inWarranty ? (until ? `in warranty until ${until}` : 'in warranty') : 'out of warranty'),
    rma: {
      open: (n: string, asset: string, w: string) => `Return ${n} opened for asset ${asset} (${w}).`,
      approve: (n: string, outcome: string, w: string) => `Return ${n} approved: ${outcome} (${w}).`,
      reject: (n: string) => `Return ${n} rejected.`,
      receive: (n: string, asset: string) => `Return ${n}: the unit ${asset} was received.`,
      complete_exchange: (n: string, sku: string, billed: boolean) => `Return ${n} completed: replacement ${sku} issued${billed ? ' (billed)' : ' under warranty'}.`,
      complete_refund: (n: string) => `Return ${n} completed: refunded.`,
      complete_repair: (n: string) => `Return ${n} completed: the unit was repaired and sent back.`,
      cancel: (n: string) => `Return ${n} cancelled.`,
    },
    survey: (rating: number) => `Satisfaction ${rating}/5.`,
    checkout: (item: string, visit: string) => `${item} checked out${visit ? ` for the on-site visit of ${visit}` : ''}.`,
    returned: (item: string) => `${item} returned.`,
  },
  'zh-Hans': {
    engineer: (name: string) => name || '工程师',
    visit_scheduled: (when: string, who: string, where: string) => `已安排上门服务：${when}，工程师 ${who}${where ? `，地点 ${where}` : ''}。`,
    visit_arrived: (who: string, at: string) => `${who} 已于 ${at} 到达现场。`,
    visit_completed: (when: string) => `${when} 的上门服务已完成。`,
    visit_cancelled: (when: string) => `${when} 的上门服务已取消。`,
    units: (q: number, what: string) => `${q} × ${what}`,
    reserve: (units: string, visit: string) => `已预留 ${units}${visit ? `，用于 ${visit} 的上门服务` : ''}。`,
    release: (units: string) => `已释放 ${units}。`,
    cause: { ticket_cancelled: '工单已取消', visit_cancelled: '上门服务已取消' } as Record<string, string>,
    releasedBecause: (units: string, cause: string) => `已释放 ${units}：${cause}。`,
    consume: (units: string, cost: string) => `已使用 ${units}${cost ? `（费用 ${cost}）` : ''}。`,
    billing: {
      no_asset: () => '工单未关联设备：备件需计费。',
      no_warranty_date: (sn: string) => `设备 ${sn} 没有保修日期：备件需计费。`,
      in_warranty: (sn: string, until: string) => `设备 ${sn} 在保修期内（至 ${until}）：备件不计费。`,
      warranty_ended: (sn: string, until: string) => `设备 ${sn} 的保修已于 ${until} 结束：备件需计费。`,
    } as Record<string, (sn: string, until: string) => string>,
    outcome: { repair: '维修', exchange: '换货', refund: '退款' } as Record<string, string>,
    warranty: (inWarranty: boolean, until: string) => (inWarranty ? (until ? `保修期至 ${until}` : '在保修期内') : '已过保修期'),
    rma: {
      open: (n: string, asset: string, w: string) => `已为设备 ${asset} 创建退货 ${n}（${w}）。`,
      approve: (n: string, outcome: string, w: string) => `退货 ${n} 已批准：${outcome}（${w}）。`,
      reject: (n: string) => `退货 ${n} 已拒绝。`,
      receive: (n: string, asset: string) => `退货 ${n}：已收到设备 ${asset}。`,
      complete_exchange: (n: string, sku: string, billed: boolean) => `退货 ${n} 已完成：已发出替换件 ${sku}${billed ? '（计费）' : '（保修）'}。`,
      complete_refund: (n: string) => `退货 ${n} 已完成：已退款。`,
      complete_repair: (n: string) => `退货 ${n} 已完成：设备已修复并寄回。`,
      cancel: (n: string) => `退货 ${n} 已取消。`,
    },
    survey: (rating: number) => `满意度 ${rating}/5。`,
    checkout: (item: string, visit: string) => `${item} 已借出${visit ? `，用于 ${visit} 的上门服务` : ''}。`,
    returned: (item: string) => `${item} 已归还。`,
  },
};

type Texts = (typeof T)['en'];
type Renderer = (d: EventData, t: Texts, r: Reader) => string | null;

const windowOf = (d: EventData, r: Reader) => formatWindow(d.scheduled_start, d.scheduled_end, r.zone, r.locale);
const item = (d: EventData) => (str(d.name) ? `${str(d.tag)} (${str(d.name)})` : str(d.tag));
const partOf = (d: EventData) => (str(d.part_name) ? `${str(d.sku)} (${str(d.part_name)})` : str(d.sku));

/** One renderer per kind; null when the data lacks what the sentence needs (then the body is shown). */
const RENDERERS: Record<RenderedKind, Renderer> = {
  visit_scheduled: (d, t, r) => (d.scheduled_start ? t.visit_scheduled(windowOf(d, r), t.engineer(str(d.engineer_name)), str(d.address)) : null),
  visit_arrived: (d, t, r) => (d.arrived_at ? t.visit_arrived(t.engineer(str(d.engineer_name)), formatInstant(d.arrived_at, r.zone, r.locale)) : null),
  visit_completed: (d, t, r) => (d.scheduled_start ? withText(t.visit_completed(windowOf(d, r)), d.report) : null),
  visit_cancelled: (d, t, r) => (d.scheduled_start ? withText(t.visit_cancelled(windowOf(d, r)), d.reason) : null),
  part: (d, t, r) => {
    const q = num(d.quantity);
    if (q === null || !str(d.sku)) return null;
    const units = t.units(q, partOf(d));
    if (d.action === 'reserve') return withText(t.reserve(units, d.visit_start ? formatInstant(d.visit_start, r.zone, r.locale) : ''), d.note);
    if (d.action === 'release') {
      const cause = t.cause[str(d.cause)];
      return cause ? t.releasedBecause(units, cause) : withText(t.release(units), d.reason);
    }
    if (d.action === 'consume') {
      const cost = num(d.cost);
      const billing = t.billing[str(d.billing_basis)];
      const used = t.consume(units, cost !== null ? cost.toFixed(2) : '');
      return billing ? `${used} ${billing(str(d.asset), day(d.warranty_until))}` : used;
    }
    return null;
  },
  rma: (d, t) => {
    const n = str(d.number);
    if (!n) return null;
    const w = t.warranty(d.under_warranty === true, day(d.warranty_until));
    switch (d.action) {
      case 'open':
        return withText(t.rma.open(n, str(d.asset), w), d.reason);
      case 'approve':
        return withText(t.rma.approve(n, t.outcome[str(d.outcome)] ?? str(d.outcome), w), d.reason);
      case 'reject':
        return withText(t.rma.reject(n), d.reason);
      case 'receive':
        return t.rma.receive(n, str(d.asset));
      case 'complete':
        if (d.outcome === 'exchange') return t.rma.complete_exchange(n, str(d.replacement_sku), d.under_warranty !== true);
        return d.outcome === 'refund' ? t.rma.complete_refund(n) : t.rma.complete_repair(n);
      case 'cancel':
        return withText(t.rma.cancel(n), d.reason);
      default:
        return null;
    }
  },
  survey: (d, t) => {
    const rating = num(d.rating);
    return rating === null ? null : withText(t.survey(rating), d.comment);
  },
  equipment: (d, t, r) => {
    if (!str(d.tag)) return null;
    if (d.action === 'checkout') return t.checkout(item(d), d.visit_start ? formatInstant(d.visit_start, r.zone, r.locale) : '');
    if (d.action === 'return') return withText(t.returned(item(d)), d.note);
    return null;
  },
};

export const isRenderedKind = (kind: string): kind is RenderedKind => (RENDERED_KINDS as readonly string[]).includes(kind);

/**
 * The text of one event for a reader: the stored body when there is one (what someone wrote, or a
 * row from before the data), else the kind's sentence from its data; null when neither says anything.
 */
export function eventText(event: { kind: string; body: string | null; data: EventData | null }, locale: MessageLocale, zone: string): string | null {
  if (event.body !== null && event.body !== undefined && event.body !== '') return event.body;
  if (!isRenderedKind(event.kind) || !event.data || typeof event.data !== 'object') return null;
  return RENDERERS[event.kind](event.data, T[locale], { locale, zone });
}
