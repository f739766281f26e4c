/**
 * A bounded map that forgets the least recently used entry once it holds `maxEntries` (pure).
 * `get` and `set` count as uses. Built on Map's insertion order: a use moves the key to the end.
 */
export interface Lru<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  readonly size: number;
  keys(): K[];
}

export function createLru<K, V>(maxEntries: number): Lru<K, V> {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a whole number ≥ 1');
  const entries = new Map<K, V>();
  return {
    get(key) {
      if (!entries.has(key)) return undefined;
      const value = entries.get(key) as V;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as K);
    },
    get size() {
      return entries.size;
    },
    keys: () => [...entries.keys()],
  };
}
