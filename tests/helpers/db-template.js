#!/usr/bin/env node
'use strict';
/**
 * A booted-once database that test boots copy instead of starting from an empty one.
 *
 * Strapi's first boot on an empty database creates every table, index and link table, then the
 * bootstrap fills roles, permissions, locales and the plugin's defaults: about twice the CPU of a
 * boot on a database that already has them (measured: 17.6 s vs 9.5 s on SQLite, 15.5 s vs 4.3 s
 * on PostgreSQL on a loaded 2-core machine), and the suite boots ~130 times per database. So the
 * first boot happens once, here, and each test gets a copy: a file copy on SQLite, `CREATE DATABASE
 * … TEMPLATE` on PostgreSQL. A test boot on the copy still runs Strapi's whole load (schema check,
 * migrations, bootstrap) on a database in exactly the state a fresh boot leaves.
 *
 * The template is named by a hash of everything that shapes that state (compiled server and plugin,
 * schemas, migrations, config, lock file, this script), so it is rebuilt when any of them changes and
 * shared by concurrent runs of the same code. Tests that need a really empty database (an older schema
 * before bootstrap) ask `startApp` for `fresh: true` or pass `beforeBootstrap`.
 *
 * Usage: `node tests/helpers/db-template.js sqlite|postgres` with the test boot settings in the
 * environment (tests/global-setup.ts); prints one JSON line { kind, template, cached, ms }.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { listFiles } = require('./admin-build');

const appDir = path.resolve(__dirname, '..', '..');
const pluginDir = path.join(appDir, 'src', 'plugins', 'support-desk');
const sqliteDir = path.join(appDir, '.tmp', 'db-templates');
const PG_PREFIX = 'sd_tmpl_';
/** PostgreSQL templates not used for this long are dropped by the next run that builds one. */
const PG_TEMPLATE_MAX_AGE_MS = 6 * 3600_000;
const SQLITE_KEEP = 3;

function inputsHash() {
  const hash = crypto.createHash('sha256');
  const roots = [
    path.join(appDir, 'dist', 'src'),
    path.join(appDir, 'dist', 'config'),
    path.join(pluginDir, 'dist', 'server'),
    path.join(appDir, 'src', 'api'),
    path.join(appDir, 'src', 'components'),
    path.join(appDir, 'src', 'extensions'),
    path.join(appDir, 'database'),
  ];
  const files = [...roots.flatMap(listFiles), path.join(appDir, 'package-lock.json'), __filename];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(appDir, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function bootOnce() {
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
  await strapi.destroy();
}

async function sqliteTemplate(hash) {
  const file = path.join(sqliteDir, `${hash}.db`);
  if (fs.existsSync(file)) return { template: file, cached: true };
  fs.mkdirSync(sqliteDir, { recursive: true });
  const building = path.join(sqliteDir, `${hash}.building-${process.pid}.db`);
  process.env.DATABASE_CLIENT = 'sqlite';
  process.env.DATABASE_FILENAME = building;
  await bootOnce();
  // The app runs SQLite in WAL mode: fold the log into the file so one file is the whole database.
  const Database = require('better-sqlite3');
  const db = new Database(building);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.close();
  for (const f of [`${building}-wal`, `${building}-shm`]) fs.rmSync(f, { force: true });
  // Atomic: a concurrent run sees either no template or a complete one.
  fs.renameSync(building, file);
  const others = fs
    .readdirSync(sqliteDir)
    .filter((f) => f.endsWith('.db') && !f.includes('.building-'))
    .map((f) => ({ f, m: fs.statSync(path.join(sqliteDir, f)).mtimeMs }))
    .sort((a, b) => b.m - a.m);
  for (const { f } of others.slice(SQLITE_KEEP)) fs.rmSync(path.join(sqliteDir, f), { force: true });
  return { template: file, cached: false };
}

async function pgTemplate(hash) {
  const { Client } = require('pg');
  const adminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const name = `${PG_PREFIX}${hash}`;
  const exists = async () => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
  try {
    if (await exists()) {
      await admin.query(`COMMENT ON DATABASE "${name}" IS '${Date.now()}'`);
      return { template: name, cached: true };
    }
    const building = `${name}_b${process.pid}`;
    await admin.query(`CREATE DATABASE "${building}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${building}`;
    Object.assign(process.env, { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString(), DATABASE_POOL_MIN: '0', DATABASE_POOL_MAX: '10' });
    try {
      await bootOnce();
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      await admin.query(`COMMENT ON DATABASE "${name}" IS '${Date.now()}'`);
    } catch (error) {
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      // Another run finished the same template first: use theirs.
      if (!(await exists())) throw error;
      return { template: name, cached: true };
    }
    // Templates of older code (other branches, earlier commits) that no run has used for hours.
    const old = await admin.query(
      `SELECT d.datname, shobj_description(d.oid, 'pg_database') AS used FROM pg_database d WHERE d.datname LIKE '${PG_PREFIX}%' AND d.datname <> $1`,
      [name],
    );
    for (const row of old.rows) {
      const used = Number(row.used);
      if (Number.isFinite(used) && Date.now() - used < PG_TEMPLATE_MAX_AGE_MS) continue;
      await admin.query(`DROP DATABASE IF EXISTS "${row.datname}"`).catch(() => undefined);
    }
    return { template: name, cached: false };
  } finally {
    await admin.end();
  }
}

async function main() {
  const kind = process.argv[2];
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error('usage: db-template.js sqlite|postgres');
  const started = Date.now();
  const hash = inputsHash();
  const result = kind === 'sqlite' ? await sqliteTemplate(hash) : await pgTemplate(hash);
  process.stdout.write(`${JSON.stringify({ kind, ...result, ms: Date.now() - started })}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error && error.stack) || error}\n`);
    process.exit(1);
  },
);
