/**
 * A process-level `unhandledRejection` handler: Node 20 ends the process on a rejection nothing
 * handles. Our own code awaits what it starts; what remains comes from code we do not own — Strapi's
 * document service emits its `entry.*` events after the commit without awaiting them (a deep
 * re-read that fails when the database goes away right after the commit), a driver's late error.
 * One of those must not take down an instance that serves everything else: it is logged (one
 * structured record, ops/rejections.ts; warn when the database was unreachable, else error with the
 * stack) and the process carries on.
 *
 * Installed once per process however many Strapi instances it runs (tests boot several); the last
 * instance to stop removes it.
 */
import type { Core } from '@strapi/strapi';
import { rejectionRecord } from '../ops/rejections';

const loggers = new Set<Core.Strapi['log']>();
let installed: ((reason: unknown) => void) | null = null;
/** Rejections logged by this process, by whether the database was unreachable (metrics, tests). */
export const rejectionCounts = { databaseUnavailable: 0, other: 0 };

/** Logs and counts one rejection nothing else handled (also a commit callback's: utils/commit-guard.ts). */
export function reportRejection(reason: unknown, what = 'unhandled promise rejection') {
  const record = rejectionRecord(reason);
  if (record.databaseUnavailable) rejectionCounts.databaseUnavailable += 1;
  else rejectionCounts.other += 1;
  const log = [...loggers].pop();
  const line = `[support-desk] ${what} (logged, process kept): ${record.code ? `${record.code} ` : ''}${record.message}`;
  if (!log) {
    console.error(line, record);
    return;
  }
  if (record.databaseUnavailable) log.warn(line, { ...record, stack: undefined });
  else log.error(line, record);
}

export function installProcessGuard(strapi: Core.Strapi) {
  loggers.add(strapi.log);
  if (!installed) {
    installed = (reason: unknown) => reportRejection(reason);
    process.on('unhandledRejection', installed);
  }
}

export function removeProcessGuard(strapi: Core.Strapi) {
  loggers.delete(strapi.log);
  if (!loggers.size && installed) {
    process.off('unhandledRejection', installed);
    installed = null;
  }
}

/** Whether the handler is installed (tests). */
export const processGuardInstalled = () => installed !== null;
