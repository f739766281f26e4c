'use strict';
/**
 * Covering indexes for the management dashboard on PostgreSQL (support-desk services/dashboard.ts).
 * Every dashboard figure reads the tickets of a period on one instant (created, first answered,
 * resolved) and a few columns of each. With the plain indexes of
 * 2026.12.15T00.00.00.dashboard-indexes.js each of those tickets costs a heap page visit, and the
 * tickets of a period lie all over the table (EXPLAIN (ANALYZE, BUFFERS) at 1M tickets: ~80k heap
 * fetches per query, nine queries); with the columns the figures read INCLUDEd in the index, the
 * queries become index-only scans over a narrow, period-ordered index.
 *
 * - created_at: volumes, channels, SLA compliance, the opened trend, the backlog at the start;
 * - resolved_at: resolved trend, resolution times, reopen rate, FCR, CSAT, faults, scorecard;
 * - first_responded_at: first-response times;
 * - open tickets without a resolution (partial): the backlog at the period's start;
 * - state × priority with the scope columns: the backlog now.
 *
 * SQLite keeps the plain indexes (the dashboard answers the same there; the scale goal is PostgreSQL's).
 * Idempotent (IF NOT EXISTS), skips tables or columns that do not exist yet; re-run by the plugin
 * after schema sync on a fresh database (see 2026.11.27T00.00.00.support-desk-queue-indexes.js).
 */
const CLOCKS = ['first_responded_at', 'first_response_due_at', 'first_response_breached_at', 'resolved_at', 'resolution_due_at', 'resolution_breached_at'];

const INDEXES = [
  { name: 'tickets_dash_created_idx', columns: ['created_at'], include: ['id', 'state', 'channel', 'product_line', ...CLOCKS] },
  {
    name: 'tickets_dash_resolved_idx',
    columns: ['resolved_at'],
    include: ['id', 'state', 'type', 'product_line', 'created_at', 'reopen_count', 'public_agent_messages', 'csat_rating', 'resolution_business_minutes', 'resolution_due_at', 'resolution_breached_at'],
  },
  { name: 'tickets_dash_first_responded_idx', columns: ['first_responded_at'], include: ['id', 'product_line', 'first_response_business_minutes'] },
  // `whereColumns`: what the partial index's condition reads (checked like the others: a database
  // made before the status → state rename has no `state` until that migration has run).
  { name: 'tickets_dash_unresolved_idx', columns: ['created_at'], include: ['id', 'product_line'], where: "resolved_at IS NULL AND state <> 'cancelled'", whereColumns: ['resolved_at', 'state'] },
  { name: 'tickets_dash_state_priority_idx', columns: ['state', 'priority'], include: ['id', 'product_line'] },
];

const isPostgres = (knex) => ['postgres', 'postgresql', 'pg'].includes(knex.client.config.client) || knex.client.dialect === 'postgresql';

/**
 * Superseded by 2026.12.17T00.00.00.ticket-link-columns.js, which drops these indexes and creates
 * them again with the scope column and the relation ids on the ticket row. This one therefore creates
 * nothing any more (the plugin re-runs idempotent migrations at every start: creating these indexes
 * only for the next migration to drop them would cost minutes at 1M tickets). `INDEXES` stays as the
 * record of what it created.
 */
async function up(_knex) {
  // Superseded (see above): nothing to create.
}

async function down(knex) {
  if (!isPostgres(knex)) return;
  for (const { name } of INDEXES) await knex.raw(`DROP INDEX IF EXISTS "${name}"`);
}

module.exports = { up, down, idempotent: true, INDEXES };
