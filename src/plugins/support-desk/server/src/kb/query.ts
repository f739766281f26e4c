/**
 * Search query parsing: user text → concepts (a word, a Chinese word, or a synonym group found in the
 * query), rendered as a PostgreSQL tsquery or an SQLite FTS5 MATCH expression over the tokens of text.ts.
 * Stop and question words are dropped (stopwords.ts); a synonym phrase becomes a concept that any
 * phrase of its group satisfies (synonyms.ts). Pure: the Chinese word segmenter and the synonyms are passed in.
 */
import { cjkGrams, normalize, runs, stem, MAX_TOKEN_LENGTH } from './text';
import { isChineseStopWord, isEnglishStopWord } from './stopwords';
import { alternativesOf, type SynonymIndex } from './synonyms';

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

/** Terms that must all match (a word: one term; a Chinese word: its bigrams). */
export type TermGroup = QueryTerm[];

/**
 * One thing the query asks for. It matches when one of its alternatives matches, and an
 * alternative matches when all its groups do. Plain words have one alternative of one group;
 * a synonym phrase ("won't connect") has one alternative per phrase of its group(s).
 */
export interface Concept {
  alts: TermGroup[][];
  /** What the customer typed for it (normalized), for explanations and tests. */
  text: string;
  /** Found through the synonym list. */
  synonym: boolean;
}

export interface ParsedQuery {
  /** Joined by AND for a full match; a relaxed search ranks rows by how many concepts they match. */
  concepts: Concept[];
  /** What to highlight: Latin word stems (prefix match on words) and CJK strings (substring). */
  highlight: { words: string[]; cjk: string[] };
}

export interface ParseOptions {
  /** Drop stop and question words (unless nothing else is left). Default true. */
  stopWords?: boolean;
  synonyms?: SynonymIndex;
}

export const MAX_QUERY_TERMS = 32;
/** Terms of all alternatives together (synonyms add some). */
export const MAX_EXPANDED_TERMS = 96;

type Unit =
  | { kind: 'word'; text: string; token: string; prefix: boolean }
  | { kind: 'cjk'; text: string }
  | { kind: 'syn'; text: string };

/** Keeps only CJK letters/digits of a segmenter's word. */
const cjkOnly = (w: string) => Array.from(w).filter((c) => /[\p{L}\p{N}]/u.test(c)).join('');

/** Splits a CJK run at the synonym phrases it contains (longest first, leftmost). */
function splitCjkRun(text: string, synonyms: SynonymIndex | undefined): Unit[] {
  if (!synonyms?.cjk.length) return [{ kind: 'cjk', text }];
  for (const p of synonyms.cjk) {
    const at = text.indexOf(p.text);
    if (at < 0) continue;
    return [
      ...(at > 0 ? splitCjkRun(text.slice(0, at), synonyms) : []),
      { kind: 'syn', text: p.phrase },
      ...(at + p.text.length < text.length ? splitCjkRun(text.slice(at + p.text.length), synonyms) : []),
    ];
  }
  return [{ kind: 'cjk', text }];
}

/** Replaces runs of Latin words that spell a synonym phrase (compared by stem) with a synonym unit. */
function matchLatinPhrases(units: Unit[], synonyms: SynonymIndex | undefined): Unit[] {
  if (!synonyms?.latin.size) return units;
  const out: Unit[] = [];
  for (let i = 0; i < units.length; ) {
    const u = units[i];
    const candidates = u.kind === 'word' ? synonyms.latin.get(u.token) : undefined;
    const hit = candidates?.find((c) => c.stems.every((s, k) => {
      const v = units[i + k];
      return v?.kind === 'word' && v.token === s;
    }));
    if (hit) {
      out.push({ kind: 'syn', text: hit.phrase });
      i += hit.stems.length;
    } else {
      out.push(u);
      i += 1;
    }
  }
  return out;
}

const isLoneChar = (w: string) => Array.from(w).length === 1 && !isChineseStopWord(w);

