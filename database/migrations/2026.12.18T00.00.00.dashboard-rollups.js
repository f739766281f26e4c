'use strict';
/**
 * Per-day rollups of the management dashboard (support-desk services/dashboard-rollup.ts,
 * docs/architecture.md "Dashboard and KPIs"). PostgreSQL only: SQLite keeps the live queries.
 *
 * - sd_dash_contrib: what each ticket last contributed to the rollups (its UTC days, scope, flags,
 *   minutes). The rollups are always the sum of these rows (both change in one fold transaction),
 *   so a reader corrects a ticket changed since the fold by subtracting this row and adding its live one.
 * - sd_dash_created_daily / sd_dash_resolved_daily / sd_dash_fr_minutes_daily / sd_dash_open:
 *   sums per UTC day (created, resolved, first response: a histogram of whole business minutes,
 *   for exact percentiles) and the open tickets by state × priority, per group and product line.
 *   `level` says which scope columns a row keeps (bit 1: group, bit 2: product line; the others are
 *   NULL and mean "all"), so a read of all groups, of a group, of a product line or of both reads one
 *   level's rows — a few per day — instead of summing the finest rows. The key leads with
 *   (level, group_id, product_line, day): a read is one index range.
 *   NULLS NOT DISTINCT: a ticket without group or product line is one key, as GROUP BY sees it.
 * - sd_dash_fold: the watermark of the last fold (NULL until the first fold, which builds
 *   everything from the tickets: readers use the live queries until then).
 * - tickets(updated_at) and the two breach marks (set by the SLA sweep without updated_at): the
 *   fold and the reader find the tickets changed since the watermark through them.
 *
 * Idempotent (IF NOT EXISTS); re-run by the plugin after the schema sync (see register.ts).
 */
const isPostgres = (knex) => ['postgres', 'postgresql', 'pg'].includes(knex.client.config.client) || knex.client.dialect === 'postgresql';

const SCOPE = 'group_id integer, product_line varchar(255)';
const LEVEL = 'level smallint NOT NULL, ';
const TABLES = [
  `sd_dash_contrib (
    ticket_id integer PRIMARY KEY,
    created_day date, resolved_day date, fr_day date,
    ${SCOPE}, channel varchar(255), assignee_id integer, open_state varchar(255), priority varchar(255),
    live smallint NOT NULL, unresolved_live smallint NOT NULL,
    fr_met smallint NOT NULL, fr_breached smallint NOT NULL, res_met smallint NOT NULL, res_breached smallint NOT NULL,
    reopened smallint NOT NULL, fcr smallint NOT NULL, csat integer, fr_minutes integer)`,
  `sd_dash_created_daily (${LEVEL}day date NOT NULL, ${SCOPE}, channel varchar(255),
    n integer NOT NULL, live integer NOT NULL, unresolved_live integer NOT NULL,
    fr_met integer NOT NULL, fr_breached integer NOT NULL, res_met integer NOT NULL, res_breached integer NOT NULL)`,
  `sd_dash_resolved_daily (${LEVEL}day date NOT NULL, ${SCOPE}, assignee_id integer,
    n integer NOT NULL, live integer NOT NULL, reopened integer NOT NULL, fcr integer NOT NULL,
    csat_n integer NOT NULL, csat_sum integer NOT NULL, csat_satisfied integer NOT NULL, res_met integer NOT NULL, res_breached integer NOT NULL)`,
  `sd_dash_fr_minutes_daily (${LEVEL}day date NOT NULL, ${SCOPE}, minutes integer NOT NULL, n integer NOT NULL)`,
  `sd_dash_open (${LEVEL}${SCOPE}, state varchar(255) NOT NULL, priority varchar(255), n integer NOT NULL)`,
  `sd_dash_fold (id integer PRIMARY KEY, watermark timestamptz, folded_at timestamptz, tickets integer)`,
];
const KEYS = [
  ['sd_dash_created_daily', 'level, group_id, product_line, day, channel'],
  ['sd_dash_resolved_daily', 'level, group_id, product_line, day, assignee_id'],
  ['sd_dash_fr_minutes_daily', 'level, group_id, product_line, day, minutes'],
  ['sd_dash_open', 'level, group_id, product_line, state, priority'],
];

async function up(knex) {
  if (!isPostgres(knex)) return;
  if (!(await knex.schema.hasTable('tickets')) || !(await knex.schema.hasColumn('tickets', 'sd_group_id'))) return; // fresh database: the re-run after the sync makes them
  for (const t of TABLES) await knex.raw(`CREATE TABLE IF NOT EXISTS ${t}`);
  for (const [table, cols] of KEYS) await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${table}_key ON ${table} (${cols}) NULLS NOT DISTINCT`);
  await knex.raw('INSERT INTO sd_dash_fold (id) VALUES (1) ON CONFLICT (id) DO NOTHING');
  await knex.raw('CREATE INDEX IF NOT EXISTS tickets_updated_at_idx ON tickets (updated_at)');
  await knex.raw('CREATE INDEX IF NOT EXISTS tickets_fr_breached_at_idx ON tickets (first_response_breached_at) WHERE first_response_breached_at IS NOT NULL');
  await knex.raw('CREATE INDEX IF NOT EXISTS tickets_res_breached_at_idx ON tickets (resolution_breached_at) WHERE resolution_breached_at IS NOT NULL');
}

async function down(knex) {
  if (!isPostgres(knex)) return;
  for (const t of TABLES) await knex.raw(`DROP TABLE IF EXISTS ${t.split(' ')[0]}`);
  for (const i of ['tickets_updated_at_idx', 'tickets_fr_breached_at_idx', 'tickets_res_breached_at_idx']) await knex.raw(`DROP INDEX IF EXISTS ${i}`);
}

module.exports = { up, down, idempotent: true };
