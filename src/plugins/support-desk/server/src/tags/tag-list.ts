/**
 * Tag lists (KB tags and product lines, skills, compatible models): JSON arrays of short strings,
 * edited in the admin with the `plugin::support-desk.tags` input (pure).
 */
export const TAGS_CUSTOM_FIELD = 'plugin::support-desk.tags';
export const MAX_TAG_LENGTH = 100;
export const MAX_TAGS = 50;

export type TagListResult = { ok: true; value: string[] | null } | { ok: false; message: string };

/** null stays null; an array of strings is trimmed, emptied entries dropped, duplicates removed. */
export function normalizeTagList(value: unknown): TagListResult {
  if (value === null) return { ok: true, value: null };
  if (!Array.isArray(value)) return { ok: false, message: 'must be a list of texts, e.g. ["vlan", "switch"]' };
  const seen = new Set<string>();
  for (const item of value) {
    if (typeof item !== 'string') return { ok: false, message: 'must contain texts only' };
    const tag = item.trim();
    if (tag.length > MAX_TAG_LENGTH) return { ok: false, message: `has an entry longer than ${MAX_TAG_LENGTH} characters` };
    if (tag) seen.add(tag);
  }
  if (seen.size > MAX_TAGS) return { ok: false, message: `may hold at most ${MAX_TAGS} entries` };
  return { ok: true, value: [...seen] };
}
