import type { Core } from '@strapi/strapi';

/**
 * Bulk-links rows of `uid` to targets through the join table of its relation `attribute` (Strapi 5
 * keeps every relation in a link table), in the current transaction when there is one. For plain
 * one-way relations this is one INSERT for any number of rows; ordered join tables are left to the
 * query engine, which maintains their order columns.
 */
export async function linkRows(strapi: Core.Strapi, uid: string, attribute: string, links: { id: number; target: number }[]) {
  if (!links.length) return;
  const joinTable = (strapi.db.metadata.get(uid as any).attributes as Record<string, any>)[attribute]?.joinTable;
  if (joinTable && !joinTable.orderColumnName && !joinTable.inverseOrderColumnName) {
    await strapi.db.transaction(async ({ trx }) => {
      const schema = strapi.db.getSchemaName();
      const q = schema ? trx(joinTable.name).withSchema(schema) : trx(joinTable.name);
      await q.insert(links.map((l) => ({ [joinTable.joinColumn.name]: l.id, [joinTable.inverseJoinColumn.name]: l.target })));
    });
    return;
  }
  for (const l of links) await strapi.db.query(uid as any).update({ where: { id: l.id }, data: { [attribute]: l.target } });
}
