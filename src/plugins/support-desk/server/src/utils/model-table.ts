import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';

export type Knex = Core.Strapi['db']['connection'];

/**
 * A knex query on the table of content type `uid`, in `k` (the connection by default, or a
 * transaction), schema-qualified when the database has a schema: for the services that write or
 * read rows in SQL (bulk inserts, locks, counters).
 */
export function modelTable(strapi: Core.Strapi, uid: string, k: Knex = strapi.db.connection) {
  const name: string = (strapi.db.metadata.get(uid as any) as any).tableName;
  const schema = strapi.db.getSchemaName();
  return schema ? k(name).withSchema(schema) : k(name);
}

/** A new `document_id` for a row of `uid` written in SQL: Strapi's own generator (the attribute's default). */
export function newDocumentId(strapi: Core.Strapi, uid: string): string {
  const fromStrapi = (strapi.db.metadata.get(uid as any) as any).attributes?.documentId?.default;
  return typeof fromStrapi === 'function' ? fromStrapi() : crypto.randomBytes(12).toString('hex');
}
