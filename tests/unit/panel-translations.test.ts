/**
 * The plugin's admin strings in en and zh-Hans (issue 15: zero missing translations): both files hold
 * the same keys, none empty, and every key the Workflow panel's code names literally (`t('…')`) is in
 * both, so the panel shows no raw key and logs no missing-translation error in either language.
 */
import fs from 'fs';
import path from 'path';
import en from '../../src/plugins/support-desk/admin/src/translations/en.json';
import zhHans from '../../src/plugins/support-desk/admin/src/translations/zh-Hans.json';

const COMPONENTS = path.join(__dirname, '../../src/plugins/support-desk/admin/src/components');
const PANEL_FILES = ['TicketPanel.tsx', ...fs.readdirSync(path.join(COMPONENTS, 'ticket-panel')).filter((f) => f.endsWith('.tsx')).map((f) => `ticket-panel/${f}`)];

/** The keys a file passes literally to `t(…)` (template and computed keys are checked by the browser test). */
function literalKeys(file: string): string[] {
  const source = fs.readFileSync(path.join(COMPONENTS, file), 'utf8');
  return [...source.matchAll(/\bt\(\s*'([^'`]+)'/g)].map((m) => m[1]);
}

describe('admin translations', () => {
  it('en and zh-Hans hold the same keys, none empty', () => {
    expect(Object.keys(zhHans).sort()).toEqual(Object.keys(en).sort());
    const empty = [...Object.entries(en), ...Object.entries(zhHans)].filter(([, v]) => typeof v !== 'string' || !v.trim()).map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it.each(PANEL_FILES)('every key %s names is translated in en and zh-Hans', (file) => {
    const keys = literalKeys(file);
    if (file === 'ticket-panel/Links.tsx') expect(keys.length).toBeGreaterThan(15);
    expect(keys.filter((k) => !(k in en))).toEqual([]);
    expect(keys.filter((k) => !(k in zhHans))).toEqual([]);
  });

  it('the links section and its timeline lines read in Chinese, not English', () => {
    const linkKeys = Object.keys(en).filter((k) => k.startsWith('links.') || k.startsWith('timeline.link') || k.startsWith('timeline.followUp'));
    expect(linkKeys.length).toBeGreaterThan(20);
    const untranslated = linkKeys.filter((k) => (zhHans as Record<string, string>)[k] === (en as Record<string, string>)[k]);
    expect(untranslated).toEqual([]);
  });
});
