#!/usr/bin/env node
'use strict';
// One SLA sweep over 10k, 100k and 1M tickets on PostgreSQL with 0.1 % of them past their deadlines.
// The sweep is a query for what is due (indexed by the queue-index migration), so its time should
// follow the number of due tickets, not the table size: the ratio 1M / 10k is printed. Because the
// due tickets grow with the table (0.1 %), the fair ratio is per due ticket; both are printed.
// With `--due N` the number of due tickets is fixed (N at every size) and the rest of the table is a
// support desk's history (resolved and closed tickets with past deadlines, 5 % open): the sweep time
// itself should not grow with the table (goal: ratio ≤ 1.5).
//
//   node bench/sla-sweep.js [--sizes 10000,100000,1000000] [--repeats 3] [--due 100] [--plans]
const { createDatabase, runInStrapi, log } = require('./lib/app');
const { guard } = require('./lib/guard');
const { parseFlags, skipIfSqliteOnly } = require('./lib/cli');

function parseArgs(argv) {
  skipIfSqliteOnly('sla-sweep', 'generate_series, SKIP LOCKED');
  const opts = parseFlags(argv, {
    usage: 'node bench/sla-sweep.js [--sizes N,N…] [--repeats R] [--due N] [--plans]',
    defaults: { sizes: [10000, 100000, 1000000], repeats: 3, dueEvery: 1000, fixedDue: 0, plans: false },
    flags: { '--sizes': ['sizes', (v) => v.split(',').map(Number)], '--repeats': ['repeats', (v) => Math.max(1, Number(v))], '--due': ['fixedDue', Number], '--plans': ['plans', true] },
  });
  if (opts.sizes.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error('--sizes must be integers ≥ 1000');
  if (!Number.isInteger(opts.fixedDue) || opts.fixedDue < 0 || opts.sizes.some((n) => opts.fixedDue * 20 > n)) throw new Error('--due must be an integer, at most 1/20 of the smallest size');
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  guard.arm(Number(process.env.BENCH_TIMEOUT || 1800) * 1000);
  const db = guard.add(await createDatabase('postgres', 'sla'), (d) => d.drop());
  log(`database ${db.label}; sizes ${opts.sizes.join(', ')}; ${opts.fixedDue ? `${opts.fixedDue} due at every size (history table)` : `1 in ${opts.dueEvery} due`}; median of ${opts.repeats}`);
  const { results } = await runInStrapi(db, 'bench/sla-sweep-job.js', opts, { timeoutMs: 30 * 60 * 1000 });
  console.log('\ntickets     due   sweep ms   ms/due   load s   marks (fr warn/breach, res warn/breach)');
  for (const r of results) {
    const m = r.marked;
    console.log(
      `${String(r.size).padStart(8)} ${String(r.due).padStart(6)} ${r.sweepMs.toFixed(1).padStart(10)} ${(r.sweepMs / r.due).toFixed(3).padStart(8)} ${(r.loadMs / 1000).toFixed(1).padStart(8)}   ${m.first_response_warning}/${m.first_response_breach}, ${m.resolution_warning}/${m.resolution_breach}`,
    );
  }
  const first = results[0];
  const last = results[results.length - 1];
  console.log(`\nratio sweep time ${last.size}/${first.size}: ${(last.sweepMs / first.sweepMs).toFixed(2)} (table ${last.size / first.size}× larger, ${last.due / first.due}× more due tickets)`);
  if (opts.fixedDue) console.log(`fixed work (${opts.fixedDue} due at every size): ratio ${(last.sweepMs / first.sweepMs).toFixed(2)} (goal ≤ 1.5)`);
  else console.log(`ratio time per due ticket ${last.size}/${first.size}: ${(last.sweepMs / last.due / (first.sweepMs / first.due)).toFixed(2)}`);
  console.log(`plan at ${last.size}: ${last.plan}`);
  if (opts.plans) for (const r of results) console.log(`\n== the sweep's queries at ${r.size} (EXPLAIN ANALYZE, BUFFERS)\n${r.plans.join('\n--\n')}`);
  const fs = require('fs');
  const path = require('path');
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `sla-sweep-postgres${opts.fixedDue ? `-due${opts.fixedDue}` : ''}-${Date.now()}.json`), JSON.stringify({ opts, results }, null, 2));
}

main().then(
  () => guard.done(0),
  async (err) => {
    console.error(err && err.stack ? err.stack : err);
    await guard.done(1);
  },
);
