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

/**
 * The open ticket states: `OPEN_STATUSES` of src/plugins/support-desk/server/src/workflow/state-machine.ts,
 * which the SLA sweep filters on (tests/unit/queue-indexes.test.ts keeps the two lists equal).
 */
const OPEN_STATES = ['new', 'triaged', 'in_progress', 'awaiting_customer', 'solution_proposed'];
const OPEN = `state IN (${OPEN_STATES.map((s) => `'${s}'`).join(', ')})`;

/**
 * The sweep's partial indexes before 2026.12.09: without the open states in their predicate they also
 * held every resolved and closed ticket that met its deadline, so the sweep's ordered scan walked the
 * whole history (see 2026.12.09T00.00.00.sla-open-ticket-indexes.js, which drops them).
 */
const SUPERSEDED = ['tickets_first_response_due_open_idx', 'tickets_first_response_warn_open_idx', 'tickets_resolution_due_open_idx', 'tickets_resolution_warn_open_idx'];

/**
 * [table, index name, columns, optional WHERE for a partial index, the other columns that WHERE
 * names]. An index is skipped while a column it names is missing (e.g. `state` on a database made
 * before 2026.12.08T00.00.00.status-to-state.js, which runs `up` again once it has renamed it).
 */
const INDEXES = [
  // SLA sweep: open tickets whose clock is due and not yet marked. The partial indexes hold open,
  // unmarked tickets only, so the sweep's work follows the open tickets, not the table's history.
  ['tickets', 'tickets_state_idx', ['state']],
  ['tickets', 'tickets_state_first_response_due_idx', ['state', 'first_response_due_at']],
  ['tickets', 'tickets_state_resolution_due_idx', ['state', 'resolution_due_at']],
  ['tickets', 'tickets_open_first_response_due_idx', ['first_response_due_at'], `${OPEN} AND first_responded_at IS NULL AND first_response_breached_at IS NULL`, ['state', 'first_responded_at', 'first_response_breached_at']],
  ['tickets', 'tickets_open_first_response_warn_idx', ['first_response_warn_at'], `${OPEN} AND first_responded_at IS NULL AND first_response_warned_at IS NULL`, ['state', 'first_responded_at', 'first_response_warned_at']],
  ['tickets', 'tickets_open_resolution_due_idx', ['resolution_due_at'], `${OPEN} AND resolution_breached_at IS NULL`, ['state', 'resolution_breached_at']],
  ['tickets', 'tickets_open_resolution_warn_idx', ['resolution_warn_at'], `${OPEN} AND resolution_warned_at IS NULL`, ['state', 'resolution_warned_at']],
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
  for (const [table, name, columns, where, whereColumns = []] of INDEXES) {
    if (!(await knex.schema.hasTable(table))) continue;
    let missingColumn = false;
    for (const column of [...columns, ...whereColumns]) {
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
module.exports = { up, down, idempotent: true, INDEXES, OPEN_STATES, SUPERSEDED };
