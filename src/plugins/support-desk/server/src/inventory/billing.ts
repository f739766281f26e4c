/**
 * Who pays for the parts of a repair. Pure: no Strapi import.
 *
 * The customer is not billed when the ticket's asset is under warranty on the date of the repair
 * (the day the parts are consumed): `warranty_until` is the last covered day, inclusive, compared as
 * calendar dates (YYYY-MM-DD, UTC). No asset, or an asset without a warranty date, is billed.
 */
export type BillingDecision = 'warranty' | 'billable';

export interface BillingInput {
  asset: { serial_number?: string | null; warranty_until?: string | Date | null } | null | undefined;
  repairDate: Date;
}

export interface BillingResult {
  decision: BillingDecision;
  /** Why, as data (timeline/texts.ts renders it for the reader). */
  basis: 'no_asset' | 'no_warranty_date' | 'in_warranty' | 'warranty_ended';
  /** The asset's last covered day (YYYY-MM-DD), when it has one. */
  warrantyUntil: string | null;
  /** Why, in English (stored on the ticket as `repair_billing_reason`). */
  reason: string;
}

const day = (v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export function decideBilling({ asset, repairDate }: BillingInput): BillingResult {
  const repair = day(repairDate);
  if (!asset) return { decision: 'billable', basis: 'no_asset', warrantyUntil: null, reason: `No asset on the ticket: parts are billed (repair on ${repair}).` };
  const sn = asset.serial_number ? `Asset ${asset.serial_number}` : 'The asset';
  if (!asset.warranty_until) return { decision: 'billable', basis: 'no_warranty_date', warrantyUntil: null, reason: `${sn} has no warranty date: parts are billed (repair on ${repair}).` };
  const until = day(asset.warranty_until);
  return until >= repair
    ? { decision: 'warranty', basis: 'in_warranty', warrantyUntil: until, reason: `${sn} is under warranty until ${until} (repair on ${repair}): parts are not billed.` }
    : { decision: 'billable', basis: 'warranty_ended', warrantyUntil: until, reason: `${sn}'s warranty ended on ${until} (repair on ${repair}): parts are billed.` };
}

/** Cost of `quantity` units at `unitCost` (decimal text or number), rounded to cents. */
export function lineCost(quantity: number, unitCost: unknown): number {
  const unit = Number(unitCost ?? 0);
  return Math.round(quantity * (Number.isFinite(unit) ? unit : 0) * 100) / 100;
}
