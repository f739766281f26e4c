/** The RMA life cycle (rma/state-machine.ts): the table in the module header, restated. */
import { allowedRmaActions, planRmaAction, RMA_ACTIONS, RMA_STATES, rmaNumber, underWarranty } from '../../src/plugins/support-desk/server/src/rma/state-machine';

const TABLE: Record<string, { from: string[]; to: string }> = {
  approve: { from: ['requested'], to: 'approved' },
  reject: { from: ['requested', 'approved'], to: 'rejected' },
  receive: { from: ['approved'], to: 'received' },
  complete: { from: ['received'], to: 'completed' },
  cancel: { from: ['requested', 'approved'], to: 'cancelled' },
};
const input = { outcome: 'exchange', reason: 'Dead on arrival' };

describe('the table', () => {
  for (const action of RMA_ACTIONS) {
    for (const state of RMA_STATES) {
      const legal = TABLE[action].from.includes(state);
      it(`${action} from ${state}: ${legal ? `→ ${TABLE[action].to}` : 'refused'}`, () => {
        const plan = planRmaAction(state, action, input, 'agent');
        if (legal) expect(plan).toMatchObject({ ok: true, from: state, to: TABLE[action].to });
        else {
          expect(plan).toMatchObject({ ok: false, status: 400 });
          expect((plan as { message: string }).message).toMatch(new RegExp(`Cannot ${action} a return that is ${state}\\. Possible now: `));
        }
      });
    }
  }
});

describe('requirements', () => {
  it('approve needs an outcome among repair, exchange, refund; reject records outcome reject with a reason', () => {
    expect(planRmaAction('requested', 'approve', {}, 'agent')).toMatchObject({ ok: false, field: 'outcome' });
    expect(planRmaAction('requested', 'approve', { outcome: 'reject' }, 'agent')).toMatchObject({ ok: false, field: 'outcome' });
    expect(planRmaAction('requested', 'approve', { outcome: 'refund' }, 'agent')).toMatchObject({ ok: true, outcome: 'refund' });
    expect(planRmaAction('requested', 'reject', {}, 'agent')).toMatchObject({ ok: false, field: 'reason' });
    expect(planRmaAction('approved', 'reject', { reason: 'Physical damage' }, 'agent')).toMatchObject({ ok: true, outcome: 'reject', reason: 'Physical damage' });
    expect(planRmaAction('requested', 'cancel', { reason: ' ' }, 'agent')).toMatchObject({ ok: false, field: 'reason' });
    expect(planRmaAction('requested', 'ship', {}, 'agent')).toMatchObject({ ok: false, field: 'action' });
  });
  it('customers may only cancel, and only while requested', () => {
    expect(allowedRmaActions('requested', 'customer')).toEqual(['cancel']);
    expect(allowedRmaActions('approved', 'customer')).toEqual([]);
    expect(planRmaAction('approved', 'cancel', { reason: 'x' }, 'customer')).toMatchObject({ ok: false, status: 403 });
    expect(planRmaAction('requested', 'approve', { outcome: 'refund' }, 'customer')).toMatchObject({ ok: false, status: 403 });
    expect(allowedRmaActions('approved', 'agent')).toEqual(['reject', 'receive', 'cancel']);
  });
  it('warranty on a date (inclusive), numbers', () => {
    const day = new Date('2026-12-01T23:00:00Z');
    expect(underWarranty('2026-12-01', day)).toBe(true);
    expect(underWarranty('2026-11-30', day)).toBe(false);
    expect(underWarranty(null, day)).toBe(false);
    expect(rmaNumber(42)).toBe('RMA-000042');
  });
});