/** Units of a text: Latin words, CJK words (segmented), synonym phrases. */
function unitsOf(text: string, segment: Segmenter | undefined, synonyms: SynonymIndex | undefined): Unit[] {
  const normalized = normalize(text);
  const all = runs(normalized);
  const last = all[all.length - 1];
  const typing = last?.kind === 'word' && last.start + last.text.length === normalized.length;
  let units: Unit[] = [];
  for (const run of all) {
    if (run.kind === 'word') units.push({ kind: 'word', text: run.text, token: stem(run.text).slice(0, MAX_TOKEN_LENGTH), prefix: typing && run === last });
    else units.push(...splitCjkRun(run.text, synonyms));
  }
  units = matchLatinPhrases(units, synonyms);
  const out: Unit[] = [];
  for (const u of units) {
    if (u.kind !== 'cjk') {
      out.push(u);
      continue;
    }
    const words = (segment ? segment(u.text) : [u.text]).map(cjkOnly).filter(Boolean);
    // Adjacent single characters the dictionary did not know as a word ("工|单") are one word again.
    for (let i = 0; i < words.length; i += 1) {
      let w = words[i];
      while (i + 1 < words.length && isLoneChar(words[i]) && isLoneChar(words[i + 1])) {
        w += words[i + 1];
        i += 1;
      }
      out.push({ kind: 'cjk', text: w });
    }
  }
  return out;
}

const isStop = (u: Unit) => (u.kind === 'word' ? u.text.length < 2 && !/\d/.test(u.text) ? true : isEnglishStopWord(u.text, u.token) : u.kind === 'cjk' ? isChineseStopWord(u.text) : false);

/** Drops stop words unless nothing else would be left. */
function contentUnits(units: Unit[], stopWords: boolean): Unit[] {
  if (!stopWords) return units;
  const kept = units.filter((u) => !isStop(u));
  return kept.length ? kept : units;
}

const wordGroup = (u: Extract<Unit, { kind: 'word' }>): TermGroup => [{ token: u.token, kind: 'word', prefix: u.prefix }];
const cjkGroup = (text: string): TermGroup => cjkGrams(text).map((token) => ({ token, kind: 'cjk' as const, prefix: false }));

const groupKey = (g: TermGroup) => g.map((t) => `${t.token}${t.prefix ? '*' : ''}`).join('+');
const altKey = (a: TermGroup[]) => a.map(groupKey).join('&');

export function parseQuery(text: string, segment?: Segmenter, options: ParseOptions = {}): ParsedQuery {
  const stopWords = options.stopWords ?? true;
  const concepts: Concept[] = [];
  const words: string[] = [];
  const cjk: string[] = [];
  const seen = new Map<string, Concept>();
  const highlightUnit = (u: Unit) => {
    if (u.kind === 'word' && !words.includes(u.token)) words.push(u.token);
    if (u.kind === 'cjk' && !cjk.includes(u.text)) cjk.push(u.text);
  };
  /** Groups of a phrase alternative: its content words (no synonyms inside synonyms). */
  const phraseAlt = (phrase: string): TermGroup[] => {
    const units = contentUnits(unitsOf(`${phrase} `, segment, undefined), stopWords);
    units.forEach(highlightUnit);
    return units.map((u) => (u.kind === 'word' ? wordGroup(u) : cjkGroup(u.text)));
  };
  for (const u of contentUnits(unitsOf(text, segment, options.synonyms), stopWords)) {
    let concept: Concept;
    if (u.kind === 'syn') {
      const alts = new Map<string, TermGroup[]>();
      for (const phrase of alternativesOf(options.synonyms!, u.text)) {
        const alt = phraseAlt(phrase);
        if (alt.length) alts.set(altKey(alt), alt);
      }
      concept = { alts: Array.from(alts.values()), text: u.text, synonym: true };
    } else {
      highlightUnit(u);
      concept = { alts: [[u.kind === 'word' ? wordGroup(u) : cjkGroup(u.text)]], text: u.text, synonym: false };
    }
    if (!concept.alts.length) continue;
    const key = concept.alts.map(altKey).sort().join('|');
    const bare = key.replace(/\*/g, '');
    const known = seen.get(bare);
    if (known) {
      // "power supply pow…": the repeated word being typed makes the earlier one a prefix.
      if (u.kind === 'word' && u.prefix && known.alts.length === 1 && known.alts[0].length === 1) known.alts[0][0][0].prefix = true;
      continue;
    }
    seen.set(bare, concept);
    concepts.push(concept);
  }
  // Bound the work: a pasted paragraph keeps its first terms (the typed words, then their synonyms).
  let budget = MAX_QUERY_TERMS;
  let expanded = MAX_EXPANDED_TERMS;
  const bounded: Concept[] = [];
  for (const c of concepts) {
    if (budget <= 0) break;
    const first = c.alts[0].flat().length;
    const alts: TermGroup[][] = [];
    for (const [i, alt] of c.alts.entries()) {
      const n = alt.flat().length;
      if (i === 0) {
        if (n > budget) alts.push(boundAlt(alt, budget));
        else alts.push(alt);
      } else if (n <= expanded - first) {
        alts.push(alt);
        expanded -= n;
      }
    }
    budget -= Math.min(first, budget);
    expanded -= first;
    bounded.push({ ...c, alts });
  }
  return { concepts: bounded, highlight: { words, cjk } };
}

