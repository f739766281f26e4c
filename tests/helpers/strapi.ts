/**
 * Boots one real Strapi per test file on a throwaway database: a fresh SQLite file by default, or a
 * fresh PostgreSQL database (created here, dropped in `stop`) when TEST_DB=postgres.
 */
import fs from 'fs';
import path from 'path';
import crypto from 'crypto';
import request from 'supertest';
import { Client } from 'pg';
import type { Core } from '@strapi/strapi';

export const appDir = path.resolve(__dirname, '..', '..');
export const testDb = (process.env.TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
const pgAdminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

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

/** Creates the throwaway database and returns the env that points Strapi at it. */
async function createTestDatabase(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const name = `sd_test_${process.pid}_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  if (testDb === 'postgres') {
    await withPgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(pgAdminUrl);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString(), DATABASE_POOL_MIN: '0', DATABASE_POOL_MAX: '10' },
      drop: () => withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
    };
  }
  const file = path.join(appDir, '.tmp', `${name}.db`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
    drop: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

/** Settings every test boot gets, assigned unconditionally: importing @strapi/strapi loads ./.env. */
function baseEnv(): Record<string, string> {
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
    // The notification dispatcher (cron, every 10 s) would move outbox rows under tests' feet; tests
    // that want it pass NOTIFY_ENABLED=true (tests/integration/notifications.test.ts).
    NOTIFY_ENABLED: 'false',
    // Rate limits per account and address (all test clients are 127.0.0.1) would refuse the many
    // tickets, comments and suggestions tests make; tests/integration/security-rate-limits.test.ts sets its own.
    CUSTOMER_TICKET_LIMIT: '100000',
    CUSTOMER_COMMENT_LIMIT: '100000',
    KB_SUGGEST_LIMIT: '100000',
    // Point dotenv at nothing so a developer's .env cannot leak in.
    ENV_PATH: path.join(appDir, '.tmp', 'no-such.env'),
  };
}

/**
 * Boots Strapi. `env` overrides settings (e.g. SMTP_PORT of an in-test SMTP server, or the database
 * of another instance via `reuseDatabase`).
 */
export async function startApp(options: { env?: Record<string, string>; reuseDatabase?: Record<string, string> } = {}): Promise<TestApp> {
  const db = options.reuseDatabase ? { env: options.reuseDatabase, drop: async () => {} } : await createTestDatabase();
  const env = { ...baseEnv(), ...db.env, ...(options.env ?? {}) };
  for (const k of ['DATABASE_URL', 'DATABASE_FILENAME', 'DATABASE_NAME', 'SMTP_HOST', 'SMTP_PORT']) delete process.env[k];
  Object.assign(process.env, env);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
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
