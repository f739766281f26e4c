/** Pure cores of the KB: tokenization, query parsing, snippets, response cache, diff, params (rate limit: rate-limit.test.ts). */
import { indexTokens, markdownToText, stem } from '../../src/plugins/support-desk/server/src/kb/text';
import { parseQuery, toFtsMatch, toTsQuery, toTsVector } from '../../src/plugins/support-desk/server/src/kb/query';
import { escapeHtml, highlightAll, snippet } from '../../src/plugins/support-desk/server/src/kb/highlight';
import { createResponseCache } from '../../src/plugins/support-desk/server/src/kb/response-cache';
import { diffLines, compareSnapshots } from '../../src/plugins/support-desk/server/src/kb/diff';
import { KbInputError, assertOnly, parseLocale, parsePaging, parseSearchText } from '../../src/plugins/support-desk/server/src/kb/params';

describe('text analysis', () => {
  test('English inflections and derivations meet at one stem (Porter2)', () => {
    expect(['upgrade', 'upgrades', 'upgraded', 'upgrading'].map(stem)).toEqual(['upgrad', 'upgrad', 'upgrad', 'upgrad']);
    expect(['fails', 'failed', 'failing'].map(stem)).toEqual(['fail', 'fail', 'fail']);
    expect(['batteries', 'battery', 'leds', 'switches', 'running'].map(stem)).toEqual(['batteri', 'batteri', 'led', 'switch', 'run']);
    // Porter2, not a suffix chopper: "supply" and "sup", "apply" and "app" stay apart.
    expect(['supply', 'supplies', 'apply', 'connection', 'connected'].map(stem)).toEqual(['suppli', 'suppli', 'appli', 'connect', 'connect']);
    expect(stem('9300')).toBe('9300');
  });
  test('CJK text is indexed as unigrams and bigrams; Latin words stemmed; NFKC + lower case', () => {
    expect(indexTokens('电源灯 LEDs')).toEqual(['电', '电源', '源', '源灯', '灯', 'led']);
    expect(indexTokens('ＳＷ-9300')).toEqual(['sw', '9300']);
  });
  test('markdown to text keeps the words', () => {
    expect(markdownToText('## Steps\n1. Run `show env` **now**\n[docs](http://x) <b>x</b>')).toBe('Steps\nRun show env now\ndocs x');
  });
});

describe('query parsing', () => {
  const seg = (s: string) => (s === '交换机电源' ? ['交换机', '电源'] : [s]);
  test('Chinese words become their bigrams, Latin words prefixes; all groups required', () => {
    const q = parseQuery('交换机电源 upgrading', seg);
    expect(toTsQuery(q)).toBe("('交换' & '换机') & '电源' & 'upgrad':*");
    expect(toFtsMatch(q)).toBe('("交换" AND "换机") AND "电源" AND "upgrad"*');
    expect(toTsQuery(q, 'any')).toBe("('交换' & '换机') | '电源' | 'upgrad':*");
    expect(q.highlight).toEqual({ words: ['upgrad'], cjk: ['交换机', '电源'] });
  });
  test('only the word still being typed (the last, no space after it) is a prefix', () => {
    expect(toTsQuery(parseQuery('router firmw'))).toBe("'router' & 'firmw':*");
    expect(toTsQuery(parseQuery('router firmware '))).toBe("'router' & 'firmwar'");
    expect(toFtsMatch(parseQuery('reset routers'))).toBe('"reset" AND "router"*');
    expect(toTsQuery(parseQuery('firmware 固件'))).toBe("'firmwar' & '固件'");
    expect(toTsQuery(parseQuery('power supply power'))).toBe("'power':* & 'suppli'");
  });
  test('one-character queries and hostile characters', () => {
    expect(toTsQuery(parseQuery('灯'))).toBe("'灯'");
    expect(toTsQuery(parseQuery("a' | b:* & !c"))).toBe("'a' & 'b' & 'c':*");
    expect(toTsQuery(parseQuery("a:* | b' "))).toBe("'a' & 'b'");
    expect(parseQuery('!!! ???').concepts).toEqual([]);
  });
  test('tsvector literal carries positions and weights', () => {
    expect(toTsVector([{ tokens: ['电', '电源'], weight: 'A' }, { tokens: ['电'], weight: 'D' }])).toBe("'电':1A,4D '电源':2A");
  });
});

describe('snippets', () => {
  const terms = { words: ['upgrad'], cjk: ['固件'] };
  test('marks matches and escapes everything else', () => {
    expect(highlightAll('Upgrading <b>firmware</b>', terms)).toBe('<mark>Upgrading</mark> &lt;b&gt;firmware&lt;/b&gt;');
    expect(highlightAll('安全升级固件', terms)).toBe('安全升级<mark>固件</mark>');
    expect(escapeHtml(`<script>"'&`)).toBe('&lt;script&gt;&quot;&#39;&amp;');
  });
  test('a window around the matches, with ellipses', () => {
    const text = `${'lorem ipsum '.repeat(30)}then upgrade the device ${'dolor sit '.repeat(30)}`;
    const s = snippet(text, terms, 60);
    expect(s).toMatch(/^…/);
    expect(s).toMatch(/…$/);
    expect(s).toContain('<mark>upgrade</mark>');
  });
});

describe('response cache', () => {
  test('serves entries of the current version only, and never stores an answer computed across a change', () => {
    let now = 0;
    const c = createResponseCache({ ttlMs: 1000, now: () => now });
    c.setVersion(1);
    expect(c.set('/x', { body: 'a', etag: '"a"', lastModified: 'x' }, 1)).toBe(true);
    expect(c.get('/x')?.body).toBe('a');
    expect(c.set('/y', { body: 'b', etag: '"b"', lastModified: 'x' }, 0)).toBe(false);
    c.setVersion(2);
    expect(c.get('/x')).toBeUndefined();
    c.set('/x', { body: 'c', etag: '"c"', lastModified: 'x' }, 2);
    now = 1001;
    expect(c.get('/x')).toBeUndefined();
  });
  test('bounded by entries', () => {
    const c = createResponseCache({ maxEntries: 2 });
    for (const k of ['/a', '/b', '/c']) c.set(k, { body: k, etag: k, lastModified: '' }, 0);
    expect(c.size()).toBe(2);
    expect(c.get('/a')).toBeUndefined();
  });
});

describe('revision diff', () => {
  test('line diff and field changes', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([{ op: 'same', text: 'a' }, { op: 'del', text: 'b' }, { op: 'same', text: 'c' }, { op: 'add', text: 'd' }]);
    expect(compareSnapshots({ title: 'x', tags: ['a'] }, { title: 'y', tags: ['a'] }, ['title', 'tags'])).toEqual([{ field: 'title', from: 'x', to: 'y' }]);
  });
});

describe('parameters', () => {
  test('clear errors for bad input', () => {
    expect(() => parseLocale('fr')).toThrow('Unknown locale "fr"; use one of en, zh-Hans.');
    expect(parseLocale('ZH-hans')).toBe('zh-Hans');
    expect(() => parsePaging({ page: '-2' })).toThrow(KbInputError);
    expect(parsePaging({ pageSize: '999' })).toEqual({ page: 1, pageSize: 50, withCount: true });
    expect(() => parseSearchText('x'.repeat(1000))).toThrow(/1000 characters long; keep it to 200/);
    expect(() => parseSearchText('   ')).toThrow(/required/);
    expect(() => assertOnly({ filters: {} }, ['q'])).toThrow('Unknown query parameter "filters"; this endpoint accepts "q".');
  });
});
