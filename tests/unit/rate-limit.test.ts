/** Sliding-window counter arithmetic (kb/rate-limit.ts): decisions, remaining and Retry-After, exactly. */
import fc from 'fast-check';
import { capacity, evaluate, nextAllowedAt, slidingWindow, windowStart, type SlidingWindow } from '../../src/plugins/support-desk/server/src/kb/rate-limit';

const W60: SlidingWindow = { limit: 10, windowMs: 60_000 };
const T0 = 1_800_000_000_000; // a multiple of 60 000 and of 2 000

/** The rule in rational arithmetic (BigInt): previous × (W − elapsed)/W + current + 1 ≤ limit. */
function allowedByDefinition(previous: number, current: number, now: number, { limit, windowMs }: SlidingWindow): boolean {
  const w = BigInt(windowMs);
  const elapsed = BigInt(now) - (BigInt(now) / w) * w;
  return BigInt(previous) * (w - elapsed) + BigInt(current + 1) * w <= BigInt(limit) * w;
}

/** The counts seen at `later` when nothing was counted after `now`: windows slide, counts move back. */
function countsAt(previous: number, current: number, now: number, later: number, windowMs: number): [number, number] {
  const shift = (windowStart(later, windowMs) - windowStart(now, windowMs)) / windowMs;
  if (shift === 0) return [previous, current];
  if (shift === 1) return [current, 0];
  return [0, 0];
}

