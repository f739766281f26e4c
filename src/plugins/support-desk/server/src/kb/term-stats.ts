/**
 * How common a query's concepts are in the index, from the database's own statistics (PostgreSQL's
 * `pg_stats.most_common_elems` of the tsvector column: the lexemes in at least ≈ 1 % of the rows,
 * with the share of rows holding each), and which concept a relaxed search can leave out when it
 * looks for candidates. Pure: the statistics are passed in.
 *
 * Why: a relaxed search ranks a window of rows matching any concept. Finding that window costs the
 * index bitmap of every matching row, and a word in half of the articles ("firmware") makes it
 * 50 000 postings (≈ 13 ms at 100k rows under load) — most of a relaxed search's time. A row whose
 * only match is the commonest concept is the weakest partial match (the word says the least, as an
 * IDF weight would); every row matching two or more concepts also matches one of the others. So when
 * the other concepts are expected to fill the window by themselves, the commonest is left out of
 * the candidate search (it still counts in each candidate's coverage and rank).
 */
import type { Concept, TermGroup } from './query';

export interface TermStats {
  /** Share of index rows (0–1) holding each common lexeme. */
  shares: Map<string, number>;
  /** Index rows the shares are of (the table's row estimate). */
  rows: number;
}

/** Statistics from `most_common_elems` / `most_common_elem_freqs` (the freqs array carries three extra values at its end). */
export function termStatsFrom(elems: string[] | null | undefined, freqs: number[] | null | undefined, rows: number): TermStats {
  const shares = new Map<string, number>();
  const n = Math.min(elems?.length ?? 0, freqs?.length ?? 0);
  for (let i = 0; i < n; i += 1) {
    const f = Number(freqs![i]);
    if (!Number.isFinite(f)) continue;
    shares.set(elems![i], f);
  }
  return { shares, rows: Math.max(0, rows) };
}

/**
 * Estimated share of rows holding a term, counting only what the statistics know: a common lexeme's
 * share, for a prefix the sum of the common lexemes it starts (at most 1); 0 for a lexeme they do
 * not list (rarer than their least common entry, maybe absent). So a concept is taken for common only when it is known
 * to be: a rare word is never assumed to fill a window.
 */
function termShare(token: string, prefix: boolean, stats: TermStats): number {
  if (!prefix) return stats.shares.get(token) ?? 0;
  let sum = 0;
  for (const [lexeme, share] of stats.shares) if (lexeme.startsWith(token)) sum += share;
  return Math.min(1, sum);
}

/** A group (all its terms) is taken as common as its rarest term (the terms of one word occur together). */
const groupShare = (g: TermGroup, stats: TermStats) => Math.min(...g.map((t) => termShare(t.token, t.prefix, stats)));

/** Estimated share of rows matching a concept: the sum over its alternatives (each: its rarest group), at most 1. */
export function conceptShare(c: Concept, stats: TermStats): number {
  const alts = c.alts.map((alt) => (alt.length ? Math.min(...alt.map((g) => groupShare(g, stats))) : 0));
  return Math.min(1, alts.reduce((a, b) => a + b, 0));
}

/**
 * The concept a relaxed candidate search leaves out, or -1 for none: the commonest concept, when
 * it is known to match more than `window` rows and the others are known to match at least twice
 * `window` without it (margin for the estimate and the locale and visibility filters). Estimates
 * can be wrong (statistics lag the table): the caller searches again with every concept when the
 * window does not fill. With no statistics (SQLite, a table never analyzed) nothing is left out.
 */
export function conceptToSkip(concepts: Concept[], stats: TermStats | null, window: number): number {
  if (!stats || stats.rows <= 0 || concepts.length < 2) return -1;
  const rows = concepts.map((c) => conceptShare(c, stats) * stats.rows);
  let commonest = 0;
  rows.forEach((r, i) => {
    if (r > rows[commonest]) commonest = i;
  });
  const others = rows.reduce((sum, r, i) => (i === commonest ? sum : sum + r), 0);
  return rows[commonest] > window && others >= 2 * window ? commonest : -1;
}
