'use strict';
// Child-process side of app.runInStrapi(): loads the compiled app with createStrapi({ appDir, distDir })
// (no HTTP server), runs one job, prints `BENCH_RESULT <json>` and exits. The env (database, secrets,
// NODE_ENV=production, ENV_PATH) was set by the parent.
const path = require('path');

const appDir = path.resolve(__dirname, '..', '..');

function runJob(job) {
  const args = JSON.parse(process.env.BENCH_ARGS || '{}');
  let strapi;
  (async () => {
    const { createStrapi } = require('@strapi/strapi');
    strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
    const result = await job(strapi, args);
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
    // strapi.destroy() waits for the post-commit work still running (the plugin's destroy).
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
