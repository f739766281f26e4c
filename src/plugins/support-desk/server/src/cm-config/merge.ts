/**
 * Shipped Content Manager configuration merged into the stored one without undoing an admin's
 * later changes (pure; bootstrap/cm-config.ts reads and writes the stores).
 *
 * The shipped configuration is a set of paths (`settings.pageSize`, `layouts.list`,
 * `metadatas.state.edit.editable` …) each with a value. Next to the Content Manager's own
 * configuration we keep, per content type, the value we last applied at each path. At start-up a
 * path is (re)applied when we never applied it, or when the stored value still equals what we
 * applied (nobody changed it since, so a newer shipped value may replace it). A stored value that
 * differs from what we applied was changed by an admin (Settings → Configure the view): it is kept,
 * and stays theirs.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Paths = Record<string, Json>;

export function getPath(obj: unknown, path: string): Json | undefined {
  let cur: any = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[key];
  }
  return cur as Json | undefined;
}

export function setPath(obj: Record<string, any>, path: string, value: Json): void {
  const keys = path.split('.');
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    if (cur[key] === null || typeof cur[key] !== 'object') cur[key] = {};
    cur = cur[key];
  }
  cur[keys[keys.length - 1]] = structuredClone(value);
}

export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as any)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as any)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as any)[k], (b as any)[k]));
}

export interface MergeResult<C> {
  /** The configuration to store (a copy; the input is not changed). */
  config: C;
  /** What we have applied, per path, to remember for the next start. */
  applied: Paths;
  /** Paths written now. */
  written: string[];
  /** Paths an admin changed after we applied them: left as the admin set them. */
  kept: string[];
}

export function mergeShipped<C extends object>(current: C, shipped: Paths, previouslyApplied: Paths | undefined): MergeResult<C> {
  const config = structuredClone(current) as C;
  const applied: Paths = {};
  const written: string[] = [];
  const kept: string[] = [];
  for (const [path, value] of Object.entries(shipped)) {
    const stored = getPath(config, path);
    const before = previouslyApplied?.[path];
    if (before !== undefined && !sameJson(stored, before)) {
      kept.push(path);
      applied[path] = before;
      continue;
    }
    if (!sameJson(stored, value)) {
      setPath(config as Record<string, any>, path, value);
      written.push(path);
    }
    applied[path] = value;
  }
  return { config, applied, written, kept };
}
