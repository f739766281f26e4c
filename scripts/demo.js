#!/usr/bin/env node
// `npm run demo`: fresh clone → .env with secrets, plugin + admin build, demo data, `strapi start` on SQLite.
const fs = require('fs');
const path = require('path');
const { execSync, spawn } = require('child_process');
const { ensureEnv } = require('./ensure-env');
const { buildServer, newestMtime, appDir } = require('./build-server');

process.env.STRAPI_TELEMETRY_DISABLED = 'true';
ensureEnv();
buildServer();

const adminBuild = path.join(appDir, 'dist/build/index.html');
const pluginAdmin = path.join(appDir, 'src/plugins/support-desk/dist/admin');
if (!fs.existsSync(adminBuild) || fs.statSync(adminBuild).mtimeMs < newestMtime(pluginAdmin)) {
  console.log('[demo] building the admin panel (about a minute) ...');
  execSync('npx strapi build', { cwd: appDir, stdio: 'inherit' });
}

try {
  execSync('node scripts/seed.js', { cwd: appDir, stdio: 'inherit' });
} catch (err) {
  // 3 = the seed guard refused (data of your own is in the database, or NODE_ENV=production): the
  // demo starts on the database as it is rather than not at all.
  if (err.status !== 3) throw err;
  console.log('[demo] demo data not loaded (see above); starting on the database as it is');
}

console.log('[demo] starting Strapi (Ctrl+C to stop) ...');
const child = spawn('npx', ['strapi', 'start'], { cwd: appDir, stdio: 'inherit', env: { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' } });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
