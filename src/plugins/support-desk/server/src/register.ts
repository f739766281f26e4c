import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { actionDefinitions } from './permissions';
import { generatedFields } from './documents/generated-fields';
import { ticketWorkflow } from './documents/ticket-workflow';
import { appendOnly } from './documents/append-only';
import { slaConfiguration } from './documents/sla-config';
import { kbReadScope, kbWrites } from './documents/kb-documents';
import { visitBooking } from './documents/visit-booking';
import escalationWrites from './documents/escalation-writes';
import { installProcessGuard } from './utils/process-guard';
import { installCommitGuard } from './utils/commit-guard';
import { inventoryWrites } from './documents/inventory-writes';
import { trainingWrites } from './documents/training-writes';
import { tagLists } from './documents/tag-lists';
import { updateNoticeWrites } from './documents/update-notice-writes';
import { relationNames, RELATION_ROUTE_HANDLERS } from './middlewares/relation-names';
import { roleBody, ROLE_WRITE_HANDLERS } from './middlewares/role-body';

type Migration = { up: (knex: unknown) => Promise<void>; idempotent?: boolean; beforeSync?: (knex: unknown) => Promise<void> };

const migrations = (strapi: Core.Strapi): Migration[] => {
  const dir = path.join(strapi.dirs.app.root, 'database', 'migrations');
  if (!fs.existsSync(dir)) return [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((file) => require(path.join(dir, file)) as Migration);
};

/**
 * Strapi runs user migrations before it creates tables, so on a fresh database a migration that
 * indexes our tables finds nothing to index. Migrations that declare `idempotent: true` are run
 * again once the schema is in sync.
 */
async function rerunIdempotentMigrations(strapi: Core.Strapi) {
  for (const migration of migrations(strapi)) {
    if (migration.idempotent) await strapi.db.connection.transaction((trx) => migration.up(trx));
  }
}

/**
 * A migration's `beforeSync` runs before Strapi's schema sync (and the migrations it runs) at every
 * start: what must not be in the way of the sync, made again by the re-run above (the SQLite
 * triggers of 2026.12.17T00.00.00.ticket-link-columns.js).
 */
async function beforeSchemaSync(strapi: Core.Strapi) {
  for (const migration of migrations(strapi)) {
    if (migration.beforeSync) await strapi.db.connection.transaction((trx) => migration.beforeSync!(trx));
  }
}

const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  // A rejection nothing handles is logged, not fatal (utils/process-guard.ts).
  installProcessGuard(strapi);
  // A failed COMMIT fails the request instead of answering 2xx (utils/commit-guard.ts).
  installCommitGuard(strapi);
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions());
  // Tag lists (KB tags/product lines, skills …): a JSON list of texts with a tag input in the admin.
  strapi.customFields.register({ name: 'tags', plugin: 'support-desk', type: 'json' });
  // A business calendar's time zone, picked from the IANA zones in the admin (a string; validated
  // with Luxon in documents/sla-config.ts).
  strapi.customFields.register({ name: 'timezone', plugin: 'support-desk', type: 'string', inputSize: { default: 6, isResizable: true } });
  // A working interval's start/end: a string with the schema's `regex`, so the Content Manager refuses
  // an impossible time in the browser; the admin input says why (calendar/time.ts; the server
  // checks it again in documents/sla-config.ts).
  strapi.customFields.register({ name: 'time', plugin: 'support-desk', type: 'string', inputSize: { default: 4, isResizable: true } });
  // People by name in the Content Manager's relation fields for callers without read on the
  // target type (agents: assignee, requester), names only (middlewares/relation-names.ts).
  for (const route of (strapi.plugin('content-manager').routes as any).admin.routes as Array<{ handler: string; config?: { middlewares?: unknown[] } }>) {
    if (RELATION_ROUTE_HANDLERS.includes(route.handler)) route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), relationNames(strapi)] };
  }
  // A users-permissions role is written from a whitelist of its fields (middlewares/role-body.ts).
  const up = strapi.plugin('users-permissions').routes as any;
  for (const route of [...up.admin.routes, ...up['content-api'].routes] as Array<{ handler: string; config?: { middlewares?: unknown[] } }>) {
    if (route.handler in ROLE_WRITE_HANDLERS) route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), roleBody(ROLE_WRITE_HANDLERS[route.handler])] };
  }
  strapi.documents.use(generatedFields(strapi));
  strapi.documents.use(tagLists(strapi));
  strapi.documents.use(ticketWorkflow(strapi));
  strapi.documents.use(appendOnly(strapi));
  strapi.documents.use(slaConfiguration(strapi));
  strapi.documents.use(kbWrites(strapi));
  strapi.documents.use(kbReadScope(strapi));
  strapi.documents.use(visitBooking(strapi));
  strapi.documents.use(escalationWrites(strapi));
  strapi.documents.use(inventoryWrites(strapi));
  strapi.documents.use(trainingWrites(strapi));
  strapi.documents.use(updateNoticeWrites(strapi));
  strapi.hook('strapi::content-types.beforeSync').register(() => beforeSchemaSync(strapi));
  strapi.hook('strapi::content-types.afterSync').register(() => rerunIdempotentMigrations(strapi));
};

export default register;
