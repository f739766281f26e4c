/** The keyed TTL cache behind the authentication caches (utils/ttl-cache.ts, bootstrap/auth-cache.ts). */
import { createTtlCache } from '../../src/plugins/support-desk/server/src/utils/ttl-cache';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('createTtlCache', () => {
  it('reads a key once per window, again after it and after clear()', async () => {
    let t = 0;
    let reads = 0;
    const cache = createTtlCache<string>({ ttlMs: 5000, now: () => t });
    const read = async () => `v${++reads}`;
    expect(await cache.get('a', read)).toBe('v1');
    t = 4999;
    expect(await cache.get('a', read)).toBe('v1');
    expect(await cache.get('b', read)).toBe('v2');
    t = 5000;
    expect(await cache.get('a', read)).toBe('v3');
    cache.clear();
    expect(cache.size).toBe(0);
    expect(await cache.get('a', read)).toBe('v4');
    expect(reads).toBe(4);
  });

  it('does not keep a read that was in flight when clear() was called', async () => {
    const cache = createTtlCache<string>({ ttlMs: 60_000 });
    const slow = deferred<string>();
    const first = cache.get('k', () => slow.promise);
    cache.clear(); // a write happened while the read was running
    slow.resolve('old');
    expect(await first).toBe('old'); // its own caller gets it …
    let reads = 0;
    expect(await cache.get('k', async () => `new${++reads}`)).toBe('new1'); // … nobody else
    expect(await cache.get('k', async () => `new${++reads}`)).toBe('new1');
  });

  it('shares one read between concurrent callers of a key', async () => {
    const cache = createTtlCache<number>({ ttlMs: 1000 });
    let reads = 0;
    const read = async () => ++reads;
    const [a, b] = await Promise.all([cache.get('k', read), cache.get('k', read)]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
  });

  it('keeps neither a failed read nor a value `keep` refuses', async () => {
    const cache = createTtlCache<string | null>({ ttlMs: 60_000 });
    await expect(cache.get('k', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('k', async () => null)).toBeNull();
    await new Promise((r) => setImmediate(r));
    expect(cache.size).toBe(0);
    expect(await cache.get('k', async () => 'found')).toBe('found');
    expect(cache.size).toBe(1);
  });

  it('holds at most maxEntries keys, forgetting the oldest', async () => {
    const cache = createTtlCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    let reads = 0;
    const read = async () => `v${++reads}`;
    await cache.get('a', read);
    await cache.get('b', read);
    await cache.get('c', read);
    expect(cache.size).toBe(2);
    expect(await cache.get('a', read)).toBe('v4');
  });

  it('reads every time with ttlMs 0 and refuses bad settings', async () => {
    const cache = createTtlCache<number>({ ttlMs: 0 });
    let reads = 0;
    await cache.get('k', async () => ++reads);
    await cache.get('k', async () => ++reads);
    expect(reads).toBe(2);
    expect(() => createTtlCache({ ttlMs: -1 })).toThrow(RangeError);
    expect(() => createTtlCache({ ttlMs: 1, maxEntries: 0 })).toThrow(RangeError);
  });
});
