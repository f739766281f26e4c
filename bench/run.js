#!/usr/bin/env node
'use strict';
// `npm run bench`: runs every benchmark in turn, each in its own process, with the arguments given
// here (e.g. `npm run bench -- --db sqlite`). Exit code: 0 when all passed, else the first failure's.
//   BENCH_ONLY=kb-list npm run bench     runs a subset (comma-separated names)
const path = require('path');
const { spawnSync } = require('child_process');

// kb-search-scale (100k rows, tens of minutes) is run on its own: node bench/kb-search-scale.js
const BENCHES = ['kb-list', 'kb-public', 'kb-relevance', 'sla-sweep', 'ticket-transitions', 'mail-import', 'dashboard', 'part-reservations'];

const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : null;
let exitCode = 0;
for (const name of BENCHES) {
  if (only && !only.includes(name)) continue;
  console.log(`\n### bench/${name}.js ${process.argv.slice(2).join(' ')}`);
  const t0 = Date.now();
  const res = spawnSync(process.execPath, [path.join(__dirname, `${name}.js`), ...process.argv.slice(2)], { stdio: 'inherit' });
  const code = res.status === null ? 1 : res.status;
  console.log(`### ${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (code !== 0 && exitCode === 0) exitCode = code;
}
process.exit(exitCode);
