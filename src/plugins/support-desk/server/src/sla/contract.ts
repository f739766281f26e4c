/**
 * Which SLA contract applies on a day (pure). A contract's `valid_from` / `valid_until` are dates
 * (inclusive) on the calendar of the customer: they are compared with the local date of the instant
 * in the contract's business-calendar zone — at 00:30 on 1 January in Shanghai (16:30 UTC on
 * 31 December) a contract valid from 1 January applies. A contract without a calendar (24×7) uses UTC.
 */
import { DateTime } from 'luxon';

export interface ContractValidity {
  active?: boolean | null;
  valid_from?: string | Date | null;
  valid_until?: string | Date | null;
  business_calendar?: { timezone?: string | null } | null;
}

/** `at` as a local date `YYYY-MM-DD` in `zone` (UTC when none). */
export function localDate(at: Date, zone?: string | null): string {
  const dt = DateTime.fromJSDate(at, { zone: zone || 'UTC' });
  if (!dt.isValid) throw new RangeError(`cannot take the local date of ${at.toISOString()} in zone ${zone}`);
  return dt.toISODate() as string;
}

const dateOf = (v: string | Date) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);

/** Whether the contract is active and valid on the local date of `at` in its calendar's zone. */
export function isContractValidAt(contract: ContractValidity, at: Date): boolean {
  if (contract.active === false) return false;
  const day = localDate(at, contract.business_calendar?.timezone);
  return (!contract.valid_from || dateOf(contract.valid_from) <= day) && (!contract.valid_until || dateOf(contract.valid_until) >= day);
}
