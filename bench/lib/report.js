'use strict';
// Prints a measured endpoint next to its same-run baseline and saves the figures as JSON in
// bench/results/<name>-<db>-<timestamp>.json (bench/results/ is gitignored).
const fs = require('fs');
const os = require('os');
const path = require('path');

const resultsDir = path.resolve(__dirname, '..', 'results');

// Above this much CPU (% of one core) used by unrelated processes during a run, the figures are flagged.
const NOISY_OTHER_CPU = Number(process.env.BENCH_NOISY_CPU || 25);

const fmt = (x, digits = 1) => (x == null ? '-' : Number(x).toFixed(digits));

/** ours / baseline for throughput; baseline / ours for latency would be the same idea the other way round. */
function ratio(ours, baseline) {
  if (!baseline || !baseline.rps) return null;
  return ours.rps / baseline.rps;
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c < 2 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

/**
 * @param {{ name: string, db: string, title?: string, context?: object,
 *           results: { endpoint: string, ours: object, oursLabel?: string, baseline: object, baselineLabel: string }[] }} run
 * @returns {{ file: string, text: string }}
 */
function report(run) {
  const header = ['endpoint', 'server', 'req/s', 'p50 ms', 'p99 ms', 'non2xx', 'errors', 'ratio', 'cpu% srv/db/gen/other'];
  const cpu = (m) => (m.cpu ? `${m.cpu.server}/${m.cpu.db}/${m.cpu.loadgen}/${m.cpu.other}` : '-');
  const rows = [header];
  for (const r of run.results) {
    const q = ratio(r.ours, r.baseline);
    rows.push([r.endpoint, r.oursLabel || 'strapi', fmt(r.ours.rps), fmt(r.ours.p50, 2), fmt(r.ours.p99, 2), r.ours.non2xx, r.ours.errors, q == null ? '-' : q.toFixed(4), cpu(r.ours)]);
    rows.push(['', `${r.baselineLabel} (baseline)`, fmt(r.baseline.rps), fmt(r.baseline.p50, 2), fmt(r.baseline.p99, 2), r.baseline.non2xx, r.baseline.errors, '1', cpu(r.baseline)]);
  }
  const lines = [`\n== ${run.title || run.name} · ${run.db} ==`, table(rows)];
  for (const r of run.results) {
    const q = ratio(r.ours, r.baseline);
    if (q != null) {
      lines.push(
        `${r.endpoint}: ${r.oursLabel || 'strapi'} serves ${(q * 100).toFixed(2)} % of the baseline's req/s ` +
          `(1/${(1 / q).toFixed(1)}); p50 ${fmt(r.ours.p50, 2)} vs ${fmt(r.baseline.p50, 2)} ms, p99 ${fmt(r.ours.p99, 2)} vs ${fmt(r.baseline.p99, 2)} ms`,
      );
    }
    const n = Math.min((r.ours.rounds || []).length, (r.baseline.rounds || []).length);
    if (n > 1) {
      const per = [];
      for (let i = 0; i < n; i += 1) {
        per.push(`${fmt(r.ours.rounds[i].rps)}/${fmt(r.baseline.rounds[i].rps)} = ${(r.ours.rounds[i].rps / r.baseline.rounds[i].rps).toFixed(4)}`);
      }
      lines.push(`  ${n} rounds (medians above); per round req/s ours/baseline = ratio: ${per.join(', ')}`);
    }
    for (const [who, m] of [[r.oursLabel || 'strapi', r.ours], [r.baselineLabel, r.baseline]]) {
      if (m.non2xx || m.errors) lines.push(`WARNING: ${who} had ${m.non2xx} non-2xx responses and ${m.errors} errors: its figures are not comparable`);
      if (m.cpu && m.cpu.other > NOISY_OTHER_CPU) {
        lines.push(`WARNING: other processes used ${m.cpu.other} % of a core during the ${who} run (1-min load ${m.loadavg1}): the machine was busy, re-run when it is quiet`);
      }
    }
  }
  const text = lines.join('\n');
  console.log(text);

  const at = new Date();
  const payload = {
    name: run.name,
    db: run.db,
    at: at.toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0] && os.cpus()[0].model, totalMemMb: Math.round(os.totalmem() / 1048576), node: process.version, platform: `${os.platform()} ${os.release()}` },
    context: run.context || {},
    results: run.results.map((r) => ({ ...r, ratio: ratio(r.ours, r.baseline) })),
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  const ts = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = path.join(resultsDir, `${run.name}-${run.db}-${ts}.json`);
  fs.writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  console.log(`saved ${path.relative(process.cwd(), file)}`);
  return { file, text };
}

module.exports = { report, ratio, resultsDir, table };
