/**
 * The stock ledger's arithmetic (inventory/ledger.ts): the table of effects, the refusals, and
 * property tests — any sequence of movements keeps on_hand ≥ 0, reserved ≥ 0, reserved ≤ on_hand,
 * and the counts always equal the sum of the accepted movements' deltas.
 */
import fc from 'fast-check';
import {
  allocate,
  available,
  checkInvariants,
  heldBy,
  MOVEMENT_KINDS,
  planMovement,
  stockLevel,
  sumLedger,
  type PlannedMovement,
  type StockCounts,
} from '../../src/plugins/support-desk/server/src/inventory/ledger';
import { decideBilling, lineCost } from '../../src/plugins/support-desk/server/src/inventory/billing';

const counts = (on_hand: number, reserved: number): StockCounts => ({ on_hand, reserved });

describe('effects of each kind (the table in the module header)', () => {
  it.each([
    ['receive', { quantity: 4 }, 4, 0],
    ['reserve', { quantity: 3 }, 0, 3],
    ['release', { quantity: 2 }, 0, -2],
    ['consume', { quantity: 2 }, -2, -2],
    ['return', { quantity: 1 }, 1, 0],
    ['scrap', { quantity: 1, reason: 'dropped' }, -1, 0],
    ['adjust', { delta: -2, reason: 'count' }, -2, 0],
    ['adjust', { delta: 5, reason: 'count' }, 5, 0],
  ])('%s %j → on_hand %d, reserved %d', (kind, req, dOnHand, dReserved) => {
    const plan = planMovement(counts(10, 4), { kind, ...req }) as PlannedMovement;
    expect(plan.ok).toBe(true);
    expect([plan.on_hand_delta, plan.reserved_delta]).toEqual([dOnHand, dReserved]);
    expect(plan.after).toEqual(counts(10 + dOnHand, 4 + dReserved));
  });
});

describe('refusals', () => {
  it.each([
    [{ kind: 'reserve', quantity: -1 }, 400, 'quantity'],
    [{ kind: 'reserve', quantity: 0 }, 400, 'quantity'],
    [{ kind: 'reserve', quantity: 1.5 }, 400, 'quantity'],
    [{ kind: 'reserve', quantity: '2' }, 400, 'quantity'],
    [{ kind: 'reserve', quantity: Number.NaN }, 400, 'quantity'],
    [{ kind: 'receive', quantity: 1e12 }, 400, 'quantity'],
    [{ kind: 'teleport', quantity: 1 }, 400, 'kind'],
    [{ kind: 'adjust', delta: 0, reason: 'x' }, 400, 'delta'],
    [{ kind: 'adjust', delta: 2 }, 400, 'reason'],
    [{ kind: 'scrap', quantity: 1 }, 400, 'reason'],
  ])('%j → %d naming %s', (req, status, field) => {
    expect(planMovement(counts(10, 4), req)).toMatchObject({ ok: false, status, field });
  });

  it('a reservation beyond what is available is a 409 that says how many are available', () => {
    const r = planMovement(counts(10, 8), { kind: 'reserve', quantity: 3 }, { label: 'PSU-1' });
    expect(r).toMatchObject({ ok: false, status: 409, code: 'insufficient_stock' });
    expect((r as { message: string }).message).toBe('Only 2 of PSU-1 available (on hand 10, reserved 8): cannot reserve 3.');
    expect(planMovement(counts(10, 8), { kind: 'reserve', quantity: 2 })).toMatchObject({ ok: true, after: counts(10, 10) });
  });

  it('scrap and negative adjustments may not touch reserved units', () => {
    expect(planMovement(counts(5, 4), { kind: 'scrap', quantity: 2, reason: 'x' })).toMatchObject({ ok: false, status: 409 });
    expect(planMovement(counts(5, 4), { kind: 'adjust', delta: -2, reason: 'x' })).toMatchObject({ ok: false, status: 409 });
    expect(planMovement(counts(5, 4), { kind: 'adjust', delta: -1, reason: 'x' })).toMatchObject({ ok: true, after: counts(4, 4) });
  });

  it('release and consume are bounded by what the ticket holds (400: the request is wrong)', () => {
    expect(planMovement(counts(10, 5), { kind: 'consume', quantity: 3 }, { heldByTicket: 2 })).toMatchObject({ ok: false, status: 400, code: 'consume_exceeds_reserved' });
    expect(planMovement(counts(10, 5), { kind: 'release', quantity: 3 }, { heldByTicket: 0 })).toMatchObject({ ok: false, status: 400, code: 'release_exceeds_reserved' });
    expect(planMovement(counts(10, 5), { kind: 'consume', quantity: 2 }, { heldByTicket: 2 })).toMatchObject({ ok: true, after: counts(8, 3) });
  });
});

