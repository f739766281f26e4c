/** A human number's shape: a prefix and the counter's value in at least `digits` digits. */
export interface NumberFormat {
  prefix: string;
  digits: number;
}

export const formatNumber = ({ prefix, digits }: NumberFormat, n: number) => `${prefix}${String(n).padStart(digits, '0')}`;

/** A ticket's human number: `TS-` and at least six digits (the schema's `number` regex). */
export const TICKET_NUMBER: NumberFormat = { prefix: 'TS-', digits: 6 };
export const ticketNumber = (n: number) => formatNumber(TICKET_NUMBER, n);
