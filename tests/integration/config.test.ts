/**
 * The plugin's configuration at startup: a bad setting stops the start with a message naming its
 * environment variable; each plugin cron task has its own switch, and the test harness turns them all off.
 */
import { startApp, PLUGIN_CRON_SWITCHES_OFF, type TestApp } from '../helpers/strapi';
import { startWorker } from '../helpers/worker';

const TASKS = [
  'support-desk-sla-sweep',
  'support-desk-notifications',
  'support-desk-auto-close',
  'support-desk-kb-review-reminders',
  'support-desk-monthly-report',
  'support-desk-mail-import',
  'support-desk-training-reminders',
  'support-desk-dashboard-rollup',
];
/** The mail importer is registered only when a mailbox is configured (it is not contacted: the rule never fires). */
const ONE_MAILBOX = JSON.stringify([{ address: 'support@example.test', host: '127.0.0.1', port: 1, secure: false, user: 'support', password: 'x' }]);
/** A valid rule that does not fire while the test runs. */
const NEVER = '0 0 0 1 1 * 2099';
const pluginTasks = (app: TestApp) => ((app.strapi.cron as any).jobs as Array<{ name?: string }>).map((j) => j.name).filter((n) => n?.startsWith('support-desk-')).sort();

describe('plugin cron switches', () => {
  it('the test harness turns every plugin cron task off', async () => {
    expect(Object.keys(PLUGIN_CRON_SWITCHES_OFF)).toHaveLength(TASKS.length);
    const app = await startApp();
    try {
      expect(pluginTasks(app)).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('each switch on registers its task under its name', async () => {
    const on = Object.fromEntries(Object.keys(PLUGIN_CRON_SWITCHES_OFF).map((k) => [k, 'true']));
    const app = await startApp({ env: { ...on, SLA_SWEEP_CRON: NEVER, NOTIFY_CRON: NEVER, AUTO_CLOSE_CRON: NEVER, KB_REVIEW_REMINDERS_CRON: NEVER, MONTHLY_REPORT_CRON: NEVER, MAIL_IMPORT_CRON: NEVER, TRAINING_REMINDERS_CRON: NEVER, DASHBOARD_ROLLUP_CRON: NEVER, MAIL_INBOXES: ONE_MAILBOX } });
    try {
      expect(pluginTasks(app)).toEqual([...TASKS].sort());
    } finally {
      await app.stop();
    }
  });
});

// A start that fails in this process would leave Strapi's other loaders running into Jest's
// teardown; the instance is started in a child process (tests/helpers/worker.ts) with the test's env.
describe('a bad setting stops the start, naming the variable', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each([
    [{ SLA_SWEEP_CRON: '* * *' }, /worker failed to start: .*SLA_SWEEP_CRON: "\* \* \*" is not a valid cron rule: CronPattern: /],
    [{ KB_FEEDBACK_WINDOW_MS: 'one minute' }, /worker failed to start: .*KB_FEEDBACK_WINDOW_MS: NaN is not a number/],
    [{ NOTIFY_TIME_ZONE: 'Asia/Beijing' }, /worker failed to start: .*NOTIFY_TIME_ZONE: "Asia\/Beijing" is not a known IANA time zone/],
    [{ MONTHLY_REPORT_RECIPIENTS: 'ops@example.test, not-an-address' }, /worker failed to start: .*MONTHLY_REPORT_RECIPIENTS: "not-an-address" is not an e-mail address/],
  ])('%j', async (env, message) => {
    await expect(startWorker({ ...process.env, ...env })).rejects.toThrow(message);
  });

  it('the same environment with a good value starts', async () => {
    const worker = await startWorker({ ...process.env, SLA_SWEEP_CRON: '0 * * * * *', KB_FEEDBACK_WINDOW_MS: '60000', NOTIFY_TIME_ZONE: 'Asia/Shanghai' });
    await worker.exit();
  });
});
