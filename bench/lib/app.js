'use strict';
// Boots the Support Desk app the way production runs it (`strapi start`, NODE_ENV=production) on a
// throwaway database, for benchmarks. Everything listens on 127.0.0.1 only.
//
//   const db = await createDatabase('sqlite', 'kb-list');      // or 'postgres'
//   await runInStrapi(db, 'bench/lib/kb-data.js', { count });   // one-off createStrapi().load() child
//   const app = await startApp({ db, env: { ... } });           // -> { url, port, pid, stop() }
//   ...; await app.stop(); await db.drop();
//
// `startApp({ db: 'sqlite' | 'postgres' })` also works: it then creates its own database and drops it in stop().
const fs = require('fs');
const net = require('net');
const path = require('path');
const http = require('http');
const crypto = require('crypto');
const { spawn } = require('child_process');

const appDir = path.resolve(__dirname, '..', '..');
const benchTmp = path.join(appDir, '.tmp', 'bench');
const STRAPI_BIN = path.join(appDir, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
const PG = {
  host: process.env.BENCH_PG_HOST || '127.0.0.1',
  port: Number(process.env.BENCH_PG_PORT || 5432),
  user: process.env.BENCH_PG_USER || 'postgres',
  password: process.env.BENCH_PG_PASSWORD || '',
};

let built = false;
/** Compiles the plugin (when stale) and the TS app into dist/ once per process (keeps dist/build). */
function buildOnce() {
  if (built || process.env.BENCH_SKIP_BUILD === '1') return;
  const t0 = Date.now();
  require('../../scripts/build-server.js').buildServer({ quiet: true });
  built = true;
  log(`built server in ${ms(Date.now() - t0)}`);
}

function log(line) {
  process.stderr.write(`[bench] ${line}\n`);
}
const ms = (n) => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`);
const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');

/** Fresh random secrets: a bench never reads the developer's .env. */
function freshSecrets() {
  const s = () => crypto.randomBytes(24).toString('base64');
  return {
    APP_KEYS: [s(), s(), s(), s()].join(','),
    API_TOKEN_SALT: s(),
    ADMIN_JWT_SECRET: s(),
    TRANSFER_TOKEN_SALT: s(),
    JWT_SECRET: s(),
    ENCRYPTION_KEY: s(),
  };
}

/**
 * A throwaway database and the env that points the app at it.
 * sqlite: .tmp/bench/<name>-<ts>.db; postgres: a new database sd_bench_<ts>_<pid> on 127.0.0.1:5432.
 * `settle()` brings it to a steady state after loading; `drop()` deletes it (unless BENCH_KEEP_DB=1).
 */
async function createDatabase(kind, name = 'bench') {
  if (kind === 'sqlite') {
    fs.mkdirSync(benchTmp, { recursive: true });
    const file = path.join(benchTmp, `${name}-${stamp()}-${process.pid}.db`);
    return {
      kind,
      file,
      label: path.relative(appDir, file),
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
      /** After loading: fold the WAL into the database file, as a quiet production database would be. */
      async settle() {
        const Database = require('better-sqlite3');
        const conn = new Database(file, { fileMustExist: true });
        try {
          conn.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          conn.close();
        }
      },
      async drop() {
        if (process.env.BENCH_KEEP_DB === '1') return log(`kept ${file}`);
        for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
      },
    };
  }
  if (kind === 'postgres') {
    const database = `sd_bench_${Date.now()}_${process.pid}`;
    await pgAdmin(`CREATE DATABASE ${database}`);
    let dropped = false;
    return {
      ...pgDatabase(database),
      /**
       * After loading: VACUUM ANALYZE, the steady state autovacuum reaches in production (visibility
       * map, hint bits, planner statistics), so that it does not happen in the middle of a measurement.
       */
      async settle() {
        await pgAdmin('VACUUM ANALYZE', database);
      },
      async drop() {
        if (dropped) return;
        dropped = true;
        if (process.env.BENCH_KEEP_DB === '1') return log(`kept database ${database}`);
        await pgAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      },
    };
  }
  throw new Error(`unknown database kind "${kind}" (sqlite | postgres)`);
}

/** Where a PostgreSQL database is and the env that points the app at it. */
function pgDatabase(database) {
  const url = `postgres://${encodeURIComponent(PG.user)}${PG.password ? `:${encodeURIComponent(PG.password)}` : ''}@${PG.host}:${PG.port}/${database}`;
  return {
    kind: 'postgres',
    database,
    url,
    label: `${database}@${PG.host}:${PG.port}`,
    env: {
      DATABASE_CLIENT: 'postgres',
      DATABASE_URL: url, // config/database.ts: wins over the discrete settings, which we set to match anyway
      DATABASE_HOST: PG.host,
      DATABASE_PORT: String(PG.port),
      DATABASE_NAME: database,
      DATABASE_USERNAME: PG.user,
      DATABASE_PASSWORD: PG.password,
      DATABASE_SSL: 'false',
      DATABASE_SCHEMA: 'public',
    },
  };
}

