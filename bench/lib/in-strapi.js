'use strict';
// Child-process side of app.runInStrapi(): loads the compiled app with createStrapi({ appDir, distDir })
// (no HTTP server), runs one job, prints `BENCH_RESULT <json>` and exits. The env (database, secrets,
// NODE_ENV=production, ENV_PATH) was set by the parent.
const path = require('path');

const appDir = path.resolve(__dirname, '..', '..');

/**
 * Waits until the DB pool is idle. Document-service writes emit their `entry.*` events after the
 * transaction, un-awaited, and those re-read the entry with its relations; destroying Strapi while
 * they run aborts their queries (tarn "aborted", an unhandled rejection).
 */
async function settle(strapi, timeoutMs = 10000) {
  const pool = strapi.db.connection.client.pool;
  if (!pool) return;
  const busy = () => pool.numUsed() + pool.numPendingAcquires() + pool.numPendingCreates();
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 3 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    quiet = busy() === 0 ? quiet + 1 : 0;
  }
}

function runJob(job) {
  const args = JSON.parse(process.env.BENCH_ARGS || '{}');
  let strapi;
  (async () => {
    const { createStrapi } = require('@strapi/strapi');
    strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
    const result = await job(strapi, args);
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
    await settle(strapi);
    await strapi.destroy();
    strapi = undefined;
  })().then(
    () => process.exit(0),
    async (err) => {
      console.error(err && err.stack ? err.stack : err);
      if (strapi) await strapi.destroy().catch(() => {});
      process.exit(1);
    },
  );
}

module.exports = { runJob };
