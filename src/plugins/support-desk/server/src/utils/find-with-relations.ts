/**
 * `strapi.db.query(uid).findOne({ where, populate })` in one statement on PostgreSQL.
 *
 * The query engine reads each populated relation with a statement of its own: a ticket with the
 * eleven relations a transition plans with and answers with took twelve round trips inside the
 * write's transaction, about half of the transition's server time (bench/README.md, write-profile).
 * Here each relation is a correlated subquery that PostgreSQL returns as JSON (`to_jsonb` of the
 * target's row, `jsonb_agg` in the join table's order for a to-many), and every row is converted
 * by the query engine's own `fromRow` (column names to attributes, each field's `fromDB`), so the
 * answer is the query engine's, value for value (tests/integration/find-with-relations.test.ts
 * compares them).
 *
 * Handled: relations kept in a join table (to-one and to-many, with its `on` and order), a to-one
 * kept in a column of the row (`createdBy`), a `morphMany` whose target keeps the morph in a join
 * table (media), `select` (`'*'`: every column) and nested `populate`; `where` by `id` or
 * `documentId`. Anything else, and SQLite (whose statements cost no round trip), is the query engine's.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
// The query engine's row conversion (the same @strapi/database version as @strapi/strapi's, pinned).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fromRow } = require('@strapi/database/dist/query/helpers/transform') as { fromRow: (meta: unknown, row: unknown) => Row | null };

type Row = Record<string, any>;
export type PopulateSpec = readonly string[] | Record<string, unknown>;
interface RelationSpec {
  select?: string[];
  populate?: Record<string, RelationSpec | true>;
}

const TO_ONE = new Set(['oneToOne', 'manyToOne']);
const TO_MANY = new Set(['oneToMany', 'manyToMany']);
/** Prefix of the JSON columns holding relations (never an attribute's column). */
const REL = '__rel_';
const ORDER = '__ord';

/**
 * The statement's name for PostgreSQL: a named statement is parsed and planned once per connection
 * and then only bound and executed (node-postgres keeps the names per connection); the read's
 * planning costs more than its execution (1.4 vs 1.3 ms at 1M tickets). The name is the text's hash:
 * one name must always mean one text.
 */
const statementName = (sql: string) => `sd_rel_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;

const id = (name: string) => `"${name.replace(/"/g, '""')}"`;

const normalize = (populate: PopulateSpec | undefined): Record<string, RelationSpec> | null => {
  if (!populate) return {};
  if (Array.isArray(populate)) return Object.fromEntries(populate.map((r) => [r, {}]));
  const out: Record<string, RelationSpec> = {};
  for (const [name, value] of Object.entries(populate as Record<string, unknown>)) {
    if (value === true) out[name] = {};
    else if (value && typeof value === 'object') {
      const { select, populate: nested, ...rest } = value as Row;
      if (Object.keys(rest).length) return null; // filters, sort, count …: the query engine's
      if (select !== undefined && !(Array.isArray(select) && select.every((s) => typeof s === 'string'))) return null;
      const inner = nested === undefined ? {} : normalize(nested as PopulateSpec);
      if (!inner) return null;
      out[name] = { select, populate: inner as Record<string, RelationSpec> };
    } else return null;
  }
  return out;
};

