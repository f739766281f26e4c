/**
 * Notification outbox against a real SMTP server (npm smtp-server on 127.0.0.1): the transaction
 * it is written in, delivered content in zh-Hans and en, SMTP down and back, dead after N attempts
 * and retry through the admin API, two instances dispatching one queue, and a crash in the middle
 * of a batch followed by a restart.
 *
 * Several instances run as child processes (tests/helpers/worker.ts): the plugin reaches its
 * services through the global `strapi`, which a second instance in the same process would replace.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { startSmtpServer, type ReceivedMail } from '../helpers/smtp';
import { startWorker, type Worker } from '../helpers/worker';
import { adminLogin } from '../helpers/auth';
import type { NotificationMessage, NotificationOutboxService } from '../../src/plugins/support-desk/server/src/services/notification-outbox';
import type { DispatchResult, NotificationDispatcherService } from '../../src/plugins/support-desk/server/src/services/notification-dispatcher';
import type { NotificationAdminService } from '../../src/plugins/support-desk/server/src/services/notification-admin';

const UID = 'plugin::support-desk.notification';
const STALE_MS = 5000;

type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;

let smtp: Smtp | null = null;
let smtpPort = 0;
let app: TestApp;
/** Drops this file's database (the restarted app in the last test was booted on it and does not own it). */
let dropDatabase: () => Promise<void> = async () => {};
/** Every message the SMTP servers of this file accepted, across restarts. */
const inbox: ReceivedMail[] = [];
/** Swappable behaviour of the SMTP server. */
const hooks: { beforeAccept?: (mail: ReceivedMail) => 'accept' | 'hold' | Promise<'accept' | 'hold'> } = {};

async function smtpUp() {
  smtp = await startSmtpServer({
    port: smtpPort || undefined,
    rejectRecipient: (address) => address.startsWith('bounce'),
    beforeAccept: async (mail) => {
      const verdict = hooks.beforeAccept ? await hooks.beforeAccept(mail) : 'accept';
      if (verdict === 'accept') inbox.push(mail);
      return verdict;
    },
  });
  smtpPort = smtp.port;
}

async function smtpDown() {
  await smtp?.close();
  smtp = null;
}

const appEnv = () => ({
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(smtpPort),
  SMTP_IGNORE_TLS: 'true',
  SMTP_FROM: 'Support Desk <desk@notify.test>',
  PUBLIC_URL: 'https://desk.example.test',
  NOTIFY_ENABLED: 'false', // tests dispatch by hand (with their own clock); the last test runs the cron
  NOTIFY_MAX_ATTEMPTS: '3',
  NOTIFY_BASE_DELAY_MS: '1000',
  NOTIFY_MAX_DELAY_MS: '60000',
  NOTIFY_STALE_CLAIM_MS: String(STALE_MS),
  NOTIFY_BATCH_SIZE: '20',
});

const service = <T>(name: string) => app.strapi.plugin('support-desk').service(name) as T;
const outbox = () => service<NotificationOutboxService>('notification-outbox');
const dispatcher = () => service<NotificationDispatcherService>('notification-dispatcher');
const admin = () => service<NotificationAdminService>('notification-admin');
const later = (ms: number) => new Date(Date.now() + ms);
const rows = (prefix: string) => app.strapi.db.query(UID).findMany({ where: { dedupe_key: { $startsWith: prefix } }, orderBy: { id: 'asc' } });

function message(key: string, i: number, to: Partial<NotificationMessage['to']> = {}): NotificationMessage {
  return {
    to: { email: `${key}.${i}@notify.test`, name: `User ${i}`, locale: i % 2 ? 'en' : 'zh-Hans', ...to },
    template: 'ticket_created',
    payload: { number: `TS-${String(i).padStart(6, '0')}`, subject: `Subject ${i}` },
    dedupeKey: `${key}:${i}`,
  };
}

const parse = (mail: ReceivedMail): Promise<ParsedMail> => simpleParser(mail.raw);
const mailsTo = (prefix: string) => inbox.filter((m) => m.to.some((t) => t.startsWith(prefix)));
async function messageIds(mails: ReceivedMail[]) {
  return (await Promise.all(mails.map(parse))).map((p) => p.messageId);
}

/** Dispatches until a call claims nothing; returns the summed result. */
async function drain(dispatch: () => Promise<DispatchResult>) {
  const total = { claimed: 0, sent: 0, retried: 0, dead: 0, released: 0, lostClaims: 0, batches: 0 };
  for (;;) {
    const r = await dispatch();
    if (!r.claimed) return total;
    total.batches += 1;
    for (const k of Object.keys(r) as Array<keyof DispatchResult>) total[k] += r[k];
  }
}

