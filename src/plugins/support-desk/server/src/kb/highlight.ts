/**
 * Highlighted snippets: HTML-escaped text with <mark> around what the query matched. Pure.
 * The output is safe to insert as HTML: every character of the source is escaped; only our own
 * <mark> and </mark> are markup.
 */
import { isCjk, normalize, stem } from './text';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export interface Highlight {
  words: string[];
  cjk: string[];
}

type Range = [number, number];

/** Ranges of `text` matched by the query (Latin words by stem prefix, CJK by substring). */
export function matchRanges(text: string, terms: Highlight): Range[] {
  const ranges: Range[] = [];
  // NFKC can change lengths; match on a per-character lower-case copy so offsets stay aligned.
  const lower = Array.from(text).map((c) => {
    const n = normalize(c);
    return n.length === c.length ? n : c;
  }).join('');
  if (terms.words.length) {
    for (const m of lower.matchAll(/[\p{L}\p{N}]+/gu)) {
      if (isCjk(m[0][0])) continue;
      const s = stem(m[0]);
      if (terms.words.some((w) => s.startsWith(w) || m[0].startsWith(w))) ranges.push([m.index!, m.index! + m[0].length]);
    }
  }
  for (const word of terms.cjk) {
    if (!word) continue;
    let from = 0;
    for (;;) {
      const i = lower.indexOf(word, from);
      if (i < 0) break;
      ranges.push([i, i + word.length]);
      from = i + word.length;
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function render(text: string, ranges: Range[], from: number, to: number): string {
  let out = '';
  let at = from;
  for (const [s, e] of ranges) {
    if (e <= from || s >= to) continue;
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    out += escapeHtml(text.slice(at, a)) + '<mark>' + escapeHtml(text.slice(a, b)) + '</mark>';
    at = b;
  }
  return out + escapeHtml(text.slice(at, to));
}

/** The whole text, escaped, with matches marked (titles). */
export function highlightAll(text: string, terms: Highlight): string {
  return render(text, matchRanges(text, terms), 0, text.length);
}

/**
 * A window of about `length` characters around the densest cluster of matches, escaped and marked,
 * with an ellipsis where text was cut. Without matches: the beginning of the text.
 */
export function snippet(text: string, terms: Highlight, length = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const ranges = matchRanges(flat, terms);
  if (flat.length <= length) return render(flat, ranges, 0, flat.length);
  let best = 0;
  let bestCount = -1;
  for (let i = 0; i < ranges.length; i += 1) {
    let count = 0;
    for (let j = i; j < ranges.length && ranges[j][1] <= ranges[i][0] + length; j += 1) count += 1;
    if (count > bestCount) {
      bestCount = count;
      best = ranges[i][0];
    }
  }
  let start = ranges.length ? Math.max(0, best - Math.floor(length / 4)) : 0;
  start = Math.min(start, flat.length - length);
  // Do not cut a Latin word in half.
  if (start > 0 && !isCjk(flat[start])) {
    const space = flat.indexOf(' ', start);
    if (space >= 0 && space - start < 20) start = space + 1;
  }
  const end = Math.min(flat.length, start + length);
  return `${start > 0 ? '…' : ''}${render(flat, ranges, start, end)}${end < flat.length ? '…' : ''}`;
}
