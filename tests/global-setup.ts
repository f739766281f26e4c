import path from 'path';
import { execFileSync } from 'child_process';
import { Client } from 'pg';
import { baseEnv } from './helpers/strapi';

/** Whether PostgreSQL answers at TEST_PG_URL: the reason it does not, or null. */
async function probePostgres(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function globalSetup() {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  const started = Date.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildServer } = require(path.resolve(__dirname, '../scripts/build-server.js'));
  buildServer();
  console.log(`[global-setup] plugin and app compiled in ${Date.now() - started} ms`);

  // The multi-instance tests need PostgreSQL; in a SQLite run they use it when it is there.
  // Test workers start after this and inherit the answer (tests/helpers/strapi.ts, postgresReachable).
  const pgUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const unreachable = await probePostgres(pgUrl);
  process.env.TEST_PG_REACHABLE = unreachable ? 'false' : 'true';
  if (unreachable && process.env.TEST_DB !== 'postgres') {
    console.log(`[global-setup] PostgreSQL is not reachable at ${pgUrl} (${unreachable}): the multi-instance tests on PostgreSQL are skipped`);
  }

  // Booted-once databases that each test's database is copied from (tests/helpers/db-template.js):
  // a boot on an empty database costs about twice one on a database that has its tables and
  // bootstrap rows. TEST_DB_TEMPLATE=off starts every test from an empty database instead.
  if (process.env.TEST_DB_TEMPLATE !== 'off') {
    const kinds: Array<'sqlite' | 'postgres'> = [];
    if (process.env.TEST_DB !== 'postgres') kinds.push('sqlite');
    if (!unreachable) kinds.push('postgres');
    for (const kind of kinds) {
      try {
        const out = execFileSync(process.execPath, [path.resolve(__dirname, 'helpers/db-template.js'), kind], {
          env: { ...process.env, ...baseEnv(), TEST_PG_URL: pgUrl },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const made = JSON.parse(out.trim().split('\n').pop() as string) as { template: string; cached: boolean; ms: number };
        process.env[kind === 'sqlite' ? 'TEST_DB_TEMPLATE_SQLITE' : 'TEST_DB_TEMPLATE_PG'] = made.template;
        console.log(`[global-setup] ${kind} template ${made.cached ? 'reused' : 'built'} in ${made.ms} ms: ${made.template}`);
      } catch (error) {
        // Each test then boots on an empty database and reports its own failure, if any.
        console.log(`[global-setup] no ${kind} template (${(error as Error).message.split('\n')[0]}): test databases start empty`);
      }
    }
  }
}