export function createRelationReader(strapi: Core.Strapi) {
  const metadata = strapi.db.metadata as unknown as { get: (uid: string) => Row };
  const table = (name: string) => {
    const schema = strapi.db.getSchemaName();
    return schema ? `${id(schema)}.${id(name)}` : id(name);
  };

  /** The target's columns to read: all, or those of `select` (and `id`, which nested relations need). */
  const columns = (meta: Row, alias: string, select?: string[]): string | null => {
    if (!select || select.includes('*')) return `${alias}.*`;
    const cols = new Set(['id']);
    for (const name of select) {
      const attribute = meta.attributes[name];
      if (!attribute || attribute.type === 'relation') return null;
      cols.add(attribute.columnName ?? name);
    }
    return [...cols].map((c) => `${alias}.${id(c)}`).join(', ');
  };

  /**
   * The SQL of `meta`'s relations in `spec` as JSON columns of a row aliased `parent`, with their
   * bindings in order; null when one of them is not handled here.
   */
  function relationColumns(meta: Row, parent: string, spec: Record<string, RelationSpec>, depth: number, bindings: unknown[]): string[] | null {
    const out: string[] = [];
    for (const [name, rel] of Object.entries(spec)) {
      const attribute = meta.attributes[name];
      if (!attribute || attribute.type !== 'relation') return null;
      const target = metadata.get(attribute.target);
      if (!target) return null;
      const t = `t${depth}`;
      const l = `l${depth}`;
      const cols = columns(target, t, rel.select);
      if (!cols) return null;
      const nestedBindings: unknown[] = [];
      const nested = relationColumns(target, t, (rel.populate ?? {}) as Record<string, RelationSpec>, depth + 1, nestedBindings);
      if (!nested) return null;
      const select = [cols, ...nested];
      let from: string;
      let orderBy: string[] = [];
      const joinBindings: unknown[] = [];
      const on = (jt: Row, extra: Row = {}) =>
        Object.entries({ ...(jt.on ?? {}), ...extra })
          .map(([column, value]) => {
            joinBindings.push(value);
            return ` AND ${l}.${id(column)} = ?`;
          })
          .join('');
      let many: boolean;
      if ((TO_ONE.has(attribute.relation) || TO_MANY.has(attribute.relation)) && attribute.joinTable && !attribute.joinTable.morphColumn) {
        const jt = attribute.joinTable;
        many = TO_MANY.has(attribute.relation);
        from =
          `FROM ${table(target.tableName)} AS ${t} JOIN ${table(jt.name)} AS ${l} ON ${l}.${id(jt.inverseJoinColumn.name)} = ${t}.${id(jt.inverseJoinColumn.referencedColumn)}${on(jt)}` +
          ` WHERE ${l}.${id(jt.joinColumn.name)} = ${parent}.${id(jt.joinColumn.referencedColumn)}`;
        orderBy = Object.keys(jt.orderBy ?? {}).map((c) => `${l}.${id(c)}`);
      } else if (TO_ONE.has(attribute.relation) && attribute.joinColumn && !attribute.joinTable) {
        // The target's id in a column of the parent's row (the document service's createdBy/updatedBy).
        const jc = attribute.joinColumn;
        many = false;
        from = `FROM ${table(target.tableName)} AS ${t} WHERE ${t}.${id(jc.referencedColumn)} = ${parent}.${id(jc.name)}`;
      } else if (attribute.relation === 'morphMany' && attribute.morphBy) {
        const jt = target.attributes[attribute.morphBy]?.joinTable;
        if (!jt?.morphColumn || target.attributes[attribute.morphBy].relation !== 'morphToMany') return null;
        many = true;
        const { idColumn, typeColumn } = jt.morphColumn;
        from = `FROM ${table(target.tableName)} AS ${t} JOIN ${table(jt.name)} AS ${l} ON ${l}.${id(jt.joinColumn.name)} = ${t}.${id(jt.joinColumn.referencedColumn)}${on(jt, { field: name })}`;
        from += ` WHERE ${l}.${id(idColumn.name)} = ${parent}.${id(idColumn.referencedColumn)} AND ${l}.${id(typeColumn.name)} = ?`;
        joinBindings.push(meta.uid);
        orderBy = Object.keys(jt.orderBy ?? {}).map((c) => `${l}.${id(c)}`);
      } else return null;
      // The nested relations' placeholders come first in the text (the select list), then the join's.
      bindings.push(...nestedBindings, ...joinBindings);
      if (many) {
        const ord = orderBy.map((c, i) => `${c} AS ${id(`${ORDER}${i}`)}`);
        const aggOrder = orderBy.length ? ` ORDER BY ${orderBy.map((_, i) => `s.${id(`${ORDER}${i}`)}`).join(', ')}` : '';
        out.push(`(SELECT COALESCE(jsonb_agg(to_jsonb(s)${aggOrder}), '[]'::jsonb) FROM (SELECT ${[...select, ...ord].join(', ')} ${from}) AS s) AS ${id(REL + name)}`);
      } else {
        out.push(`(SELECT to_jsonb(s) FROM (SELECT ${select.join(', ')} ${from}${orderBy.length ? ` ORDER BY ${orderBy.join(', ')}` : ''} LIMIT 1) AS s) AS ${id(REL + name)}`);
      }
    }
    return out;
  }

  /** A row (the driver's or a JSON object) as the query engine hands it back, with its relations. */
  function hydrate(meta: Row, row: Row, spec: Record<string, RelationSpec>): Row {
    const entry = fromRow(meta, row) as Row;
    for (const [name, rel] of Object.entries(spec)) {
      const attribute = meta.attributes[name];
      const target = metadata.get(attribute.target);
      // jsonb arrives as text: the pool's type parsers leave JSON to the fields' fromDB.
      const raw = row[REL + name];
      const value = typeof raw === 'string' ? JSON.parse(raw) : raw;
      const inner = (rel.populate ?? {}) as Record<string, RelationSpec>;
      entry[name] = Array.isArray(value) ? value.map((v: Row) => hydrate(target, v, inner)) : value ? hydrate(target, value, inner) : null;
    }
    return entry;
  }

  return {
    async findOne(uid: string, where: { id?: number; documentId?: string }, populate?: PopulateSpec): Promise<Row | null> {
      const keys = Object.keys(where);
      const spec = normalize(populate);
      const key = keys.length === 1 && (keys[0] === 'id' || keys[0] === 'documentId') ? keys[0] : null;
      const value = key ? (where as Row)[key] : undefined;
      const simple = key !== null && (typeof value === 'number' || typeof value === 'string');
      // A copy of the populate: the event read's object (serveEntryEventReads) must not come back here.
      const queryEngine = () => strapi.db.query(uid as any).findOne({ where, populate: Array.isArray(populate) ? [...populate] : populate ? { ...(populate as any) } : undefined });
      if (strapi.db.dialect.client !== 'postgres' || !spec || !simple) return queryEngine();
      const meta = metadata.get(uid);
      const bindings: unknown[] = [];
      const relations = relationColumns(meta, 'r', spec, 1, bindings);
      if (!relations) return queryEngine();
      const column = meta.attributes[key!].columnName ?? (key === 'documentId' ? 'document_id' : key!);
      const sql = `SELECT ${['r.*', ...relations].join(', ')} FROM ${table(meta.tableName)} AS r WHERE r.${id(column)} = ? LIMIT 1`;
      bindings.push(value);
      // In the caller's transaction when there is one (the write's), else on the pool.
      const options = { name: statementName(sql) };
      const result = strapi.db.inTransaction()
        ? await strapi.db.transaction(({ trx }) => trx.raw(sql, bindings as any[]).options(options))
        : await strapi.db.connection.raw(sql, bindings as any[]).options(options);
      const row = (result as { rows: Row[] }).rows[0];
      return row ? hydrate(meta, row, spec) : null;
    },
  };
}

