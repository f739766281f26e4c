'use strict';
/**
 * The ids of a ticket's many-to-one relations the dashboard reads, copied onto the ticket row
 * (support-desk services/dashboard.ts), and the dashboard's covering indexes with them.
 *
 * Strapi keeps every relation in a link table (tickets_group_lnk …). At 1M tickets the dashboard's
 * time went into joining those tables per ticket of the period — a hash join over a sequential scan
 * of ~1M link rows per query for the group scope, the scorecard (assignee), the fault Pareto
 * (category, asset); figures in bench/README.md (dashboard). With the ids on the row, each figure is
 * an index-only scan of one covering index.
 *
 * - columns `sd_group_id`, `sd_assignee_id`, `sd_fault_category_id`, `sd_asset_id` on tickets (not in
 *   the content-type schema: Strapi's schema sync only drops columns it created itself), filled for
 *   the existing rows when the column is added;
 * - kept equal to the link table by database triggers on the link tables (insert, delete, update of
 *   the two id columns): every write path changes the link rows — the document service (Content
 *   Manager, REST, our services), the query engine, the other side of the relation (a group's or
 *   asset's `tickets`), the cascade when the target is deleted, plain SQL — and the trigger runs in
 *   the same transaction. A ticket with no link row has NULL (as the LEFT JOINs gave before);
 * - on PostgreSQL, the covering indexes of 2026.12.16T00.00.00.dashboard-covering-indexes.js again
 *   (new names: an index's INCLUDE list cannot change in place) with the scope column and the ids.
 *
 * Idempotent: columns and indexes IF NOT EXISTS, triggers dropped and created again (same transaction);
 * skips tables or columns that do not exist yet; re-run by the plugin after schema sync on a fresh
 * database (see 2026.11.27T00.00.00.support-desk-queue-indexes.js).
 */

/** column on tickets ← link table (ticket column, target column). */
const LINKS = [
  { column: 'sd_group_id', table: 'tickets_group_lnk', own: 'ticket_id', other: 'support_group_id' },
  { column: 'sd_assignee_id', table: 'tickets_assignee_lnk', own: 'ticket_id', other: 'user_id' },
  { column: 'sd_fault_category_id', table: 'tickets_fault_category_lnk', own: 'ticket_id', other: 'fault_category_id' },
  { column: 'sd_asset_id', table: 'tickets_asset_lnk', own: 'ticket_id', other: 'asset_id' },
];

const CLOCKS = ['first_responded_at', 'first_response_due_at', 'first_response_breached_at', 'resolved_at', 'resolution_due_at', 'resolution_breached_at'];

/** PostgreSQL only; replace the indexes of 2026.12.16 (dropped below: OLD_INDEXES). */
const INDEXES = [
  { name: 'tickets_dash2_created_idx', columns: ['created_at'], include: ['id', 'state', 'channel', 'product_line', 'sd_group_id', ...CLOCKS] },
  {
    name: 'tickets_dash2_resolved_idx',
    columns: ['resolved_at'],
    include: [
      'id', 'state', 'type', 'product_line', 'created_at', 'reopen_count', 'public_agent_messages', 'csat_rating', 'resolution_business_minutes', 'resolution_due_at', 'resolution_breached_at',
      'root_cause', 'sd_group_id', 'sd_assignee_id', 'sd_fault_category_id', 'sd_asset_id',
    ],
  },
  { name: 'tickets_dash2_first_responded_idx', columns: ['first_responded_at'], include: ['id', 'product_line', 'sd_group_id', 'first_response_business_minutes'] },
  { name: 'tickets_dash2_unresolved_idx', columns: ['created_at'], include: ['id', 'product_line', 'sd_group_id'], where: "resolved_at IS NULL AND state <> 'cancelled'", whereColumns: ['resolved_at', 'state'] },
  { name: 'tickets_dash2_state_priority_idx', columns: ['state', 'priority'], include: ['id', 'product_line', 'sd_group_id'] },
];
const OLD_INDEXES = ['tickets_dash_created_idx', 'tickets_dash_resolved_idx', 'tickets_dash_first_responded_idx', 'tickets_dash_unresolved_idx', 'tickets_dash_state_priority_idx'];

const isPostgres = (knex) => ['postgres', 'postgresql', 'pg'].includes(knex.client.config.client) || knex.client.dialect === 'postgresql';

/** The id the link table holds for ticket `ref` (an SQL expression); the newest row if there were several. */
const current = ({ table, own, other }, ref) => `(SELECT l."${other}" FROM "${table}" l WHERE l."${own}" = ${ref} ORDER BY l.id DESC LIMIT 1)`;

/** Every ticket's columns from the link tables (all of `links` in one pass over the tickets). */
async function backfill(knex, links) {
  if (!links.length) return;
  if (isPostgres(knex)) {
    // One UPDATE with hash joins (a correlated lookup per ticket and link is ~4× slower at 1M rows).
    const joins = links.map((l, i) => `LEFT JOIN (SELECT DISTINCT ON ("${l.own}") "${l.own}" AS t, "${l.other}" AS v FROM "${l.table}" ORDER BY "${l.own}", id DESC) l${i} ON l${i}.t = x.id`);
    await knex.raw(
      `UPDATE tickets SET ${links.map((l, i) => `"${l.column}" = s.v${i}`).join(', ')}
       FROM (SELECT x.id, ${links.map((_, i) => `l${i}.v AS v${i}`).join(', ')} FROM tickets x ${joins.join(' ')}) s
       WHERE s.id = tickets.id AND (${links.map((l, i) => `tickets."${l.column}" IS DISTINCT FROM s.v${i}`).join(' OR ')})`,
    );
  } else {
    await knex.raw(`UPDATE tickets SET ${links.map((l) => `"${l.column}" = ${current(l, 'tickets.id')}`).join(', ')}`);
  }
}

