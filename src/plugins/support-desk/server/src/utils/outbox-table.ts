import type { Core } from '@strapi/strapi';
import { NOTIFICATION_UID } from '../constants';

export type Knex = Core.Strapi['db']['connection'];

/**
 * A knex query on the notification outbox table, in `k` (the connection by default, or a
 * transaction), schema-qualified on PostgreSQL. The three notification services write and read
 * the outbox in SQL through this.
 */
export function outboxTable(strapi: Core.Strapi, k: Knex = strapi.db.connection) {
  const name: string = (strapi.db.metadata.get(NOTIFICATION_UID) as any).tableName;
  const schema = strapi.db.getSchemaName();
  return schema ? k(name).withSchema(schema) : k(name);
}
