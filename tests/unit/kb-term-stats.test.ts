/** Which concept a relaxed search can leave out of its candidate search (kb/term-stats.ts), from hand-made statistics. */
import { parseQuery } from '../../src/plugins/support-desk/server/src/kb/query';
import { conceptShare, conceptToSkip, termStatsFrom } from '../../src/plugins/support-desk/server/src/kb/term-stats';
import { compileSynonyms } from '../../src/plugins/support-desk/server/src/kb/synonyms';

// 100 000 rows: "firmwar" in 55 %, "router" in 20 %, "power" in 8 %, "printer" in 1 %, CJK "固件" in 50 %.
// The freqs array of pg_stats ends with three more values (min, max, null share): ignored.
const stats = termStatsFrom(['firmwar', 'firmwares', 'router', 'power', 'printer', '固件'], [0.5, 0.05, 0.2, 0.08, 0.01, 0.5, 0.01, 0.5, 0], 100_000);
const seg = (s: string) => [s];
const concepts = (q: string) => parseQuery(q, seg).concepts;

describe('term statistics', () => {
  test('a concept is as common as the statistics know; a word they do not list counts as rare (0)', () => {
    const [firmware, router, kangaroo] = concepts('firmware router kangaroo ');
    expect(conceptShare(firmware, stats)).toBeCloseTo(0.5);
    expect(conceptShare(router, stats)).toBeCloseTo(0.2);
    expect(conceptShare(kangaroo, stats)).toBe(0);
    // The word being typed is a prefix: every common lexeme it starts counts.
    const [, firmw] = concepts('router firmw');
    expect(conceptShare(firmw, stats)).toBeCloseTo(0.55);
  });

  test('a synonym concept sums its alternatives (at most 1)', () => {
    const syn = compileSynonyms(['router, printer']);
    const [c] = parseQuery('router ', seg, { synonyms: syn }).concepts;
    expect(c.alts.length).toBe(2);
    expect(conceptShare(c, stats)).toBeCloseTo(0.21);
  });

  test('the commonest concept is left out when the others fill twice the window without it', () => {
    // router (20 000) alone fills a window of 500 many times over: firmware (55 000 with the prefix) is left out.
    expect(conceptToSkip(concepts('router kangaroo firmware'), stats, 500)).toBe(2);
    // The others together: power 8 000 + printer 1 000 ≥ 2 × 4 000.
    expect(conceptToSkip(concepts('firmware power printer '), stats, 4000)).toBe(0);
    expect(conceptToSkip(concepts('firmware power printer '), stats, 5000)).toBe(-1);
  });

  test('nothing is left out when the others are rare or unknown, for one concept, or without statistics', () => {
    // kangaroo is unknown: never assumed to fill a window (a relaxed search must not come back empty).
    expect(conceptToSkip(concepts('firmware kangaroo '), stats, 500)).toBe(-1);
    // printer: 1 000 rows, less than twice a window of 600.
    expect(conceptToSkip(concepts('firmware printer '), stats, 600)).toBe(-1);
    expect(conceptToSkip(concepts('firmware printer '), stats, 500)).toBe(0);
    expect(conceptToSkip(concepts('firmware'), stats, 500)).toBe(-1);
    expect(conceptToSkip(concepts('router kangaroo firmware'), null, 500)).toBe(-1);
    expect(conceptToSkip(concepts('router kangaroo firmware'), termStatsFrom(null, null, 0), 500)).toBe(-1);
    // The commonest must itself be worth leaving out: more postings than the window.
    const small = termStatsFrom(['firmwar', 'router'], [0.5, 0.4], 1000);
    expect(conceptToSkip(concepts('router firmware '), small, 500)).toBe(-1);
  });
});
