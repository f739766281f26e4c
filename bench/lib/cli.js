'use strict';
// The common entry point of a per-database benchmark: parse arguments, bound the run in time
// (BENCH_TIMEOUT), compile once, run each requested database, clean up and set the exit code.
const { buildOnce } = require('./app');
const { guard } = require('./guard');

/**
 * @param {string} name benchmark name for messages
 * @param {{ parseArgs(argv: string[]): { db: string }, benchDatabase(kind: string, opts: object): Promise<unknown>, defaultTimeoutS?: number }} bench
 */
function runPerDatabase(name, { parseArgs, benchDatabase, defaultTimeoutS = 20 * 60 }) {
  const main = async () => {
    const opts = parseArgs(process.argv.slice(2));
    guard.arm(Number(process.env.BENCH_TIMEOUT || defaultTimeoutS) * 1000);
    buildOnce();
    const kinds = opts.db === 'both' ? ['sqlite', 'postgres'] : [opts.db];
    for (const kind of kinds) await benchDatabase(kind, opts);
  };
  main().then(
    () => guard.done(0),
    (err) => {
      console.error(`[bench] ${name} failed: ${err && err.stack ? err.stack : err}`);
      guard.done(1);
    },
  );
}

module.exports = { runPerDatabase };
