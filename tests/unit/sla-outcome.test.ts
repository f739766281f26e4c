import Database from 'better-sqlite3';
import { clockColumns, slaOutcome, slaOutcomeSql, type SlaOutcome } from '../../src/plugins/support-desk/server/src/sla/clock';

const due = Date.UTC(2026, 11, 1, 12);
const before = due - 60_000;
const after = due + 60_000;
const breach = due + 1;

describe('slaOutcome: met vs breached (architecture.md, "SLA semantics")', () => {
  test.each<[string, number | null, number | null, number | null, SlaOutcome]>([
    ['no mark, no breach', null, due, null, 'open'],
    ['mark before due', before, due, null, 'met'],
    ['mark at due', due, due, null, 'met'],
    ['mark after due', after, due, null, 'breached'],
    ['breach recorded, no mark yet', null, due, breach, 'breached'],
    ['breach recorded, mark in time (recorded breach wins)', before, due, breach, 'breached'],
    ['mark without a due date', before, null, null, 'open'],
    ['breach recorded without a due date', null, null, breach, 'breached'],
  ])('%s', (_name, mark, dueAt, breachedAt, expected) => {
    expect(slaOutcome({ mark, due: dueAt, breachedAt })).toBe(expected);
    // Dates, ISO strings and epoch numbers are the same instant.
    const asDate = (v: number | null) => (v === null ? null : new Date(v));
    expect(slaOutcome({ mark: asDate(mark), due: asDate(dueAt)?.toISOString(), breachedAt: asDate(breachedAt) })).toBe(expected);
  });
});

describe('slaOutcomeSql agrees with slaOutcome on the same rows (SQLite, datetimes as epoch ms like Strapi)', () => {
  test('every combination of mark, due and breach mark, for both clocks', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, first_responded_at INTEGER, first_response_due_at INTEGER, first_response_breached_at INTEGER, resolved_at INTEGER, resolution_due_at INTEGER, resolution_breached_at INTEGER)');
    const values = [null, before, due, after];
    const insert = db.prepare('INSERT INTO t (first_responded_at, first_response_due_at, first_response_breached_at, resolved_at, resolution_due_at, resolution_breached_at) VALUES (?, ?, ?, ?, ?, ?)');
    const rows: number[][] = [];
    for (const mark of values) for (const d of [null, due]) for (const b of [null, breach]) rows.push([mark, d, b] as number[]);
    rows.forEach(([m, d, b], i) => insert.run(m, d, b, rows[rows.length - 1 - i][0], rows[rows.length - 1 - i][1], rows[rows.length - 1 - i][2]));
    for (const clock of ['first_response', 'resolution'] as const) {
      const cols = clockColumns()[clock];
      const { met, breached } = slaOutcomeSql(cols);
      const answers = db.prepare(`SELECT ${cols.mark} AS mark, ${cols.due} AS due, ${cols.breachedAt} AS breachedAt, CASE WHEN ${met} THEN 1 ELSE 0 END AS met, CASE WHEN ${breached} THEN 1 ELSE 0 END AS breached FROM t`).all() as Array<{ mark: number | null; due: number | null; breachedAt: number | null; met: number; breached: number }>;
      expect(answers).toHaveLength(rows.length);
      for (const a of answers) {
        const expected = slaOutcome(a);
        expect({ ...a, outcome: a.met ? 'met' : a.breached ? 'breached' : 'open' }).toEqual({ ...a, outcome: expected });
        expect(a.met && a.breached).toBeFalsy();
      }
    }
    db.close();
  });
});
