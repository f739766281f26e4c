/**
 * Comparison of two revision snapshots: which fields changed, and a line diff for long text. Pure.
 */
export type LineOp = { op: 'same' | 'add' | 'del'; text: string };

/** Line diff by longest common subsequence (bounded: very long texts fall back to del-all/add-all). */
export function diffLines(a: string, b: string, maxCells = 4_000_000): LineOp[] {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length * y.length > maxCells) return [...x.map((text) => ({ op: 'del' as const, text })), ...y.map((text) => ({ op: 'add' as const, text }))];
  const n = x.length;
  const m = y.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) for (let j = m - 1; j >= 0; j -= 1) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: LineOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ op: 'same', text: x[i] });
      i += 1;
      j += 1;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: 'del', text: x[i++] });
    else out.push({ op: 'add', text: y[j++] });
  }
  while (i < n) out.push({ op: 'del', text: x[i++] });
  while (j < m) out.push({ op: 'add', text: y[j++] });
  return out;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
  lines?: LineOp[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Field-by-field changes between two snapshots; text fields with several lines get a line diff. */
export function compareSnapshots(from: Record<string, unknown>, to: Record<string, unknown>, fields: string[]): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (same(from[field], to[field])) continue;
    const change: FieldChange = { field, from: from[field] ?? null, to: to[field] ?? null };
    if (typeof from[field] === 'string' && typeof to[field] === 'string' && `${from[field]}${to[field]}`.includes('\n')) {
      change.lines = diffLines(from[field] as string, to[field] as string);
    }
    changes.push(change);
  }
  return changes;
}
