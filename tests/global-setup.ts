import path from 'path';
import { Client } from 'pg';

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
}
