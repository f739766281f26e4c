/**
 * What a panel action changed in the ticket, as the Content Manager's edit form holds it (pure, no
 * Strapi import). The action's answer carries the ticket (contracts/agent.ts); instead of
 * refetching the whole document, the panel sets only these values into the edit view's cached
 * document (version, state, due dates…) and reloads only the relation fields whose target changed
 * (assignee, group, fault category…).
 */
type Row = Record<string, unknown>;

/** The single relations the answer names by reference ({ id, … } or null), as the edit form shows them. */
export const SINGLE_RELATIONS = ['organization', 'requester', 'asset', 'group', 'assignee', 'sla_contract', 'fault_category', 'follow_up_of'] as const;
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
