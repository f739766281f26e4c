/**
 * Work a transaction leaves for after its commit (utils/commit-guard.ts): Strapi starts it without
 * awaiting or catching it (the document service's `entry.*` events re-read the entry). A failing
 * callback is logged and counted, never an unhandled rejection (which Jest, like Node, would report
 * as a failure here), and shutdown waits for the callbacks still running instead of closing the
 * pool under them (their reads then failed with tarn's "aborted": a CI failure of this suite's
 * neighbour, sla-calendar-guard, on PostgreSQL).
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { settleCommitCallbacks } from '../../src/plugins/support-desk/server/src/utils/commit-guard';
import { TICKET } from '../helpers/desk';

let app: TestApp;
let stopped = false;
const rejections = () => app.strapi.plugin('support-desk').service('health').unhandledRejections() as { databaseUnavailable: number; other: number };

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  if (!stopped) await app?.stop();
});

describe(`post-commit work (${testDb})`, () => {
  it('a failing commit callback is logged and counted, not left unhandled; the write stands', async () => {
    const before = rejections().other;
    const category = await app.strapi.db.transaction(async ({ onCommit }) => {
      const row = await app.strapi.db.query('api::fault-category.fault-category').create({ data: { name: 'After commit', code: `AC-${Date.now()}` } });
      onCommit(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('late failure after the commit');
      });
      return row;
    });
    await settleCommitCallbacks(app.strapi);
    expect(rejections().other).toBe(before + 1);
    expect(await app.strapi.db.query('api::fault-category.fault-category').findOne({ where: { id: category.id } })).not.toBeNull();
  });

  it('settleCommitCallbacks waits for the callbacks still running, and for those they start', async () => {
    const done: string[] = [];
    await app.strapi.db.transaction(async ({ onCommit }) => {
      onCommit(async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        done.push('first');
        // A callback's own transaction with a callback of its own.
        await app.strapi.db.transaction(async ({ onCommit: inner }) => {
          inner(async () => {
            await new Promise((resolve) => setTimeout(resolve, 150));
            done.push('second');
          });
        });
      });
    });
    expect(done).toEqual([]);
    await settleCommitCallbacks(app.strapi);
    expect(done).toEqual(['first', 'second']);
  });

  it('stopping right after writes lets their post-commit work finish: nothing aborted, nothing logged', async () => {
    const before = rejections();
    const documents = app.strapi.documents(TICKET as any) as any;
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await documents.create({ data: { subject: `Written just before the stop ${i}` } }));
    const last = await documents.update({ documentId: created[4].documentId, data: { subject: 'Renamed just before the stop', version: created[4].version } });
    expect(last.subject).toBe('Renamed just before the stop');
    // And post-commit work that reads the database a while after its commit (a slow event read).
    let slowRead: number | null = null;
    await app.strapi.db.transaction(async ({ onCommit }) => {
      onCommit(async () => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        slowRead = await app.strapi.db.query(TICKET).count({ where: { subject: { $contains: 'just before the stop' } } });
      });
    });
    // The plugin's destroy waits for the five entry.create and the entry.update reads, and the slow one.
    const counts = app.strapi.plugin('support-desk').service('health');
    stopped = true;
    await app.shutdown();
    expect(slowRead).toBe(5);
    expect(counts.unhandledRejections()).toEqual(before);
    await app.dropDatabase();
  });
});
