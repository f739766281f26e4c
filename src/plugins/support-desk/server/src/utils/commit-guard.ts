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
 *
 * The work a transaction leaves for after its commit (`onCommit`: the document service's `entry.*`
 * events, which re-read the entry with its relations) is started by Strapi without being awaited or
 * caught. Here each such callback is watched: a failure is logged and counted as the process guard
 * logs an unhandled rejection (utils/process-guard.ts), and `settleCommitCallbacks` lets shutdown
 * wait for those still running instead of closing the pool under them (their reads then failed with
 * tarn's "aborted").
 */
import type { Core } from '@strapi/strapi';
import { reportRejection } from './process-guard';

type Transactor = { isCompleted?: () => boolean; executionPromise?: Promise<unknown> };
type CommitCallback = () => unknown;
type TransactionParams = { trx: Transactor; onCommit: (cb: CommitCallback) => void };
type GuardedDb = { transaction: (cb?: (params: TransactionParams) => unknown) => Promise<unknown>; [GUARDED]?: boolean; [RUNNING]?: Set<Promise<void>> };

const GUARDED = Symbol.for('support-desk.commit-guard');
const RUNNING = Symbol.for('support-desk.commit-callbacks');

export function installCommitGuard(strapi: Core.Strapi): void {
  const db = strapi.db as unknown as GuardedDb;
  if (db[GUARDED]) return;
  const original = db.transaction.bind(db);
  const running = (db[RUNNING] = new Set());
  const watched = (cb: CommitCallback) => () => {
    const run = Promise.resolve()
      .then(cb)
      .then(
        () => undefined,
        (error: unknown) => reportRejection(error, 'work after a commit failed'),
      )
      .finally(() => running.delete(run));
    running.add(run);
  };
  db.transaction = (async (cb?: (params: TransactionParams) => unknown) => {
    if (typeof cb !== 'function') return original(cb);
    let trx: Transactor | undefined;
    const result = await original((params) => {
      trx = params.trx;
      return cb({ ...params, onCommit: (callback: CommitCallback) => params.onCommit(watched(callback)) });
    });
    // Nested calls share the outer transaction, which is not completed yet: only the outermost waits.
    if (trx?.isCompleted?.() && trx.executionPromise) await trx.executionPromise;
    return result;
  }) as typeof db.transaction;
  db[GUARDED] = true;
}

/** Waits (at most `timeoutMs`) for the commit callbacks still running, e.g. before the pool closes. */
export async function settleCommitCallbacks(strapi: Core.Strapi, timeoutMs = 10_000): Promise<void> {
  const running = (strapi.db as unknown as GuardedDb)[RUNNING];
  const deadline = Date.now() + timeoutMs;
  // A callback may commit a transaction of its own, with callbacks of its own: until none is left.
  while (running?.size && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(running), new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now())))]);
    clearTimeout(timer);
  }
}
