/**
 * Retry schedule of the notification outbox (pure: no Strapi import, no I/O).
 *
 * After the n-th failed attempt (n = 1, 2, …) the next attempt waits
 *   d(n) = min(maxDelayMs, baseDelayMs × 2^(n−1)), jittered into [d(n) × (1 − jitter), d(n)],
 * so retries spread out (no thundering herd when SMTP comes back) but never wait longer than the
 * un-jittered schedule. After `maxAttempts` failed attempts the message is dead.
 */

export interface BackoffPolicy {
  /** Attempts (sends) before a message is dead; ≥ 1. */
  maxAttempts: number;
  /** Delay after the first failure, in ms. */
  baseDelayMs: number;
  /** Upper bound of any single delay, in ms. */
  maxDelayMs: number;
  /** Fraction of the delay that is randomized, 0 (none) … 1 (full jitter). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 10, baseDelayMs: 30_000, maxDelayMs: 3_600_000, jitter: 0.2 };

/** The un-jittered delay after `attempts` failed attempts (attempts ≥ 1). */
export function backoffCeiling(attempts: number, policy: Pick<BackoffPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  const n = Math.max(1, Math.floor(attempts));
  // 2^(n-1) overflows to Infinity for large n; min() keeps the cap.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
}

/** Bounds [min, max] of the jittered delay after `attempts` failed attempts. */
export function backoffBounds(attempts: number, policy: Omit<BackoffPolicy, 'maxAttempts'>): [number, number] {
  const ceiling = backoffCeiling(attempts, policy);
  return [Math.round(ceiling * (1 - policy.jitter)), ceiling];
}

/** The jittered delay after `attempts` failed attempts; `random` returns [0, 1). */
export function backoffDelay(attempts: number, policy: Omit<BackoffPolicy, 'maxAttempts'>, random: () => number = Math.random): number {
  const [min, max] = backoffBounds(attempts, policy);
  return Math.round(min + (max - min) * random());
}

export type FailureOutcome = { status: 'dead'; attempts: number; nextAttemptAt: null } | { status: 'pending'; attempts: number; nextAttemptAt: Date };

/**
 * What becomes of a message whose attempt just failed: `attemptsBefore` failed attempts so far;
 * `permanent` failures (a template that cannot render, an SMTP 5xx answer) are dead at once.
 */
export function afterFailure(
  attemptsBefore: number,
  policy: BackoffPolicy,
  now: Date,
  { permanent = false, random = Math.random }: { permanent?: boolean; random?: () => number } = {},
): FailureOutcome {
  const attempts = attemptsBefore + 1;
  if (permanent || attempts >= policy.maxAttempts) return { status: 'dead', attempts, nextAttemptAt: null };
  return { status: 'pending', attempts, nextAttemptAt: new Date(now.getTime() + backoffDelay(attempts, policy, random)) };
}

/** Problems with a policy, empty when it is valid (used by the plugin config validator). */
export function validateBackoff(policy: BackoffPolicy): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) problems.push('maxAttempts must be an integer ≥ 1');
  if (!Number.isFinite(policy.baseDelayMs) || policy.baseDelayMs < 0) problems.push('baseDelayMs must be a number ≥ 0');
  if (!Number.isFinite(policy.maxDelayMs) || policy.maxDelayMs < policy.baseDelayMs) problems.push('maxDelayMs must be a number ≥ baseDelayMs');
  if (!Number.isFinite(policy.jitter) || policy.jitter < 0 || policy.jitter > 1) problems.push('jitter must be between 0 and 1');
  return problems;
}
