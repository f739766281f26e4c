/**
 * Two instances on one PostgreSQL database (issue 16, item 3): kill one (SIGKILL, no shutdown) and
 * the other carries on with the jobs — its SLA sweep records a deadline that falls due after the
 * kill, and its notification dispatcher sends the resulting mails to a real SMTP server.
 *
 * Instance A is this process's app, instance B a forked Strapi (tests/helpers/strapi-worker.js) on the
 * same database; both run the sweep and the dispatcher every second. B is killed; A carries on.
 * PostgreSQL only: several sweepers and dispatchers share work through row locks (SKIP LOCKED).
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { startWorker, type Worker } from '../helpers/worker';
import { startSmtpServer } from '../helpers/smtp';
import { fullAccessToken } from '../helpers/auth';

const TICKET = 'api::ticket.ticket';
const EVERY_SECOND = '* * * * * *';
const MARKS = ['first_response_warned_at', 'first_response_breached_at', 'resolution_warned_at', 'resolution_breached_at'];

(testDb === 'postgres' ? describe : describe.skip)('two instances, one killed: the other carries on with the jobs (postgres)', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let worker: Worker | undefined;
  let token: string;
  let agent: { id: number; email: string };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const jobs = {
      SLA_SWEEP_ENABLED: 'true',
      SLA_SWEEP_CRON: EVERY_SECOND,
      NOTIFY_ENABLED: 'true',
      NOTIFY_CRON: EVERY_SECOND,
      // Long enough that a send slowed by a loaded CI machine is not taken for a dead instance's and
      // re-sent by the other dispatcher (with 5 s, CI once waited 60 s for "exactly four" mails in vain).
      NOTIFY_STALE_CLAIM_MS: '15000',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_IGNORE_TLS: 'true',
      SMTP_FROM: 'Support Desk <desk@two.test>',
    };
    // Instance A: this process; instance B: a forked Strapi on the same database, same settings.
    app = await startApp({ env: jobs });
    token = await fullAccessToken(app.strapi);
    const email = `kill.agent.${Date.now()}@example.test`;
    agent = await app.strapi.db.query('admin::user').create({ data: { firstname: 'Kim', lastname: 'Agent', email, isActive: true } });
    worker = await startWorker({ ...process.env, ...app.env, ...jobs });
  }, 240000);

  afterAll(async () => {
    // A killed worker has no IPC channel left to ask it to exit.
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) await worker.exit().catch(() => undefined);
    await app?.stop();
    await smtp?.close();
  }, 120000);

  /** A ticket assigned to the agent whose four SLA deadlines are already past. */
  async function overdueTicket(subject: string) {
    const res = await app.http().post('/api/tickets').set('Authorization', `Bearer ${token}`).send({ data: { subject, urgency: 'high', impact: 'high' } });
    expect(res.status).toBe(201);
    const t = await app.strapi.db.query(TICKET).findOne({ where: { documentId: res.body.data.documentId } });
    const past = new Date(Date.now() - 60 * 60 * 1000);
    await app.strapi.db.query(TICKET).update({
      where: { id: t.id },
      data: { first_response_warn_at: past, first_response_due_at: past, resolution_warn_at: past, resolution_due_at: past, assignee: agent.id, state: 'in_progress' },
    });
    return t as { id: number; number: string };
  }

  /** Polls until `check` returns a truthy value or `ms` pass. */
  async function until<T>(check: () => Promise<T> | T, ms: number, what: string): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const marksOf = async (id: number) => {
    const row = await app.strapi.db.connection('tickets').where({ id }).first(MARKS);
    return MARKS.filter((m) => row[m] !== null).length;
  };
  const mailsAbout = (number: string) => smtp.mails.filter((m) => m.to.includes(agent.email.toLowerCase()) && m.raw.includes(number));
  const pendingOutbox = async () => Number((await app.strapi.db.connection(app.strapi.db.metadata.get('plugin::support-desk.notification').tableName).whereIn('state', ['pending', 'sending']).count({ n: '*' }).first())?.n ?? 0);

  it('both run the jobs; after one is killed the survivor still sweeps a due deadline and dispatches its mail', async () => {
    // Before the kill: the jobs run (on either instance, whichever claims first).
    const before = await overdueTicket('Before the kill');
    // Generous waits: both jobs tick every second, but on a loaded CI machine (two test files beside
    // each other) a round of sweep, claim and SMTP delivery has taken over 20 s.
    await until(async () => (await marksOf(before.id)) === 4, 60000, 'the sweep marked the first ticket');
    await until(() => mailsAbout(before.number).length >= 4, 60000, 'the four mails of the first ticket were sent');

    // SIGKILL instance B: no shutdown, no cleanup, whatever it held (claimed rows, locks) is left as it was.
    await worker!.kill();
    expect(worker!.child.signalCode).toBe('SIGKILL');

    const after = await overdueTicket('After the kill');
    await until(async () => (await marksOf(after.id)) === 4, 60000, 'the survivor’s sweep marked the ticket due after the kill');
    await until(() => mailsAbout(after.number).length >= 4, 60000, 'the survivor’s dispatcher sent the mails of that ticket');
    // Exactly one mail per mark and recipient, nothing duplicated by the two dispatchers.
    expect(mailsAbout(before.number)).toHaveLength(4);
    expect(mailsAbout(after.number)).toHaveLength(4);
    expect(await until(async () => (await pendingOutbox()) === 0 || null, 60000, 'the outbox drained')).toBe(true);
    // Nothing is left for a sweep to mark: the survivor took it all.
    expect(await app.strapi.plugin('support-desk').service('sla').sweep()).toMatchObject({ first_response_breach: 0, resolution_breach: 0 });
  }, 360000);
});
