/**
 * SQL statements counted from the knex `query` event: what a request or a read costs the database.
 */
import type { Core } from '@strapi/strapi';

/** Statements the database receives while `fn` runs, with `fn`'s result. */
export async function statementsDuring<T>(strapi: Core.Strapi, fn: () => Promise<T>): Promise<{ result: T; count: number }> {
  const knex = (strapi.db as unknown as { connection: { on: (e: string, f: () => void) => void; removeListener: (e: string, f: () => void) => void } }).connection;
  let count = 0;
  const onQuery = () => (count += 1);
  knex.on('query', onQuery);
  try {
    return { result: await fn(), count };
  } finally {
    knex.removeListener('query', onQuery);
  }
}

/**
 * The fewest statements of `runs` runs of `fn` (with the last run's result): a cron job, Strapi's own
 * timers or a previous request's after-commit work share the pool and can land inside one window; they
 * only ever add statements, while a cost of `fn` itself is in every run.
 */
export async function fewestStatements<T>(strapi: Core.Strapi, fn: () => Promise<T>, runs = 3): Promise<{ result: T; count: number }> {
  let best: { result: T; count: number } | undefined;
  for (let i = 0; i < runs; i += 1) {
    const run = await statementsDuring(strapi, fn);
    best = { result: run.result, count: Math.min(run.count, best?.count ?? Infinity) };
  }
  return best!;
}
