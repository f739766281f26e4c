import type { Core } from '@strapi/strapi';
import { NOTIFICATION_UID } from '../constants';
import { modelTable, type Knex } from './model-table';

export type { Knex } from './model-table';

/**
 * A knex query on the notification outbox table, in `k` (the connection by default, or a
 * transaction), schema-qualified on PostgreSQL. The three notification services write and read
 * the outbox in SQL through this.
 */
export const outboxTable = (strapi: Core.Strapi, k: Knex = strapi.db.connection) => modelTable(strapi, NOTIFICATION_UID, k);
