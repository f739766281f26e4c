#!/usr/bin/env node
'use strict';
/**
 * Builds the Strapi admin panel for the browser tests, once per set of inputs.
 *
 * Strapi serves the admin panel from `<distDir>/build` (admin.serveAdminPanel, on by default in
 * createStrapi, see @strapi/admin server/src/routes/serve-admin-panel), which `strapi build` fills.
 * `strapi build` also recompiles the whole app into dist/ and always rebuilds, so instead this runs
 * the same two steps as its admin part (`createBuildContext` + Vite) with the output redirected to
 * `.tmp/admin-build/<hash>/`, where `<hash>` covers everything the bundle is made of: the plugin's
 * built admin (dist/admin, itself built from admin/src by tests/global-setup), the app's admin
 * customisations (src/admin), the config files the build reads, the lock file (Strapi and Vite
 * versions) and this script. A later run with the same inputs only copies the cached build into
 * dist/build (skipped too when dist/build already holds it, see the marker file).
 *
 * Usage: `node tests/helpers/admin-build.js` (prints one JSON line: { hash, cached, buildMs, dir }).
 * Runs in its own process: the build context creates a Strapi instance, which sets the `strapi`
 * global and must not replace the one a test has booted.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const appDir = path.resolve(__dirname, '..', '..');
const pluginDir = path.join(appDir, 'src', 'plugins', 'support-desk');
const cacheRoot = path.join(appDir, '.tmp', 'admin-build');
const distBuild = path.join(appDir, 'dist', 'build');
const MARKER = '.support-desk-admin-hash';
const KEEP_BUILDS = 2;

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/** Hash of everything the admin bundle is built from. */
function inputsHash() {
  const configFiles = fs.readdirSync(path.join(appDir, 'config'))
    .filter((f) => /^(admin|server|plugins|features)\.(ts|js|json)$/.test(f))
    .map((f) => path.join(appDir, 'config', f));
  const files = [
    __filename,
    path.join(appDir, 'package.json'),
    path.join(appDir, 'package-lock.json'),
    path.join(pluginDir, 'package.json'),
    ...configFiles,
    ...listFiles(path.join(appDir, 'src', 'admin')),
    ...listFiles(path.join(pluginDir, 'dist', 'admin')),
  ].filter((f) => fs.existsSync(f));
  const hash = crypto.createHash('sha256');
  // The build embeds the STRAPI_ADMIN_* variables of the app's .env (its own environment's are dropped).
  const dotenv = path.join(appDir, '.env');
  if (fs.existsSync(dotenv)) hash.update(fs.readFileSync(dotenv, 'utf8').split('\n').filter((l) => /^\s*STRAPI_ADMIN_/.test(l)).join('\n'));
  for (const f of files) {
    hash.update(path.relative(appDir, f));
    hash.update('\0');
    hash.update(fs.readFileSync(f));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** One admin build at a time across processes; a lock whose holder died is taken over. */
async function withLock(fn) {
  const lock = path.join(appDir, '.tmp', 'admin-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let holder = NaN;
      try {
        holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // being written, or left without a pid: judged by age below
      }
      let alive = true;
      if (Number.isInteger(holder) && holder > 0) {
        try {
          process.kill(holder, 0);
        } catch (e) {
          alive = e.code === 'EPERM';
        }
      } else {
        alive = Date.now() - fs.statSync(lock).mtimeMs < 60_000;
      }
      if (!alive) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`admin build lock ${lock} held for too long`);
      else sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

const quietLogger = () => {
  const noop = () => {};
  const spinner = { start: () => spinner, succeed: noop, fail: noop, stop: noop, text: '' };
  return {
    debug: noop,
    info: noop,
    log: noop,
    warn: (...args) => console.error('[admin-build]', ...args),
    error: (...args) => console.error('[admin-build]', ...args),
    warning: (...args) => console.error('[admin-build]', ...args),
    spinner: () => spinner,
  };
};

/** `strapi build`'s admin part (node_modules/@strapi/strapi/dist/src/node/build.js), output into `outDir`. */
async function buildInto(outDir) {
  // What the bundle embeds comes from the config, read with a neutral environment: no developer
  // .env, no PUBLIC_URL (the backend is then the same origin as the page, whatever port a test uses).
  Object.assign(process.env, {
    NODE_ENV: 'production',
    STRAPI_TELEMETRY_DISABLED: 'true',
    ENV_PATH: path.join(appDir, '.tmp', 'no-such.env'),
  });
  for (const k of Object.keys(process.env)) if (k === 'PUBLIC_URL' || k.startsWith('STRAPI_ADMIN_')) delete process.env[k];

  const strapiDir = path.dirname(require.resolve('@strapi/strapi/package.json', { paths: [appDir] }));
  const node = (file) => require(path.join(strapiDir, 'dist', 'src', 'node', file));
  const { createBuildContext } = node('create-build-context.js');
  const { writeStaticClientFiles } = node('staticFiles.js');
  const { build: viteBuild } = node('vite/build.js');
  const { createStrapi } = require(require.resolve('@strapi/strapi', { paths: [appDir] }));

  // The app compiled by tests/global-setup (dist/config): the same config the tests boot on.
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist'), autoReload: true, serveAdminPanel: false });
  // createBuildContext cleans and targets `<dist root>/build`: point it at the staging directory.
  const stagingRoot = path.dirname(outDir);
  strapi.config.set('dirs.dist.root', stagingRoot);
  const logger = quietLogger();
  const ctx = await createBuildContext({
    cwd: appDir,
    logger,
    strapi,
    tsconfig: undefined,
    options: { bundler: 'vite', minify: true, sourcemap: false },
  });
  if (ctx.distPath !== outDir) throw new Error(`unexpected admin output ${ctx.distPath}, wanted ${outDir}`);
  await writeStaticClientFiles(ctx);
  await viteBuild(ctx);
}

function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

/** Puts the cached build where the server serves it from (dist/build), unless it is already there. */
function install(dir, hash) {
  const current = path.join(distBuild, MARKER);
  if (fs.existsSync(current) && fs.readFileSync(current, 'utf8') === hash) return false;
  const tmp = `${distBuild}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  copyDir(dir, tmp);
  fs.writeFileSync(path.join(tmp, MARKER), hash);
  fs.rmSync(distBuild, { recursive: true, force: true });
  fs.renameSync(tmp, distBuild);
  return true;
}

function prune(keep) {
  if (!fs.existsSync(cacheRoot)) return;
  const dirs = fs.readdirSync(cacheRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== keep)
    .map((e) => ({ name: e.name, m: fs.statSync(path.join(cacheRoot, e.name)).mtimeMs }))
    .sort((a, b) => b.m - a.m);
  for (const d of dirs.slice(KEEP_BUILDS - 1)) fs.rmSync(path.join(cacheRoot, d.name), { recursive: true, force: true });
}

async function ensureAdminBuild() {
  if (!fs.existsSync(path.join(pluginDir, 'dist', 'admin', 'index.mjs'))) {
    throw new Error('The support-desk plugin is not built (src/plugins/support-desk/dist/admin): run `node scripts/build-server.js` first.');
  }
  if (!fs.existsSync(path.join(appDir, 'dist', 'config'))) throw new Error('The app is not compiled (dist/config): run `node scripts/build-server.js` first.');
  return withLock(async () => {
    const hash = inputsHash();
    const slot = path.join(cacheRoot, hash);
    const dir = path.join(slot, 'build');
    const done = path.join(slot, 'complete');
    const started = Date.now();
    let cached = true;
    if (!fs.existsSync(done)) {
      cached = false;
      fs.rmSync(slot, { recursive: true, force: true });
      fs.mkdirSync(slot, { recursive: true });
      await buildInto(dir);
      if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`the admin build wrote no index.html into ${dir}`);
      fs.writeFileSync(done, new Date().toISOString());
    }
    const buildMs = Date.now() - started;
    const installed = install(dir, hash);
    fs.utimesSync(slot, new Date(), new Date());
    prune(hash);
    return { hash, cached, installed, buildMs, dir };
  });
}

module.exports = { ensureAdminBuild, inputsHash, listFiles };

if (require.main === module) {
  ensureAdminBuild().then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      // The build context's Strapi instance keeps handles open (it is never loaded or destroyed).
      process.exit(0);
    },
    (err) => {
      console.error(err && err.stack ? err.stack : err);
      process.exit(1);
    },
  );
}
