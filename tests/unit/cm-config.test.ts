import fs from 'fs';
import path from 'path';
import { mergeShipped } from '../../src/plugins/support-desk/server/src/cm-config/merge';
import { SHIPPED_TYPES, shippedPaths, englishLabel } from '../../src/plugins/support-desk/server/src/cm-config/shipped';
import { normalizeTagList } from '../../src/plugins/support-desk/server/src/tags/tag-list';

const root = path.resolve(__dirname, '../..');
const cmTranslations = (locale: string) =>
  JSON.parse(fs.readFileSync(path.join(root, 'src/plugins/support-desk/admin/src/translations/cm', `${locale}.json`), 'utf8')) as Record<string, string>;

/** uid → schema of every content type of the project (the calendar and contract views are configured elsewhere). */
function schemas(): Record<string, { info: { displayName: string }; attributes: Record<string, { type: string; enum?: string[]; target?: string }> }> {
  const out: Record<string, any> = {};
  for (const d of fs.readdirSync(path.join(root, 'src/api'))) {
    const p = path.join(root, 'src/api', d, 'content-types', d, 'schema.json');
    if (fs.existsSync(p)) out[`api::${d}.${d}`] = JSON.parse(fs.readFileSync(p, 'utf8'));
  }
  const pluginDir = path.join(root, 'src/plugins/support-desk/server/src/content-types');
  for (const d of fs.readdirSync(pluginDir)) {
    const p = path.join(pluginDir, d, 'schema.json');
    if (fs.existsSync(p)) out[`plugin::support-desk.${d}`] = JSON.parse(fs.readFileSync(p, 'utf8'));
  }
  return out;
}
const OTHERS = ['api::business-calendar.business-calendar', 'api::sla-contract.sla-contract', 'plugin::support-desk.sequence'];

describe('merging the shipped configuration', () => {
  const shipped = { 'settings.pageSize': 20, 'metadatas.state.edit.editable': false, 'layouts.list': ['number', 'subject'] };
  const fresh = { settings: { pageSize: 10 }, metadatas: { state: { edit: { editable: true } } }, layouts: { list: ['id'] } };

  it('applies everything the first time and remembers it', () => {
    const r = mergeShipped(fresh, shipped, undefined);
    expect(r.config).toEqual({ settings: { pageSize: 20 }, metadatas: { state: { edit: { editable: false } } }, layouts: { list: ['number', 'subject'] } });
    expect(r.written.sort()).toEqual(Object.keys(shipped).sort());
    expect(r.applied).toEqual(shipped);
    expect(fresh.settings.pageSize).toBe(10); // the input is not changed
  });

  it('keeps what an admin changed after us and updates what is still ours', () => {
    const first = mergeShipped(fresh, shipped, undefined);
    const byAdmin = structuredClone(first.config);
    byAdmin.layouts.list = ['subject'];
    const next = { ...shipped, 'settings.pageSize': 50, 'layouts.list': ['number', 'subject', 'state'] };
    const r = mergeShipped(byAdmin, next, first.applied);
    expect(r.config.layouts.list).toEqual(['subject']);
    expect(r.config.settings.pageSize).toBe(50);
    expect(r.kept).toEqual(['layouts.list']);
    expect(r.written).toEqual(['settings.pageSize']);
    // Still the admin's at the start after that.
    expect(mergeShipped(r.config, next, r.applied).kept).toEqual(['layouts.list']);
  });
});

describe('the shipped views against the schemas', () => {
  const all = schemas();
  it.each(Object.entries(SHIPPED_TYPES))('%s names only its own fields', (uid, spec) => {
    const attributes = Object.keys(all[uid].attributes);
    const known = [...attributes, 'id', 'createdAt', 'updatedAt', 'publishedAt'];
    const named = [...(spec.list ?? []), ...(spec.readOnly ?? []), ...(spec.hidden ?? []), ...Object.keys(spec.descriptions ?? {}), ...(spec.mainField ? [spec.mainField] : [])];
    expect(named.filter((f) => !known.includes(f))).toEqual([]);
    // Relation names: only for relations of the type, by a field of the target (spreads of shared maps are filtered).
    const paths = shippedPaths(spec, attributes);
    for (const [p, v] of Object.entries(paths)) {
      const m = /^metadatas\.([^.]+)\.edit\.mainField$/.exec(p);
      if (!m || v === 'id') continue;
      const attr = all[uid].attributes[m[1]];
      expect({ field: m[1], type: attr.type }).toEqual({ field: m[1], type: 'relation' });
      const target = all[attr.target as string];
      if (target) expect({ field: m[1], shownBy: v, exists: v as string in target.attributes }).toEqual({ field: m[1], shownBy: v, exists: true });
    }
  });

  it('every shipped list view shows 20 a page', () => {
    for (const spec of Object.values(SHIPPED_TYPES)) expect(shippedPaths(spec, [])['settings.pageSize']).toBe(spec.pageSize ?? 20);
  });

  it('every type of the project is configured (except the calendar and contract views)', () => {
    expect(Object.keys(all).filter((uid) => !OTHERS.includes(uid) && !SHIPPED_TYPES[uid])).toEqual([]);
  });

  it('every field has a zh-Hans label, every enumeration value an en and a zh-Hans one', () => {
    const zh = cmTranslations('zh-Hans');
    const en = cmTranslations('en');
    const missing: string[] = [];
    for (const [uid, schema] of Object.entries(all)) {
      if (!zh[schema.info.displayName]) missing.push(`display name ${schema.info.displayName}`);
      if (OTHERS.includes(uid)) continue;
      for (const [field, attr] of Object.entries(schema.attributes)) {
        if (!zh[`content-manager.content-types.${uid}.${field}`]) missing.push(`${uid}.${field}`);
        for (const v of attr.enum ?? []) {
          if (!zh[v]) missing.push(`zh-Hans ${v}`);
          if (!en[v]) missing.push(`en ${v}`);
        }
      }
      for (const f of ['id', 'createdAt', 'updatedAt']) if (!zh[`content-manager.content-types.${uid}.${f}`]) missing.push(`${uid}.${f}`);
    }
    expect(missing).toEqual([]);
  });

  it('English labels read as words', () => {
    expect(englishLabel('first_response_due_at')).toBe('First response due');
    expect(englishLabel('skills_required')).toBe('Skills required');
    expect(englishLabel('createdAt')).toBe('Created');
  });
});

describe('tag lists', () => {
  it('trims, drops empty entries and duplicates; keeps null', () => {
    expect(normalizeTagList([' vlan ', 'vlan', '', 'poe'])).toEqual({ ok: true, value: ['vlan', 'poe'] });
    expect(normalizeTagList(null)).toEqual({ ok: true, value: null });
  });
  it('refuses anything but a list of short texts', () => {
    for (const bad of ['vlan', 3, { a: 1 }, [1], [['x']], ['x'.repeat(101)], Array.from({ length: 51 }, (_, i) => `t${i}`)]) {
      expect(normalizeTagList(bad).ok).toBe(false);
    }
  });
});
