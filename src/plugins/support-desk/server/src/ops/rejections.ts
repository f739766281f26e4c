/**
 * The record logged for a promise rejection nothing handled. Node 20 exits on one by default; the
 * plugin installs a process-level handler (utils/process-guard.ts) that logs this record instead,
 * so that a rejection in code we do not own (Strapi's post-commit document events, a driver) cannot
 * end the process. Pure: no Strapi import.
 */
import { errorCode, isDatabaseUnavailable } from './db-availability';

export interface RejectionRecord {
  event: 'unhandled_rejection';
  message: string;
  name?: string;
  code?: string;
  /** The database was unreachable: expected during a restart, logged at warn level. */
  databaseUnavailable: boolean;
  stack?: string;
}

export function rejectionRecord(reason: unknown): RejectionRecord {
  const error = reason instanceof Error ? reason : undefined;
  return {
    event: 'unhandled_rejection',
    message: error ? error.message : String(reason),
    name: error?.name,
    code: errorCode(reason),
    databaseUnavailable: isDatabaseUnavailable(reason),
    stack: error?.stack,
  };
}
