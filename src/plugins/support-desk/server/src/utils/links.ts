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

/**
 * Links a row that has no link yet for `attribute` (a row just created) to `target`: one INSERT,
 * in the current transaction. An inverse order column (the target's list of rows) gets the next
 * place after the target's last, as the query engine gives it (its max + 1, read in the same
 * statement here instead of a statement of its own). Relations with an order column of their own
 * (to-many) are left to the query engine.
 */
export async function linkNewRow(strapi: Core.Strapi, uid: string, attribute: string, id: number, target: number) {
  const joinTable = (strapi.db.metadata.get(uid as any).attributes as Record<string, any>)[attribute]?.joinTable;
  if (!joinTable || joinTable.orderColumnName) {
    await strapi.db.query(uid as any).update({ where: { id }, data: { [attribute]: target } });
    return;
  }
  await strapi.db.transaction(async ({ trx }) => {
    const schema = strapi.db.getSchemaName();
    const table = schema ? `${schema}.${joinTable.name}` : joinTable.name;
    const own = joinTable.joinColumn.name;
    const other = joinTable.inverseJoinColumn.name;
    const order = joinTable.inverseOrderColumnName as string | undefined;
    if (!order) await trx.raw('INSERT INTO ?? (??, ??) VALUES (?, ?)', [table, own, other, id, target]);
    else await trx.raw('INSERT INTO ?? (??, ??, ??) SELECT ?, ?, COALESCE(MAX(??), 0) + 1 FROM ?? WHERE ?? = ?', [table, own, other, order, id, target, order, table, other, target]);
  });
}
