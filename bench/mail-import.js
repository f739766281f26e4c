#!/usr/bin/env node
'use strict';
// E-mail import (issue 14) on PostgreSQL against a real Dovecot:
//  1. throughput: 1 000 mails from 50 contacts in the mailbox, one importer run (`runOnce`), messages/s;
//  2. delivery → ticket at the default poll interval (MAIL_IMPORT_CRON, every 30 s): the cron on, a
//     mail APPENDed at arbitrary moments, the time until its ticket exists (mean and max of --samples).
//
//   node bench/mail-import.js [--count 1000] [--samples 4] [--phases throughput,latency]
const { createDatabase, runInStrapi, log } = require('./lib/app');
const { guard } = require('./lib/guard');
const { parseFlags, skipIfSqliteOnly } = require('./lib/cli');
const { startDovecot } = require('./lib/dovecot');

function parseArgs(argv) {
  skipIfSqliteOnly('mail-import', 'the figure the issue asks for');
  return parseFlags(argv, {
    usage: 'node bench/mail-import.js [--count N] [--samples N] [--phases throughput,latency]',
    defaults: { count: 1000, samples: 4, phases: ['throughput', 'latency'] },
    flags: { '--count': ['count', Number], '--samples': ['samples', Number], '--phases': ['phases', (v) => v.split(',')] },
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  guard.arm(Number(process.env.BENCH_TIMEOUT || 1800) * 1000);
  // One mailbox per phase: the latency instance starts on an empty mailbox (a fresh database would
  // otherwise import the throughput phase's 1 000 mails first).
  const account = { user: 'support@bench.test', password: 'bench-imap-2026' };
  const latencyAccount = { user: 'latency@bench.test', password: 'bench-imap-2026' };
  const imap = guard.add(await startDovecot([account, latencyAccount]), (d) => d.stop());
  const inboxOf = (a) => JSON.stringify([{ address: a.user, host: imap.host, port: imap.port, secure: false, user: a.user, password: a.password }]);
  const common = { SMTP_FROM: 'Support Desk <desk@bench.test>', MAIL_SENDER_LIMIT: '1000000', MAIL_IMPORT_BATCH_SIZE: '5000', NOTIFY_ENABLED: 'false', SLA_SWEEP_ENABLED: 'false', AUTO_CLOSE_ENABLED: 'false', KB_REVIEW_REMINDERS_ENABLED: 'false' };
  let t = null;
  let l = null;
  if (opts.phases.includes('throughput')) {
    const db1 = guard.add(await createDatabase('postgres', 'mail'), (d) => d.drop());
    log(`database ${db1.label}; ${opts.count} mails; Dovecot on ${imap.port}`);
    t = await runInStrapi(db1, 'bench/mail-import-job.js', { mode: 'throughput', count: opts.count, account, port: imap.port }, { env: { ...common, MAIL_INBOXES: inboxOf(account), MAIL_IMPORT_ENABLED: 'false' } });
    console.log(`\nthroughput: ${t.imported} mails imported in ${(t.ms / 1000).toFixed(1)} s = ${(t.imported / (t.ms / 1000)).toFixed(1)} messages/s (APPEND of ${opts.count} took ${(t.appendMs / 1000).toFixed(1)} s; tickets ${t.tickets}; load avg ${t.load})`);
  }
  if (opts.phases.includes('latency')) {
    const db2 = guard.add(await createDatabase('postgres', 'mail2'), (d) => d.drop());
    l = await runInStrapi(db2, 'bench/mail-import-job.js', { mode: 'latency', samples: opts.samples, account: latencyAccount, port: imap.port }, { env: { ...common, MAIL_INBOXES: inboxOf(latencyAccount), MAIL_IMPORT_ENABLED: 'true' } });
    console.log(`delivery → ticket at the default poll (${l.cron}): mean ${(l.mean / 1000).toFixed(1)} s, max ${(l.max / 1000).toFixed(1)} s over ${l.samples.length} mails [${l.samples.map((s) => (s / 1000).toFixed(1)).join(', ')}] (load avg ${l.load})`);
  }
  const fs = require('fs');
  const path = require('path');
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `mail-import-postgres-${Date.now()}.json`), JSON.stringify({ opts, throughput: t, latency: l }, null, 2));
}

main().then(
  () => guard.done(0),
  async (err) => {
    console.error(err && err.stack ? err.stack : err);
    await guard.done(1);
  },
);
