/**
 * What a panel action changed in the ticket, as the Content Manager's edit form holds it (pure, no
 * Strapi import). The action's answer carries the ticket (contracts/agent.ts); instead of
 * refetching the whole document, the panel sets only these values into the edit view's cached
 * document (version, state, due dates…) and reloads only the relation fields whose target changed
 * (assignee, group, fault category…).
 */
type Row = Record<string, unknown>;

/**
 * The single relations the answer names by reference ({ id, … } or null), as the edit form shows them.
 * Not `follow_up_of`: it is edited in the panel's Links section and hidden from the form (as are the
 * related articles and CC contacts), so a change of it reads nothing in the form.
 */
export const SINGLE_RELATIONS = ['organization', 'requester', 'asset', 'group', 'assignee', 'sla_contract', 'fault_category'] as const;
export type SingleRelation = (typeof SINGLE_RELATIONS)[number];

/** A value the form holds as it is: text, number, boolean, null or JSON list (not a relation object). */
const isPlain = (v: unknown) => v === null || typeof v !== 'object' || Array.isArray(v);

/** Same value, with a decimal the database gives as text equal to its number. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'number') return a.trim() !== '' && Number(a) === b;
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return false;
}

const refId = (v: unknown): number | null => (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'number' ? (v as { id: number }).id : null);

export interface FormPatch {
  /** Fields of the document to set (only those that differ). */
  values: Row;
  /** Relations whose target changed: their field in the form is read again. */
  relations: SingleRelation[];
}

/**
 * `document`: the edit view's document (Content Manager shape: relations are `{ count }` objects);
 * `before` / `after`: the ticket as the panel's previous view and the action's answer carry it.
 */
export function formPatch(document: Row | null | undefined, before: Row | null | undefined, after: Row): FormPatch {
  const values: Row = {};
  if (document) {
    for (const [field, value] of Object.entries(after)) {
      if (!(field in document) || !isPlain(value) || !isPlain(document[field])) continue;
      if (!same(document[field], value)) values[field] = value;
    }
  }
  const relations = SINGLE_RELATIONS.filter((f) => f in after && refId(before?.[f]) !== refId(after[f]));
  return { values, relations };
}

/**
 * The form fields an agent changed and has not saved (compared with the form's initial values),
 * leaving out those the action itself changed: kept when the form takes the action's values.
 */
export function unsavedEdits(values: Row, initial: Row, changed: Iterable<string>): Row {
  const skip = new Set(changed);
  const edits: Row = {};
  for (const [field, value] of Object.entries(values)) {
    if (skip.has(field)) continue;
    if (JSON.stringify(value ?? null) !== JSON.stringify(initial[field] ?? null)) edits[field] = value;
  }
  return edits;
}

export interface FormReset {
  /** The form's new initial values: the old ones with the action's values (what the edit view computes from the patched document). */
  initial: Row;
  /** The form's values: the agent's unsaved edits on top of `initial`; `null` when there are none (the values are `initial`). */
  values: Row | null;
}

/**
 * The edit form after an action, without replacing what did not change: `initial` and `values` are
 * the form's initial and current values. Only the patch's scalar fields the form holds are set; every
 * other field (relations above all) keeps its very object, so the relation fields see no change and
 * read nothing again (their search re-runs when the `connect`/`disconnect` lists of their value are
 * new objects). An unsaved edit of a relation the action changed is dropped (the server's target wins).
 */
export function formReset(initial: Row, values: Row, patch: FormPatch): FormReset {
  const next: Row = { ...initial };
  for (const [field, value] of Object.entries(patch.values)) if (field in initial) next[field] = value;
  const changed = [...Object.keys(patch.values), ...patch.relations];
  const edits = unsavedEdits(values, initial, changed);
  if (!Object.keys(edits).length) return { initial: next, values: null };
  const current: Row = { ...next };
  for (const field of Object.keys(edits)) current[field] = values[field];
  return { initial: next, values: current };
}
