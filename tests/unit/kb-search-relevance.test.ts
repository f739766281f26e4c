/** Pure parts of the KB search relevance: stop words, synonyms, concepts and their SQL renderings, locale detection. */
import { conceptFtsMatch, conceptTsQuery, parseQuery, toFtsMatch, toTsQuery } from '../../src/plugins/support-desk/server/src/kb/query';
import { compileSynonyms, parseSynonymTerms } from '../../src/plugins/support-desk/server/src/kb/synonyms';
import { isChineseStopWord, isEnglishStopWord } from '../../src/plugins/support-desk/server/src/kb/stopwords';
import { detectLocale, localeFromAcceptLanguage } from '../../src/plugins/support-desk/server/src/kb/params';

// A stand-in segmenter with a tiny dictionary (the app uses jieba).
const DICT = ['打印机', '连不上', '无法', '连接', '怎么', '固件', '退回', '旧版本', '硬盘', '了', '吗', '把', '工'];
const seg = (text: string) => {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const w = DICT.filter((d) => text.startsWith(d, i)).sort((a, b) => b.length - a.length)[0] ?? text[i];
    out.push(w);
    i += w.length;
  }
  return out;
};
const synonyms = compileSynonyms([
  '连不上, 无法连接, 离线',
  "won't connect, cannot connect, can't connect",
  'send back, return, RMA',
  'rma, 返修',
  'only one phrase',
]);

describe('stop and question words', () => {
  test('English and Chinese function words are recognised, content words are not', () => {
    expect(['how', 'the', 'can', 't', 'won', 'my'].every((w) => isEnglishStopWord(w))).toBe(true);
    expect(['vpn', 'warranty', 'down', 'firmware'].some((w) => isEnglishStopWord(w))).toBe(false);
    expect(['怎么', '吗', '了', '我的'].every(isChineseStopWord)).toBe(true);
    expect(['固件', '硬盘', '不工作'].some(isChineseStopWord)).toBe(false);
  });
  test('they need not match; a query of nothing else still searches them', () => {
    expect(toTsQuery(parseQuery('how do I upgrade the firmware '))).toBe("'upgrad' & 'firmwar'");
    expect(toTsQuery(parseQuery('怎么把固件退回旧版本', seg))).toBe("'固件' & '退回' & ('旧版' & '版本')");
    expect(toTsQuery(parseQuery('how to '))).toBe("'how' & 'to'");
    expect(toTsQuery(parseQuery('how to ', undefined, { stopWords: false }))).toBe("'how' & 'to'");
    expect(toTsQuery(parseQuery('the warranty ', undefined, { stopWords: false }))).toBe("'the' & 'warranti'");
  });
  test('adjacent single characters the dictionary does not know become one word', () => {
    expect(parseQuery('工单', seg).concepts.map((c) => c.text)).toEqual(['工单']);
  });
});

describe('synonyms', () => {
  test('an entry is split on commas, 、, semicolons and new lines; one-phrase groups are dropped', () => {
    expect(parseSynonymTerms(' A,b、c；d\n\nA ')).toEqual(['a', 'b', 'c', 'd']);
    expect(synonyms.groups).toEqual([['连不上', '无法连接', '离线'], ["won't connect", 'cannot connect', "can't connect"], ['send back', 'return', 'rma', '返修']]);
  });
  test('a Chinese phrase inside a word run becomes a concept any phrase of its group satisfies (无法 is a stop word)', () => {
    const q = parseQuery('打印机连不上', seg, { synonyms });
    expect(q.concepts.map((c) => [c.text, c.synonym])).toEqual([['打印机', false], ['连不上', true]]);
    expect(toTsQuery(q)).toBe("('打印' & '印机') & (('连不' & '不上') | '连接' | '离线')");
    expect(toFtsMatch(q)).toBe('("打印" AND "印机") AND (("连不" AND "不上") OR "连接" OR "离线")');
  });
  test('a Latin phrase matches by stems, across an apostrophe; alternatives lose their stop words', () => {
    const q = parseQuery("VPN won't connect", seg, { synonyms });
    expect(q.concepts.map((c) => c.text)).toEqual(['vpn', "won't connect"]);
    expect(q.concepts[1].alts).toEqual([[[{ token: 'connect', kind: 'word', prefix: false }]]]);
    expect(q.highlight.words).toEqual(['vpn', 'connect']);
  });
  test('a phrase in two groups stands for both', () => {
    const q = parseQuery('send back ', seg, { synonyms });
    expect(toTsQuery(q)).toBe("(('send' & 'back') | 'return' | 'rma' | '返修')");
  });
  test('no synonyms without the list; a query without the phrase is unchanged', () => {
    expect(toTsQuery(parseQuery("won't connect ", seg))).toBe("'connect'");
    expect(toTsQuery(parseQuery('firmware 固件', seg, { synonyms }))).toBe("'firmwar' & '固件'");
  });
});

describe('relaxed ranking inputs', () => {
  test('a concept alone, anywhere or in the title and tags only', () => {
    const q = parseQuery('打印机连不上 upgr', seg, { synonyms });
    expect(conceptTsQuery(q.concepts[0], 'title')).toBe("('打印':AB & '印机':AB)");
    expect(conceptTsQuery(q.concepts[2], 'title')).toBe("'upgr':*AB");
    expect(conceptFtsMatch(q.concepts[1], 'title')).toBe('{title tags} : ((("连不" AND "不上") OR "连接" OR "离线"))');
    expect(toTsQuery(q, 'any')).toBe("('打印' & '印机') | (('连不' & '不上') | '连接' | '离线') | 'upgr':*");
  });
});

describe('locale without a parameter', () => {
  test('Chinese characters → zh-Hans, else Accept-Language, else the default', () => {
    expect(detectLocale('密码', 'en-US,en;q=0.9')).toEqual({ locale: 'zh-Hans', source: 'script' });
    expect(detectLocale('VPN 连不上', undefined)).toEqual({ locale: 'zh-Hans', source: 'script' });
    expect(detectLocale('password', 'zh-CN,zh;q=0.9,en;q=0.8')).toEqual({ locale: 'zh-Hans', source: 'accept-language' });
    expect(detectLocale('password', 'fr-FR, en;q=0.5')).toEqual({ locale: 'en', source: 'accept-language' });
    expect(detectLocale('password', 'fr-FR')).toEqual({ locale: 'en', source: 'default' });
    expect(detectLocale('password', '')).toEqual({ locale: 'en', source: 'default' });
  });
  test('q-values order the preferences; q=0 refuses a language', () => {
    expect(localeFromAcceptLanguage('en;q=0.3, zh-TW;q=0.8')).toBe('zh-Hans');
    expect(localeFromAcceptLanguage('zh;q=0, en')).toBe('en');
    expect(localeFromAcceptLanguage('*')).toBeUndefined();
  });
});
