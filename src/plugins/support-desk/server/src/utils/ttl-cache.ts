/**
 * A keyed read-through cache whose entries live at most `ttlMs` (pure). Made for values that must
 * follow their source closely — credentials and permissions (bootstrap/auth-cache.ts):
 * - callers of one key within the window share the first read's promise; a failed read and a value
 *   `keep` refuses (e.g. "no such token") are not kept, so they are read again next time;
 * - `clear()` forgets everything **and** every read still in flight: a read that started before a
 *   change and ends after it is answered to its own caller but never stored;
 * - at most `maxEntries` keys (the oldest stored is forgotten first);
 * - `ttlMs` 0 turns the cache off (every `get` reads).
 */
export interface TtlCache<V> {
  get(key: string, read: () => Promise<V>): Promise<V>;
  clear(): void;
  readonly size: number;
}

export interface TtlCacheOptions<V> {
  ttlMs: number;
  maxEntries?: number;
  /** Whether a value read may be kept (default: anything but null and undefined). */
  keep?: (value: V) => boolean;
  now?: () => number;
}

export function createTtlCache<V>({ ttlMs, maxEntries = 1000, keep = (v) => v !== null && v !== undefined, now = Date.now }: TtlCacheOptions<V>): TtlCache<V> {
  if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new RangeError('ttlMs must be a number ≥ 0');
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a whole number ≥ 1');
  const entries = new Map<string, { at: number; value: Promise<V> }>();
  let generation = 0;
  return {
    get(key, read) {
      if (ttlMs === 0) return read();
      const t = now();
      const hit = entries.get(key);
      if (hit && t - hit.at < ttlMs) return hit.value;
      if (hit) entries.delete(key);
      const started = generation;
      const value = read();
      const mine = { at: t, value };
      entries.set(key, mine);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      const forget = () => {
        if (entries.get(key) === mine) entries.delete(key);
      };
      value.then((v) => {
        if (generation !== started || !keep(v)) forget();
      }, forget);
      return value;
    },
    clear() {
      generation += 1;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