describe('sliding-window counter', () => {
  test('windows are aligned on multiples of the window length', () => {
    expect(windowStart(T0, 60_000)).toBe(T0);
    expect(windowStart(T0 + 59_999, 60_000)).toBe(T0);
    expect(windowStart(T0 + 60_000, 60_000)).toBe(T0 + 60_000);
    expect(windowStart(T0 + 60_000.9, 60_000)).toBe(T0 + 60_000);
  });

  test('no previous hits: `limit` hits per window, then Retry-After until the estimate has room', () => {
    const w: SlidingWindow = { limit: 5, windowMs: 2000 };
    for (let c = 0; c < 5; c += 1) expect(evaluate(0, c, T0 + 300, w)).toEqual({ allowed: true, remaining: 4 - c, retryAfterSeconds: 0 });
    // 5 hits at +300 ms: the next window starts at +2000 with 5 × 1 + 1 > 5; room once 5 × (2000 − e)/2000 ≤ 4: e ≥ 400.
    expect(nextAllowedAt(0, 5, T0 + 300, w)).toBe(T0 + 2400);
    expect(evaluate(0, 5, T0 + 300, w)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 3 }); // 2.1 s → 3
    expect(evaluate(0, 5, T0 + 1400, w).retryAfterSeconds).toBe(1); // exactly 1.0 s
    expect(evaluate(0, 5, T0 + 1399, w).retryAfterSeconds).toBe(2); // 1.001 s
    expect(evaluate(5, 0, T0 + 2399, w).allowed).toBe(false);
    expect(evaluate(5, 0, T0 + 2400, w)).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    expect(evaluate(5, 0, T0 + 2800, w)).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
  });

  test('the previous window counts with the fraction of it still covered', () => {
    // 10 hits last minute, 15 s into this one: 10 × 45/60 = 7.5 → the current window may hold 2 hits.
    expect(capacity(10, T0 + 15_000, W60)).toBe(2);
    expect(evaluate(10, 0, T0 + 15_000, W60)).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
    expect(evaluate(10, 1, T0 + 15_000, W60)).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    // The third needs 10 × (60 − e)/60 + 3 ≤ 10: e ≥ 18 s, 3 s from now.
    expect(nextAllowedAt(10, 2, T0 + 15_000, W60)).toBe(T0 + 18_000);
    expect(evaluate(10, 2, T0 + 15_000, W60)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 3 });
    expect(evaluate(10, 2, T0 + 17_999, W60).allowed).toBe(false);
    expect(evaluate(10, 2, T0 + 18_000, W60).allowed).toBe(true);
    // At the very start of a window after a full one, nothing more is allowed.
    expect(capacity(10, T0, W60)).toBe(0);
    expect(evaluate(10, 0, T0, W60)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 6 }); // 10 × (60 − e)/60 ≤ 9: e ≥ 6 s
  });

  test('when this window is full, Retry-After reaches into the next one', () => {
    // 3 + 10 hits: nothing more this window; next window: 10 × (60 − e)/60 + 1 ≤ 10 → e ≥ 6 s.
    expect(nextAllowedAt(3, 10, T0 + 50_000, W60)).toBe(T0 + 66_000);
    expect(evaluate(3, 10, T0 + 50_000, W60).retryAfterSeconds).toBe(16);
    // limit 1: the one hit must have left entirely, two windows on.
    expect(nextAllowedAt(0, 1, T0 + 500, { limit: 1, windowMs: 2000 })).toBe(T0 + 4000);
    expect(evaluate(0, 1, T0 + 500, { limit: 1, windowMs: 2000 }).retryAfterSeconds).toBe(4);
    // A lowered limit (more hits counted than it allows) is still answered.
    expect(nextAllowedAt(0, 8, T0, { limit: 4, windowMs: 1000 })).toBe(T0 + 1000 + 625); // 8 × (1000 − e) ≤ 3000
  });

  test('settings are validated', () => {
    expect(slidingWindow({ limit: 10, windowMs: 60_000 })).toEqual({ limit: 10, windowMs: 60_000 });
    expect(() => slidingWindow({ limit: 0, windowMs: 1000 }, 'KB_FEEDBACK_LIMIT')).toThrow(/KB_FEEDBACK_LIMIT: the limit must be a positive integer, got 0/);
    expect(() => slidingWindow({ limit: 2.5, windowMs: 1000 })).toThrow(/positive integer/);
    expect(() => slidingWindow({ limit: 5, windowMs: Number.NaN })).toThrow(/window/);
    expect(() => slidingWindow({ limit: 5, windowMs: -1 })).toThrow(/window/);
    expect(() => slidingWindow({ limit: 2 ** 40, windowMs: 2 ** 20 })).toThrow(/too large/);
  });

  const windowArb = fc.record({ limit: fc.integer({ min: 1, max: 50 }), windowMs: fc.integer({ min: 1, max: 120_000 }) });
  const caseArb = windowArb.chain((w) =>
    fc.record({
      w: fc.constant(w),
      previous: fc.integer({ min: 0, max: w.limit }),
      current: fc.integer({ min: 0, max: w.limit + 2 }),
      now: fc.integer({ min: T0 - 10_000_000, max: T0 + 10_000_000 }),
    }),
  );

  test('the decision is the definition, exactly (integer arithmetic, no rounding at the boundary)', () => {
    fc.assert(
      fc.property(caseArb, ({ w, previous, current, now }) => {
        const v = evaluate(previous, current, now, w);
        expect(v.allowed).toBe(allowedByDefinition(previous, current, now, w));
        if (v.allowed) {
          // `remaining` more hits are allowed right now, and not one more.
          expect(allowedByDefinition(previous, current + v.remaining, now, w)).toBe(true);
          expect(allowedByDefinition(previous, current + v.remaining + 1, now, w)).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('Retry-After is exact: allowed after that many seconds, not a second earlier', () => {
    fc.assert(
      fc.property(caseArb, ({ w, previous, current, now }) => {
        const v = evaluate(previous, current, now, w);
        if (v.allowed) return;
        const at = nextAllowedAt(previous, current, now, w);
        expect(at).toBeGreaterThan(now);
        expect(allowedByDefinition(...countsAt(previous, current, now, at, w.windowMs), at, w)).toBe(true);
        expect(allowedByDefinition(...countsAt(previous, current, now, at - 1, w.windowMs), at - 1, w)).toBe(false);
        expect(v.retryAfterSeconds).toBe(Math.ceil((at - now) / 1000));
        const retry = now + v.retryAfterSeconds * 1000;
        expect(evaluate(...countsAt(previous, current, now, retry, w.windowMs), retry, w).allowed).toBe(true);
        const early = now + (v.retryAfterSeconds - 1) * 1000;
        expect(evaluate(...countsAt(previous, current, now, early, w.windowMs), early, w).allowed).toBe(false);
        // And from then on (nothing else counted) every instant allows it.
        for (const later of [at + 1, at + w.windowMs, at + 3 * w.windowMs]) {
          expect(evaluate(...countsAt(previous, current, now, later, w.windowMs), later, w).allowed).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('counting only allowed hits, no fixed window ever holds more than `limit`', () => {
    fc.assert(
      fc.property(windowArb, fc.array(fc.integer({ min: 0, max: 400_000 }), { minLength: 1, maxLength: 300 }), (w, offsets) => {
        const counts = new Map<number, number>();
        for (const t of offsets.map((o) => T0 + o).sort((a, b) => a - b)) {
          const start = windowStart(t, w.windowMs);
          const v = evaluate(counts.get(start - w.windowMs) ?? 0, counts.get(start) ?? 0, t, w);
          if (v.allowed) counts.set(start, (counts.get(start) ?? 0) + 1);
        }
        for (const n of counts.values()) expect(n).toBeLessThanOrEqual(w.limit);
      }),
      { numRuns: 300 },
    );
  });
});
