/**
 * Auto-close: resolved tickets without a customer answer for N days are closed by the system with
 * a public event; a ticket the customer answered, or resolved too recently, stays; concurrent
 * sweeps (as two instances would run them, each in its own transactions) close each ticket once;
 * the named cron task is registered.
 */
import { startApp, type TestApp } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { desk } from '../helpers/desk';

let app: TestApp;
let d: ReturnType<typeof desk>;
let agentId: number;
const DAY = 24 * 3600_000;
const service = () => app.strapi.plugin('support-desk').service('auto-close');
const inDays = (n: number) => new Date(Date.now() + n * DAY);

beforeAll(async () => {
  // The task's switch on, on a rule that does not fire during the test: runs are made explicitly, with `now`.
  app = await startApp({ env: { AUTO_CLOSE_ENABLED: 'true', AUTO_CLOSE_CRON: '0 0 0 1 1 * 2099' } });
  d = desk(app, await fullAccessToken(app.strapi));
  agentId = (await d.admin('Closer')).id;
});
afterAll(async () => {
  await app?.stop();
});

async function resolvedTicket(subject = 'How do I export logs?') {
  const t = await d.ticket({ type: 'consultation', subject });
  return d.walk(t.documentId, [{ action: 'triage', assignee: agentId }, { action: 'start' }, { action: 'resolve', resolution_method: 'guidance', solution: 'Menu → Export' }]);
}

it('registers the named cron task support-desk-auto-close', () => {
  const jobs = (app.strapi.cron as any).jobs as Array<{ name?: string }>;
  expect(jobs.map((j) => j.name)).toContain('support-desk-auto-close');
  expect(app.strapi.config.get('plugin::support-desk.autoCloseDays')).toBe(7);
});

it('closes a resolved ticket after N days without a customer answer, with a public system event', async () => {
  const t = await resolvedTicket();
  const early = await service().run({ now: inDays(6.9) });
  expect(early.closed).not.toContain(t.number);
  expect((await d.row(t.documentId)).state).toBe('resolved');

  const result = await service().run({ now: inDays(7.1) });
  expect(result.closed).toContain(t.number);
  const row = await d.row(t.documentId);
  expect(row).toMatchObject({ state: 'closed', version: t.version + 1 });
  expect(row.closed_at).toBeTruthy();
  const ev = (await d.events(t.id, 'transition')).at(-1);
  expect(ev).toMatchObject({ from_status: 'resolved', to_status: 'closed', actor_type: 'system', visibility: 'public' });
  expect(ev.data.action).toBe('auto_close');
  expect(ev.body).toMatch(/Closed automatically: no answer from the customer within 7 days/);
  // Nothing more to do on a second run.
  expect((await service().run({ now: inDays(7.1) })).closed).not.toContain(t.number);
});

it('does not close a ticket the customer answered after the resolution; days come from the config', async () => {
  const answered = await resolvedTicket('Answered');
  const customer = { kind: 'customer' as const, id: 1, name: 'Li Lei' };
  await app.strapi.plugin('support-desk').service('tickets').comment(answered.documentId, { body: 'It still fails on the second switch.' }, customer);
  const quiet = await resolvedTicket('Quiet');

  const result = await service().run({ now: inDays(8) });
  expect(result.answered).toContain(answered.number);
  expect(result.closed).toContain(quiet.number);
  expect((await d.row(answered.documentId)).state).toBe('resolved');

  app.strapi.config.set('plugin::support-desk.autoCloseDays', 2);
  try {
    const t = await resolvedTicket('Two days');
    expect((await service().run({ now: inDays(1.5) })).closed).not.toContain(t.number);
    expect((await service().run({ now: inDays(2.5) })).closed).toContain(t.number);
  } finally {
    app.strapi.config.set('plugin::support-desk.autoCloseDays', 7);
  }
});

it('a reopened ticket is not closed, and a stale version loses to the customer', async () => {
  const t = await resolvedTicket('Reopened');
  const reopened = await d.transition(t.documentId, { action: 'reopen', version: t.version, reason: 'Back again' });
  expect(reopened.status).toBe(200);
  expect((await service().run({ now: inDays(30) })).closed).not.toContain(t.number);
  // The close is based on the version the sweep read: a change in between makes it a 409.
  const tickets = app.strapi.plugin('support-desk').service('tickets');
  const { SYSTEM_ACTOR } = await import('../../src/plugins/support-desk/server/src/workflow/actor');
  await expect(tickets.transition(t.documentId, { action: 'auto_close', version: t.version }, SYSTEM_ACTOR)).rejects.toMatchObject({ status: 409 });
  expect((await d.row(t.documentId)).state).toBe('in_progress');
});

it('two sweeps at once (as on two instances) close each ticket exactly once', async () => {
  const tickets = [];
  for (let i = 0; i < 8; i += 1) tickets.push(await resolvedTicket(`Parallel ${i}`));
  const [a, b] = await Promise.all([service().run({ now: inDays(10), join: false }), service().run({ now: inDays(10), join: false })]);
  const numbers = tickets.map((t) => t.number);
  const closedByA = a.closed.filter((n: string) => numbers.includes(n));
  const closedByB = b.closed.filter((n: string) => numbers.includes(n));
  expect([...closedByA, ...closedByB].sort()).toEqual([...numbers].sort());
  for (const t of tickets) {
    expect((await d.row(t.documentId)).state).toBe('closed');
    expect((await d.events(t.id, 'transition')).filter((e: any) => e.data.action === 'auto_close')).toHaveLength(1);
  }
});
