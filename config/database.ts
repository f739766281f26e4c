import path from 'path';
import type { Core } from '@strapi/strapi';

// Compiled to dist/config, so the app root is two levels up.
const appRoot = path.resolve(__dirname, '..', '..');

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database => {
  const client = env('DATABASE_CLIENT', 'sqlite');

  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          // DATABASE_URL wins over the discrete settings when set.
          connectionString: env('DATABASE_URL'),
          host: env('DATABASE_HOST', '127.0.0.1'),
          port: env.int('DATABASE_PORT', 5432),
          database: env('DATABASE_NAME', 'support_desk'),
          user: env('DATABASE_USERNAME', 'postgres'),
          password: env('DATABASE_PASSWORD', ''),
          ssl: env.bool('DATABASE_SSL', false) && {
            rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true),
          },
          // Only a schema other than PostgreSQL's default is named: for a named schema Strapi runs
          // `SET search_path` on every new connection without handling its failure (a connection
          // killed at that moment leaves an unhandled rejection and a pool slot that never comes
          // back until the acquire timeout). The default schema needs no SET.
          schema: env('DATABASE_SCHEMA', 'public') === 'public' ? undefined : env('DATABASE_SCHEMA'),
        },
        pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }

  if (client !== 'sqlite') {
    throw new Error(`Unsupported DATABASE_CLIENT "${client}": use "sqlite" (default) or "postgres".`);
  }

  const busyTimeoutMs = env.int('SQLITE_BUSY_TIMEOUT', 10000);
  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(appRoot, env('DATABASE_FILENAME', '.tmp/data.db')),
        // better-sqlite3 waits this long for a lock instead of failing with SQLITE_BUSY.
        options: { timeout: busyTimeoutMs },
      },
      useNullAsDefault: true,
      pool: {
        // WAL lets readers run beside the single writer; busy_timeout covers the writer queue.
        afterCreate: (conn: any, done: (err?: Error, conn?: unknown) => void) => {
          try {
            conn.pragma('journal_mode = WAL');
            conn.pragma(`busy_timeout = ${busyTimeoutMs}`);
            conn.pragma('synchronous = NORMAL');
            done(undefined, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
    },
  };
};

export default config;