const sync = (l, ref) => `UPDATE tickets SET "${l.column}" = ${current(l, ref)} WHERE id = ${ref} AND "${l.column}" IS DISTINCT FROM ${current(l, ref)}`;

async function triggers(knex, l) {
  const name = `sd_${l.table}_sync`;
  if (isPostgres(knex)) {
    await knex.raw(`DROP TRIGGER IF EXISTS "${name}" ON "${l.table}"`);
    await knex.raw(`CREATE OR REPLACE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN ${sync(l, 'OLD.' + l.own)}; END IF;
        IF TG_OP <> 'DELETE' THEN ${sync(l, 'NEW.' + l.own)}; END IF;
        RETURN NULL;
      END $$`);
    await knex.raw(`CREATE TRIGGER "${name}" AFTER INSERT OR DELETE OR UPDATE OF "${l.own}", "${l.other}" ON "${l.table}" FOR EACH ROW EXECUTE FUNCTION "${name}"()`);
  } else {
    // SQLite: no IS DISTINCT FROM before 3.39 everywhere; `IS NOT` is its null-safe inequality.
    const lite = (ref) => `UPDATE tickets SET "${l.column}" = ${current(l, ref)} WHERE id = ${ref} AND "${l.column}" IS NOT ${current(l, ref)};`;
    for (const [suffix, event, body] of [
      ['ins', 'INSERT', lite('NEW.' + l.own)],
      ['del', 'DELETE', lite('OLD.' + l.own)],
      ['upd', `UPDATE OF "${l.own}", "${l.other}"`, lite('OLD.' + l.own) + ' ' + lite('NEW.' + l.own)],
    ]) {
      await knex.raw(`DROP TRIGGER IF EXISTS "${name}_${suffix}"`);
      await knex.raw(`CREATE TRIGGER "${name}_${suffix}" AFTER ${event} ON "${l.table}" FOR EACH ROW BEGIN ${body} END`);
    }
  }
}

async function up(knex) {
  if (!(await knex.schema.hasTable('tickets'))) return;
  const added = [];
  const present = [];
  for (const l of LINKS) {
    if (!(await knex.schema.hasTable(l.table)) || !(await knex.schema.hasColumn(l.table, l.own)) || !(await knex.schema.hasColumn(l.table, l.other))) continue;
    if (!(await knex.schema.hasColumn('tickets', l.column))) {
      await knex.raw(`ALTER TABLE tickets ADD COLUMN "${l.column}" integer`);
      added.push(l);
    }
    present.push(l);
    await triggers(knex, l);
  }
  // The replaced indexes first: the fill below need not update them.
  if (isPostgres(knex)) for (const name of OLD_INDEXES) await knex.raw(`DROP INDEX IF EXISTS "${name}"`);
  // Rows written before the column existed (a database made by an older version). The triggers
  // above are in the same transaction, so no link change falls between the fill and the triggers.
  await backfill(knex, added);
  if (!isPostgres(knex)) return;
  for (const { name, columns, include, where, whereColumns = [] } of INDEXES) {
    let missingColumn = false;
    for (const column of [...columns, ...include, ...whereColumns]) {
      if (!(await knex.schema.hasColumn('tickets', column))) missingColumn = true;
    }
    if (missingColumn) continue;
    const list = (cs) => cs.map((c) => `"${c}"`).join(', ');
    await knex.raw(`CREATE INDEX IF NOT EXISTS "${name}" ON "tickets" (${list(columns)}) INCLUDE (${list(include)})${where ? ` WHERE ${where}` : ''}`);
  }
  if (added.length) await knex.raw('ANALYZE tickets');
}

/**
 * SQLite: the triggers go before Strapi's schema sync at every start (the plugin calls this from
 * its `beforeSync` hook; the re-run after the sync makes them again). SQLite alters a table by
 * copying it, dropping it and renaming the copy, and that rename fails while a trigger on a link
 * table names the missing `tickets` ("error in trigger …: no such table: main.tickets": the
 * status → state migration's column changes on a database made by an older version hit it).
 */
async function beforeSync(knex) {
  if (isPostgres(knex)) return;
  for (const l of LINKS) for (const s of ['ins', 'del', 'upd']) await knex.raw(`DROP TRIGGER IF EXISTS "sd_${l.table}_sync_${s}"`);
}

async function down(knex) {
  if (isPostgres(knex)) {
    for (const { name } of INDEXES) await knex.raw(`DROP INDEX IF EXISTS "${name}"`);
    for (const l of LINKS) {
      if (await knex.schema.hasTable(l.table)) await knex.raw(`DROP TRIGGER IF EXISTS "sd_${l.table}_sync" ON "${l.table}"`);
      await knex.raw(`DROP FUNCTION IF EXISTS "sd_${l.table}_sync"()`);
    }
  } else {
    for (const l of LINKS) for (const s of ['ins', 'del', 'upd']) await knex.raw(`DROP TRIGGER IF EXISTS "sd_${l.table}_sync_${s}"`);
  }
  // Plain ALTER TABLE (knex's SQLite dropColumn copies the table); the triggers are gone by now.
  for (const l of LINKS) if (await knex.schema.hasColumn('tickets', l.column)) await knex.raw(`ALTER TABLE tickets DROP COLUMN "${l.column}"`);
}

module.exports = { up, down, beforeSync, idempotent: true, LINKS, INDEXES, backfill };
