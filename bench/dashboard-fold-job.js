'use strict';
// Child side of `bench/dashboard.js`: one fold of the dashboard's rollups (services/dashboard-rollup.ts)
// before the timed server starts. On a database without a fold yet this is the backfill of every
// ticket; afterwards it takes only what changed. Reports the fold's own figures and the tables' sizes.
const { runJob } = require('./lib/in-strapi');

runJob(async (strapi) => {
  const service = strapi.plugin('support-desk').service('dashboard');
  const t0 = Date.now();
  const fold = await service.foldRollups();
  const ms = Date.now() - t0;
  const knex = strapi.db.connection;
  // Before the sizes: reltuples is -1 until a table's first ANALYZE.
  if (fold.changed > 10000) await knex.raw('ANALYZE sd_dash_contrib, sd_dash_created_daily, sd_dash_resolved_daily, sd_dash_fr_minutes_daily, sd_dash_open');
  const sizes = (
    await knex.raw(
      `SELECT c.relname AS name, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS bytes FROM pg_class c
       WHERE c.relname IN ('sd_dash_contrib', 'sd_dash_created_daily', 'sd_dash_resolved_daily', 'sd_dash_fr_minutes_daily', 'sd_dash_open')`,
    )
  ).rows;
  return { ...fold, ms, sizes };
});
