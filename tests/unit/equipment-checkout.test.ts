/** Repair equipment checkout rules (equipment/checkout.ts). */
import { planCheckout, planReturn } from '../../src/plugins/support-desk/server/src/equipment/checkout';

const item = (state: string) => ({ tag: 'EQ-1', name: 'Tester', state });

describe('checkout', () => {
  it.each(['scheduled', 'en_route', 'on_site'])('an available item for a %s visit', (v) => {
    expect(planCheckout(item('available'), { state: v }, null)).toEqual({ ok: true });
  });
  it.each([
    [item('available'), 'completed', null, 400, 'visit_not_active'],
    [item('available'), 'cancelled', null, 400, 'visit_not_active'],
    [item('checked_out'), 'scheduled', null, 409, 'equipment_checked_out'],
    [item('available'), 'scheduled', { visitLabel: 'ticket TS-000001' }, 409, 'equipment_checked_out'],
    [item('maintenance'), 'scheduled', null, 409, 'equipment_maintenance'],
    [item('retired'), 'on_site', null, 409, 'equipment_retired'],
  ])('%j for a %s visit (open: %j) → %d %s', (i, v, open, status, code) => {
    expect(planCheckout(i, { state: v }, open)).toMatchObject({ ok: false, status, code });
  });
  it('names the visit holding it', () => {
    const r = planCheckout(item('checked_out'), { state: 'scheduled' }, { visitLabel: 'ticket TS-000042' });
    expect((r as { message: string }).message).toBe('EQ-1 (Tester) is already checked out for ticket TS-000042: it must be returned first, or take another item.');
  });
  it('return once', () => {
    expect(planReturn({ state: 'out' })).toEqual({ ok: true });
    expect(planReturn({ state: 'returned' })).toMatchObject({ ok: false, status: 400 });
  });
});
