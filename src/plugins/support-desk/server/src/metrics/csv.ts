/**
 * CSV for spreadsheet programs (pure): UTF-8 with a byte-order mark (so Excel reads Chinese
 * correctly), comma-separated, CRLF line ends, RFC 4180 quoting (a field with a comma, quote, CR or
 * LF is quoted, quotes doubled). A text cell that starts with =, +, -, @, tab or CR gets a leading
 * apostrophe so that a spreadsheet does not run it as a formula (CSV injection); numbers are written
 * as numbers.
 */
export const BOM = '\uFEFF';

export interface CsvColumn<R> {
  header: string;
  value: (row: R) => unknown;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (typeof v === 'number') s = Number.isFinite(v) ? String(v) : '';
  else if (v instanceof Date) s = v.toISOString();
  else {
    s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  }
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<R>(columns: readonly CsvColumn<R>[], rows: readonly R[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** Several tables in one CSV file (one BOM): each a title line, its header and rows, then a blank line. */
export function toCsvSections(sections: ReadonlyArray<{ title: string; columns: readonly CsvColumn<any>[]; rows: readonly any[] }>): string {
  return `${BOM}${sections.map((s) => `${cell(s.title)}\r\n${toCsv(s.columns, s.rows).slice(BOM.length)}`).join('\r\n')}`;
}
