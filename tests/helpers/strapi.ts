/**
 * Boots one real Strapi per test file on a throwaway database: a new SQLite file by default, or a
 * new PostgreSQL database (created here, dropped in `stop`) when TEST_DB=postgres; either starts as a
 * copy of the booted-once template when tests/global-setup.ts made one.
 */
import fs from 'fs';
import path from 'path';
import crypto from 'crypto';
import request from 'supertest';
import { Client } from 'pg';
import type { Core } from '@strapi/strapi';

export const appDir = path.resolve(__dirname, '..', '..');
export const testDb = (process.env.TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
export const pgAdminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * Whether PostgreSQL answered the probe of tests/global-setup.ts: tests that need several instances
 * on PostgreSQL run on a database of their own (`startApp({ db: 'postgres' })`) in a SQLite run too.
 */
export const postgresReachable = process.env.TEST_PG_REACHABLE === 'true';

export interface TestApp {
  strapi: Core.Strapi;
  http: () => ReturnType<typeof request>;
  /** Destroys Strapi and drops the throwaway database. */
  stop: () => Promise<void>;
  /** Destroys Strapi but keeps the database (to boot again on it with `reuseDatabase: app.env`). */
  shutdown: () => Promise<void>;
  dropDatabase: () => Promise<void>;
  /** Extra settings the app was booted with (e.g. the database name), for a second instance. */
  env: Record<string, string>;
}

const secret = () => crypto.randomBytes(16).toString('hex');

async function withPgAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: pgAdminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The booted-once database of each kind that a test database starts as a copy of
 * (tests/helpers/db-template.js, made by tests/global-setup.ts); unset: start empty.
 */
const templates = { sqlite: process.env.TEST_DB_TEMPLATE_SQLITE || '', postgres: process.env.TEST_DB_TEMPLATE_PG || '' };

/** CREATE DATABASE … TEMPLATE, retried while another copy of the same template holds it for a moment. */
async function createPgDatabase(c: Client, name: string, template: string) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await c.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
      return;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 250 + Math.random() * 250));
    }
  }
}

/** Creates the throwaway database and returns the env that points Strapi at it. */
async function createTestDatabase(kind: 'sqlite' | 'postgres', fresh = false): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const name = `sd_test_${process.pid}_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  const template = fresh ? '' : templates[kind];
  if (kind === 'postgres') {
    await withPgAdmin((c) => createPgDatabase(c, name, template));
    const url = new URL(pgAdminUrl);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString(), DATABASE_POOL_MIN: '0', DATABASE_POOL_MAX: '10' },
      drop: () => withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
    };
  }
  const file = path.join(appDir, '.tmp', `${name}.db`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (template) fs.copyFileSync(template, file);
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
    drop: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

/** The switch of each plugin cron task (README, Configuration), all off. */
export const PLUGIN_CRON_SWITCHES_OFF: Readonly<Record<string, string>> = {
  SLA_SWEEP_ENABLED: 'false',
  NOTIFY_ENABLED: 'false',
  AUTO_CLOSE_ENABLED: 'false',
  KB_REVIEW_REMINDERS_ENABLED: 'false',
  MAIL_IMPORT_ENABLED: 'false',
  MONTHLY_REPORT_ENABLED: 'false',
  DASHBOARD_ROLLUP_ENABLED: 'false',
  TRAINING_REMINDERS_ENABLED: 'false',
};

/** Settings every test boot gets, assigned unconditionally: importing @strapi/strapi loads ./.env. */
export function baseEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    APP_KEYS: `${secret()},${secret()}`,
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    CRON_ENABLED: 'true',
    // Every plugin cron task is off: a tick would change rows under tests' feet at a moment no test
    // chooses. Tests run a task explicitly (its service method, with an injected `now` where time
    // matters) or turn its switch on for their own boot (e.g. NOTIFY_ENABLED=true).
    ...PLUGIN_CRON_SWITCHES_OFF,
    // Rate limits per account and address (all test clients are 127.0.0.1) would refuse the many
    // tickets, comments and suggestions tests make; tests/integration/security-rate-limits.test.ts sets its own.
    CUSTOMER_TICKET_LIMIT: '100000',
    CUSTOMER_COMMENT_LIMIT: '100000',
    KB_SUGGEST_LIMIT: '100000',
    LOGIN_ACCOUNT_LIMIT: '100000',
    LOGIN_ADDRESS_LIMIT: '100000',
    // Point dotenv at nothing so a developer's .env cannot leak in.
    ENV_PATH: path.join(appDir, '.tmp', 'no-such.env'),
  };
}

let previousOverrides: string[] = [];

/**
 * Boots Strapi. `env` overrides settings (e.g. SMTP_PORT of an in-test SMTP server, or the database
 * of another instance via `reuseDatabase`); `db` picks the database kind (default: TEST_DB).
 * `beforeBootstrap` runs between Strapi's register and bootstrap phases, when the content types are
 * final and no table exists yet (e.g. to boot with an older schema, tests/integration/state-migration.test.ts).
 * A new database is a copy of the booted-once template (tests/helpers/db-template.js) unless `fresh`
 * or `beforeBootstrap` asks for an empty one.
 */
export async function startApp(
  options: {
    env?: Record<string, string>;
    reuseDatabase?: Record<string, string>;
    /** With `reuseDatabase`: how to drop that database at `stop` (the previous boot's `dropDatabase`); else it is kept. */
    dropReused?: () => Promise<void>;
    db?: 'sqlite' | 'postgres';
    fresh?: boolean;
    beforeBootstrap?: (strapi: Core.Strapi) => void | Promise<void>;
  } = {},
): Promise<TestApp> {
  const db = options.reuseDatabase
    ? { env: options.reuseDatabase, drop: options.dropReused ?? (async () => {}) }
    : await createTestDatabase(options.db ?? testDb, Boolean(options.fresh || options.beforeBootstrap));
  const env = { ...baseEnv(), ...db.env, ...(options.env ?? {}) };
  // A previous boot's own overrides (e.g. a bad setting) do not carry over to this one.
  for (const k of ['DATABASE_URL', 'DATABASE_FILENAME', 'DATABASE_NAME', 'SMTP_HOST', 'SMTP_PORT', ...previousOverrides]) delete process.env[k];
  previousOverrides = Object.keys(options.env ?? {});
  Object.assign(process.env, env);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  const created = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  let strapi: Core.Strapi;
  if (options.beforeBootstrap) {
    await created.register();
    await options.beforeBootstrap(created);
    await created.bootstrap();
    (created as unknown as { isLoaded: boolean }).isLoaded = true;
    strapi = created;
  } else {
    strapi = await created.load();
  }
  // Strapi's upload plugin writes its weekly metrics to the core store 15 s after each boot on a
  // database where they were never sent (every test database): a write at a moment that depends on
  // the machine's speed (it empties the settings cache, adds statements to a counted window).
  strapi.cron.remove('uploadWeekly');
  strapi.server.mount();

  return {
    strapi,
    env: db.env,
    http: () => request(strapi.server.httpServer),
    stop: async () => {
      await strapi.destroy();
      await db.drop();
    },
    shutdown: () => strapi.destroy(),
    dropDatabase: db.drop,
  };
}
