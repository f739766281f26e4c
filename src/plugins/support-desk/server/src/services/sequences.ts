import type { Core } from '@strapi/strapi';
import { SEQUENCE_UID } from '../constants';

/**
 * Named counters. `next` is one atomic UPDATE … RETURNING on the counter row (row-locked on
 * PostgreSQL, single writer on SQLite), so parallel callers never get the same value. It joins the
 * caller's transaction: a value from a rolled-back transaction was never visible to anyone.
 */
const createSequenceService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async next(name: string): Promise<number> {
    const { tableName } = strapi.db.metadata.get(SEQUENCE_UID);
    return strapi.db.transaction(async ({ trx }) => {
      const bump = async () => {
        const result = await trx.raw(`UPDATE ?? SET value = value + 1, updated_at = ? WHERE name = ? RETURNING value`, [tableName, new Date(), name]);
        return (Array.isArray(result) ? result : result.rows) as { value: number | string }[];
      };
      let rows = await bump();
      if (!rows.length) {
        // First use; a concurrent first user may insert it too, hence DO NOTHING.
        await trx.raw(`INSERT INTO ?? (document_id, name, value, created_at, updated_at) VALUES (?, ?, 0, ?, ?) ON CONFLICT (name) DO NOTHING`, [
          tableName,
          `sequence-${name}`,
          name,
          new Date(),
          new Date(),
        ]);
        rows = await bump();
      }
      return Number(rows[0].value);
    });
  },
});

export type SequenceService = ReturnType<typeof createSequenceService>;
export default createSequenceService;
