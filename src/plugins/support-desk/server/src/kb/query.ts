/**
 * Search query parsing: user text → the terms every matching article must contain, rendered as a
 * PostgreSQL tsquery or an SQLite FTS5 MATCH expression (the index holds the tokens of text.ts).
 * Pure: the Chinese word segmenter is passed in.
 */
import { cjkGrams, normalize, runs, stem, MAX_TOKEN_LENGTH } from './text';

export type Segmenter = (text: string) => string[];

export interface QueryTerm {
  /** An index token (stemmed word, CJK unigram or bigram). */
  token: string;
  /** A Latin word/number (stemmed) or CJK text (a unigram or bigram of a segmented word). */
  kind: 'word' | 'cjk';
  /**
   * Match index tokens that start with it: only the last Latin word of a query still being typed
   * (no space after it), as search-as-you-type engines do. Words before it are complete, so they
   * match their stem exactly, which keeps the tsquery selective and its row estimate right.
   */
  prefix: boolean;
}

export interface ParsedQuery {
  /** Groups joined by AND; inside a group, the terms are all required too (a word's bigrams). */
  groups: QueryTerm[][];
  /** What to highlight: Latin word stems (prefix match on words) and CJK strings (substring). */
  highlight: { words: string[]; cjk: string[] };
}

export const MAX_QUERY_TERMS = 32;

/** Splits a CJK run into words with the segmenter, keeping only CJK characters. */
function cjkWords(run: string, segment: Segmenter | undefined): string[] {
  const words = segment ? segment(run) : [run];
  return words.map((w) => Array.from(w).filter((c) => /[\p{L}\p{N}]/u.test(c)).join('')).filter(Boolean);
}

export function parseQuery(text: string, segment?: Segmenter): ParsedQuery {
  const groups: QueryTerm[][] = [];
  const words: string[] = [];
  const cjk: string[] = [];
  const seen = new Set<string>();
  const normalized = normalize(text);
  const all = runs(normalized);
  const last = all[all.length - 1];
  const typing = last?.kind === 'word' && last.start + last.text.length === normalized.length;
  for (const run of all) {
    if (run.kind === 'word') {
      const token = stem(run.text).slice(0, MAX_TOKEN_LENGTH);
      const prefix = typing && run === last;
      if (seen.has(`w:${token}`)) {
        // "power supply pow…": the repeated word being typed makes the earlier one a prefix.
        const known = groups.find((g) => g.length === 1 && g[0].token === token);
        if (prefix && known) known[0].prefix = true;
        continue;
      }
      seen.add(`w:${token}`);
      words.push(token);
      groups.push([{ token, kind: 'word', prefix }]);
      continue;
    }
    for (const word of cjkWords(run.text, segment)) {
      if (seen.has(`c:${word}`)) continue;
      seen.add(`c:${word}`);
      cjk.push(word);
      groups.push(cjkGrams(word).map((token) => ({ token, kind: 'cjk' as const, prefix: false })));
    }
  }
  // Bound the work: a pasted paragraph keeps its first terms.
  let budget = MAX_QUERY_TERMS;
  const bounded: QueryTerm[][] = [];
  for (const g of groups) {
    if (budget <= 0) break;
    const kept = g.slice(0, budget);
    budget -= kept.length;
    bounded.push(kept);
  }
  return { groups: bounded, highlight: { words, cjk } };
}

export const isEmptyQuery = (q: ParsedQuery) => q.groups.length === 0;

/** Index tokens hold letters, digits and CJK only; anything else is dropped defensively. */
const clean = (token: string) => (NOT_TOKEN.test(token) ? token.replace(NOT_TOKEN_ALL, '') : token);
const NOT_TOKEN = /[^\p{L}\p{N}]/u;
const NOT_TOKEN_ALL = /[^\p{L}\p{N}]/gu;

/**
 * PostgreSQL tsquery text (cast with ::tsquery, so no parser runs on it). `mode: 'any'` joins the
 * groups with OR (suggestions: rank whatever matches); 'all' with AND (search).
 */
export function toTsQuery(q: ParsedQuery, mode: 'all' | 'any' = 'all'): string {
  const group = (g: QueryTerm[]) => {
    const parts = g.map((t) => `'${clean(t.token)}'${t.prefix ? ':*' : ''}`);
    return parts.length > 1 ? `(${parts.join(' & ')})` : parts[0];
  };
  return q.groups.map(group).join(mode === 'all' ? ' & ' : ' | ');
}

/** SQLite FTS5 MATCH expression over the same tokens. */
export function toFtsMatch(q: ParsedQuery, mode: 'all' | 'any' = 'all'): string {
  const group = (g: QueryTerm[]) => {
    const parts = g.map((t) => `"${clean(t.token)}"${t.prefix ? '*' : ''}`);
    return parts.length > 1 ? `(${parts.join(' AND ')})` : parts[0];
  };
  return q.groups.map(group).join(mode === 'all' ? ' AND ' : ' OR ');
}

/** Index text for a field: its tokens separated by spaces (FTS5 column content). */
export const joinTokens = (tokens: string[]) => tokens.map(clean).filter(Boolean).join(' ');

export interface WeightedField {
  tokens: string[];
  weight: 'A' | 'B' | 'C' | 'D';
}

/**
 * A PostgreSQL tsvector literal with positions and weights, built from our tokens (cast with
 * ::tsvector; no text-search parser runs, so CJK tokens survive whatever the database locale).
 */
export function toTsVector(fields: WeightedField[]): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  for (const field of fields) {
    for (const raw of field.tokens) {
      pos = Math.min(pos + 1, 16383);
      const token = clean(raw);
      if (!token) continue;
      let list = positions.get(token);
      if (!list) positions.set(token, (list = []));
      if (list.length < 255) list.push(`${pos}${field.weight}`);
    }
    pos = Math.min(pos + 1, 16383); // no phrase across fields
  }
  return Array.from(positions, ([token, list]) => `'${token}':${list.join(',')}`).join(' ');
}
