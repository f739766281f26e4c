/**
 * The KB vote limit is one limit for all instances: two Strapi instances on one database (the second
 * a forked process, tests/helpers/worker.ts) share the counts in sd_rate_limits. Limit 5 votes per
 * 2 s window; the client is its X-Forwarded-For address (PROXY_ENABLED, one trusted proxy). Both
 * instances' rate-limit clocks are pinned at fixed instants the test chooses, in every test: nothing
 * waits for a window, and no count, sweep or warning depends on how long a step took.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { startWorker, type Worker } from '../helpers/worker';
import { createArticle } from '../helpers/kb';
import { evaluate, windowStart, type SlidingWindow } from '../../src/plugins/support-desk/server/src/kb/rate-limit';

const LIMIT = 5;
const WINDOW_MS = 2000;
const window: SlidingWindow = { limit: LIMIT, windowMs: WINDOW_MS };
const KB = '/api/support-desk/kb';
const TABLE = 'sd_rate_limits';
const BUCKET = 'kb-feedback';

let app: TestApp;
let b: Worker;
let documentId: string;

beforeAll(async () => {
  app = await startApp({ env: { KB_FEEDBACK_LIMIT: String(LIMIT), KB_FEEDBACK_WINDOW_MS: String(WINDOW_MS), PROXY_ENABLED: 'true', PROXY_MAX_IPS_COUNT: '1' } });
  documentId = await createArticle(app.strapi, { title: 'Resetting a managed switch', slug: 'switch-reset', body: 'Hold the reset button for ten seconds.' });
  b = await startWorker({ ...process.env });
});

afterAll(async () => {
  await b?.exit();
  await app?.stop();
});

/** Both instances' rate-limit clocks pinned at `at` (epoch ms): the test chooses the instant, no sleeping. */
async function pinClocks(at: number) {
  app.strapi.plugin('support-desk').service('rate-limits').pinClock(at);
  await b.call('rate-limits', 'pinClock', at);
  return at;
}
/** The first window the tests use (a fixed instant: no test reads the system clock). */
const FIRST_WINDOW = windowStart(Date.parse('2026-12-01T00:00:00.000Z'), WINDOW_MS);
/**
 * 20 ms into a window 100 windows (200 s) after the last one a test used: the previous window holds
 * no votes of a fresh client, and each instance's once-a-minute sweep of old windows runs at that
 * test's first vote — only old windows go, whatever the speed of the machine.
 */
let windowsAhead = 0;
const freshInstant = () => FIRST_WINDOW + (windowsAhead += 100) * WINDOW_MS + 20;
const startOfAFreshWindow = () => pinClocks(freshInstant());
afterEach(async () => {
  app.strapi.plugin('support-desk').service('rate-limits').pinClock(null);
  await b?.call('rate-limits', 'pinClock', null);
});

/** A vote through instance A (HTTP, in this process) from client `ip` (behind the proxy). */
const voteA = (ip: string, forwardedFor = ip) => app.http().post(`${KB}/articles/${documentId}/feedback`).set('X-Forwarded-For', forwardedFor).send({ helpful: true });
/** A vote through instance B (the kb service in the other process, with the key A's controller derives from the request). */
const voteB = (ip: string) =>
  b.call('kb', 'feedback', { agent: false }, documentId, true, ip).then(
    (data) => ({ ok: true as const, data }),
    (err: Error) => ({ ok: false as const, retryAfter: Number(/RateLimitError: Too many votes from this client; try again in (\d+) s/.exec(err.message)?.[1] ?? NaN), message: err.message }),
  );

const helpfulCounts = async () => (await app.strapi.db.connection('kb_articles').where({ document_id: documentId }).select('helpful_count')).map((r: any) => Number(r.helpful_count));
const hitsOf = async (ip: string) => (await app.strapi.db.connection(TABLE).where({ bucket: BUCKET, client_key: ip })).reduce((n: number, r: any) => n + Number(r.hits), 0);

