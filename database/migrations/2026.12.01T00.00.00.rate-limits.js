'use strict';
/**
 * Rate-limit counters shared by every instance (see the support-desk plugin, services/rate-limits.ts).
 *
 * - sd_rate_limits: hits per bucket (e.g. `kb-feedback`), client key (the client's IP address) and
 *   fixed window (`window_start`, ms since the epoch, a multiple of the window length). A hit is
 *   counted with INSERT … ON CONFLICT (bucket, client_key, window_start) DO UPDATE … RETURNING.
 *   Rows older than the previous window are deleted once a minute through the (bucket, window_start) index.
 *   PostgreSQL: UNLOGGED — the counters are ephemeral, so they skip the WAL (after a crash the
 *   table is empty, which only forgets the last minute's votes; standbys do not carry it).
 *   SQLite: WITHOUT ROWID, the primary key is the table.
 *
 * Idempotent (IF NOT EXISTS); re-run by the plugin after the schema sync (see register.ts).
 */
const isPostgres = (knex) => ['postgres', 'postgresql', 'pg'].includes(knex.client.config.client) || knex.client.dialect === 'postgresql';

async function up(knex) {
  if (isPostgres(knex)) {
    await knex.raw(`CREATE UNLOGGED TABLE IF NOT EXISTS sd_rate_limits (
      bucket varchar(64) NOT NULL,
      client_key varchar(255) NOT NULL,
      window_start bigint NOT NULL,
      hits integer NOT NULL,
      PRIMARY KEY (bucket, client_key, window_start))`);
  } else {
    await knex.raw(`CREATE TABLE IF NOT EXISTS sd_rate_limits (
      bucket text NOT NULL,
      client_key text NOT NULL,
      window_start integer NOT NULL,
      hits integer NOT NULL,
      PRIMARY KEY (bucket, client_key, window_start)) WITHOUT ROWID`);
  }
  await knex.raw('CREATE INDEX IF NOT EXISTS sd_rate_limits_window_idx ON sd_rate_limits (bucket, window_start)');
}

async function down(knex) {
  await knex.raw('DROP TABLE IF EXISTS sd_rate_limits');
}

// `idempotent` tells the support-desk plugin it may re-run `up` after schema sync (see register.ts).
module.exports = { up, down, idempotent: true };
