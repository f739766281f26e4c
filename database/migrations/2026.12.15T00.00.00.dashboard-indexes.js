'use strict';
/**
 * Indexes the management dashboard needs (support-desk services/dashboard.ts): every figure filters
 * tickets by a period on one of its instants — created (volumes, channels, SLA compliance), first
 * response (first-response times), resolved (resolution times, CSAT, reopen rate, FCR, faults,
 * scorecard) — and escalations and visits by theirs. Figures in bench/README.md (dashboard).
 *
 * Idempotent (IF NOT EXISTS), skips tables or columns that do not exist yet; re-run by the plugin
 * after schema sync on a fresh database (see 2026.11.27T00.00.00.support-desk-queue-indexes.js).
 */
const INDEXES = [
  ['tickets', 'tickets_state_priority_idx', ['state', 'priority']],
  ['tickets', 'tickets_created_at_idx', ['created_at']],
  ['tickets', 'tickets_resolved_at_idx', ['resolved_at']],
  ['tickets', 'tickets_first_responded_at_idx', ['first_responded_at']],
  ['tickets_fault_category_lnk', 'tickets_fault_category_lnk_ticket_idx', ['ticket_id', 'fault_category_id']],
  ['tickets_asset_lnk', 'tickets_asset_lnk_ticket_idx', ['ticket_id', 'asset_id']],
  ['tickets_assignee_lnk', 'tickets_assignee_lnk_ticket_user_idx', ['ticket_id', 'user_id']],
  ['tickets_group_lnk', 'tickets_group_lnk_ticket_group_idx', ['ticket_id', 'support_group_id']],
  ['escalations', 'escalations_created_at_idx', ['created_at']],
  ['onsite_visits', 'onsite_visits_scheduled_start_idx', ['scheduled_start']],
];

async function up(knex) {
  for (const [table, name, columns] of INDEXES) {
    if (!(await knex.schema.hasTable(table))) continue;
    let missingColumn = false;
    for (const column of columns) {
      if (!(await knex.schema.hasColumn(table, column))) missingColumn = true;
    }
    if (missingColumn) continue;
    await knex.raw(`CREATE INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns.map((c) => `"${c}"`).join(', ')})`);
  }
}

async function down(knex) {
  for (const [, name] of INDEXES) await knex.raw(`DROP INDEX IF EXISTS "${name}"`);
}

module.exports = { up, down, idempotent: true, INDEXES };
