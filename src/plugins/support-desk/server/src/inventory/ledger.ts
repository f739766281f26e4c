/**
 * Stock ledger arithmetic. Pure: no Strapi import.
 *
 * A part's counts are `on_hand` (units in the store) and `reserved` (units of those promised to a
 * ticket). Every change of either is a movement of one kind, and a movement's signed effects are
 * fixed by its kind — the caller gives the kind and a magnitude, never the deltas:
 *
 * | kind    | on_hand | reserved | when |
 * |---------|---------|----------|------|
 * | receive | +q      |          | goods arrive |
 * | reserve |         | +q       | set aside for a ticket (needs q available = on_hand − reserved) |
 * | release |         | −q       | a reservation given back (at most what that ticket/visit holds) |
 * | consume | −q      | −q       | reserved units used in a repair (at most what that ticket/visit holds) |
 * | return  | +q      |          | a unit comes back into stock (an unused part, an RMA unit) |
 * | scrap   | −q      |          | written off (only from available units) |
 * | adjust  | ±q      |          | a stock count correction, with a reason (only from available units when negative) |
 *
 * Invariants after every movement: on_hand ≥ 0, reserved ≥ 0, reserved ≤ on_hand. The counts equal
 * the sum of the ledger's deltas (`sumLedger`). A movement that would break an invariant is refused:
 * 409 when the stock is not there (the request is fine, the stock is short — try again later or with
 * less), 400 when the request itself is wrong (bad quantity, releasing more than a ticket holds).
 */

export const MOVEMENT_KINDS = ['receive', 'reserve', 'release', 'consume', 'return', 'scrap', 'adjust'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Kinds tied to a ticket's reservation (an agent's work on a repair). */
export const TICKET_KINDS: readonly MovementKind[] = ['reserve', 'release', 'consume'];
/** Kinds that change the store itself (inventory managers). */
export const STORE_KINDS: readonly MovementKind[] = ['receive', 'return', 'scrap', 'adjust'];

/** Largest magnitude of one movement. */
export const MAX_QUANTITY = 1_000_000;

export interface StockCounts {
  on_hand: number;
  reserved: number;
}

export interface MovementRequest {
  kind: MovementKind | string;
  /** Magnitude, a whole number ≥ 1 (all kinds but adjust). */
  quantity?: unknown;
  /** adjust only: the signed change of on_hand, a whole number ≠ 0. */
  delta?: unknown;
  /** Required for adjust and scrap: why. */
  reason?: unknown;
}

export interface PlannedMovement {
  ok: true;
  kind: MovementKind;
  quantity: number;
  on_hand_delta: number;
  reserved_delta: number;
  after: StockCounts;
}

export interface MovementRefusal {
  ok: false;
  status: 400 | 409;
  field?: string;
  message: string;
  code: string;
}

export const available = (c: StockCounts) => c.on_hand - c.reserved;

export const isMovementKind = (v: unknown): v is MovementKind => (MOVEMENT_KINDS as readonly unknown[]).includes(v);

const refuse = (status: 400 | 409, code: string, message: string, field?: string): MovementRefusal => ({ ok: false, status, code, message, ...(field ? { field } : {}) });

/** A whole number in [min, MAX_QUANTITY] sent as a JSON number; strings, fractions, NaN are refused. */
export function parseQuantity(value: unknown, field = 'quantity'): number | MovementRefusal {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_QUANTITY) {
    const got = value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 40) ?? typeof value;
    return refuse(400, 'invalid_quantity', `${field} must be a whole number of units from 1 to ${MAX_QUANTITY}, sent as a JSON number (got ${got}).`, field);
  }
  return value;
}

export const isRefusal = (v: unknown): v is MovementRefusal => typeof v === 'object' && v !== null && (v as MovementRefusal).ok === false;

export interface PlanOptions {
  /** Units the ticket (or visit) the movement is for holds reserved now: bounds release and consume. */
  heldByTicket?: number;
  /** Label of the part in messages (its SKU). */
  label?: string;
}