/**
 * A database kept by an earlier run (BENCH_KEEP_DB=1): a SQLite file or a PostgreSQL database name.
 * Nothing is settled or dropped (`--reuse` of bench/kb-search-scale.js).
 */
async function existingDatabase(kind, name) {
  if (kind === 'sqlite') {
    const file = path.resolve(appDir, name);
    if (!fs.existsSync(file)) throw new Error(`no SQLite file ${file}`);
    return { kind, file, label: path.relative(appDir, file), env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file }, async settle() {}, async drop() {} };
  }
  if (kind === 'postgres') {
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a database name: ${name}`);
    await pgAdmin('SELECT 1', name);
    return { ...pgDatabase(name), async settle() {}, async drop() {} };
  }
  throw new Error(`unknown database kind "${kind}" (sqlite | postgres)`);
}

async function pgAdmin(sql, database = 'postgres') {
  const { Client } = require('pg');
  const client = new Client({ ...PG, database });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `cannot reach PostgreSQL at ${PG.host}:${PG.port} (${err.message}). Start it with: ` +
        'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The environment of every Strapi child: production, quiet, loopback only, fresh secrets, and no .env
 * (ENV_PATH points at a file that does not exist, so dotenv loads nothing). Settings inherited from the
 * caller's shell that would change what we measure (DATABASE_*, HOST, PORT, ...) are overwritten.
 */
function strapiEnv(db, extra = {}, secrets = freshSecrets()) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('DATABASE_')) delete env[k];
  return {
    ...env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PUBLIC_URL: '',
    STRAPI_TELEMETRY_DISABLED: 'true',
    LOG_LEVEL: 'warn',
    ENV_PATH: path.join(benchTmp, 'no-such-file.env'),
    BROWSER: 'none',
    ...secrets,
    ...db.env,
    ...extra,
  };
}

/** A free TCP port on 127.0.0.1 (asks the kernel, then releases it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** One HTTP request with an optional JSON body; resolves { status, headers, body (text), json() }. */
function httpRequest(method, url, { headers = {}, body, timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(
      url,
      { method, timeout: timeoutMs, agent: false, headers: { ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text, json: () => JSON.parse(text) }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Polls `url` until it answers `status`, the child dies, or `timeoutMs` passes. */
async function waitFor(url, { status = 204, timeoutMs = 60000, child, output } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`process exited with code ${child.exitCode} before ${url} answered\n${output ? output() : ''}`);
    }
    try {
      const res = await httpGet(url, 1000);
      if (res.status === status) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} within ${ms(timeoutMs)}\n${output ? output() : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Keeps the last ~64 KB of a child's stdout+stderr for error messages; echoes it with BENCH_VERBOSE=1. */
function captureOutput(child, tag) {
  let buf = '';
  const onData = (chunk) => {
    const text = chunk.toString();
    if (process.env.BENCH_VERBOSE === '1') process.stderr.write(text.replace(/^/gm, `[${tag}] `));
    buf = (buf + text).slice(-65536);
  };
  if (child.stdout) child.stdout.on('data', onData);
  if (child.stderr) child.stderr.on('data', onData);
  return () => buf;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
function stopChild(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// Children still running when the bench process is interrupted or crashes get killed here.
const live = new Set();
let exitHookInstalled = false;
function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  return child;
}

/**
 * Runs `script` (a path relative to the app, or absolute) in a child Node process with the Strapi env
 * of `db`. The script gets `args` as JSON in BENCH_ARGS and reports back by printing one line
 * `BENCH_RESULT <json>` on stdout. Used for one-off `createStrapi().load()` jobs such as data loading.
 */
async function runInStrapi(db, script, args = {}, { env = {}, timeoutMs = 10 * 60 * 1000, secrets } = {}) {
  buildOnce();
  const child = track(
    spawn(process.execPath, [path.resolve(appDir, script)], {
      cwd: appDir,
      env: strapiEnv(db, { ...env, BENCH_ARGS: JSON.stringify(args) }, secrets),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output = captureOutput(child, path.basename(script));
  let stdout = '';
  child.stdout.on('data', (c) => (stdout += c));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise((resolve) => child.once('exit', (c, sig) => resolve(c === null ? sig : c)));
  clearTimeout(timer);
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (code !== 0 || !line) throw new Error(`${script} failed (exit ${code})\n${output()}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length));
}

