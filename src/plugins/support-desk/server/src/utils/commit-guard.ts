/**
 * A transaction whose COMMIT fails must fail the request that made it.
 *
 * Knex's `trx.commit()` resolves even when the COMMIT statement fails (a connection terminated at
 * that moment): the error goes only to the transaction's `executionPromise`, which Strapi's
 * `db.transaction` never reads. The request then answered 2xx for a write PostgreSQL rolled back
 * (found by tests/integration/db-faults.test.ts), and the unread rejection surfaced as an unhandled
 * one. This wraps `strapi.db.transaction` (used by the document service and by our services): once
 * the outermost transaction is completed, its execution promise is awaited, so a failed COMMIT
 * throws to the caller (503 from the availability middleware) and no rejection is left unread.
 */
import type { Core } from '@strapi/strapi';

type Transactor = { isCompleted?: () => boolean; executionPromise?: Promise<unknown> };

const GUARDED = Symbol.for('support-desk.commit-guard');

export function installCommitGuard(strapi: Core.Strapi): void {
  const db = strapi.db as unknown as { transaction: (cb?: (params: { trx: Transactor }) => unknown) => Promise<unknown>; [GUARDED]?: boolean };
  if (db[GUARDED]) return;
  const original = db.transaction.bind(db);
  db.transaction = (async (cb?: (params: { trx: Transactor }) => unknown) => {
    if (typeof cb !== 'function') return original(cb);
    let trx: Transactor | undefined;
    const result = await original((params) => {
      trx = params.trx;
      return cb(params);
    });
    // Nested calls share the outer transaction, which is not completed yet: only the outermost waits.
    if (trx?.isCompleted?.() && trx.executionPromise) await trx.executionPromise;
    return result;
  }) as typeof db.transaction;
  db[GUARDED] = true;
}
