/**
 * People by name in the Content Manager's relation fields. The Content Manager puts a relation's
 * main field into its answer only when the caller may read that field of the target type
 * (`sanitizeMainField`, @strapi/content-manager controllers/relations.js), else the document id.
 * Agents have no Content Manager permission on admin users (not a Content Manager type) nor on
 * customer accounts, so a ticket's assignee and requester read as document ids to them.
 *
 * Route middleware on the two relation routes (findAvailable, findExisting; added in register.ts):
 * after the controller, for targets listed here and a configured main field the list allows, it
 * fills in that one field from the database. Nothing else of the target is added.
 */
import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';

/** The fields that may name a person in a relation field, per target type (names only, no e-mail). */
export const RELATION_NAME_FIELDS: Record<string, readonly string[]> = {
  'admin::user': ['firstname', 'lastname', 'username'],
  'plugin::users-permissions.user': ['username'],
};

export const RELATION_ROUTE_HANDLERS = ['relations.findAvailable', 'relations.findExisting'];

export const relationNames = (strapi: Core.Strapi) => async (ctx: Context, next: Next) => {
  await next();
  const results = (ctx.body as { results?: unknown } | undefined)?.results;
  if (ctx.status !== 200 || !Array.isArray(results) || !results.length) return;
  const { model, targetField } = (ctx.params ?? {}) as { model?: string; targetField?: string };
  const source = typeof model === 'string' ? (strapi.getModel(model as any) as any) : undefined;
  const attribute = source && typeof targetField === 'string' ? source.attributes?.[targetField] : undefined;
  const allowed = attribute?.type === 'relation' ? RELATION_NAME_FIELDS[attribute.target] : undefined;
  if (!allowed) return;
  const cm = strapi.plugin('content-manager');
  const configuration = await cm.service(source.modelType === 'component' ? 'components' : 'content-types').findConfiguration(source);
  const mainField = configuration?.metadatas?.[targetField as string]?.edit?.mainField;
  if (typeof mainField !== 'string' || !allowed.includes(mainField)) return;
  const missing = (results as Array<Record<string, unknown>>).filter((r) => r && r[mainField] === undefined && typeof r.documentId === 'string');
  if (!missing.length) return;
  const rows = await strapi.db.query(attribute.target).findMany({
    where: { documentId: { $in: missing.map((r) => r.documentId) } },
    select: ['documentId', mainField],
  });
  const names = new Map(rows.map((r: Record<string, unknown>) => [r.documentId, r[mainField]]));
  for (const r of missing) if (names.has(r.documentId)) r[mainField] = names.get(r.documentId) ?? null;
};
