/**
 * Sliding-window counter rate limit: the arithmetic only. The counts live in the database, shared
 * by every instance (services/rate-limits.ts); no Strapi import here, the clock is passed in.
 *
 * Hits are counted in fixed windows aligned on multiples of `windowMs` since the Unix epoch. At an
 * instant `now`, `elapsed` ms into the current window, the client's rate is estimated as
 *
 *     previous × (windowMs − elapsed) / windowMs + current
 *
 * (the previous window's hits, weighted by the part of it that a window ending now still covers,
 * as Cloudflare's and nginx-style limiters do). A hit is allowed when the estimate, this hit
 * included, is at most `limit`:
 *
 *     previous × (windowMs − elapsed) + (current + 1) × windowMs ≤ limit × windowMs
 *
 * Everything is integer arithmetic on milliseconds, so the decision and Retry-After are exact (no
 * floating-point rounding at the boundary). Only allowed hits are counted (the caller does not
 * count a refused one), so `current` never exceeds `limit` unless the limit was lowered.
 */
export interface SlidingWindow {
  /** Hits allowed per window (a positive integer). */
  limit: number;
  /** Window length in ms (a positive integer). */
  windowMs: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  /** Further hits allowed right now after this one (0 when refused). */
  remaining: number;
  /** Whole seconds until one more hit is allowed, if nothing else is counted meanwhile (0 when allowed). */
  retryAfterSeconds: number;
}

/** Validated options; `what` names the settings in the error (e.g. the environment variables). */
export function slidingWindow(options: SlidingWindow, what = 'rate limit'): SlidingWindow {
  const { limit, windowMs } = options;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`${what}: the limit must be a positive integer, got ${limit}`);
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) throw new RangeError(`${what}: the window must be a positive number of ms, got ${windowMs}`);
  if (!Number.isSafeInteger(limit * windowMs * 2)) throw new RangeError(`${what}: limit × window is too large`);
  return { limit, windowMs };
}

/** floor(a / b) and ceil(a / b) for integers, b > 0, without floating-point division. */
const floorDiv = (a: number, b: number) => (a - (((a % b) + b) % b)) / b;
const ceilDiv = (a: number, b: number) => -floorDiv(-a, b);

/** Start (ms since the epoch) of the fixed window that contains `now`. */
export function windowStart(now: number, windowMs: number): number {
  return floorDiv(Math.floor(now), windowMs) * windowMs;
}

/**
 * The most hits the current window may hold at `now` (this hit included) given the previous
 * window's hits: floor(limit − previous × (windowMs − elapsed) / windowMs). May be ≤ 0.
 */
export function capacity(previousHits: number, now: number, window: SlidingWindow): number {
  const { base, perPreviousHit, divisor } = capacityTerms(now, window);
  return floorDiv(base - previousHits * perPreviousHit, divisor);
}

/**
 * `capacity` as floor((base − previous × perPreviousHit) / divisor), all integers: the terms that do
 * not depend on the previous window's hits, for a statement that reads those hits and decides in
 * one step (services/rate-limits.ts on PostgreSQL).
 */
export function capacityTerms(now: number, { limit, windowMs }: SlidingWindow): { base: number; perPreviousHit: number; divisor: number } {
  const t = Math.floor(now);
  const elapsed = t - windowStart(t, windowMs);
  return { base: limit * windowMs, perPreviousHit: windowMs - elapsed, divisor: windowMs };
}

/**
 * The earliest instant (ms, ≥ now) at which one more hit is allowed, if no other hit is counted
 * meanwhile. The estimate only falls as time passes (it is continuous across window boundaries),
 * so every instant from then on allows it too.
 */
export function nextAllowedAt(previousHits: number, currentHits: number, now: number, { limit, windowMs }: SlidingWindow): number {
  const t = Math.floor(now);
  const start = windowStart(t, windowMs);
  // In this window: allowed once previous × (windowMs − elapsed) ≤ (limit − current − 1) × windowMs.
  const room = limit - currentHits - 1;
  if (room >= 0) {
    if (previousHits <= 0) return t;
    const elapsed = Math.max(t - start, ceilDiv((previousHits - room) * windowMs, previousHits));
    if (elapsed < windowMs) return start + elapsed;
  }
  // In the next window `current` is the previous one and nothing is counted yet:
  // allowed once current × (windowMs − elapsed) ≤ (limit − 1) × windowMs.
  const excess = currentHits - (limit - 1);
  if (excess <= 0) return start + windowMs;
  return start + windowMs + ceilDiv(excess * windowMs, currentHits);
}

/**
 * The verdict on one more hit at `now`, given the hits counted in the previous and the current
 * window before it. Retry-After is the whole seconds until `nextAllowedAt`, rounded up, so a retry
 * after exactly that many seconds is allowed (if nothing else was counted) and one a second earlier is not.
 */
export function evaluate(previousHits: number, currentHits: number, now: number, window: SlidingWindow): RateLimitVerdict {
  const cap = capacity(previousHits, now, window);
  if (currentHits < cap) return { allowed: true, remaining: cap - currentHits - 1, retryAfterSeconds: 0 };
  const waitMs = nextAllowedAt(previousHits, currentHits, now, window) - Math.floor(now);
  return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, ceilDiv(waitMs, 1000)) };
}
