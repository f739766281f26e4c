'use strict';
// Load generation with autocannon, bounded in time: a short warm-up (discarded), then a fixed-length
// run. Only 127.0.0.1 targets are accepted.
const os = require('os');
const autocannon = require('autocannon');
const { startCpuMeter, waitForQuiet } = require('./cpu');

const DEFAULTS = {
  duration: Number(process.env.BENCH_DURATION || 10), // seconds of measured load
  warmup: Number(process.env.BENCH_WARMUP ?? 2), // seconds of unmeasured load before it
  connections: Number(process.env.BENCH_CONNECTIONS || 10),
  waitQuiet: Number(process.env.BENCH_WAIT_QUIET || 0), // seconds to wait for an idle machine first (0: don't)
  rounds: Number(process.env.BENCH_ROUNDS || 1), // measurements per server, alternating with the baseline
};

function assertLoopback(url) {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1') throw new Error(`bench traffic goes to 127.0.0.1 only, not ${hostname}`);
}

/** One autocannon run; recordLatencies collects every 2xx response time (float ms) for exact percentiles. */
function fire(opts, { recordLatencies = false } = {}) {
  return new Promise((resolve, reject) => {
    let latencies = recordLatencies ? new Float64Array(1 << 16) : null;
    let n = 0;
    const instance = autocannon({ ...opts, timeout: 10 }, (err, result) => {
      clearTimeout(guard);
      if (err) return reject(err);
      resolve({ result, latencies: latencies ? latencies.subarray(0, n) : null });
    });
    if (recordLatencies) {
      instance.on('response', (client, statusCode, resBytes, responseTime) => {
        if (statusCode < 200 || statusCode > 299) return;
        if (n === latencies.length) {
          const bigger = new Float64Array(latencies.length * 2);
          bigger.set(latencies);
          latencies = bigger;
        }
        latencies[n++] = responseTime;
      });
    }
    // autocannon stops itself after `duration`; this is the belt to its braces.
    const guard = setTimeout(() => instance.stop(), (opts.duration + 30) * 1000);
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)];
}

const round = (x, digits = 2) => (x == null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/**
 * Measures `url` (+ `path`) under load.
 * @param {{ url: string, path?: string, duration?: number, warmup?: number, connections?: number,
 *           method?: string, headers?: object, body?: string, requests?: object[],
 *           serverPid?: number, dbName?: string }} opts  serverPid/dbName: for the CPU breakdown
 * @returns {Promise<{ rps: number, p50: number, p99: number, mean: number, errors: number, non2xx: number,
 *           timeouts: number, requests: number, duration: number, bytesPerRequest: number, connections: number,
 *           statusCodes: object }>}  latencies in ms
 */
async function measure(opts) {
  const { url, path = '/', duration = DEFAULTS.duration, warmup = DEFAULTS.warmup, connections = DEFAULTS.connections } = opts;
  assertLoopback(url);
  const base = {
    url: new URL(path, url).toString(),
    connections,
    pipelining: 1,
    method: opts.method || 'GET',
    headers: opts.headers,
    body: opts.body,
    requests: opts.requests,
    // Open loop: at most this many requests a second over all connections (autocannon overallRate).
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
  };
  const waitedS = await waitForQuiet({ maxWaitS: opts.waitQuiet ?? DEFAULTS.waitQuiet, log: (l) => process.stderr.write(`[bench] ${l}\n`) });
  if (warmup > 0) await fire({ ...base, duration: warmup });
  const loadBefore = os.loadavg()[0];
  const cpuMeter = startCpuMeter({ serverPid: opts.serverPid, dbName: opts.dbName });
  const { result, latencies } = await fire({ ...base, duration }, { recordLatencies: true });
  const cpu = cpuMeter();
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const ok = sorted.length;
  const statusCodes = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats || {})) statusCodes[code] = Number(count);
  return {
    rps: round(ok / result.duration, 1), // 2xx responses per second of measured load
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    mean: round(ok ? sum / ok : null),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    requests: ok,
    duration: round(result.duration, 2),
    bytesPerRequest: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
    connections,
    statusCodes,
    cpu, // % of one core during the measured run: server, db (its PostgreSQL backends), loadgen, other, idle
    loadavg1: round(loadBefore, 2), // 1-min load average when the measured run started
    waitedForQuietS: waitedS, // -1: BENCH_WAIT_QUIET expired with the machine still busy
  };
}

const median = (xs) => {
  const v = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

/**
 * Several measure() results of one server -> one: medians of req/s, p50, p99, mean and of each CPU
 * share; sums of errors, timeouts, non2xx and requests. The single runs are kept in `rounds`.
 */
function combineRounds(runs) {
  if (runs.length === 1) return { ...runs[0], rounds: runs };
  const sum = (k) => runs.reduce((s, r) => s + (r[k] || 0), 0);
  const cpu = runs[0].cpu
    ? Object.fromEntries(Object.keys(runs[0].cpu).map((k) => [k, median(runs.map((r) => r.cpu && r.cpu[k]))]))
    : null;
  return {
    rps: round(median(runs.map((r) => r.rps)), 1),
    p50: round(median(runs.map((r) => r.p50))),
    p99: round(median(runs.map((r) => r.p99))),
    mean: round(median(runs.map((r) => r.mean))),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    non2xx: sum('non2xx'),
    requests: sum('requests'),
    duration: round(sum('duration'), 2),
    bytesPerRequest: runs[0].bytesPerRequest,
    connections: runs[0].connections,
    cpu,
    loadavg1: runs[0].loadavg1,
    rounds: runs,
  };
}

module.exports = { measure, combineRounds, median, DEFAULTS };
