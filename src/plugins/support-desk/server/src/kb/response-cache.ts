/**
 * The public KB response cache: serialized answers by URL, each tagged with the KB version it was
 * computed under. Pure (no Strapi): the service feeds it the current version.
 *
 * Correctness rule: an entry is served only while its version equals the current one, and an answer
 * computed while the version changed underneath (a publish committed mid-request) is not stored.
 */
import crypto from 'crypto';

export interface CachedResponse {
  body: string;
  etag: string;
  lastModified: string;
  /** Article read by this answer (views are still counted on cache hits). */
  viewDocumentId?: string;
  version: number;
  storedAt: number;
  bytes: number;
}

export interface ResponseCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  /** Entries older than this are recomputed (counters such as helpful_count refresh). */
  ttlMs?: number;
  now?: () => number;
}

export const etagOf = (body: string) => `"${crypto.createHash('sha1').update(body).digest('base64url')}"`;

export function createResponseCache({ maxEntries = 5000, maxBytes = 64 * 1024 * 1024, ttlMs = 60_000, now = Date.now }: ResponseCacheOptions = {}) {
  const entries = new Map<string, CachedResponse>();
  let bytes = 0;
  let version = 0;
  const stats = { hits: 0, misses: 0, stores: 0, invalidations: 0 };

  const remove = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    bytes -= e.bytes;
    entries.delete(key);
  };

  return {
    stats,
    get version() {
      return version;
    },
    /** A newer KB version is known: everything cached before it is dropped. */
    setVersion(next: number) {
      if (next === version) return;
      version = next;
      entries.clear();
      bytes = 0;
      stats.invalidations += 1;
    },
    get(key: string): CachedResponse | undefined {
      const e = entries.get(key);
      if (!e || e.version !== version || now() - e.storedAt > ttlMs) {
        if (e) remove(key);
        stats.misses += 1;
        return undefined;
      }
      // LRU: move to the end.
      entries.delete(key);
      entries.set(key, e);
      stats.hits += 1;
      return e;
    },
    /** Stores unless the version moved since `computedUnder` (the answer may predate a change). */
    set(key: string, value: Omit<CachedResponse, 'storedAt' | 'bytes' | 'version'>, computedUnder: number): boolean {
      if (computedUnder !== version) return false;
      const size = Buffer.byteLength(value.body) + key.length;
      if (size > maxBytes / 4) return false;
      remove(key);
      entries.set(key, { ...value, version, storedAt: now(), bytes: size });
      bytes += size;
      while (entries.size > maxEntries || bytes > maxBytes) remove(entries.keys().next().value as string);
      stats.stores += 1;
      return true;
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
    size: () => entries.size,
  };
}

export type ResponseCache = ReturnType<typeof createResponseCache>;
