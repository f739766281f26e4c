/**
 * Returns and exchanges (RMA): the life cycle of a return. Pure: no Strapi import.
 *
 * | action   | from                | to        | requires / effect |
 * |----------|---------------------|-----------|-------------------|
 * | (open)   | —                   | requested | a reason; in/out of warranty from the asset on the day it is opened |
 * | approve  | requested           | approved  | an outcome: repair, exchange or refund |
 * | reject   | requested, approved | rejected  | a reason (outcome becomes reject) |
 * | receive  | approved            | received  | the faulty unit is back: a `return` stock movement of its part |
 * | complete | received            | completed | exchange: a replacement issued (reserve + consume of the replacement part); repair: repaired and sent back; refund: refunded |
 * | cancel   | requested, approved | cancelled | a reason |
 *
 * Who: agents (and integrations) run every action; the customer opens a return on their own
 * organization's ticket and asset and may cancel it while it is requested.
 */
import { formatNumber, type NumberFormat } from '../workflow/numbers';
export const RMA_STATES = ['requested', 'approved', 'rejected', 'received', 'completed', 'cancelled'] as const;
export type RmaState = (typeof RMA_STATES)[number];
export const RMA_OUTCOMES = ['repair', 'exchange', 'refund', 'reject'] as const;
export type RmaOutcome = (typeof RMA_OUTCOMES)[number];
export const RMA_ACTIONS = ['approve', 'reject', 'receive', 'complete', 'cancel'] as const;
export type RmaAction = (typeof RMA_ACTIONS)[number];
export const OPEN_RMA_STATES: readonly RmaState[] = ['requested', 'approved', 'received'];

const RULES: Record<RmaAction, { from: readonly RmaState[]; to: RmaState; customer?: boolean }> = {
  approve: { from: ['requested'], to: 'approved' },
  reject: { from: ['requested', 'approved'], to: 'rejected' },
  receive: { from: ['approved'], to: 'received' },
  complete: { from: ['received'], to: 'completed' },
  cancel: { from: ['requested', 'approved'], to: 'cancelled', customer: true },
};

export interface RmaInput {
  outcome?: unknown;
  reason?: unknown;
}

export type RmaPlan =
  | { ok: true; action: RmaAction; from: RmaState; to: RmaState; outcome?: RmaOutcome; reason?: string }
  | { ok: false; status: 400 | 403; field?: string; message: string };

export const isRmaAction = (v: unknown): v is RmaAction => (RMA_ACTIONS as readonly unknown[]).includes(v);

/** What the actor may do from `state`, named as the endpoints are. */
export function allowedRmaActions(state: string, actorKind: 'agent' | 'integration' | 'customer' | 'system'): RmaAction[] {
  return RMA_ACTIONS.filter((a) => RULES[a].from.includes(state as RmaState) && (actorKind !== 'customer' || (RULES[a].customer && state === 'requested')));
}

export function planRmaAction(state: string, action: unknown, input: RmaInput, actorKind: 'agent' | 'integration' | 'customer' | 'system'): RmaPlan {
  if (!isRmaAction(action)) return { ok: false, status: 400, field: 'action', message: `Unknown return action "${String(action ?? '').slice(0, 40)}". Actions: ${RMA_ACTIONS.join(', ')}.` };
  const rule = RULES[action];
  const allowed = allowedRmaActions(state, actorKind);
  if (!allowed.includes(action)) {
    if (actorKind === 'customer' && rule.from.includes(state as RmaState)) {
      return { ok: false, status: 403, message: `Only the support desk may ${action} a return; you may cancel it while it is requested.` };
    }
    return { ok: false, status: 400, message: `Cannot ${action} a return that is ${state}. Possible now: ${allowed.join(', ') || 'nothing'}.` };
  }
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length > 2000) return { ok: false, status: 400, field: 'reason', message: 'reason is too long (at most 2000 characters).' };
  if (action === 'approve') {
    const outcome = input.outcome;
    if (outcome !== 'repair' && outcome !== 'exchange' && outcome !== 'refund') {
      return { ok: false, status: 400, field: 'outcome', message: `outcome is required to approve a return: repair, exchange or refund (got ${JSON.stringify(outcome ?? null)?.slice(0, 40)}); reject it with the reject action.` };
    }
    return { ok: true, action, from: state as RmaState, to: rule.to, outcome, ...(reason ? { reason } : {}) };
  }
  if ((action === 'reject' || action === 'cancel') && !reason) {
    return { ok: false, status: 400, field: 'reason', message: `reason is required to ${action} a return: say why (it is shown to the customer).` };
  }
  return { ok: true, action, from: state as RmaState, to: rule.to, ...(action === 'reject' ? { outcome: 'reject' as const } : {}), ...(reason ? { reason } : {}) };
}

/** In or out of warranty on a date (YYYY-MM-DD compare, warranty_until inclusive). */
export function underWarranty(warrantyUntil: string | Date | null | undefined, on: Date): boolean {
  if (!warrantyUntil) return false;
  const until = warrantyUntil instanceof Date ? warrantyUntil.toISOString().slice(0, 10) : String(warrantyUntil).slice(0, 10);
  return until >= on.toISOString().slice(0, 10);
}

export const RMA_NUMBER: NumberFormat = { prefix: 'RMA-', digits: 6 };
export const rmaNumber = (n: number) => formatNumber(RMA_NUMBER, n);
