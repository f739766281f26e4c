/**
 * Ticket numbers (issue 16, item 3): unique under parallel creation; on PostgreSQL a creating
 * transaction that stays open does not hold up other creations (native sequence, not a row lock
 * held until commit); a counter behind the numbers in use moves past them instead of colliding.
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { fullAccessToken } from '../helpers/auth';
import { desk, TICKET } from '../helpers/desk';

let app: TestApp;
let d: ReturnType<typeof desk>;

beforeAll(async () => {
  app = await startApp();
  d = desk(app, await fullAccessToken(app.strapi));
});
afterAll(async () => {
  await app?.stop();
});

const digits = (number: string) => Number(/(\d+)$/.exec(number)![1]);

it('30 tickets created in parallel get 30 distinct, well-formed, increasing numbers', async () => {
  const created = await Promise.all(Array.from({ length: 30 }, (_, i) => d.ticket({ subject: `Parallel ${i}` })));
  const numbers = created.map((t: any) => t.number as string);
  expect(new Set(numbers).size).toBe(30);
  for (const n of numbers) expect(n).toMatch(/^TS-\d{6,}$/);
  const after = await d.ticket({ subject: 'After the burst' });
  expect(digits(after.number)).toBeGreaterThan(Math.max(...numbers.map(digits)));
});

(testDb === 'postgres' ? it : it.skip)('PostgreSQL: a creation whose transaction stays open does not hold up another one', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let heldNumber = '';
  // A creating transaction that takes its number, then stays open (as a slow creation would).
  const slow = app.strapi.db.transaction(async () => {
    heldNumber = await app.strapi.plugin('support-desk').service('sequences').nextNumber('ticket');
    await held;
  });
  await new Promise((r) => setTimeout(r, 200));
  const started = Date.now();
  const other = await Promise.race([d.ticket({ subject: 'Not queued' }), new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
  const waited = Date.now() - started;
  release();
  await slow;
  expect(other).not.toBeNull();
  expect(waited).toBeLessThan(10_000);
  expect(other!.number).not.toBe(heldNumber);
  expect(digits(other!.number)).toBeGreaterThan(digits(heldNumber));
});

it('a counter behind the numbers in use moves past them: the next ticket does not collide', async () => {
  const last = await d.ticket({ subject: 'Before the import' });
  // Rows written around the counter (as an import into a running instance does): the next two numbers.
  const taken = [1, 2].map((k) => `TS-${String(digits(last.number) + k).padStart(6, '0')}`);
  for (const number of taken) await app.strapi.db.query(TICKET).create({ data: { subject: 'Imported', number, state: 'new', version: 1 } });
  // The next creations find the counter's number taken and go past the imported ones, without an error.
  const next = [];
  for (let i = 0; i < 3; i += 1) next.push(await d.ticket({ subject: `After the import ${i}` }));
  expect(next.map((t: any) => digits(t.number))).toEqual([3, 4, 5].map((k) => digits(last.number) + k));
  for (const number of taken) expect(await app.strapi.db.query(TICKET).count({ where: { number } })).toBe(1);
});

it('past six digits the number grows a digit, and a taken seven-digit number is still found taken', async () => {
  // Imported numbers past 999999, one of them the counter's next: the counter moves past them all,
  // then counts on in seven digits.
  const last = await d.ticket({ subject: 'Before seven-digit imports' });
  for (const number of [`TS-${String(digits(last.number) + 1).padStart(6, '0')}`, 'TS-1000000', 'TS-1000001']) await app.strapi.db.query(TICKET).create({ data: { subject: 'Imported, seven digits', number, state: 'new', version: 1 } });
  const next = await d.ticket({ subject: 'After seven-digit imports' });
  expect(next.number).toBe('TS-1000002');
  // The counter is now at 1000002: its next number written around it collides, and is skipped.
  await app.strapi.db.query(TICKET).create({ data: { subject: 'Imported, next', number: 'TS-1000003', state: 'new', version: 1 } });
  expect((await d.ticket({ subject: 'After the next import' })).number).toBe('TS-1000004');
});
