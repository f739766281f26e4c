import type { Core } from '@strapi/strapi';

/** The join table Strapi 5 keeps relation `attribute` of `uid` in (its metadata), if any. */
const joinTableMeta = (strapi: Core.Strapi, uid: string, attribute: string): Record<string, any> | undefined =>
  (strapi.db.metadata.get(uid as any).attributes as Record<string, any>)[attribute]?.joinTable;

/**
 * Bulk-links rows of `uid` to targets through the join table of its relation `attribute` (Strapi 5
 * keeps every relation in a link table), in the current transaction when there is one. For plain
 * one-way relations this is one INSERT for any number of rows; ordered join tables are left to the
 * query engine, which maintains their order columns.
 */
export async function linkRows(strapi: Core.Strapi, uid: string, attribute: string, links: { id: number; target: number }[]) {
  if (!links.length) return;
  const joinTable = joinTableMeta(strapi, uid, attribute);
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
 * Inserts rows and links each to a target through the join table of `uid`'s relation `attribute`
 * (a plain one-way relation, no order columns), in the current transaction `trx`. `insert` is the
 * knex INSERT of the rows (it may skip some: ON CONFLICT DO NOTHING), returning at least `id` and
 * `key`, a column unique per row; `targets` gives a row's target by its key (rows without one get
 * no link). On PostgreSQL the rows and their links are one statement (a data-modifying WITH), else
 * the INSERT and then one INSERT of the links. Answers the rows the INSERT returned.
 */
export async function insertLinked(
  strapi: Core.Strapi,
  trx: any,
  insert: { toSQL: () => { sql: string; bindings: readonly unknown[] } } & PromiseLike<Record<string, unknown>[]>,
  { uid, attribute, key, targets }: { uid: string; attribute: string; key: string; targets: Map<string, number> },
): Promise<Record<string, unknown>[]> {
  const joinTable = joinTableMeta(strapi, uid, attribute);
  const plain = joinTable && !joinTable.orderColumnName && !joinTable.inverseOrderColumnName;
  if (strapi.db.dialect.client !== 'postgres' || !plain || !targets.size) {
    const inserted = await insert;
    const links = inserted.flatMap((r) => (targets.has(String(r[key])) ? [{ id: Number(r.id), target: targets.get(String(r[key]))! }] : []));
    await linkRows(strapi, uid, attribute, links);
    return inserted;
  }
  const { name, own, other } = joinTableOf(strapi, uid, attribute);
  const { sql, bindings } = insert.toSQL();
  const pairs = [...targets];
  const result = await trx.raw(
    `WITH ins AS (${sql}), v (k, target) AS (VALUES ${pairs.map(() => '(?::text, ?::integer)').join(', ')}), ` +
      `l AS (INSERT INTO ?? (??, ??) SELECT ins.id, v.target FROM ins JOIN v ON v.k = ins.??::text) SELECT * FROM ins`,
    [...bindings, ...pairs.flat(), name, own, other, key],
  );
  return result.rows;
}

/**
 * The INSERT that links a row with no link yet for `attribute` (a row just created) to `target`, or
 * null for a relation with an order column of its own (to-many: the query engine's). An inverse order
 * column (the target's list of rows) gets the next place after the target's last, as the query engine
 * gives it (its max + 1, read in the same statement instead of a statement of its own).
 */
function newLinkInsert(strapi: Core.Strapi, uid: string, attribute: string, id: number, target: number): { sql: string; bindings: unknown[] } | null {
  if (!linksNewRowItself(strapi, uid, attribute)) return null;
  const { name, own, other, inverseOrder } = joinTableOf(strapi, uid, attribute);
  if (!inverseOrder) return { sql: 'INSERT INTO ?? (??, ??) VALUES (?, ?)', bindings: [name, own, other, id, target] };
  return { sql: 'INSERT INTO ?? (??, ??, ??) SELECT ?, ?, COALESCE(MAX(??), 0) + 1 FROM ?? WHERE ?? = ?', bindings: [name, own, other, inverseOrder, id, target, inverseOrder, name, other, target] };
}

/** Whether `linkNewRows` writes `attribute`'s link itself (a to-one relation kept in a join table). */
export const linksNewRowItself = (strapi: Core.Strapi, uid: string, attribute: string): boolean => {
  const joinTable = joinTableMeta(strapi, uid, attribute);
  return Boolean(joinTable && !joinTable.orderColumnName);
};

/**
 * Links a row just created (no links yet for these relations) to its targets, per relation name, in
 * the current transaction: on PostgreSQL one statement for all of them (a WITH of INSERTs), else one
 * INSERT each. Relations with an order column of their own (to-many) are left to the query engine.
 */
export async function linkNewRows(strapi: Core.Strapi, uid: string, id: number, targets: Record<string, number>) {
  const inserts: { sql: string; bindings: unknown[] }[] = [];
  for (const [attribute, target] of Object.entries(targets)) {
    const insert = newLinkInsert(strapi, uid, attribute, id, target);
    if (insert) inserts.push(insert);
    else await strapi.db.query(uid as any).update({ where: { id }, data: { [attribute]: target } });
  }
  if (!inserts.length) return;
  await strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client !== 'postgres') {
      for (const { sql, bindings } of inserts) await trx.raw(sql, bindings as any[]);
      return;
    }
    const last = inserts[inserts.length - 1];
    const withs = inserts.slice(0, -1).map((insert, i) => `l${i} AS (${insert.sql})`);
    await trx.raw(`${withs.length ? `WITH ${withs.join(', ')} ` : ''}${last.sql}`, [...inserts.slice(0, -1).flatMap((insert) => insert.bindings), ...last.bindings] as any[]);
  });
}

/**
 * A relation's join table (Strapi 5 keeps every relation in one): its schema-qualified name, id
 * columns and inverse order column (the target's list of rows), if any.
 */
export function joinTableOf(strapi: Core.Strapi, uid: string, attribute: string): { name: string; own: string; other: string; inverseOrder?: string } {
  const joinTable = joinTableMeta(strapi, uid, attribute);
  if (!joinTable) throw new Error(`${uid}.${attribute} has no join table`);
  const schema = strapi.db.getSchemaName();
  return {
    name: schema ? `${schema}.${joinTable.name}` : joinTable.name,
    own: joinTable.joinColumn.name,
    other: joinTable.inverseJoinColumn.name,
    inverseOrder: joinTable.inverseOrderColumnName,
  };
}
