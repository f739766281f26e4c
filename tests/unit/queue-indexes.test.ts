/**
 * The SLA sweep's partial indexes name the open ticket states in their predicate (a plain JS
 * migration cannot import the TypeScript list): they must be the states the sweep filters on, or
 * PostgreSQL cannot use them for the sweep's query.
 */
import { OPEN_STATUSES } from '../../src/plugins/support-desk/server/src/workflow/state-machine';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const queueIndexes = require('../../database/migrations/2026.11.27T00.00.00.support-desk-queue-indexes.js');

test('the open states of the queue-index migration are OPEN_STATUSES', () => {
  expect([...queueIndexes.OPEN_STATES].sort()).toEqual([...OPEN_STATUSES].sort());
});

test('every partial index of the sweep holds open tickets only; none of the superseded ones is defined again', () => {
  const sweep = queueIndexes.INDEXES.filter(([table, , , where]: [string, string, string[], string?]) => table === 'tickets' && where);
  expect(sweep.map(([, name]: [string, string]) => name).sort()).toEqual([
    'tickets_open_first_response_due_idx',
    'tickets_open_first_response_warn_idx',
    'tickets_open_resolution_due_idx',
    'tickets_open_resolution_warn_idx',
  ]);
  for (const [, , , where, whereColumns] of sweep) {
    expect(where).toContain(`state IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);
    // Skipped while a column its predicate names is missing (a database from before the state rename).
    expect(whereColumns).toContain('state');
  }
  const defined = new Set(queueIndexes.INDEXES.map(([, name]: [string, string]) => name));
  for (const name of queueIndexes.SUPERSEDED) expect(defined.has(name)).toBe(false);
});