beforeAll(async () => {
  await smtpUp(); // before Strapi: the provider reads SMTP_PORT when it loads
  app = await startApp({ env: appEnv() });
  dropDatabase = app.dropDatabase;
});

afterAll(async () => {
  await app?.stop();
  await dropDatabase();
  await smtpDown();
});

beforeEach(async () => {
  hooks.beforeAccept = undefined;
  inbox.length = 0;
  if (!smtp) await smtpUp();
  await app.strapi.db.query(UID).deleteMany({ where: { id: { $notNull: true } } });
});

describe('enqueue', () => {
  it('writes in the caller’s transaction: a rollback leaves no row, a commit keeps it; a duplicate key is ignored', async () => {
    await expect(
      app.strapi.db.transaction(async () => {
        await outbox().enqueue(message('tx', 1));
        throw new Error('change rolled back');
      }),
    ).rejects.toThrow('change rolled back');
    expect(await rows('tx:')).toHaveLength(0);

    const inTx = await app.strapi.db.transaction(async () => {
      const first = await outbox().enqueue([message('tx', 1), message('tx', 2), message('tx', 1)]);
      // Same key again in the same transaction: ignored, and the transaction is still usable
      // (on PostgreSQL a unique violation would have aborted it).
      const again = await outbox().enqueue(message('tx', 2));
      const count = await app.strapi.db.query(UID).count({ where: { dedupe_key: { $startsWith: 'tx:' } } });
      return { first, again, count };
    });
    expect(inTx.first).toMatchObject({ inserted: 2, ignored: 1 });
    expect(inTx.again).toMatchObject({ inserted: 0, ignored: 1 });
    expect(inTx.count).toBe(2);
    expect(await outbox().enqueue(message('tx', 1))).toEqual({ ids: [], inserted: 0, ignored: 1 });

    const [one, two] = await rows('tx:');
    expect(one).toMatchObject({ state: 'pending', attempts: 0, template: 'ticket_created', message_locale: 'en', recipient_email: 'tx.1@notify.test', payload: { number: 'TS-000001' } });
    expect(two.message_locale).toBe('zh-Hans');
    expect(one.documentId).toEqual(expect.any(String));
    expect(one.next_attempt_at).toEqual(expect.any(String));
  });

  it('two transactions racing on one dedupe key: one row, no error', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const [a, b] = await Promise.all([
      app.strapi.db.transaction(async () => {
        const r = await outbox().enqueue(message('race', 1));
        await sleep(300);
        return r.inserted;
      }),
      sleep(50).then(() => app.strapi.db.transaction(async () => (await outbox().enqueue(message('race', 1))).inserted)),
    ]);
    expect(a + b).toBe(1);
    expect(await rows('race:')).toHaveLength(1);
  });

  it('refuses programming errors (unknown template, missing payload field, no address) and rolls back with them', async () => {
    await expect(outbox().enqueue({ ...message('bad', 1), template: 'no_such_template' })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('no_such_template') });
    await expect(outbox().enqueue({ ...message('bad', 2), template: 'survey_invitation' })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('token') });
    await expect(outbox().enqueue({ ...message('bad', 3), to: { email: '' } })).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(outbox().enqueue({ ...message('bad', 4), dedupeKey: '' })).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(app.strapi.db.transaction(async () => outbox().enqueue([message('bad', 5), { ...message('bad', 6), template: 'nope' }]))).rejects.toThrow();
    expect(await rows('bad:')).toHaveLength(0);
  });

  it('a malformed address does not fail the change: the row is written dead with the reason', async () => {
    await outbox().enqueue(message('addr', 1, { email: 'not an address' }));
    const [row] = await rows('addr:');
    expect(row).toMatchObject({ state: 'dead', last_error: expect.stringContaining('invalid recipient address') });
  });

  it('links the ticket', async () => {
    const ticket = await app.strapi.db.query('api::ticket.ticket').create({ data: { subject: 'Link me', number: `TS-L${Date.now()}` } });
    const { ids } = await outbox().enqueue({ ...message('link', 1), ticketId: ticket.id });
    const row = await app.strapi.db.query(UID).findOne({ where: { id: ids[0] }, populate: ['ticket'] });
    expect(row.ticket?.id).toBe(ticket.id);
    const listed = await admin().list({ ticketId: ticket.id });
    expect(listed.results.map((r: any) => r.id)).toEqual(ids);
  });
});

