import fc from 'fast-check';
import { afterFailure, backoffBounds, backoffCeiling, backoffDelay, DEFAULT_BACKOFF, validateBackoff, type BackoffPolicy } from '../../src/plugins/support-desk/server/src/notify';

const policy: BackoffPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: 0.5 };
const now = new Date('2026-11-30T01:00:00Z');

describe('backoff schedule', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffCeiling(n, policy))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffCeiling(5000, policy)).toBe(10_000); // 2^4999 is Infinity: still capped
  });

  it('jitters within [ceiling × (1 − jitter), ceiling]', () => {
    expect(backoffBounds(3, policy)).toEqual([2000, 4000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(2000);
    expect(backoffDelay(3, policy, () => 0.999999)).toBe(4000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
        const d = backoffDelay(n, policy, () => r);
        const [lo, hi] = backoffBounds(n, policy);
        return d >= lo && d <= hi && hi <= policy.maxDelayMs;
      }),
    );
  });

  it('never shrinks the upper bound as attempts grow (monotone schedule)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 80 }), (n) => backoffCeiling(n + 1, policy) >= backoffCeiling(n, policy)));
  });

  it('reschedules until the last attempt, then the message is dead', () => {
    const outcomes = [0, 1, 2, 3, 4].map((before) => afterFailure(before, policy, now, { random: () => 0 }));
    expect(outcomes.map((o) => o.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'dead']);
    expect(outcomes.map((o) => o.attempts)).toEqual([1, 2, 3, 4, 5]);
    expect(outcomes[0].nextAttemptAt!.getTime() - now.getTime()).toBe(500);
    expect(outcomes[3].nextAttemptAt!.getTime() - now.getTime()).toBe(4000);
    expect(outcomes[4].nextAttemptAt).toBeNull();
  });

  it('gives up at once on a permanent failure', () => {
    expect(afterFailure(0, policy, now, { permanent: true })).toEqual({ status: 'dead', attempts: 1, nextAttemptAt: null });
  });

  it('maxAttempts 1 means one try', () => {
    expect(afterFailure(0, { ...policy, maxAttempts: 1 }, now).status).toBe('dead');
  });

  it('validates a policy', () => {
    expect(validateBackoff(DEFAULT_BACKOFF)).toEqual([]);
    expect(validateBackoff({ maxAttempts: 0, baseDelayMs: -1, maxDelayMs: 5, jitter: 2 })).toHaveLength(3);
    expect(validateBackoff({ ...policy, maxDelayMs: 10 })).toEqual(['maxDelayMs must be a number ≥ baseDelayMs']);
  });
});
