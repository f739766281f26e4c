import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/**
 * The row id a to-one relation input points to, in any form the document service accepts: an id, a
 * documentId, `{ id }`, `{ documentId }`, `{ connect: [...] }`, `{ set: [...] }`, `{ disconnect }` or
 * an array of these (the last one wins). undefined = the input leaves the relation unchanged,
 * null = it clears it. An unknown documentId is a 400 naming `field`.
 */
export async function relationTargetId(strapi: Core.Strapi, uid: string, field: string, value: unknown): Promise<number | null | undefined> {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const resolveOne = async (v: unknown): Promise<number | null | undefined> => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      if (/^\d+$/.test(v)) return Number(v);
      const row = await strapi.db.query(uid as any).findOne({ where: { documentId: v }, select: ['id'] });
      if (!row) throw new errors.ValidationError(`No ${field} with documentId "${v.slice(0, 100)}".`, { errors: [{ path: [field], message: `unknown ${field}`, name: 'ValidationError' }] });
      return row.id;
    }
    if (v && typeof v === 'object') {
      const o = v as { id?: unknown; documentId?: unknown; connect?: unknown[]; disconnect?: unknown[]; set?: unknown[] };
      if (Array.isArray(o.set)) return o.set.length ? resolveOne(o.set[o.set.length - 1]) : null;
      if (Array.isArray(o.connect) && o.connect.length) return resolveOne(o.connect[o.connect.length - 1]);
      if (Array.isArray(o.disconnect) && o.disconnect.length) return null;
      if (o.id !== undefined && o.id !== null) return Number(o.id);
      if (typeof o.documentId === 'string') return resolveOne(o.documentId);
      return undefined;
    }
    return undefined;
  };
  return Array.isArray(value) ? (value.length ? resolveOne(value[value.length - 1]) : null) : resolveOne(value);
}
