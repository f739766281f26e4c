import pluginConfig from '../../src/plugins/support-desk/server/src/config';

const base = pluginConfig.default;
const withNotifications = (patch: Record<string, unknown>) => ({ ...base, notifications: { ...base.notifications, ...patch } }) as typeof base;

describe('notification dispatcher settings', () => {
  it('accepts the defaults: every 10 s, 20 per batch, 10 attempts', () => {
    expect(() => pluginConfig.validator(base)).not.toThrow();
    expect(base.notifications).toMatchObject({ enabled: true, cronRule: '*/10 * * * * *', batchSize: 20, maxAttempts: 10 });
  });

  it.each([
    [{ cronRule: '' }, 'cronRule'],
    [{ batchSize: 0 }, 'batchSize'],
    [{ batchSize: 2.5 }, 'batchSize'],
    [{ maxAttempts: 0 }, 'maxAttempts'],
    [{ sendConcurrency: 0 }, 'sendConcurrency'],
    [{ baseDelayMs: -1 }, 'baseDelayMs'],
    [{ maxDelayMs: 10 }, 'maxDelayMs'],
    [{ staleClaimMs: 10 }, 'staleClaimMs'],
    [{ defaultTimeZone: 'Mars/Olympus' }, 'defaultTimeZone'],
    [{ surveyUrl: 'https://x.test/survey' }, 'surveyUrl'],
    [{ enabled: 'yes' }, 'enabled'],
  ])('refuses %j naming %s', (patch, key) => {
    expect(() => pluginConfig.validator(withNotifications(patch))).toThrow(`support-desk.notifications.${key}`);
  });
});
