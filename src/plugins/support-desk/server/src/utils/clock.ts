/**
 * A service's clock: the system clock, or pinned to an instant so that a test chooses the time
 * (a rate-limit window, a Last-Modified second) instead of sleeping until it comes round.
 */
export interface Clock {
  now: () => number;
  /** Pins the clock at epoch ms `at`; null returns to the system clock. */
  pin: (at: number | null) => void;
}

export function createClock(): Clock {
  let pinned: number | null = null;
  return {
    now: () => pinned ?? Date.now(),
    pin: (at) => {
      if (at !== null && !Number.isFinite(at)) throw new RangeError('a pinned clock needs an instant in epoch ms');
      pinned = at;
    },
  };
}
