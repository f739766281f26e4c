'use strict';
// Child side of bench/mail-import.js, inside Strapi (createStrapi().load(), no HTTP).
const os = require('os');
const { ImapFlow } = require('imapflow');
const MailComposer = require('nodemailer/lib/mail-composer');
const { runJob } = require('./lib/in-strapi');

const compose = (options) => new Promise((resolve, reject) => new MailComposer(options).compile().build((e, m) => (e ? reject(e) : resolve(m))));

runJob(async (strapi, { mode, count, samples, account, port }) => {
  const org = await strapi.db.query('api::organization.organization').create({ data: { name: 'Bench Mail Org', code: 'BENCH-MAIL' } });
  const contacts = [];
  for (let i = 0; i < 50; i += 1) {
    contacts.push(await strapi.db.query('plugin::users-permissions.user').create({ data: { username: `bench-c${i}`, email: `bench-c${i}@customer.test`, provider: 'local', confirmed: true, blocked: false, organization: org.id } }));
  }
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user: account.user, pass: account.password }, logger: false });
  await client.connect();
  const append = async (i, tag) => client.append('INBOX', await compose({ from: contacts[i % contacts.length].email, to: account.user, subject: `${tag} ${i}`, text: `Bench mail ${i}\n\nThe device reports error ${i}.`, messageId: `<bench.${tag}.${i}.${Date.now()}@customer.test>` }));
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  try {
    if (mode === 'throughput') {
      const t0 = Date.now();
      for (let i = 0; i < count; i += 1) await append(i, 'Throughput');
      const appendMs = Date.now() - t0;
      const t1 = Date.now();
      const counts = await strapi.plugin('support-desk').service('mail-import').runOnce();
      const ms = Date.now() - t1;
      const tickets = await strapi.db.query('api::ticket.ticket').count({ where: { channel: 'email' } });
      return { imported: counts.imported, failed: counts.failed, ms, appendMs, tickets, load: load() };
    }
    const results = [];
    for (let s = 0; s < samples; s += 1) {
      // Arbitrary moments relative to the poll: wait a varying fraction of the interval first.
      await new Promise((r) => setTimeout(r, 7000 * (s + 1)));
      const subject = `Latency ${s}`;
      const t0 = Date.now();
      await append(s, 'Latency');
      for (;;) {
        const found = await strapi.db.query('api::ticket.ticket').findOne({ where: { subject: `${subject}` }, select: ['id'] });
        if (found) break;
        if (Date.now() - t0 > 120000) throw new Error('no ticket within 120 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      results.push(Date.now() - t0);
    }
    return { cron: strapi.config.get('plugin::support-desk.mail.importCron'), samples: results, mean: results.reduce((a, b) => a + b, 0) / results.length, max: Math.max(...results), load: load() };
  } finally {
    await client.logout().catch(() => client.close());
  }
});
