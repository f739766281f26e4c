/** A ticket's human number: `TS-` and at least six digits (the schema's `number` regex). */
export const ticketNumber = (n: number) => `TS-${String(n).padStart(6, '0')}`;
