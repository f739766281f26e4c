/**
 * Document-service middleware: every write of a tag-list field (custom field
 * `plugin::support-desk.tags`) stores a clean list of texts, whatever the write path; anything else
 * is refused with a 400 naming the field (tags/tag-list.ts).
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { normalizeTagList, TAGS_CUSTOM_FIELD } from '../tags/tag-list';

export const tagLists =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    const data = (ctx.params as { data?: Record<string, unknown> } | undefined)?.data;
    if (!data || !['create', 'update'].includes(ctx.action)) return next();
    const attributes = (strapi.getModel(ctx.uid)?.attributes ?? {}) as Record<string, { customField?: string }>;
    const invalid: Array<{ path: string[]; message: string; name: string }> = [];
    for (const [field, attribute] of Object.entries(attributes)) {
      if (attribute.customField !== TAGS_CUSTOM_FIELD || data[field] === undefined) continue;
      const result = normalizeTagList(data[field]);
      if ('message' in result) invalid.push({ path: [field], message: `${field} ${result.message}`, name: 'ValidationError' });
      else data[field] = result.value;
    }
    if (invalid.length) throw new errors.ValidationError(invalid.map((e) => e.message).join('; '), { errors: invalid });
    return next();
  };
