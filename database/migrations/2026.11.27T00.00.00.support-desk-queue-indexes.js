'use strict';
/**
 * Indexes that the SLA sweep, the notification dispatcher and the agents' queues need and that
 * content-type schemas cannot express (composite, partial).
 *
 * The workflow column is `state` (it was `status` until 2026.12.08T00.00.00.status-to-state.js,
 * which renames the column and these indexes on databases made before).
 *
 * Idempotent (IF NOT EXISTS) and skips tables that do not exist yet: Strapi runs user migrations
 * *before* it creates the tables, so on a fresh database the support-desk plugin runs `up` again
 * from the `strapi::content-types.afterSync` hook.
 */

/** [table, index name, columns, optional WHERE for a partial index] */
const INDEXES = [
  // SLA sweep: open tickets whose clock is due and not yet marked.
  ['tickets', 'tickets_state_idx', ['state']],
  ['tickets', 'tickets_state_first_response_due_idx', ['state', 'first_response_due_at']],
  ['tickets', 'tickets_state_resolution_due_idx', ['state', 'resolution_due_at']],
  ['tickets', 'tickets_first_response_due_open_idx', ['first_response_due_at'], 'first_responded_at IS NULL AND first_response_breached_at IS NULL'],
  ['tickets', 'tickets_first_response_warn_open_idx', ['first_response_warn_at'], 'first_responded_at IS NULL AND first_response_warned_at IS NULL'],
  ['tickets', 'tickets_resolution_due_open_idx', ['resolution_due_at'], 'resolution_breached_at IS NULL'],
  ['tickets', 'tickets_resolution_warn_open_idx', ['resolution_warn_at'], 'resolution_warned_at IS NULL'],
  // Auto-close of resolved tickets and reports by period.
  ['tickets', 'tickets_state_resolved_at_idx', ['state', 'resolved_at']],
  ['tickets', 'tickets_state_updated_idx', ['state', 'updated_at']],
  // Organization, assignee and group queues: relations live in link tables in Strapi 5; the ticket
  // side is then filtered by tickets_state_idx.
  ['tickets_organization_lnk', 'tickets_organization_lnk_org_ticket_idx', ['organization_id', 'ticket_id']],
  ['tickets_assignee_lnk', 'tickets_assignee_lnk_user_ticket_idx', ['user_id', 'ticket_id']],
  ['tickets_group_lnk', 'tickets_group_lnk_group_ticket_idx', ['support_group_id', 'ticket_id']],
  // Outbox dispatcher: pending rows by next attempt.
  ['support_desk_notifications', 'support_desk_notifications_state_next_idx', ['state', 'next_attempt_at']],
  // Timeline: by kind (SLA events, reports) and in time order.
  ['support_desk_ticket_events', 'support_desk_ticket_events_kind_idx', ['kind', 'created_at']],
];

async function up(knex) {
  for (const [table, name, columns, where] of INDEXES) {
    if (!(await knex.schema.hasTable(table))) continue;
    let missingColumn = false;
    for (const column of columns) {
      if (!(await knex.schema.hasColumn(table, column))) missingColumn = true;
    }
    if (missingColumn) continue;
    const cols = columns.map((c) => `"${c}"`).join(', ');
    await knex.raw(`CREATE INDEX IF NOT EXISTS "${name}" ON "${table}" (${cols})${where ? ` WHERE ${where}` : ''}`);
  }
}

async function down(knex) {
  for (const [, name] of INDEXES) await knex.raw(`DROP INDEX IF EXISTS "${name}"`);
}

// `idempotent` tells the support-desk plugin it may re-run `up` after schema sync (see register.ts).
module.exports = { up, down, idempotent: true, INDEXES };