describe('properties', () => {
  const movement = fc.oneof(
    fc.record({ kind: fc.constantFrom(...MOVEMENT_KINDS.filter((k) => k !== 'adjust')), quantity: fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constant(1.5)), reason: fc.constant('r') }),
    fc.record({ kind: fc.constant('adjust'), delta: fc.integer({ min: -12, max: 12 }), reason: fc.constant('count') }),
  );

  it('random sequences keep every invariant and the counts equal the ledger sum', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 80 }), (requests) => {
        let c = counts(0, 0);
        const ledger: PlannedMovement[] = [];
        for (const req of requests) {
          const plan = planMovement(c, req);
          if (plan.ok) {
            ledger.push(plan);
            c = plan.after;
          } else {
            // A refusal is a client error, never a silent partial effect.
            expect([400, 409]).toContain(plan.status);
          }
          expect(checkInvariants(c)).toBeNull();
          expect(sumLedger(ledger)).toEqual(c);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('per-ticket holdings: releases and consumptions bounded by the holding never make it negative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ticket: fc.integer({ min: 0, max: 3 }), kind: fc.constantFrom('reserve', 'release', 'consume', 'receive'), quantity: fc.integer({ min: 1, max: 6 }) }), { maxLength: 60 }),
        (requests) => {
          let c = counts(0, 0);
          const rows: Array<PlannedMovement & { ticket: number }> = [];
          for (const r of requests) {
            const held = heldBy(rows.filter((m) => m.ticket === r.ticket));
            const plan = planMovement(c, r, { heldByTicket: r.kind === 'receive' ? undefined : held });
            if (!plan.ok) continue;
            rows.push({ ...plan, ticket: r.ticket });
            c = plan.after;
            for (let t = 0; t <= 3; t += 1) expect(heldBy(rows.filter((m) => m.ticket === t))).toBeGreaterThanOrEqual(0);
            // What is reserved is exactly what the tickets hold.
            expect(c.reserved).toBe([0, 1, 2, 3].reduce((n, t) => n + heldBy(rows.filter((m) => m.ticket === t)), 0));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('allocate takes exactly the quantity, never more than a bucket holds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -2, max: 5 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 30 }), (helds, q) => {
        const buckets = helds.map((held, key) => ({ key, held }));
        const total = helds.reduce((n, h) => n + Math.max(0, h), 0);
        const out = allocate(buckets, q);
        expect(out.reduce((n, a) => n + a.quantity, 0)).toBe(Math.min(q, total));
        for (const a of out) expect(a.quantity).toBeLessThanOrEqual(buckets[a.key].held);
      }),
    );
  });
});

describe('stock level (shortage and overstock)', () => {
  it('shortage below the reorder point suggests buying back up to max stock', () => {
    expect(stockLevel({ on_hand: 5, reserved: 2, reorder_point: 4, reorder_quantity: 6, max_stock: 20 })).toEqual({ level: 'shortage', available: 3, suggested_purchase: 17 });
    expect(stockLevel({ on_hand: 30, reserved: 0, reorder_point: 4, reorder_quantity: 6, max_stock: 20 })).toEqual({ level: 'overstock', available: 30, excess: 10 });
    expect(stockLevel({ on_hand: 10, reserved: 0, reorder_point: 4, reorder_quantity: 6, max_stock: 20 })).toEqual({ level: 'ok', available: 10 });
    expect(available(counts(7, 3))).toBe(4);
  });
});

describe('warranty billing', () => {
  const repairDate = new Date('2026-12-01T10:00:00Z');
  it.each([
    [{ serial_number: 'SN-1', warranty_until: '2026-12-01' }, 'warranty', 'in_warranty', '2026-12-01', 'Asset SN-1 is under warranty until 2026-12-01 (repair on 2026-12-01): parts are not billed.'],
    [{ serial_number: 'SN-1', warranty_until: '2026-11-30' }, 'billable', 'warranty_ended', '2026-11-30', "Asset SN-1's warranty ended on 2026-11-30 (repair on 2026-12-01): parts are billed."],
    [{ serial_number: 'SN-1', warranty_until: null }, 'billable', 'no_warranty_date', null, 'Asset SN-1 has no warranty date: parts are billed (repair on 2026-12-01).'],
    [null, 'billable', 'no_asset', null, 'No asset on the ticket: parts are billed (repair on 2026-12-01).'],
  ])('%j → %s (%s)', (asset, decision, basis, warrantyUntil, reason) => {
    expect(decideBilling({ asset, repairDate })).toEqual({ decision, basis, warrantyUntil, reason });
  });
  it('line cost in cents', () => {
    expect(lineCost(3, '860.10')).toBe(2580.3);
    expect(lineCost(2, null)).toBe(0);
  });
});
