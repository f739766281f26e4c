/** The plugin's cron tasks (utils/cron.ts): registered only when switched on, failures logged with their stack. */
import { cronRuleError, scheduleTask, type CronHost } from '../../src/plugins/support-desk/server/src/utils/cron';

function fakeHost() {
  const tasks: Record<string, { task: () => Promise<void>; options: { rule: string } }> = {};
  const errors: string[] = [];
  const host: CronHost = { cron: { add: (t) => Object.assign(tasks, t) }, log: { error: (m) => errors.push(m) } };
  return { host, tasks, errors };
}

describe('scheduleTask', () => {
  it('registers a task under its name and rule only when its switch is on', () => {
    const { host, tasks } = fakeHost();
    expect(scheduleTask(host, { name: 'support-desk-a', enabled: true, rule: '0 * * * * *', run: async () => {} })).toBe(true);
    expect(scheduleTask(host, { name: 'support-desk-b', enabled: false, rule: '0 * * * * *', run: async () => {} })).toBe(false);
    expect(Object.keys(tasks)).toEqual(['support-desk-a']);
    expect(tasks['support-desk-a'].options).toEqual({ rule: '0 * * * * *' });
  });

  it('runs the task and logs a failure with its name and stack, without rejecting', async () => {
    const { host, tasks, errors } = fakeHost();
    let runs = 0;
    function sweepThatFails(): never {
      runs += 1;
      throw new Error('database is locked');
    }
    scheduleTask(host, { name: 'support-desk-sweep', enabled: true, rule: '* * * * *', run: async () => sweepThatFails() });
    await expect(tasks['support-desk-sweep'].task()).resolves.toBeUndefined();
    expect(runs).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[support-desk\] cron task support-desk-sweep failed: Error: database is locked\n\s+at sweepThatFails /);
  });

  it('logs what was thrown when it is not an Error', async () => {
    const { host, tasks, errors } = fakeHost();
    scheduleTask(host, { name: 't', enabled: true, rule: '* * * * *', run: () => Promise.reject('plain text') });
    await tasks.t.task();
    expect(errors).toEqual(['[support-desk] cron task t failed: plain text']);
  });
});

describe('cronRuleError', () => {
  it.each(['* * * * *', '0 * * * * *', '*/10 * * * * *', '5/15 * * * * *', '0 0 0 1 1 * 2099'])('accepts %s', (rule) => {
    expect(cronRuleError(rule)).toBeNull();
  });
  it.each([
    ['', /required/],
    ['* * *', /five, six, or seven/],
    ['0 0 25 * * *', /hour/],
    ['x * * * *', /./],
  ])('refuses %j', (rule, why) => {
    expect(cronRuleError(rule)).toMatch(why);
  });
});
