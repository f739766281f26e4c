/**
 * A value read at most once per `ttlMs` (pure): callers within the window share the first read's
 * promise; a failed read is not kept; `clear()` forgets the value (after a write that changes it).
 */
export interface Memo<T> {
  get(): Promise<T>;
  clear(): void;
}

export function memoizeFor<T>(read: () => Promise<T>, ttlMs: number, now: () => number = Date.now): Memo<T> {
  let entry: { at: number; value: Promise<T> } | null = null;
  return {
    get() {
      const t = now();
      if (entry && t - entry.at < ttlMs) return entry.value;
      const value = read();
      const mine = { at: t, value };
      entry = mine;
      value.catch(() => {
        if (entry === mine) entry = null;
      });
      return value;
    },
    clear() {
      entry = null;
    },
  };
}
