/**
 * The plugin's one validated configuration (server/src/config/index.ts), fed as Strapi feeds it:
 * the app's config/plugins.ts reads the environment, Strapi merges the plugin defaults beneath and
 * calls the validator. A bad setting must name its environment variable.
 */
import path from 'path';
import { defaultsDeep } from 'lodash/fp';
import { env } from '@strapi/utils';
import appPlugins from '../../config/plugins';
import pluginConfig, { SETTING_ENV } from '../../src/plugins/support-desk/server/src/config';

type Env = Record<string, string>;
const get = (obj: any, dotted: string) => dotted.split('.').reduce((o, k) => o?.[k], obj);

/** The support-desk config Strapi would validate with these variables set (and no others of ours). */
function configWith(vars: Env) {
  const saved = { ...process.env };
  for (const name of [...Object.values(SETTING_ENV), 'SMTP_HOST']) delete process.env[name];
  Object.assign(process.env, vars);
  try {
    const user = (appPlugins({ env } as any) as any)['support-desk'].config;
    return defaultsDeep(pluginConfig.default, user); // lodash/fp: the user's values win, as in Strapi's loader
  } finally {
    process.env = saved;
  }
}
const validate = (vars: Env) => () => pluginConfig.validator(configWith(vars));

describe('support-desk configuration', () => {
  it('accepts the defaults and an empty environment', () => {
    expect(() => pluginConfig.validator(pluginConfig.default)).not.toThrow();
    expect(validate({})).not.toThrow();
  });

  it('refuses a bad cron rule with croner’s reason, naming the variable', () => {
    expect(validate({ SLA_SWEEP_CRON: '* * *' })).toThrow(/^SLA_SWEEP_CRON: "\* \* \*" is not a valid cron rule: .*five, six, or seven/);
    expect(validate({ AUTO_CLOSE_CRON: '61 * * * * *' })).toThrow(/AUTO_CLOSE_CRON: "61 \* \* \* \* \*" is not a valid cron rule: .*second/);
    expect(validate({ NOTIFY_CRON: 'every minute' })).toThrow(/NOTIFY_CRON: "every minute" is not a valid cron rule/);
    expect(validate({ KB_REVIEW_REMINDERS_CRON: '0 7 * * * * * *' })).toThrow(/KB_REVIEW_REMINDERS_CRON: /);
  });

  it('accepts the rules Strapi’s cron accepts: 5, 6 and 7 fields, ranges with steps', () => {
    expect(validate({ SLA_SWEEP_CRON: '*/5 * * * *', AUTO_CLOSE_CRON: '0 0 3 * * 1-5', NOTIFY_CRON: '5/15 * * * * *', KB_REVIEW_REMINDERS_CRON: '0 0 0 1 1 * 2099' })).not.toThrow();
  });

  it('refuses a non-numeric interval (env.int gives NaN), naming the variable', () => {
    expect(validate({ SLA_SWEEP_BATCH_SIZE: 'lots' })).toThrow(/^SLA_SWEEP_BATCH_SIZE: NaN is not a number \[support-desk\.sla\.sweepBatchSize\]$/);
    expect(validate({ KB_CACHE_POLL_MS: 'two seconds' })).toThrow(/^KB_CACHE_POLL_MS: NaN is not a number/);
    expect(validate({ NOTIFY_BASE_DELAY_MS: 'soon' })).toThrow(/^NOTIFY_BASE_DELAY_MS: NaN is not a number/);
    expect(validate({ KB_FEEDBACK_LIMIT: '0' })).toThrow(/^KB_FEEDBACK_LIMIT: 0 is below the minimum 1/);
  });

  it('refuses an unknown time zone, naming the variable', () => {
    expect(validate({ NOTIFY_TIME_ZONE: 'Mars/Olympus' })).toThrow(/^NOTIFY_TIME_ZONE: "Mars\/Olympus" is not a known IANA time zone/);
    expect(validate({ NOTIFY_TIME_ZONE: 'Asia/Shanghai' })).not.toThrow();
  });

  it('lists every bad setting at once, one a line', () => {
    let message = '';
    try {
      validate({ SLA_SWEEP_CRON: 'x', AUTO_CLOSE_DAYS: 'seven', NOTIFY_TIME_ZONE: 'Nowhere' })();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').map((l) => l.split(':')[0]).sort()).toEqual(['AUTO_CLOSE_DAYS', 'NOTIFY_TIME_ZONE', 'SLA_SWEEP_CRON']);
  });

  it('names the setting when it has no variable of its own', () => {
    const config = { ...pluginConfig.default, notifications: { ...pluginConfig.default.notifications, maxBatchesPerRun: 0 } };
    expect(() => pluginConfig.validator(config)).toThrow(/^support-desk\.notifications\.maxBatchesPerRun: 0 is below the minimum 1$/);
  });

  // The table that names variables and config/plugins.ts must agree: each variable reaches its setting.
  it.each(Object.entries(SETTING_ENV))('%s is read from %s', (setting, variable) => {
    const fallback = get(pluginConfig.default, setting);
    const inbox = [{ address: 'support@example.test', host: 'imap.example.test', user: 'support@example.test', password: 'p' }];
    const value = Array.isArray(fallback) ? JSON.stringify(inbox) : typeof fallback === 'boolean' ? String(!fallback) : typeof fallback === 'number' ? String(fallback + 1000) : `${fallback}-x{token}`;
    const expected = Array.isArray(fallback) ? inbox : typeof fallback === 'boolean' ? !fallback : typeof fallback === 'number' ? fallback + 1000 : value;
    expect(get(configWith({ [variable]: value }), setting)).toEqual(expected);
  });

  it('has a switch for each plugin cron task, all on by default', () => {
    const c = pluginConfig.default;
    expect([c.sla.sweepEnabled, c.notifications.enabled, c.autoCloseEnabled, c.kb.reviewRemindersEnabled, c.mail.importEnabled, c.trainings.remindersEnabled]).toEqual([true, true, true, true, true, true]);
  });

  it('refuses bad mail settings, naming the variable', () => {
    expect(() => configWith({ MAIL_INBOXES: '[{"address":' })).toThrow(/MAIL_INBOXES/);
    expect(validate({ MAIL_INBOXES: JSON.stringify([{ address: 'not-an-address', host: 'h', user: 'u', password: 'p' }]) })).toThrow(/support-desk\.mail\.inboxes\.0\.address: must be an e-mail address/);
    expect(validate({ MAIL_INBOXES: JSON.stringify({ address: 'a@b.c' }) })).toThrow(/^MAIL_INBOXES: must be a JSON array of mailboxes/);
    expect(validate({ MAIL_UNKNOWN_SENDER: 'maybe' })).toThrow(/^MAIL_UNKNOWN_SENDER: "maybe" must be refuse or unverified/);
    expect(validate({ MAIL_IMPORT_CRON: 'often' })).toThrow(/^MAIL_IMPORT_CRON: "often" is not a valid cron rule/);
    expect(validate({ MAIL_MAX_MESSAGE_BYTES: '10' })).toThrow(/^MAIL_MAX_MESSAGE_BYTES: 10 is below the minimum 1024/);
  });

  it('checks rules with the croner Strapi’s cron service loads', () => {
    const strapiCore = path.dirname(require.resolve('@strapi/core/package.json'));
    const plugin = path.resolve(__dirname, '../../src/plugins/support-desk/server/src/utils');
    expect(require.resolve('croner', { paths: [plugin] })).toBe(require.resolve('croner', { paths: [strapiCore] }));
  });
});
