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

/** Options bench/run.js passes to every bench; a bench that has no use for one ignores it. */
const RUN_WIDE_FLAGS = ['--db', '--count', '--duration', '--connections', '--warmup', '--rounds'];
const DATABASES = ['sqlite', 'postgres', 'both'];

/**
 * Parses `--flag value` / `--flag=value` arguments into a copy of `defaults`.
 * `flags` maps a flag to `[key, parse]`: `parse(value)` for a flag that takes a value, or `true`
 * for a switch. Run-wide flags the bench does not declare are skipped; anything else is an error.
 * `--help` prints `usage` and exits. `--db` (when declared) must be sqlite, postgres or both.
 * @param {string[]} argv
 * @param {{ usage: string, defaults: object, flags: Record<string, [string, ((v: string) => unknown) | true]> }} spec
 */
function parseFlags(argv, { usage, defaults, flags }) {
  const opts = { ...defaults };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=');
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--help' || flag === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const known = flags[flag];
    if (known) {
      const [key, parse] = known;
      opts[key] = parse === true ? true : parse(value());
    } else if (RUN_WIDE_FLAGS.includes(flag)) value();
    else throw new Error(`unknown argument ${argv[i]} (usage: ${usage})`);
  }
  if ('--db' in flags && !DATABASES.includes(opts.db)) throw new Error(`--db must be sqlite, postgres or both, not ${opts.db}`);
  return opts;
}

/**
 * For a bench that only runs on PostgreSQL: exits 0 with a note when it is asked for SQLite alone.
 * @param {string} name
 * @param {string} why
 */
function skipIfSqliteOnly(name, why) {
  const argv = process.argv.slice(2);
  const at = argv.findIndex((a) => a === '--db' || a.startsWith('--db='));
  const db = at < 0 ? undefined : argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
  if (db === 'sqlite') {
    console.log(`${name} runs on PostgreSQL only (${why}); skipped for sqlite`);
    process.exit(0);
  }
}

module.exports = { runPerDatabase, parseFlags, skipIfSqliteOnly };
