import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

export { relationTarget, relationInputChanges, type RelationTarget } from '../workflow/relation-input';
import { relationTarget } from '../workflow/relation-input';

/**
 * The row id a to-one relation input points to (see `relationTarget`). undefined = the input leaves
 * the relation unchanged, null = it clears it. An unknown documentId is a 400 naming `field`.
 */
export async function relationTargetId(strapi: Core.Strapi, uid: string, field: string, value: unknown): Promise<number | null | undefined> {
  const target = relationTarget(value);
  if (target.kind === 'unchanged') return undefined;
  if (target.kind === 'clear') return null;
  if (target.id !== undefined) return target.id;
  const documentId = String(target.documentId);
  const row = await strapi.db.query(uid as any).findOne({ where: { documentId }, select: ['id'] });
  if (!row) throw new errors.ValidationError(`No ${field} with documentId "${documentId.slice(0, 100)}".`, { errors: [{ path: [field], message: `unknown ${field}`, name: 'ValidationError' }] });
  return row.id;
}