/** The effect of one movement on `counts`, or why it is refused. */
export function planMovement(counts: StockCounts, request: MovementRequest, options: PlanOptions = {}): PlannedMovement | MovementRefusal {
  const label = options.label ?? 'this part';
  const kind = request.kind;
  if (!isMovementKind(kind)) return refuse(400, 'invalid_kind', `kind must be one of ${MOVEMENT_KINDS.join(', ')} (got ${JSON.stringify(kind ?? null)}).`, 'kind');
  const reason = typeof request.reason === 'string' ? request.reason.trim() : '';

  let quantity: number;
  let onHand = 0;
  let reserved = 0;
  if (kind === 'adjust') {
    const d = request.delta;
    if (typeof d !== 'number' || !Number.isInteger(d) || d === 0 || Math.abs(d) > MAX_QUANTITY) {
      return refuse(400, 'invalid_delta', `delta must be the signed change of on hand, a whole number other than 0 (e.g. -2 or 5), sent as a JSON number (got ${JSON.stringify(d ?? null)?.slice(0, 40)}).`, 'delta');
    }
    if (!reason) return refuse(400, 'reason_required', 'reason is required for an adjustment: say why the count changes (e.g. "stock count 2026-12-01").', 'reason');
    quantity = Math.abs(d);
    onHand = d;
  } else {
    const q = parseQuantity(request.quantity);
    if (isRefusal(q)) return q;
    quantity = q;
    switch (kind) {
      case 'receive':
      case 'return':
        onHand = q;
        break;
      case 'reserve':
        reserved = q;
        break;
      case 'release':
        reserved = -q;
        break;
      case 'consume':
        onHand = -q;
        reserved = -q;
        break;
      case 'scrap':
        if (!reason) return refuse(400, 'reason_required', 'reason is required to scrap stock: say why the units are written off.', 'reason');
        onHand = -q;
        break;
    }
  }

  const held = options.heldByTicket;
  if ((kind === 'release' || kind === 'consume') && held !== undefined && quantity > held) {
    const verb = kind === 'release' ? 'release' : 'consume';
    return refuse(
      400,
      kind === 'release' ? 'release_exceeds_reserved' : 'consume_exceeds_reserved',
      `Cannot ${verb} ${quantity} of ${label}: only ${held} ${held === 1 ? 'is' : 'are'} reserved for it here. ${kind === 'consume' ? 'Reserve the missing units first.' : 'Consumed units cannot be released; return them to stock instead.'}`,
      'quantity',
    );
  }

  const after = { on_hand: counts.on_hand + onHand, reserved: counts.reserved + reserved };
  if (kind === 'reserve' && after.reserved > after.on_hand) {
    return refuse(409, 'insufficient_stock', `Only ${available(counts)} of ${label} available (on hand ${counts.on_hand}, reserved ${counts.reserved}): cannot reserve ${quantity}.`);
  }
  if ((kind === 'scrap' || kind === 'adjust') && after.reserved > after.on_hand) {
    return refuse(
      409,
      'insufficient_stock',
      `Cannot take ${-onHand} of ${label} out of stock: only ${available(counts)} ${available(counts) === 1 ? 'is' : 'are'} not reserved (on hand ${counts.on_hand}, reserved ${counts.reserved}). Release reservations first.`,
    );
  }
  if (after.reserved < 0 || after.on_hand < 0 || after.reserved > after.on_hand) {
    // Only reachable when counts were already inconsistent or `heldByTicket` was not given.
    return refuse(409, 'stock_invariant', `${kind} ${quantity} of ${label} would leave on hand ${after.on_hand} and reserved ${after.reserved}; both must stay ≥ 0 with reserved ≤ on hand.`);
  }
  return { ok: true, kind, quantity, on_hand_delta: onHand, reserved_delta: reserved, after };
}

/** The counts a ledger explains: the sum of its deltas from zero. */
export function sumLedger(movements: readonly { on_hand_delta: number; reserved_delta: number }[]): StockCounts {
  return movements.reduce((c, m) => ({ on_hand: c.on_hand + Number(m.on_hand_delta), reserved: c.reserved + Number(m.reserved_delta) }), { on_hand: 0, reserved: 0 });
}

/** Units still reserved by a set of movements (one ticket's, or one visit's): the sum of reserved deltas. */
export function heldBy(movements: readonly { reserved_delta: number }[]): number {
  return movements.reduce((n, m) => n + Number(m.reserved_delta), 0);
}

export function checkInvariants(c: StockCounts): string | null {
  if (!Number.isInteger(c.on_hand) || !Number.isInteger(c.reserved)) return 'counts must be whole numbers';
  if (c.on_hand < 0) return 'on_hand < 0';
  if (c.reserved < 0) return 'reserved < 0';
  if (c.reserved > c.on_hand) return 'reserved > on_hand';
  return null;
}

/** Shortage / overstock of a part (issue item 4), for the list and the notification. */
export function stockLevel(part: StockCounts & { reorder_point?: number | null; reorder_quantity?: number | null; max_stock?: number | null }) {
  const avail = available(part);
  const point = part.reorder_point ?? 0;
  if (point > 0 && avail < point) {
    const target = part.max_stock && part.max_stock > point ? part.max_stock : point + (part.reorder_quantity ?? 0);
    return { level: 'shortage' as const, available: avail, suggested_purchase: Math.max(part.reorder_quantity ?? 0, target - avail) };
  }
  if (part.max_stock !== null && part.max_stock !== undefined && part.max_stock > 0 && part.on_hand > part.max_stock) {
    return { level: 'overstock' as const, available: avail, excess: part.on_hand - part.max_stock };
  }
  return { level: 'ok' as const, available: avail };
}

/**
 * Splits `quantity` over reservation buckets (a ticket's reservations per visit) in the order given,
 * taking from each at most what it holds: one movement per bucket keeps every bucket's sum ≥ 0.
 * The caller checks the total first (`planMovement` with `heldByTicket`).
 */
export function allocate<K>(buckets: readonly { key: K; held: number }[], quantity: number): { key: K; quantity: number }[] {
  const out: { key: K; quantity: number }[] = [];
  let left = quantity;
  for (const b of buckets) {
    if (left <= 0) break;
    if (b.held <= 0) continue;
    const take = Math.min(b.held, left);
    out.push({ key: b.key, quantity: take });
    left -= take;
  }
  return out;
}
