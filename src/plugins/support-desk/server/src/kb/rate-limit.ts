/**
 * Sliding-window rate limiter, per client key, in memory (per instance). Pure: the clock is passed in.
 * `hit(key)` → allowed, or not with the seconds until the oldest hit leaves the window (Retry-After).
 */
export interface RateLimitOptions {
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
  /** Keys kept at most (oldest forgotten first), so a flood of addresses cannot exhaust memory. */
  maxKeys?: number;
  now?: () => number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Whole seconds until a hit is allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

export function createRateLimiter({ limit, windowMs, maxKeys = 100_000, now = Date.now }: RateLimitOptions) {
  const hits = new Map<string, number[]>();
  return {
    hit(key: string): RateLimitResult {
      const t = now();
      const list = (hits.get(key) ?? []).filter((at) => at > t - windowMs);
      hits.delete(key); // re-insert: Map order = least recently used first
      if (list.length >= limit) {
        hits.set(key, list);
        const retryAfterSeconds = Math.max(1, Math.ceil((list[0] + windowMs - t) / 1000));
        return { allowed: false, remaining: 0, retryAfterSeconds };
      }
      list.push(t);
      hits.set(key, list);
      if (hits.size > maxKeys) hits.delete(hits.keys().next().value as string);
      return { allowed: true, remaining: limit - list.length, retryAfterSeconds: 0 };
    },
    reset() {
      hits.clear();
    },
    size: () => hits.size,
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
