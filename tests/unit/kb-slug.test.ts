import { followsTitle, isPlaceholderSlug, slugFromTitle, uniqueSlug, MAX_SLUG_LENGTH } from '../../src/plugins/support-desk/server/src/kb/slug';

describe('KB slugs from titles', () => {
  it('keeps words whole: VLANs is vlans, not vla-ns', () => {
    expect(slugFromTitle('VLANs')).toBe('vlans');
    expect(slugFromTitle('Configuring VLANs on the S5700')).toBe('configuring-vlans-on-the-s5700');
    expect(slugFromTitle('  Über das NVR  ')).toBe('ueber-das-nvr');
  });

  it('transliterates Chinese titles to pinyin without tones', () => {
    expect(slugFromTitle('交换机VLAN配置指南')).toBe('jiao-huan-ji-vlan-pei-zhi-zhi-nan');
    expect(slugFromTitle('如何重置 NVR 密码？')).toBe('ru-he-zhong-zhi-nvr-mi-ma');
    expect(slugFromTitle('绿色')).toBe('lv-se');
  });

  it('gives nothing for an empty title and stays short', () => {
    expect(slugFromTitle('')).toBe('');
    expect(slugFromTitle(undefined)).toBe('');
    const long = slugFromTitle('network '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(long.endsWith('-')).toBe(false);
  });

  it('is unique by -2, -3 …', () => {
    expect(uniqueSlug('vlans', [])).toBe('vlans');
    expect(uniqueSlug('vlans', ['vlans'])).toBe('vlans-2');
    expect(uniqueSlug('vlans', ['vlans', 'vlans-2', 'vlans-3'])).toBe('vlans-4');
  });

  it('knows whether a slug still follows its title', () => {
    expect(followsTitle('vlans', 'VLANs')).toBe(true);
    expect(followsTitle('vlans-3', 'VLANs')).toBe(true);
    expect(followsTitle('', 'VLANs')).toBe(true);
    expect(followsTitle('my-own-slug', 'VLANs')).toBe(false);
    expect(followsTitle('vlans-setup', 'VLANs')).toBe(false);
  });

  it("recognises the Content Manager's stand-in made before the title was typed", () => {
    for (const slug of ['', 'kb-article', 'kb-article-1', 'kb-article-3847f8a3']) expect({ slug, placeholder: isPlaceholderSlug(slug, 'kb-article') }).toEqual({ slug, placeholder: true });
    for (const slug of ['vlans', 'kb-article-guide', 'kb-articles']) expect({ slug, placeholder: isPlaceholderSlug(slug, 'kb-article') }).toEqual({ slug, placeholder: false });
  });
});
