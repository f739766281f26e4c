/**
 * Private attributes (`private: true`, passwords) stay on the server in the Content Manager too
 * (issue 9). Strapi's Content Manager shows admins every field their role may read, private or not,
 * and names a related record by its "main field" without asking whether that field is private: the
 * satisfaction survey's token (whoever holds it answers the survey as the customer) showed in every
 * ticket list. So staff roles are never granted private fields (bootstrap/roles.ts), and no relation
 * of our types is displayed by a private field of its target.
 */
import { SUPPORT_CONTENT_TYPES } from '../constants';

type Attributes = Record<string, { private?: boolean; type?: string; target?: string }>;
// strapi.getModel, not strapi.contentTypes[uid]: the getter copies every schema on each call.
const attributesOf = (uid: string): Attributes => ((strapi.getModel(uid as any) as unknown as { attributes?: Attributes } | undefined)?.attributes ?? {});

export function isPrivateAttribute(uid: string, field: string | undefined): boolean {
  const a = field ? attributesOf(uid)[field.split('.')[0]] : undefined;
  return a?.private === true || a?.type === 'password';
}

/** A permission's field list without the type's private attributes. */
export const withoutPrivateFields = (uid: string, fields: string[] | undefined) => fields?.filter((f) => !isPrivateAttribute(uid, f));

interface CmConfiguration {
  settings?: { mainField?: string };
  metadatas?: Record<string, { edit?: { mainField?: string } }>;
}

/** Our types' Content Manager configurations: a private main field becomes `id` (idempotent). */
export async function keepPrivateFieldsOutOfContentManager() {
  const contentTypes = strapi.plugin('content-manager').service('content-types') as {
    findContentType: (uid: string) => unknown;
    findConfiguration: (ct: unknown) => Promise<CmConfiguration>;
    updateConfiguration: (ct: unknown, config: CmConfiguration) => Promise<unknown>;
  };
  for (const uid of SUPPORT_CONTENT_TYPES) {
    const contentType = contentTypes.findContentType(uid);
    if (!contentType) continue;
    const config = await contentTypes.findConfiguration(contentType);
    let changed = false;
    if (config.settings && isPrivateAttribute(uid, config.settings.mainField)) {
      config.settings.mainField = 'id';
      changed = true;
    }
    for (const [field, attribute] of Object.entries(attributesOf(uid))) {
      const edit = config.metadatas?.[field]?.edit;
      if (attribute.type === 'relation' && attribute.target && edit && isPrivateAttribute(attribute.target, edit.mainField)) {
        edit.mainField = 'id';
        changed = true;
      }
    }
    if (changed) await contentTypes.updateConfiguration(contentType, config);
  }
}
