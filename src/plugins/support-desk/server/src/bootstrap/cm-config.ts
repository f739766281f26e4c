/**
 * Applies the Content Manager configuration the project ships (cm-config/shipped.ts) at start-up,
 * after the Content Manager has synchronised its own (plugin bootstraps run after it). What we
 * applied is remembered per type in the plugin store (`cm-config-applied`), so an admin's later
 * change in "Configure the view" is kept at the next start (cm-config/merge.ts).
 */
import type { Core } from '@strapi/strapi';
import { mergeShipped, type Paths } from '../cm-config/merge';
import { SHIPPED_TYPES, shippedPaths } from '../cm-config/shipped';
import { PLUGIN_ID } from '../constants';

export const APPLIED_KEY = 'cm-config-applied';

interface CmConfiguration {
  settings?: Record<string, unknown>;
  metadatas?: Record<string, { edit?: Record<string, unknown>; list?: Record<string, unknown> }>;
  layouts?: { list?: string[]; edit?: unknown[] };
}
interface CmContentTypes {
  findContentType: (uid: string) => { attributes: Record<string, { type?: string; targetModel?: string }> } | undefined;
  findConfiguration: (ct: unknown) => Promise<CmConfiguration>;
  updateConfiguration: (ct: unknown, config: CmConfiguration) => Promise<unknown>;
}

const NOT_A_MAIN_FIELD = ['json', 'relation', 'media', 'component', 'dynamiczone', 'richtext', 'blocks', 'password', 'text'];

/** Drops a shipped relation main field its target cannot be shown by (the Content Manager would reset it). */
function validPaths(cm: CmContentTypes, contentType: NonNullable<ReturnType<CmContentTypes['findContentType']>>, paths: Paths): Paths {
  return Object.fromEntries(
    Object.entries(paths).filter(([path, value]) => {
      const m = /^metadatas\.([^.]+)\.edit\.mainField$/.exec(path);
      if (!m || value === 'id') return true;
      const target = cm.findContentType(contentType.attributes[m[1]]?.targetModel ?? '');
      const type = target?.attributes[value as string]?.type;
      if (type && !NOT_A_MAIN_FIELD.includes(type)) return true;
      strapi.log.warn(`[support-desk] shipped CM configuration: ${m[1]} cannot be shown by "${String(value)}"; left as it is`);
      return false;
    }),
  );
}

export async function applyShippedCmConfiguration(strapi: Core.Strapi) {
  const cm = strapi.plugin('content-manager').service('content-types') as CmContentTypes;
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID });
  const applied = ((await store.get({ key: APPLIED_KEY })) ?? {}) as Record<string, Paths>;
  const summary: string[] = [];
  for (const [uid, spec] of Object.entries(SHIPPED_TYPES)) {
    const contentType = cm.findContentType(uid);
    if (!contentType) continue;
    const current = await cm.findConfiguration(contentType);
    const fields = Object.keys(current.metadatas ?? {}).filter((f) => f !== 'id' && f !== 'documentId');
    const paths = validPaths(cm, contentType, shippedPaths(spec, fields));
    const result = mergeShipped(current, paths, applied[uid]);
    if (result.written.length) {
      const { settings, metadatas, layouts } = result.config;
      await cm.updateConfiguration(contentType, { settings, metadatas, layouts });
    }
    applied[uid] = result.applied;
    if (result.written.length || result.kept.length) summary.push(`${uid}: ${result.written.length} set, ${result.kept.length} kept`);
  }
  await store.set({ key: APPLIED_KEY, value: applied });
  if (summary.length) strapi.log.info(`[support-desk] Content Manager configuration: ${summary.join('; ')}`);
}