describe(`KB vote limit shared by two instances (${testDb})`, () => {
  test('3 votes through A and 3 through B: the 6th gets 429 with an exact Retry-After, and nothing is written', async () => {
    const ip = '203.0.113.10';
    const before = await helpfulCounts();
    const started = await startOfAFreshWindow();
    for (let i = 0; i < 3; i += 1) await voteA(ip).expect(200);
    for (let i = 0; i < 2; i += 1) expect(await voteB(ip)).toMatchObject({ ok: true });
    expect(await hitsOf(ip)).toBe(5);

    // All in one window (the clocks are pinned 20 ms into it): the previous one is empty, so 5 hits fill it.
    const refusedOnB = await voteB(ip);
    expect(refusedOnB).toMatchObject({ ok: false });
    const refusedOnA = await voteA(ip).expect(429);

    const retryAfter = refusedOnA.headers['retry-after'];
    expect(retryAfter).toMatch(/^[1-9]\d*$/);
    // Exactly what the arithmetic says for the instant both servers' clocks read.
    expect(Number(retryAfter)).toBe(evaluate(0, LIMIT, started, window).retryAfterSeconds);
    expect(refusedOnA.body.error.message).toBe(`Too many votes from this client; try again in ${retryAfter} s.`);
    expect((refusedOnB as { retryAfter?: number }).retryAfter).toBe(Number(retryAfter));

    // A client cannot get round the limit by putting another address in front in X-Forwarded-For:
    // only the address the (one) proxy appended counts.
    await voteA(ip, `198.51.100.77, ${ip}`).expect(429);
    // Refused votes wrote nothing: neither the counts of the article nor the limiter's.
    expect(await helpfulCounts()).toEqual(before.map((n) => n + 5));
    expect(await hitsOf(ip)).toBe(5);
    // Another client is not affected.
    await voteA('203.0.113.11').expect(200);

    // After Retry-After seconds (from the refusal's instant) the client may vote again, on either instance.
    await pinClocks(started + Number(retryAfter) * 1000);
    await voteA(ip).expect(200);
    expect(await voteB(ip)).toMatchObject({ ok: true });
    expect(await helpfulCounts()).toEqual(before.map((n) => n + 8));
  });

  test('12 votes at once through both instances: exactly 5 are accepted', async () => {
    const ip = '203.0.113.20';
    const before = await helpfulCounts();
    await startOfAFreshWindow();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? voteB(ip) : voteA(ip).then((res) => ({ ok: res.status === 200, status: res.status })))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(LIMIT);
    expect(results.filter((r) => !r.ok && 'status' in r).every((r: any) => r.status === 429)).toBe(true);
    expect(results.filter((r) => !r.ok && !('status' in r)).every((r: any) => r.retryAfter >= 1)).toBe(true);
    expect(await hitsOf(ip)).toBe(LIMIT);
    expect(await helpfulCounts()).toEqual(before.map((n) => n + LIMIT));
  });

  test('windows older than the previous one are deleted, other buckets are left alone', async () => {
    const knex = app.strapi.db.connection;
    const now = freshInstant();
    const current = windowStart(now, WINDOW_MS);
    await knex(TABLE).insert([
      { bucket: BUCKET, client_key: 'old', window_start: current - 3 * WINDOW_MS, hits: 1 },
      { bucket: BUCKET, client_key: 'old', window_start: current - 2 * WINDOW_MS, hits: 1 },
      { bucket: BUCKET, client_key: 'old', window_start: current - WINDOW_MS, hits: 2 },
      { bucket: BUCKET, client_key: 'old', window_start: current, hits: 3 },
      { bucket: 'other', client_key: 'old', window_start: current - 10 * WINDOW_MS, hits: 1 },
    ]);
    await app.strapi.plugin('support-desk').service('rate-limits').sweep(BUCKET, WINDOW_MS, now);
    const left = await knex(TABLE).where({ client_key: 'old' }).orderBy('window_start');
    expect(left.map((r: any) => [r.bucket, Number(r.window_start) - current, Number(r.hits)])).toEqual([
      ['other', -10 * WINDOW_MS, 1],
      [BUCKET, -WINDOW_MS, 2],
      [BUCKET, 0, 3],
    ]);
  });

  test('when the counts cannot be read or written, votes are allowed (fail open) with a warning', async () => {
    const knex = app.strapi.db.connection;
    const warn = jest.spyOn(app.strapi.log, 'warn');
    let warnings: string[] = [];
    // Every vote at one instant: "at most once a minute" is not a question of how fast they go.
    await startOfAFreshWindow();
    await knex.schema.renameTable(TABLE, `${TABLE}_away`);
    try {
      for (let i = 0; i < LIMIT + 2; i += 1) await voteA('203.0.113.30').expect(200);
      warnings = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('rate limit "kb-feedback" not enforced'));
    } finally {
      await knex.schema.renameTable(`${TABLE}_away`, TABLE);
      warn.mockRestore();
    }
    expect(warnings).toHaveLength(1); // at most once a minute
  });
});
