/**
 * The ticket after a transition's UPDATE, built from the ticket before and the written columns
 * (workflow/stored-row.ts) instead of read again: each value as Strapi's query engine would hand it
 * back, checked against @strapi/database's own field conversions (`fromDB(toDB(value))`).
 */
import { entryAfterUpdate, storedValue } from '../../src/plugins/support-desk/server/src/workflow/stored-row';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createField } = require('@strapi/database/dist/fields/index.js') as { createField: (a: { type: string }) => { toDB: (v: unknown) => unknown; fromDB: (v: unknown) => unknown } };
/** What the query engine hands back after storing `value` (null is written and read as null, without the field). */
const strapiRoundTrip = (type: string, value: unknown) => {
  if (value === null) return null;
  const field = createField({ type });
  const db = field.toDB(value);
  return db === null ? null : field.fromDB(db);
};

describe('storedValue', () => {
  const cases: Array<[string, unknown]> = [
    ['string', 'solution_proposed'],
    ['text', 'Replace the optic.\nThen watch.'],
    ['enumeration', 'high'],
    ['integer', 7],
    ['integer', '12'],
    ['float', 1.25],
    ['biginteger', 90061000],
    ['biginteger', '12345678901234567890'],
    ['boolean', true],
    ['boolean', false],
    ['datetime', new Date('2026-12-02T08:15:30.123Z')],
    ['datetime', '2026-12-02T08:15:30.123Z'],
    ['datetime', null],
    ['integer', null],
  ];
  it.each(cases)('%s %p is what the query engine hands back', (type, value) => {
    const stored = storedValue(type, value);
    expect(stored.ok).toBe(true);
    expect(stored.ok && stored.value).toEqual(strapiRoundTrip(type, value));
  });

  it('declines what it cannot know or what the column would change', () => {
    for (const [type, value] of [
      ['decimal', 12.345], // rounded to the column's scale
      ['timestamp', new Date('2026-01-01T00:00:00.000Z')], // handed back as milliseconds
      ['json', { a: 1 }],
      ['date', '2026-12-02'],
      ['time', '08:00'],
      ['customField', 'x'],
      ['integer', 1.5],
      ['integer', 'abc'],
      ['string', 5],
      ['boolean', 'true'],
      ['datetime', 'not a date'],
      ['biginteger', 1.5],
    ] as Array<[string, unknown]>) {
      expect(storedValue(type, value)).toEqual({ ok: false });
    }
  });
});

describe('entryAfterUpdate', () => {
  const attributes = { state: { type: 'enumeration' }, version: { type: 'integer' }, updatedAt: { type: 'datetime' }, data: { type: 'json' }, sla_paused_ms: { type: 'biginteger' } };
  const before = { id: 1, state: 'in_progress', version: 3, updatedAt: '2026-12-01T00:00:00.000Z', sla_paused_ms: '0', requester: { id: 9 } };

  it('applies the written columns as stored and keeps the rest (relations included)', () => {
    const now = new Date('2026-12-02T08:00:00.000Z');
    const after = entryAfterUpdate(before, { state: 'solution_proposed', version: 4, updatedAt: now, sla_paused_ms: 61000 }, attributes);
    expect(after).toEqual({ id: 1, state: 'solution_proposed', version: 4, updatedAt: '2026-12-02T08:00:00.000Z', sla_paused_ms: '61000', requester: { id: 9 } });
    expect(before.state).toBe('in_progress'); // not changed in place
  });

  it('is null when a written column is unknown, undefined or of a type it does not convert', () => {
    expect(entryAfterUpdate(before, { data: { a: 1 } }, attributes)).toBeNull();
    expect(entryAfterUpdate(before, { nope: 1 }, attributes)).toBeNull();
    expect(entryAfterUpdate(before, { state: undefined }, attributes)).toBeNull();
  });
});