/**
 * Starts `strapi start` (production) on `db` and waits for GET /_health -> 204.
 * `nodeArgs`: options for the Strapi process's node (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept).
 * @param {{ db: object | 'sqlite' | 'postgres', env?: object, secrets?: object, timeoutMs?: number, nodeArgs?: string[] }} opts
 * @returns {Promise<{ url: string, port: number, pid: number, db: object, bootMs: number, output(): string, stop(): Promise<void> }>}
 */
async function startApp({ db, env = {}, secrets, timeoutMs = 90000, nodeArgs = [] } = {}) {
  buildOnce();
  const ownDb = typeof db === 'string';
  const database = ownDb ? await createDatabase(db, 'app') : db;
  const port = await freePort();
  const t0 = Date.now();
  const child = track(
    spawn(process.execPath, [...nodeArgs, STRAPI_BIN, 'start'], {
      cwd: appDir,
      env: strapiEnv(database, { PORT: String(port), ...env }, secrets),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output = captureOutput(child, 'strapi');
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    if (ownDb) await database.drop();
  };
  try {
    await waitFor(`${url}/_health`, { status: 204, timeoutMs, child, output });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, pid: child.pid, db: database, bootMs: Date.now() - t0, output, stop };
}

/**
 * Starts a plain Node script as a server child (a baseline) on a free port: the script gets PORT and
 * BENCH_ARGS (JSON) and must answer GET `readyPath` with 200 once ready.
 */
async function startChildServer(script, args = {}, { readyPath = '/_ready', env = {}, timeoutMs = 30000 } = {}) {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [path.resolve(appDir, script)], {
      cwd: appDir,
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', BENCH_ARGS: JSON.stringify(args), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output = captureOutput(child, path.basename(script));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}${readyPath}`, { status: 200, timeoutMs, child, output });
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { url, port, pid: child.pid, output, stop: () => stopChild(child) };
}

module.exports = {
  appDir,
  benchTmp,
  STRAPI_BIN,
  PG,
  buildOnce,
  createDatabase,
  existingDatabase,
  freshSecrets,
  strapiEnv,
  freePort,
  httpGet,
  httpRequest,
  waitFor,
  runInStrapi,
  startApp,
  startChildServer,
  stopChild,
  log,
  stamp,
};
