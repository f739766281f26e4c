/**
 * An entry after an UPDATE of some of its columns, without reading it again (pure): the entry as
 * read before, with each written value as Strapi's query engine hands it back after storing it
 * (`@strapi/database` fields: `fromDB(toDB(value))`) — datetimes as ISO strings, big integers as
 * strings, numbers as numbers. Only for attribute types whose round trip is that simple; any other
 * written attribute (json, date, time, timestamp — handed back as milliseconds —, decimal — rounded to its column's scale —, custom fields, a
 * value of an unexpected shape) answers `null`: the caller reads the row instead.
 */
export type Attributes = Readonly<Record<string, { type: string } | undefined>>;

const TEXT = new Set(['string', 'text', 'richtext', 'enumeration', 'email', 'uid', 'password']);

type Stored = { ok: true; value: unknown } | { ok: false };
const ok = (value: unknown): Stored => ({ ok: true, value });
const NO: Stored = { ok: false };

export function storedValue(type: string, value: unknown): Stored {
  if (value === null) return ok(null);
  if (TEXT.has(type)) return typeof value === 'string' ? ok(value) : NO;
  if (type === 'integer' || type === 'float') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return Number.isFinite(n) && (type === 'float' || Number.isSafeInteger(n)) ? ok(n) : NO;
  }
  if (type === 'biginteger') {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return ok(String(value));
    if (typeof value === 'bigint') return ok(value.toString());
    return typeof value === 'string' && /^-?\d+$/.test(value) ? ok(BigInt(value).toString()) : NO;
  }
  if (type === 'boolean') return typeof value === 'boolean' ? ok(value) : NO;
  if (type === 'datetime') {
    const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
    return d && !Number.isNaN(d.getTime()) ? ok(d.toISOString()) : NO;
  }
  return NO;
}

/** `before` with `written` applied as stored, or null when a written value's stored form is not known. */
export function entryAfterUpdate<T extends Record<string, unknown>>(before: T, written: Record<string, unknown>, attributes: Attributes): T | null {
  const after: Record<string, unknown> = { ...before };
  for (const [key, value] of Object.entries(written)) {
    const attribute = attributes[key];
    if (!attribute || value === undefined) return null;
    const stored = storedValue(attribute.type, value);
    if (!stored.ok) return null;
    after[key] = stored.value;
  }
  return after as T;
}
