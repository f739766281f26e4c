'use strict';
/**
 * Renames the workflow column `status` to `state` on our own tables, keeping every row's value.
 *
 * Strapi 5 reserves `status` for draft & publish: the Content Manager sent its own draft/published
 * value for our `status` attribute and refused to save ("Invalid status"). The attribute is now
 * `state` on ticket, escalation, on-site visit, training session, enrollment and notification.
 *
 * Why a migration: Strapi runs pending user migrations *before* the schema sync
 * (`@strapi/database` schema `sync()`: `migrations.up()`, then `syncSchema()`), and the sync drops
 * a column the content types no longer declare. Renaming here, first, keeps the values; the sync
 * then finds `state` already there and `status` gone.
 *
 * The queue indexes named after the column (`tickets_status_idx`, …, see
 * 2026.11.27T00.00.00.support-desk-queue-indexes.js) follow the column under their new names:
 * renamed on PostgreSQL, dropped and re-created on SQLite (which cannot rename an index). What
 * refers to the field by name follows it too: the admin roles' Content Manager field grants and the
 * Content Manager's stored views (labels, list columns, the field's place in the edit form).
 *
 * Safe on a fresh database (the tables do not exist yet: nothing to do) and when run again (a table
 * that already has `state` and no `status` is left alone). If both columns exist (a half-migrated
 * database), `state` is filled from `status` where it is empty and the schema sync drops `status`.
 *
 * The ticket fields `resolution_summary` and `under_warranty` were removed in the same change: no
 * code read them (the seed alone wrote `under_warranty`, a copy of the asset's warranty date), and
 * the schema sync drops their columns.
 */
const queueIndexes = require('./2026.11.27T00.00.00.support-desk-queue-indexes.js');

const TABLES = ['tickets', 'escalations', 'onsite_visits', 'training_sessions', 'enrollments', 'support_desk_notifications'];
const UIDS = [
  'api::ticket.ticket',
  'api::escalation.escalation',
  'api::onsite-visit.onsite-visit',
  'api::training-session.training-session',
  'api::enrollment.enrollment',
  'plugin::support-desk.notification',
];
const CM_CONFIG_KEY = (uid) => `plugin_content_manager_configuration_content_types::${uid}`;
const OLD = 'status';
const NEW = 'state';

/** [old name, new name] of the queue indexes that carried the column's name. */
const INDEX_RENAMES = [
  ['tickets_status_idx', 'tickets_state_idx'],
  ['tickets_status_first_response_due_idx', 'tickets_state_first_response_due_idx'],
  ['tickets_status_resolution_due_idx', 'tickets_state_resolution_due_idx'],
  ['tickets_status_resolved_at_idx', 'tickets_state_resolved_at_idx'],
  ['tickets_status_updated_idx', 'tickets_state_updated_idx'],
  ['support_desk_notifications_status_next_idx', 'support_desk_notifications_state_next_idx'],
];

const isPostgres = (knex) => ['postgres', 'postgresql', 'pg'].includes(knex.client.config.client) || knex.client.dialect === 'postgresql';

async function renameColumn(knex, table, from, to) {
  if (!(await knex.schema.hasTable(table))) return;
  const hasFrom = await knex.schema.hasColumn(table, from);
  const hasTo = await knex.schema.hasColumn(table, to);
  if (hasFrom && !hasTo) await knex.raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [table, from, to]);
  else if (hasFrom && hasTo) await knex(table).whereNull(to).update({ [to]: knex.ref(from) });
}

async function renameIndex(knex, from, to) {
  if (isPostgres(knex)) {
    const found = await knex.raw('SELECT to_regclass(?) AS old, to_regclass(?) AS new', [from, to]);
    const row = found.rows[0];
    if (row.old && !row.new) await knex.raw('ALTER INDEX ?? RENAME TO ??', [from, to]);
    else if (row.old) await knex.raw('DROP INDEX IF EXISTS ??', [from]);
    return;
  }
  // SQLite: the index followed the column; drop the old name, `queueIndexes.up` creates the new one.
  await knex.raw('DROP INDEX IF EXISTS ??', [from]);
}