describe('dispatch', () => {
  it('delivers the right content in zh-Hans and en (subject RFC 2047, names, time zone, escaped HTML, Message-ID)', async () => {
    await outbox().enqueue([
      {
        to: { email: 'chen.jing@notify.test', name: '陈静', locale: 'zh-CN' },
        template: 'ticket_created',
        payload: { number: 'TS-000777', subject: '打印机离线 <urgent>', priority: 'P2', first_response_due_at: '2026-11-30T01:30:00.000Z' },
        dedupeKey: 'content:zh',
      },
      {
        to: { email: 'jing.chen@notify.test', name: 'Jing Chen', locale: 'en-US', timeZone: 'Europe/Berlin' },
        template: 'visit_scheduled',
        payload: { number: 'TS-000777', window_start: '2026-12-01T01:00:00Z', window_end: '2026-12-01T04:00:00Z', engineer: 'Wang Wu', address: 'Room 301 & 302' },
        dedupeKey: 'content:en',
      },
      {
        to: { email: 'li.lei@notify.test', name: 'Li Lei', locale: 'zh-Hans' },
        template: 'survey_invitation',
        payload: { number: 'TS-000777', subject: '打印机离线', token: 'tok-123' },
        dedupeKey: 'content:survey',
      },
    ]);
    expect(await dispatcher().dispatch()).toMatchObject({ claimed: 3, sent: 3, retried: 0, dead: 0 });

    const byKey = Object.fromEntries((await rows('content:')).map((r: any) => [r.dedupe_key, r]));
    for (const row of Object.values(byKey) as any[]) expect(row).toMatchObject({ state: 'sent', attempts: 0, claim_token: null, sent_at: expect.any(String) });

    const zhMail = mailsTo('chen.jing@')[0];
    expect(zhMail.raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(zhMail.from).toBe('desk@notify.test');
    const zh = await parse(zhMail);
    expect(zh.subject).toBe('[TS-000777] 您的工单已受理：打印机离线 <urgent>');
    expect((zh.to as any).value[0]).toMatchObject({ address: 'chen.jing@notify.test', name: '陈静' });
    expect(zh.text).toContain('陈静，您好：');
    expect(zh.text).toContain('我们已收到您的服务请求，工单号为 TS-000777。');
    expect(zh.text).toContain('首次响应截止：2026年11月30日 09:30 (Asia/Shanghai)');
    expect(zh.html).toContain('打印机离线 &lt;urgent&gt;');
    expect(zh.html).not.toContain('<urgent>');
    expect(zh.messageId).toBe(`<${byKey['content:zh'].documentId}@notify.test>`);
    expect(zh.headers.get('x-support-desk-template')).toBe('ticket_created');

    const en = await parse(mailsTo('jing.chen@')[0]);
    expect(en.subject).toBe('[TS-000777] On-site visit scheduled: Tue 1 Dec 2026, 02:00–05:00 (Europe/Berlin)');
    expect(en.text).toContain('Dear Jing Chen,');
    expect(en.text).toContain('Engineer: Wang Wu');
    expect(en.html).toContain('Room 301 &amp; 302');
    expect(en.messageId).toBe(`<${byKey['content:en'].documentId}@notify.test>`);

    const survey = await parse(mailsTo('li.lei@')[0]);
    expect(survey.subject).toBe('[TS-000777] 请评价我们的服务');
    expect(survey.text).toContain('https://desk.example.test/survey?token=tok-123');
    expect(survey.html).toContain('href="https://desk.example.test/survey?token=tok-123"');

    // Nothing is sent twice.
    expect(await dispatcher().dispatch()).toMatchObject({ claimed: 0 });
    expect(inbox).toHaveLength(3);
  });

  it('SMTP down: nothing is lost, rows wait with backoff; SMTP back: everything is delivered exactly once', async () => {
    await smtpDown();
    await outbox().enqueue(Array.from({ length: 25 }, (_, i) => message('down', i)));

    const before = Date.now();
    expect(await dispatcher().dispatch({ batchSize: 50 })).toMatchObject({ claimed: 25, sent: 0, retried: 25, dead: 0 });
    const after = Date.now();
    for (const row of await rows('down:')) {
      expect(row).toMatchObject({ state: 'pending', attempts: 1, claim_token: null, last_error: expect.stringMatching(/ECONNREFUSED|ECONNECTION/) });
      const next = new Date(row.next_attempt_at).getTime();
      // first retry after baseDelayMs, jittered by up to 20 % downwards
      expect(next).toBeGreaterThanOrEqual(before + 800);
      expect(next).toBeLessThanOrEqual(after + 1000);
    }
    // Not due yet: nothing is claimed.
    expect(await dispatcher().dispatch({ batchSize: 50 })).toMatchObject({ claimed: 0 });

    // A second failure doubles the delay (measured from the injected instant of that attempt).
    const secondAt = later(1500);
    const second = await dispatcher().dispatch({ batchSize: 50, now: secondAt });
    expect(second).toMatchObject({ claimed: 25, retried: 25 });
    for (const row of await rows('down:')) {
      expect(row.attempts).toBe(2);
      const delay = new Date(row.next_attempt_at).getTime() - secondAt.getTime();
      expect(delay).toBeGreaterThanOrEqual(1600); // 2 × 1000 ms, jittered by up to 20 % downwards
      expect(delay).toBeLessThanOrEqual(2000);
    }

    await smtpUp();
    const back = await drain(() => dispatcher().dispatch({ batchSize: 10, now: later(5000) }));
    expect(back).toMatchObject({ claimed: 25, sent: 25, retried: 0, dead: 0, lostClaims: 0 });
    expect(await drain(() => dispatcher().dispatch({ now: later(60_000) }))).toMatchObject({ claimed: 0 });

    const delivered = mailsTo('down.');
    expect(delivered).toHaveLength(25);
    expect(new Set(await messageIds(delivered)).size).toBe(25);
    expect(new Set(delivered.map((m) => m.to[0])).size).toBe(25);
    for (const row of await rows('down:')) expect(row).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('a message is dead after maxAttempts (or at once on an SMTP 5xx) and an admin can list and retry it', async () => {
    await smtpDown();
    await outbox().enqueue(message('dead', 1));
    for (const offset of [0, 3_600_000, 7_200_000]) await dispatcher().dispatch({ now: later(offset) });
    await smtpUp();
    await outbox().enqueue(message('dead', 2, { email: 'bounce.2@notify.test' }));
    expect(await dispatcher().dispatch()).toMatchObject({ claimed: 1, dead: 1 });

    const [transient, permanent] = await rows('dead:');
    expect(transient).toMatchObject({ state: 'dead', attempts: 3, next_attempt_at: null, last_error: expect.stringMatching(/ECONNREFUSED|ECONNECTION/) });
    expect(permanent).toMatchObject({ state: 'dead', attempts: 1, last_error: expect.stringContaining('550') });
    // A dead row is never claimed again by itself.
    expect(await dispatcher().dispatch({ now: later(365 * 86_400_000) })).toMatchObject({ claimed: 0 });

    const supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
    const agent = await adminLogin(app.strapi, app.http, 'support-agent');
    const get = (jwt: string | null, url: string) => {
      const req = app.http().get(url);
      return jwt ? req.set('Authorization', `Bearer ${jwt}`) : req;
    };
    const post = (jwt: string, url: string) => app.http().post(url).set('Authorization', `Bearer ${jwt}`).send({});

    const list = await get(agent.jwt, '/support-desk/notifications?state=dead');
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: any) => r.dedupe_key).sort()).toEqual(['dead:1', 'dead:2']);
    expect(list.body.meta.counts).toMatchObject({ dead: 2 });
    expect(list.body.meta.pagination).toMatchObject({ page: 1, total: 2 });
    expect((await get(null, '/support-desk/notifications?state=dead')).status).toBe(401);
    expect((await get(agent.jwt, '/support-desk/notifications?state=bogus')).status).toBe(400);
    expect((await get(agent.jwt, '/support-desk/notifications?pageSize=1000')).status).toBe(400);
    // The Content Manager shows the outbox to supervisors too.
    const cm = await get(supervisor.jwt, `/content-manager/collection-types/${UID}?filters[state][$eq]=dead`);
    expect(cm.status).toBe(200);
    expect(cm.body.results.map((r: any) => r.dedupe_key).sort()).toEqual(['dead:1', 'dead:2']);

    expect((await post(agent.jwt, `/support-desk/notifications/${transient.id}/retry`)).status).toBe(403);
    const retried = await post(supervisor.jwt, `/support-desk/notifications/${transient.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.data).toMatchObject({ id: transient.id, state: 'pending', attempts: 0 });
    expect(await dispatcher().dispatch()).toMatchObject({ claimed: 1, sent: 1 });
    expect(mailsTo('dead.1@')).toHaveLength(1);

    const again = await post(supervisor.jwt, `/support-desk/notifications/${transient.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('sent');
    expect((await post(supervisor.jwt, '/support-desk/notifications/99999999/retry')).status).toBe(404);
    expect((await post(supervisor.jwt, '/support-desk/notifications/abc/retry')).status).toBe(400);
  });
});

describe('several instances', () => {
  let worker: Worker | null = null;
  afterEach(async () => {
    await worker?.exit();
    worker = null;
  });

  it(`two instances on one ${testDb} database dispatching 200 messages concurrently deliver each exactly once`, async () => {
    await outbox().enqueue(Array.from({ length: 200 }, (_, i) => message('pair', i)));
    worker = await startWorker({ ...process.env, ...appEnv() });
    const w = worker;

    const started = Date.now();
    const [here, there] = await Promise.all([
      drain(() => dispatcher().dispatch({ batchSize: 10 })),
      drain(() => w.call<DispatchResult>('notification-dispatcher', 'dispatch', { batchSize: 10 })),
    ]);
    const ms = Date.now() - started;
    console.log(`[notifications] ${testDb}: 200 messages by two instances in ${ms} ms (${Math.round(200_000 / ms)}/s); split ${here.sent}/${there.sent}`);

    expect(here.sent + there.sent).toBe(200);
    expect(here.lostClaims + there.lostClaims).toBe(0);
    expect(here.sent).toBeGreaterThan(0);
    expect(there.sent).toBeGreaterThan(0);
    const delivered = mailsTo('pair.');
    expect(delivered).toHaveLength(200);
    expect(new Set(await messageIds(delivered)).size).toBe(200);
    expect(new Set(delivered.map((m) => m.to[0])).size).toBe(200);
    expect((await rows('pair:')).every((r: any) => r.state === 'sent')).toBe(true);
  });

  // Last: it restarts the app with the cron task registered.
  it('a crash in the middle of a batch, then a restart, sends nothing twice', async () => {
    await outbox().enqueue(Array.from({ length: 10 }, (_, i) => message('crash', i)));
    // One send at a time, so that at the crash exactly one message is between SMTP and its `sent`
    // mark — and that one was never accepted (held below). With N sends in flight, up to N messages
    // accepted but not yet marked could be sent again: the at-least-once window.
    worker = await startWorker({ ...process.env, ...appEnv(), NOTIFY_CONCURRENCY: '1' });
    const w = worker;

    // The 4th message of the batch reaches the SMTP server: the instance is killed before it is answered.
    let seen = 0;
    hooks.beforeAccept = async () => {
      seen += 1;
      if (seen < 4) return 'accept';
      await w.kill();
      return 'hold';
    };
    const batch = w.call('notification-dispatcher', 'dispatch', { batchSize: 10 }).catch((e: Error) => e);
    await w.exited;
    worker = null;
    expect(await batch).toBeInstanceOf(Error);
    hooks.beforeAccept = undefined;

    const afterCrash = await rows('crash:');
    expect(afterCrash.filter((r: any) => r.state === 'sent')).toHaveLength(3);
    const held = afterCrash.filter((r: any) => r.state === 'sending');
    expect(held).toHaveLength(7);
    expect(new Set(held.map((r: any) => r.claim_token)).size).toBe(1);
    expect(mailsTo('crash.')).toHaveLength(3);
    // While the dead instance's claim is fresh nobody takes its rows.
    expect(await dispatcher().dispatch()).toMatchObject({ claimed: 0 });

    // Restart: a new instance on the same database, with the dispatcher's cron task registered (on a
    // rule that does not fire during the test). Its run is made here, at a chosen instant after the
    // dead instance's claim went stale — no waiting for a tick or for the claim to age.
    const dbEnv = app.env;
    await app.shutdown();
    app = await startApp({ reuseDatabase: dbEnv, env: { ...appEnv(), NOTIFY_ENABLED: 'true', NOTIFY_CRON: '0 0 0 1 1 * 2099' } });
    expect((app.strapi.cron as any).jobs.map((j: any) => j.name)).toContain('support-desk-notifications');
    const claimedAt = new Date(held[0].claimed_at).getTime();
    const at = (ms: number) => new Date(claimedAt + ms);
    expect(await dispatcher().drain({ now: at(STALE_MS - 1000) })).toMatchObject({ claimed: 0 }); // the dead instance's claim is still fresh
    expect(await dispatcher().drain({ now: at(STALE_MS + 1000) })).toMatchObject({ claimed: 7, sent: 7, lostClaims: 0 });

    const final = await rows('crash:');
    expect(final.every((r: any) => r.state === 'sent')).toBe(true);
    const delivered = mailsTo('crash.');
    expect(delivered).toHaveLength(10);
    expect(new Set(await messageIds(delivered)).size).toBe(10);
    expect(new Set(delivered.map((m) => m.to[0])).size).toBe(10);
    // The three sent before the crash were not touched again; the seven taken over count one attempt.
    expect(final.filter((r: any) => r.attempts === 0)).toHaveLength(3);
    expect(final.filter((r: any) => r.attempts === 1)).toHaveLength(7);
  });
});
