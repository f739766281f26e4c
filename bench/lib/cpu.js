'use strict';
// Where the CPU went during a measurement (Linux /proc): the server under test, the PostgreSQL
// backends serving the bench database, this process (the load generator), and everything else on
// the machine (other PostgreSQL databases included).
// "everything else" is the noise indicator: other work on the same cores skews req/s.
const fs = require('fs');
const os = require('os');

const TICK = 100; // USER_HZ: clock ticks per second on Linux

function readProcTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 (utime, stime), counted from 1 including pid and comm
    return Number(after[11]) + Number(after[12]);
  } catch {
    return 0;
  }
}

function comm(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** PostgreSQL backends serving database `dbName` (their title is "postgres: user db host(port) state"). */
function dbPids(dbName) {
  if (!dbName) return [];
  try {
    return fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d) && comm(d) === 'postgres' && cmdline(d).includes(` ${dbName} `))
      .map(Number);
  } catch {
    return [];
  }
}

function systemBusyTicks() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + (line[4] || 0); // idle + iowait
  const total = line.slice(0, 8).reduce((a, b) => a + b, 0); // without guest columns (already in user)
  return total - idle;
}

/** Starts measuring; call the returned function at the end to get per-group CPU in % of one core. */
function startCpuMeter({ serverPid, dbName } = {}) {
  if (process.platform !== 'linux') return () => null;
  const dbs = dbPids(dbName);
  const t0 = process.hrtime.bigint();
  const start = {
    busy: systemBusyTicks(),
    server: serverPid ? readProcTicks(serverPid) : 0,
    db: dbs.reduce((s, p) => s + readProcTicks(p), 0),
    self: readProcTicks(process.pid),
  };
  return () => {
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const dbsNow = new Set([...dbs, ...dbPids(dbName)]);
    const pct = (ticks) => Math.round((ticks / TICK / seconds) * 100);
    const busy = systemBusyTicks() - start.busy;
    const server = serverPid ? readProcTicks(serverPid) - start.server : 0;
    const db = [...dbsNow].reduce((s, p) => s + readProcTicks(p), 0) - start.db; // backends that exited are lost: a small undercount
    const self = readProcTicks(process.pid) - start.self;
    return {
      cores: os.cpus().length,
      server: pct(server),
      db: pct(db),
      loadgen: pct(self),
      other: Math.max(0, pct(busy - server - db - self)),
      idle: Math.max(0, os.cpus().length * 100 - pct(busy)),
    };
  };
}

let waitBudgetUsedS = 0;

/**
 * Waits until the whole machine has been nearly idle — under `threshold` % of one core busy — for
 * `windows` consecutive 1-second windows. Call it while the servers under test are idle.
 * `maxWaitS` is a budget for the whole process, not per call: once it is spent (the machine stayed
 * busy), later calls return at once. Returns the seconds waited, or -1 when it gave up.
 */
async function waitForQuiet({ maxWaitS = 0, threshold = 25, windows = 3, log = () => {} } = {}) {
  if (!maxWaitS || process.platform !== 'linux') return 0;
  if (waitBudgetUsedS >= maxWaitS) return -1;
  const t0 = Date.now();
  const spent = () => waitBudgetUsedS + (Date.now() - t0) / 1000;
  let quiet = 0;
  let told = false;
  try {
    while (spent() < maxWaitS) {
      const before = systemBusyTicks();
      await new Promise((r) => setTimeout(r, 1000));
      const busyPct = systemBusyTicks() - before; // ticks in 1 s == % of one core
      quiet = busyPct < threshold ? quiet + 1 : 0;
      if (quiet >= windows) return Math.round((Date.now() - t0) / 1000);
      if (!told && Date.now() - t0 > 3000) {
        told = true;
        log(`waiting for the machine to be quiet (${busyPct} % of a core busy; ${Math.round(maxWaitS - spent())} s left of BENCH_WAIT_QUIET) ...`);
      }
    }
    log(`the machine stayed busy: BENCH_WAIT_QUIET (${maxWaitS} s) spent, measuring anyway`);
    return -1;
  } finally {
    waitBudgetUsedS += (Date.now() - t0) / 1000;
  }
}

module.exports = { startCpuMeter, waitForQuiet };
