#!/usr/bin/env node
// Compiles what the server runs from dist/: the local plugin (its own build) and the TS app (plain
// tsc, which, unlike compileStrapi/`strapi develop`, keeps the admin build in dist/build).
const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');

const appDir = path.resolve(__dirname, '..');
const pluginDir = path.join(appDir, 'src/plugins/support-desk');

function newestMtime(dir) {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const m = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

function pluginIsStale() {
  const built = path.join(pluginDir, 'dist/server/index.js');
  if (!fs.existsSync(built)) return true;
  const sources = Math.max(newestMtime(path.join(pluginDir, 'server/src')), newestMtime(path.join(pluginDir, 'admin/src')));
  return fs.statSync(built).mtimeMs < sources;
}

function buildServer({ quiet = false } = {}) {
  const stdio = quiet ? 'pipe' : 'inherit';
  if (pluginIsStale()) {
    if (!quiet) console.log('[build] building the support-desk plugin ...');
    execSync('npx strapi-plugin build', { cwd: pluginDir, stdio });
  }
  execSync('npx tsc -p tsconfig.json', { cwd: appDir, stdio });
}

module.exports = { buildServer, pluginIsStale, newestMtime, appDir };
if (require.main === module) buildServer();