function boundAlt(alt: TermGroup[], budget: number): TermGroup[] {
  const out: TermGroup[] = [];
  for (const g of alt) {
    if (budget <= 0) break;
    const kept = g.slice(0, budget);
    budget -= kept.length;
    out.push(kept);
  }
  return out;
}

export const isEmptyQuery = (q: ParsedQuery) => q.concepts.length === 0;

/** Index tokens hold letters, digits and CJK only; anything else is dropped defensively. */
const clean = (token: string) => (NOT_TOKEN.test(token) ? token.replace(NOT_TOKEN_ALL, '') : token);
const NOT_TOKEN = /[^\p{L}\p{N}]/u;
const NOT_TOKEN_ALL = /[^\p{L}\p{N}]/gu;

/** Fields a weighted match is restricted to: title and tags (PostgreSQL weights A and B). */
export type FieldScope = 'all' | 'title';

const renderConcept = (c: Concept, term: (t: QueryTerm) => string, and: string, or: string): string => {
  const group = (g: TermGroup) => (g.length > 1 ? `(${g.map(term).join(and)})` : term(g[0]));
  const alt = (a: TermGroup[], wrap: boolean) => (a.length > 1 && wrap ? `(${a.map(group).join(and)})` : a.map(group).join(and));
  return c.alts.length > 1 ? `(${c.alts.map((a) => alt(a, true)).join(or)})` : alt(c.alts[0], false);
};

const tsTerm = (scope: FieldScope) => (t: QueryTerm) => `'${clean(t.token)}'${t.prefix || scope === 'title' ? ':' : ''}${t.prefix ? '*' : ''}${scope === 'title' ? 'AB' : ''}`;

/** One concept as tsquery text (scope 'title': matched in the title or tags only). */
export const conceptTsQuery = (c: Concept, scope: FieldScope = 'all') => renderConcept(c, tsTerm(scope), ' & ', ' | ');

/**
 * PostgreSQL tsquery text (cast with ::tsquery, so no parser runs on it). `mode: 'any'` joins the
 * concepts with OR (relaxed search, suggestions: rank whatever matches); 'all' with AND.
 */
export function toTsQuery(q: ParsedQuery, mode: 'all' | 'any' = 'all'): string {
  return joinConcepts(q, (c) => conceptTsQuery(c), mode === 'all' ? ' & ' : ' | ');
}

/** A concept of one alternative of several groups is parenthesized among others. */
const joinConcepts = (q: ParsedQuery, render: (c: Concept) => string, sep: string) =>
  q.concepts.map((c) => (c.alts.length === 1 && c.alts[0].length > 1 && q.concepts.length > 1 ? `(${render(c)})` : render(c))).join(sep);

const ftsTerm = (t: QueryTerm) => `"${clean(t.token)}"${t.prefix ? '*' : ''}`;

/** One concept as an FTS5 expression (scope 'title': in the title or tags columns only). */
export function conceptFtsMatch(c: Concept, scope: FieldScope = 'all'): string {
  const expr = renderConcept(c, ftsTerm, ' AND ', ' OR ');
  return scope === 'title' ? `{title tags} : (${expr})` : expr;
}

/** SQLite FTS5 MATCH expression over the same tokens. */
export function toFtsMatch(q: ParsedQuery, mode: 'all' | 'any' = 'all'): string {
  return joinConcepts(q, (c) => conceptFtsMatch(c), mode === 'all' ? ' AND ' : ' OR ');
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
