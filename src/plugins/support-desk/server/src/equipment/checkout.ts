/**
 * Repair equipment checkouts. Pure: no Strapi import.
 *
 * An item is checked out for an active on-site visit (scheduled, en_route, on_site) by one engineer
 * at a time: an item that is `checked_out` (an open checkout), in `maintenance` or `retired` cannot be
 * taken; it becomes `available` again when it is returned. Same guarantee as the visits' booking: the
 * check and the write happen under a lock on the item, so of parallel checkouts exactly one wins.
 */
export const EQUIPMENT_STATES = ['available', 'checked_out', 'maintenance', 'retired'] as const;
export type EquipmentState = (typeof EQUIPMENT_STATES)[number];
const ACTIVE_VISIT = ['scheduled', 'en_route', 'on_site'];

export type CheckoutPlan = { ok: true } | { ok: false; status: 400 | 409; code: string; message: string };

export function planCheckout(item: { tag: string; name?: string | null; state: string }, visit: { state: string }, openCheckout: { visitLabel: string } | null): CheckoutPlan {
  if (!ACTIVE_VISIT.includes(visit.state)) {
    return { ok: false, status: 400, code: 'visit_not_active', message: `The visit is ${visit.state}: equipment is checked out for a scheduled, en route or on-site visit.` };
  }
  if (openCheckout || item.state === 'checked_out') {
    return { ok: false, status: 409, code: 'equipment_checked_out', message: `${item.tag}${item.name ? ` (${item.name})` : ''} is already checked out${openCheckout ? ` for ${openCheckout.visitLabel}` : ''}: it must be returned first, or take another item.` };
  }
  if (item.state !== 'available') {
    return { ok: false, status: 409, code: `equipment_${item.state}`, message: `${item.tag} is ${item.state === 'maintenance' ? 'in maintenance' : item.state}: it cannot be checked out.` };
  }
  return { ok: true };
}

export function planReturn(checkout: { state: string }): CheckoutPlan {
  return checkout.state === 'out' ? { ok: true } : { ok: false, status: 400, code: 'already_returned', message: 'This checkout is already returned.' };
}
