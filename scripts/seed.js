#!/usr/bin/env node
// `npm run seed`: loads the demo data set into the configured database (idempotent).
// Refuses NODE_ENV=production and a database holding non-demo data unless `--force` (src/seed/guard.ts).
const path = require('path');
const { ensureEnv } = require('./ensure-env');
const { buildServer, appDir } = require('./build-server');

/** Exit code of a refusal (the guard said no), told apart from a failure by `npm run demo`. */
const REFUSED = 3;

async function main() {
  ensureEnv();
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
  buildServer({ quiet: true });
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
  try {
    const { seed, assertSeedAllowed } = require(path.join(appDir, 'dist/src/seed'));
    try {
      await assertSeedAllowed(strapi, { force: process.argv.includes('--force') });
    } catch (err) {
      console.error(err.message);
      process.exitCode = REFUSED;
      return;
    }
    const result = await seed(strapi, { log: (line) => console.log(line) });
    console.log('');
    console.log(`Admin panel: ${strapi.config.get('server.url') || `http://localhost:${strapi.config.get('server.port')}`}/admin`);
    console.log(`Admin login: ${result.admin.email} / ${result.admin.password}`);
  } finally {
    await strapi.destroy();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
