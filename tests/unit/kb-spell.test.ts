/** Typo correction of KB search words (kb/spell.ts) against a hand-made vocabulary. */
import { parseQuery } from '../../src/plugins/support-desk/server/src/kb/query';
import { closestWord, correctQuery, writtenCorrection } from '../../src/plugins/support-desk/server/src/kb/spell';

// Index tokens are Porter2 stems: "password", "reset", "firmwar", "batteri", "printer", "offlin", "warranti", "pass".
const vocab = new Map([
  ['password', 40], ['reset', 30], ['firmwar', 55], ['batteri', 12], ['printer', 20], ['offlin', 8], ['warranti', 6], ['pass', 3], ['passport', 1], ['router', 25], ['route', 2],
]);
const seg = (s: string) => [s];

describe('closestWord', () => {
  test('one edit for words up to 6 letters, two for longer ones; the first letter must agree', () => {
    expect(closestWord('pasword', vocab)).toBe('password'); // a letter left out
    expect(closestWord('firmwre', vocab)).toBe('firmwar'); // stems: "firmware" is "firmwar"
    expect(closestWord('warrenti', vocab)).toBe('warranti');
    expect(closestWord('rset', vocab)).toBe('reset');
    expect(closestWord('prnter', vocab)).toBe('printer');
    expect(closestWord('xrinter', vocab)).toBeNull(); // first letter differs
    expect(closestWord('rzsxt', vocab)).toBeNull(); // three edits from "reset"
  });
  test('known, short or numeric words are left alone; ties go to the more frequent word', () => {
    expect(closestWord('password', vocab)).toBeNull();
    expect(closestWord('vpn', vocab)).toBeNull();
    expect(closestWord('9300', vocab)).toBeNull();
    // "routr": one edit from both "router" (25 rows) and "route" (2): the more frequent wins.
    expect(closestWord('routr', vocab)).toBe('router');
  });
});

describe('correctQuery', () => {
  test('only the unmatched plain words are replaced, exact (no longer a prefix); highlight follows', () => {
    const q = parseQuery('pasword rset', seg);
    const fixed = correctQuery(q, new Set(['pasword', 'rset']), vocab)!;
    expect(fixed.corrections).toEqual([{ from: 'pasword', to: 'password' }, { from: 'rset', to: 'reset' }]);
    expect(fixed.query.concepts.map((c) => c.alts[0][0][0])).toEqual([
      { token: 'password', kind: 'word', prefix: false },
      { token: 'reset', kind: 'word', prefix: false },
    ]);
    expect(fixed.query.highlight.words).toEqual(['password', 'reset']);
    // A word the index holds somewhere (not in `unmatched`) is never corrected, even if the vocabulary lacks it.
    expect(correctQuery(parseQuery('kangaroo printer', seg), new Set(), vocab)).toBeNull();
    expect(correctQuery(parseQuery('qqqqqq', seg), new Set(['qqqqqq']), vocab)).toBeNull();
  });
  test('Chinese words and synonym groups are not corrected', () => {
    const q = parseQuery('打印机 pasword', seg);
    const fixed = correctQuery(q, new Set(['打印机', 'pasword']), vocab)!;
    expect(fixed.corrections).toEqual([{ from: 'pasword', to: 'password' }]);
    expect(fixed.query.concepts[0]).toBe(q.concepts[0]);
  });
});

describe('writtenCorrection', () => {
  test('the corrected words as the first result writes them, the rest of the query as typed', () => {
    const text = 'Replacing the battery of the UPS\nBatteries wear out.';
    expect(writtenCorrection('Replace batery now', [{ from: 'batery', to: 'batteri' }], text)).toEqual({ q: 'replace battery now', words: [{ from: 'batery', to: 'battery' }] });
    // Not in the text: the stem.
    expect(writtenCorrection('offlne printer', [{ from: 'offlne', to: 'offlin' }], 'Printer')).toEqual({ q: 'offlin printer', words: [{ from: 'offlne', to: 'offlin' }] });
    // Whole words only.
    expect(writtenCorrection('rset the reset rset', [{ from: 'rset', to: 'reset' }], 'Reset').q).toBe('reset the reset rset');
  });
});
