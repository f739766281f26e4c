// Pure: no Strapi import (the update planner uses it; utils/relations.ts adds the database lookup).

/**
 * The one reading of a to-one relation input, in any form the document service accepts: an id, a
 * documentId, `{ id }`, `{ documentId }`, `{ connect: [...] }`, `{ set: [...] }`, `{ disconnect }` or
 * an array of these (the last one wins). `unchanged` = the input leaves the relation as it is,
 * `clear` = it empties it, `set` = it points it at one target (by row id or by documentId).
 */
export type RelationTarget = { kind: 'unchanged' } | { kind: 'clear' } | { kind: 'set'; id?: number; documentId?: string };

/** What a relation input does to the relation (pure: no database). */
export function relationTarget(value: unknown): RelationTarget {
  if (value === undefined) return { kind: 'unchanged' };
  if (value === null || value === '') return { kind: 'clear' };
  if (typeof value === 'number') return { kind: 'set', id: value };
  if (typeof value === 'string') return /^\d+$/.test(value) ? { kind: 'set', id: Number(value) } : { kind: 'set', documentId: value };
  if (Array.isArray(value)) return value.length ? relationTarget(value[value.length - 1]) : { kind: 'clear' };
  if (typeof value === 'object') {
    const v = value as { id?: unknown; documentId?: unknown; connect?: unknown; disconnect?: unknown; set?: unknown };
    if ('set' in v) return Array.isArray(v.set) && v.set.length === 0 ? { kind: 'clear' } : relationTarget(v.set);
    if (Array.isArray(v.connect) && v.connect.length) return relationTarget(v.connect[v.connect.length - 1]);
    if (Array.isArray(v.disconnect) && v.disconnect.length) return { kind: 'clear' };
    if (v.id !== undefined && v.id !== null) return { kind: 'set', id: Number(v.id) };
    if (typeof v.documentId === 'string') return { kind: 'set', documentId: v.documentId };
    return { kind: 'unchanged' };
  }
  return { kind: 'unchanged' };
}

/** Whether a relation input changes a relation whose current target is `current` (pure). */
export function relationInputChanges(value: unknown, current: { id: number; documentId?: string | null } | null | undefined): boolean {
  const target = relationTarget(value);
  if (target.kind === 'unchanged') return false;
  if (target.kind === 'clear') return current != null;
  if (!current) return true;
  return target.id !== undefined ? target.id !== current.id : target.documentId !== current.documentId;
}
