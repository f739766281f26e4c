/**
 * Two instances import one mailbox on PostgreSQL (issue 14, items 1 and 5): every message becomes
 * exactly one ticket, whichever instance claims it, and an instance killed in the middle of its
 * run (SIGKILL) loses nothing and doubles nothing: the next run takes what it had not committed.
 * The second instance is a child process (tests/helpers/worker.ts); the mailbox is a real Dovecot.
 * In a SQLite run the file boots on a PostgreSQL database of its own, as the other multi-instance tests do.
 */
import { startApp, testDb, postgresReachable, type TestApp } from '../helpers/strapi';
import { startWorker, type Worker } from '../helpers/worker';
import { startDovecot, type Dovecot } from '../helpers/dovecot';
import { composeMail } from '../helpers/mail';
import { uniq } from '../helpers/desk';

const INBOUND = 'plugin::support-desk.inbound-mail';
const TICKET = 'api::ticket.ticket';
const SUPPORT = { user: 'support@multi.test', password: 'imap-Multi-2026' };
const MESSAGES = 24;

const run = testDb === 'postgres' || postgresReachable ? describe : describe.skip;

run(`two importers on one mailbox, PostgreSQL${testDb === 'postgres' ? '' : ' (own database in a SQLite run)'}`, () => {
  let app: TestApp;
  let imap: Dovecot;
  let worker: Worker | null = null;
  let env: Record<string, string>;
  let contact: any;

  beforeAll(async () => {
    imap = await startDovecot([SUPPORT]);
    env = {
      SMTP_FROM: 'Support Desk <desk@multi.test>',
      MAIL_INBOXES: JSON.stringify([{ address: SUPPORT.user, host: imap.host, port: imap.port, secure: false, user: SUPPORT.user, password: SUPPORT.password }]),
      MAIL_SENDER_LIMIT: '100000',
      MAIL_IMPORT_BATCH_SIZE: '1000',
    };
    app = await startApp({ db: 'postgres', env });
    const org = await app.strapi.db.query('api::organization.organization').create({ data: { name: 'Multi Org', code: uniq('MU-').slice(0, 20) } });
    const name = uniq('mu').toLowerCase();
    contact = await app.strapi.db.query('plugin::users-permissions.user').create({
      data: { username: name, email: `${name}@customer.test`, provider: 'local', confirmed: true, blocked: false, organization: org.id },
    });
  }, 120_000);
  afterAll(async () => {
    await worker?.kill();
    await app?.stop();
    await imap?.stop();
  });

  async function deliverMany(n: number, tag: string) {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const mail = await composeMail({ from: contact.email, to: SUPPORT.user, subject: `${tag} ${i}`, text: `message ${i}` });
      await imap.append(SUPPORT, mail.raw);
      ids.push(mail.messageId);
    }
    return ids;
  }

  async function expectEachOnce(ids: string[]) {
    const rows = await app.strapi.db.query(INBOUND).findMany({ where: { message_id: { $in: ids } }, populate: { ticket: { select: ['id', 'channel'] } } });
    expect(rows).toHaveLength(ids.length);
    expect(new Set(rows.map((r: any) => r.message_id)).size).toBe(ids.length);
    expect(rows.every((r: any) => r.outcome === 'ticket' && r.ticket?.channel === 'email')).toBe(true);
    const tickets = await app.strapi.db.query(TICKET).count({ where: { subject: { $startsWith: rows[0].subject.split(' ')[0] } } });
    expect(tickets).toBe(ids.length);
  }

  it('imports each message exactly once when both instances run at the same time', async () => {
    worker = await startWorker({ ...process.env, ...app.env, ...env });
    const ids = await deliverMany(MESSAGES, 'Parallel');
    const [mine, theirs] = await Promise.all([app.strapi.plugin('support-desk').service('mail-import').runOnce(), worker.call('mail-import', 'runOnce')]);
    expect(mine.failed + theirs.failed).toBe(0);
    expect(mine.imported + theirs.imported).toBe(MESSAGES);
    await expectEachOnce(ids);
  });

  it('an instance killed in the middle of its run loses nothing and doubles nothing', async () => {
    const ids = await deliverMany(MESSAGES, 'Crash');
    const running = worker!.call('mail-import', 'runOnce').catch(() => null);
    // Kill once the worker has committed at least one message of this batch (or finished).
    for (let i = 0; i < 200; i += 1) {
      if ((await app.strapi.db.query(INBOUND).count({ where: { message_id: { $in: ids } } })) > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await worker!.kill();
    worker = null;
    await running;
    const after = await app.strapi.plugin('support-desk').service('mail-import').runOnce();
    expect(after.failed).toBe(0);
    await expectEachOnce(ids);
  });
});
