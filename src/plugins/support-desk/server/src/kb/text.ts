/**
 * Text analysis for the knowledge-base search index: normalization, tokenization (Latin words with
 * Porter2 English stemming, CJK as unigrams + bigrams), and markdown → plain text. Pure: no Strapi.
 *
 * Index side: every CJK character is indexed as a unigram and every pair of adjacent CJK characters
 * as a bigram, so any Chinese query of one, two or more characters finds its text without a
 * dictionary. Query side (see query.ts): a segmenter (jieba) splits a Chinese query into words,
 * each word becomes its bigrams, so "交换机电源" matches "交换机的电源" too.
 */

// The package ships no types: one function, word → stem.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const porter2: (word: string) => string = require('wink-porter2-stemmer');

/** CJK ideographs, kana and hangul (a "run" of these is segmented, not split on spaces). */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUN = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|([\p{L}\p{N}]+)/gu;

export const MAX_TOKEN_LENGTH = 60;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export const isCjk = (ch: string) => CJK.test(ch);

export interface Run {
  kind: 'cjk' | 'word';
  text: string;
  /** Offset in the normalized string. */
  start: number;
}

/** Splits normalized text into CJK runs and Latin/number words; everything else separates. */
export function runs(normalized: string): Run[] {
  const out: Run[] = [];
  for (const m of normalized.matchAll(RUN)) {
    out.push({ kind: m[1] ? 'cjk' : 'word', text: m[0], start: m.index ?? 0 });
  }
  return out;
}

/**
 * English stemming with the Porter2 (Snowball English) algorithm, applied to the index and the query
 * alike, so "upgrading", "upgraded", "upgrades" and "upgrade" meet at "upgrad". Numbers, words of
 * three letters or fewer and non-ASCII words are left alone.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = porter2(word);
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** Stems of words already seen: a KB's vocabulary is small, and index rebuilds stem every word of every article. */
const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 50_000;

/** Tokens of a text for the index, in order (positions follow the order). */
export function indexTokens(text: string | null | undefined): string[] {
  if (!text) return [];
  const tokens: string[] = [];
  for (const run of runs(normalize(text))) {
    if (run.kind === 'word') {
      tokens.push(stem(run.text).slice(0, MAX_TOKEN_LENGTH));
      continue;
    }
    const chars = Array.from(run.text);
    for (let i = 0; i < chars.length; i += 1) {
      tokens.push(chars[i]);
      if (i + 1 < chars.length) tokens.push(chars[i] + chars[i + 1]);
    }
  }
  return tokens;
}

/** Bigrams of a CJK word (a one-character word is itself). */
export function cjkGrams(word: string): string[] {
  const chars = Array.from(word);
  if (chars.length <= 1) return chars;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) grams.push(chars[i] + chars[i + 1]);
  return grams;
}

/**
 * Markdown → plain text for indexing and snippets: code fences and inline code keep their text,
 * links keep their label, images their alt text, HTML tags are dropped, emphasis marks removed.
 */
export function markdownToText(markdown: string | null | undefined): string {
  if (!markdown) return '';
  return markdown
    .replace(/```[^\n]*\n([\s\S]*?)```/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__|\*|_|~~)(?=\S)([^*_~\n]+?)\1/g, '$2')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