/**
 * The Content Manager's stored view of each type (labels, list columns, edit layout): the field is
 * renamed in place, so it keeps its position and settings instead of being dropped and appended at
 * the end of the form by Strapi's configuration sync.
 */
function renameInCmConfig(config, from, to) {
  const swap = (name) => (name === from ? to : name);
  if (config.metadatas && config.metadatas[from] && !config.metadatas[to]) {
    const meta = config.metadatas[from];
    for (const view of ['edit', 'list']) if (meta[view] && meta[view].label === from) meta[view].label = to;
    config.metadatas[to] = meta;
    delete config.metadatas[from];
  }
  if (config.settings) {
    for (const key of ['mainField', 'defaultSortBy']) if (config.settings[key] === from) config.settings[key] = to;
  }
  if (config.layouts) {
    if (Array.isArray(config.layouts.list)) config.layouts.list = config.layouts.list.map(swap);
    if (Array.isArray(config.layouts.edit)) config.layouts.edit = config.layouts.edit.map((row) => (Array.isArray(row) ? row.map((f) => (f && f.name === from ? { ...f, name: to } : f)) : row));
  }
  return config;
}

async function renameInCmConfigs(knex, from, to) {
  if (!(await knex.schema.hasTable('strapi_core_store_settings'))) return;
  for (const uid of UIDS) {
    const row = await knex('strapi_core_store_settings').where({ key: CM_CONFIG_KEY(uid) }).first('id', 'value');
    if (!row || typeof row.value !== 'string') continue;
    let config;
    try {
      config = JSON.parse(row.value);
    } catch {
      continue;
    }
    const value = JSON.stringify(renameInCmConfig(config, from, to));
    if (value !== row.value) await knex('strapi_core_store_settings').where({ id: row.id }).update({ value });
  }
}

/**
 * Admin roles grant Content Manager fields by name: a role that could read or edit `status` can
 * read or edit `state` (Strapi would only drop the unknown name and leave the role without it).
 */
async function renameInPermissions(knex, from, to) {
  if (!(await knex.schema.hasTable('admin_permissions'))) return;
  const rows = await knex('admin_permissions').whereIn('subject', UIDS).select('id', 'properties');
  for (const row of rows) {
    let properties = row.properties;
    if (typeof properties === 'string') {
      try {
        properties = JSON.parse(properties);
      } catch {
        continue;
      }
    }
    const fields = properties && Array.isArray(properties.fields) ? properties.fields : null;
    if (!fields || !fields.includes(from)) continue;
    const renamed = { ...properties, fields: [...new Set(fields.map((f) => (f === from ? to : f)))] };
    await knex('admin_permissions').where({ id: row.id }).update({ properties: JSON.stringify(renamed) });
  }
}

async function up(knex) {
  for (const table of TABLES) await renameColumn(knex, table, OLD, NEW);
  for (const [from, to] of INDEX_RENAMES) await renameIndex(knex, from, to);
  await queueIndexes.up(knex);
  await renameInCmConfigs(knex, OLD, NEW);
  await renameInPermissions(knex, OLD, NEW);
}

async function down(knex) {
  for (const [from, to] of INDEX_RENAMES) {
    if (isPostgres(knex)) await knex.raw('ALTER INDEX IF EXISTS ?? RENAME TO ??', [to, from]);
    else await knex.raw('DROP INDEX IF EXISTS ??', [to]);
  }
  for (const table of TABLES) await renameColumn(knex, table, NEW, OLD);
  await renameInCmConfigs(knex, NEW, OLD);
  await renameInPermissions(knex, NEW, OLD);
  if (isPostgres(knex)) return;
  for (const [table, name, columns] of queueIndexes.INDEXES) {
    const renamed = INDEX_RENAMES.find(([, to]) => to === name);
    if (!renamed || !(await knex.schema.hasTable(table))) continue;
    const cols = columns.map((c) => (c === NEW ? OLD : c));
    await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (${cols.map(() => '??').join(', ')})`, [renamed[0], table, ...cols]);
  }
}

// Not flagged `idempotent`: the plugin re-runs those after every schema sync, and this one has
// nothing to do once the columns are renamed (it is safe to run again all the same).
module.exports = { up, down };