/**
 * The document service's deep populate, memoized per model: the object its event manager reads with
 * (core's own module, which its package's `exports` do not list; @strapi/* is pinned).
 */
export const documentServicePopulate = (): { getDeepPopulate: (uid: string, opts: object) => object } =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(path.dirname(require.resolve('@strapi/core/package.json')), 'dist/services/document-service/utils/populate.js'));

/**
 * The document service emits `entry.create` / `entry.update` after the commit with the entry read
 * again with every relation (core's document-service/events.js: `db.query(uid).findOne({ where: { id },
 * populate: getDeepPopulate(uid) })`): sixteen statements for a ticket, run beside the request's own
 * reads (a ticket creation sent 56 statements, 14 of them this one). On PostgreSQL, that read of the
 * `uids`' entries — recognized by its populate being that very object — is served by the reader, in
 * one statement, with the same answer (tests/integration/find-with-relations.test.ts).
 */
export function serveEntryEventReads(strapi: Core.Strapi, uids: readonly string[]): void {
  if (strapi.db.dialect.client !== 'postgres') return;
  const reader = createRelationReader(strapi);
  for (const uid of uids) {
    const eventPopulate = documentServicePopulate().getDeepPopulate(uid, {});
    const repository = strapi.db.query(uid as any) as unknown as { findOne: (params?: Row) => Promise<Row | null> };
    const findOne = repository.findOne.bind(repository);
    repository.findOne = (params?: Row) => {
      const isEventRead = params?.populate === eventPopulate && Object.keys(params).length === 2 && Object.keys(params.where ?? {}).join() === 'id';
      return isEventRead ? reader.findOne(uid, params!.where, eventPopulate as PopulateSpec) : findOne(params);
    };
  }
}
