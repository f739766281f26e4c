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

/**
 * Written after each successful app compilation. Not tsc's own build info: `tsc --noEmit` (the
 * typecheck) writes that too, without emitting anything.
 */
const appBuiltMarker = path.join(appDir, 'dist', '.server-built');

/**
 * Whether the app's own compilation is older than its sources (tsconfig.json's include: src without
 * the admin and plugins, config, database). tsc -p is incremental but still reads and checks every
 * file (10–30 s); a run with nothing changed skips it.
 */
function appIsStale() {
  const built = appBuiltMarker;
  if (!fs.existsSync(built)) return true;
  const newestSource = Math.max(
    ...fs
      .readdirSync(path.join(appDir, 'src'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'admin' && e.name !== 'plugins')
      .map((e) => newestMtime(path.join(appDir, 'src', e.name))),
    ...fs.readdirSync(path.join(appDir, 'src')).map((f) => fs.statSync(path.join(appDir, 'src', f)).mtimeMs),
    newestMtime(path.join(appDir, 'config')),
    newestMtime(path.join(appDir, 'database')),
    fs.statSync(path.join(appDir, 'tsconfig.json')).mtimeMs,
  );
  return fs.statSync(built).mtimeMs < newestSource;
}

const lockDir = path.join(appDir, '.tmp', 'build.lock');

/** Several test runs may start at once: only one writes dist/ at a time (a stale lock expires). */
function withBuildLock(fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const age = Date.now() - fs.statSync(lockDir).mtimeMs;
      if (age > 5 * 60_000) fs.rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`build lock ${lockDir} held for too long`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function buildServer({ quiet = false } = {}) {
  const stdio = quiet ? 'pipe' : 'inherit';
  withBuildLock(() => {
    if (pluginIsStale()) {
      if (!quiet) console.log('[build] building the support-desk plugin ...');
      execSync('npx strapi-plugin build', { cwd: pluginDir, stdio });
    }
    if (appIsStale()) {
      execSync('npx tsc -p tsconfig.json', { cwd: appDir, stdio });
      fs.writeFileSync(appBuiltMarker, new Date().toISOString());
    }
  });
}

module.exports = { buildServer, pluginIsStale, appIsStale, newestMtime, appDir };
if (require.main === module) buildServer();
