/**
 * Synonym / alias groups for the KB search, applied to the query (never to the index), so an edit
 * takes effect at the next search without re-indexing. Pure.
 *
 * KB editors keep the groups in the Content Manager (content type "KB synonym": one group per entry,
 * its phrases separated by commas, 、, semicolons or new lines), e.g. `连不上, 无法连接, 离线` or
 * `won't connect, cannot connect, can't connect`. Where a query contains one of a group's phrases,
 * that part of the query matches any phrase of the group.
 */
import { normalize, runs, stem } from './text';

export interface SynonymPhrase {
  /** The phrase as written, normalized (NFKC, lower case): parsed as a query alternative. */
  text: string;
  /** Latin phrase: its word stems, matched against consecutive query words. */
  stems?: string[];
  /** Chinese (CJK) phrase: matched as a substring of a CJK run of the query. */
  cjk?: string;
}

export interface SynonymIndex {
  /** Each group's phrases (normalized text), in the editor's order. */
  groups: string[][];
  /** Latin phrases by their first stem, longest first. */
  latin: Map<string, Array<{ stems: string[]; phrase: string }>>;
  /** CJK phrases, longest first. */
  cjk: Array<{ text: string; phrase: string }>;
  /** The group of a phrase (groups sharing a phrase were merged into one). */
  groupsOf: Map<string, number[]>;
}

/** Every phrase a matched phrase stands for (itself included), from all its groups. */
export function alternativesOf(index: SynonymIndex, phrase: string): string[] {
  const out = new Set<string>([phrase]);
  for (const g of index.groupsOf.get(phrase) ?? []) for (const p of index.groups[g]) out.add(p);
  return Array.from(out);
}

export const MAX_SYNONYM_GROUPS = 2000;
export const MAX_PHRASES_PER_GROUP = 20;
export const MAX_PHRASE_LENGTH = 60;

/** The phrases of one editor entry (commas, 、, semicolons, new lines; blanks and duplicates dropped). */
export function parseSynonymTerms(text: string | null | undefined): string[] {
  if (!text) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[,，、;；\n\r|]+/)) {
    const phrase = normalize(raw).replace(/\s+/g, ' ').trim().slice(0, MAX_PHRASE_LENGTH);
    if (!phrase || !/[\p{L}\p{N}]/u.test(phrase) || seen.has(phrase)) continue;
    seen.add(phrase);
    out.push(phrase);
    if (out.length >= MAX_PHRASES_PER_GROUP) break;
  }
  return out;
}

/** Classifies a phrase: all Latin words, or one CJK run; anything else is only an alternative. */
export function phraseShape(phrase: string): SynonymPhrase {
  const parts = runs(normalize(phrase));
  if (parts.length && parts.every((r) => r.kind === 'word')) return { text: phrase, stems: parts.map((r) => stem(r.text)) };
  if (parts.length === 1 && parts[0].kind === 'cjk') return { text: phrase, cjk: parts[0].text };
  return { text: phrase };
}

/**
 * Builds the lookup of the groups' phrases. Groups sharing a phrase are merged (an editor's `rma, 返修`
 * joins `send back, return, rma`); groups of fewer than two phrases are useless and dropped.
 */
export function compileSynonyms(entries: Array<string | null | undefined>): SynonymIndex {
  const merged: string[][] = [];
  const owner = new Map<string, number>();
  for (const entry of entries.slice(0, MAX_SYNONYM_GROUPS)) {
    const phrases = parseSynonymTerms(entry);
    if (phrases.length < 2) continue;
    const joined = Array.from(new Set(phrases.map((p) => owner.get(p)).filter((g): g is number => g !== undefined)));
    const target = joined.length ? joined[0] : merged.push([]) - 1;
    for (const g of joined.slice(1)) {
      for (const p of merged[g]) owner.set(p, target);
      merged[target].push(...merged[g]);
      merged[g] = [];
    }
    for (const p of phrases) {
      if (owner.get(p) === target) continue;
      owner.set(p, target);
      merged[target].push(p);
    }
  }
  const index: SynonymIndex = { groups: [], latin: new Map(), cjk: [], groupsOf: new Map() };
  for (const phrases of merged) {
    if (phrases.length < 2) continue;
    const group = index.groups.length;
    index.groups.push(phrases);
    for (const p of phrases) {
      index.groupsOf.set(p, [group]);
      const shape = phraseShape(p);
      if (shape.stems) {
        const list = index.latin.get(shape.stems[0]) ?? [];
        list.push({ stems: shape.stems, phrase: p });
        index.latin.set(shape.stems[0], list);
      } else if (shape.cjk) {
        index.cjk.push({ text: shape.cjk, phrase: p });
      }
    }
  }
  for (const list of index.latin.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  index.cjk.sort((a, b) => Array.from(b.text).length - Array.from(a.text).length);
  return index;
}

export const EMPTY_SYNONYMS: SynonymIndex = compileSynonyms([]);
