/**
 * Typo correction for KB search: a Latin query word that no article holds ("pasword", "firmwre")
 * is replaced by the index's closest word (Levenshtein distance, `fastest-levenshtein`), as a
 * helpdesk search box is expected to do. Pure: the vocabulary (index tokens, i.e. stems, with the
 * number of rows holding each) is passed in; the caller checks that a word has no match at all
 * before it asks, and keeps the corrected answer only when it is better.
 */
import { distance } from 'fastest-levenshtein';
import type { Concept, ParsedQuery } from './query';
import { normalize, stem } from './text';

/** Index tokens (Latin, stemmed) → rows holding them. */
export type Vocabulary = Map<string, number>;

/** Words shorter than this are never corrected (too many neighbours: "vpn" → "vpc"?). */
export const MIN_CORRECTED_LENGTH = 4;

/** Edits allowed: one for words up to 6 letters, two for longer ones. */
const maxEdits = (word: string) => (word.length <= 6 ? 1 : 2);

/**
 * The vocabulary's closest word to `word`: fewest edits (within maxEdits), then the most rows,
 * then alphabetical. The first letter must agree (typos there are rare, and it keeps short words
 * from turning into unrelated ones). Null when none is close enough or the word is known.
 */
export function closestWord(word: string, vocab: Vocabulary): string | null {
  if (word.length < MIN_CORRECTED_LENGTH || /\d/.test(word) || vocab.has(word)) return null;
  const limit = maxEdits(word);
  let best: { token: string; edits: number; rows: number } | null = null;
  for (const [token, rows] of vocab) {
    if (token[0] !== word[0] || Math.abs(token.length - word.length) > limit || token.length < MIN_CORRECTED_LENGTH - 1) continue;
    const edits = distance(word, token);
    if (edits > limit) continue;
    if (!best || edits < best.edits || (edits === best.edits && (rows > best.rows || (rows === best.rows && token < best.token)))) best = { token, edits, rows };
  }
  return best?.token ?? null;
}

/** A concept that is one plain Latin word (not a synonym group, not Chinese): what can be corrected. */
export const correctableWord = (c: Concept): string | null => {
  if (c.synonym || c.alts.length !== 1 || c.alts[0].length !== 1 || c.alts[0][0].length !== 1) return null;
  const term = c.alts[0][0][0];
  return term.kind === 'word' ? term.token : null;
};

export interface Correction {
  /** What the customer typed (normalized). */
  from: string;
  /** The index word it became (a stem). */
  to: string;
}

/**
 * The query with each word of `unmatched` (tokens that match no article) replaced by its closest
 * vocabulary word, exact (no longer a prefix); null when none could be corrected.
 */
export function correctQuery(query: ParsedQuery, unmatched: Set<string>, vocab: Vocabulary): { query: ParsedQuery; corrections: Correction[] } | null {
  const corrections: Correction[] = [];
  const replaced = new Set<string>();
  const concepts = query.concepts.map((c) => {
    const token = correctableWord(c);
    if (!token || !unmatched.has(token)) return c;
    const to = closestWord(token, vocab);
    if (!to) return c;
    corrections.push({ from: c.text, to });
    replaced.add(token);
    return { ...c, alts: [[[{ token: to, kind: 'word' as const, prefix: false }]]] };
  });
  if (!corrections.length) return null;
  const words = [...query.highlight.words.filter((w) => !replaced.has(w)), ...corrections.map((k) => k.to)];
  return { query: { concepts, highlight: { words: Array.from(new Set(words)), cjk: query.highlight.cjk } }, corrections };
}

/**
 * "Showing results for …": the query with each corrected word written as `text` (the first
 * result's title, summary and body) writes it — the index holds stems, "batteri" reads "battery";
 * of several forms ("recorder", "recordings") the one closest to what was typed — else as the stem.
 * Words are letters and digits only (normalized), so they match as whole words.
 */
export function writtenCorrection(q: string, words: Correction[], text: string): { q: string; words: Correction[] } {
  const forms = new Map<string, Set<string>>();
  for (const w of normalize(text).match(/\p{L}[\p{L}\p{N}]*/gu) ?? []) {
    const s = stem(w);
    if (!forms.has(s)) forms.set(s, new Set());
    forms.get(s)!.add(w);
  }
  const closest = (from: string, stemmed: string) => {
    let best: string | null = null;
    for (const f of forms.get(stemmed) ?? []) if (best === null || distance(from, f) < distance(from, best)) best = f;
    return best ?? stemmed;
  };
  const written = words.map((w) => ({ from: w.from, to: closest(w.from, w.to) }));
  let out = normalize(q);
  for (const w of written) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${w.from}(?![\\p{L}\\p{N}])`, 'u'), w.to);
  return { q: out.trim(), words: written };
}
