import { isValidTimeZone } from '../notify/format';
import { slidingWindow, type SlidingWindow } from '../kb/rate-limit';

/** Rate limits shared by all instances (policies/rate-limit.ts), by name. */
export const RATE_LIMIT_NAMES = ['customerTickets', 'customerComments', 'kbSuggest', 'surveyAnswers'] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

/** Hostile-input caps (security/input-guard.ts) and the rate limits. */
export interface SecurityConfig {
  /** Longest string accepted anywhere in a request (INPUT_MAX_STRING_LENGTH). */
  maxStringLength: number;
  /** Deepest nesting of a JSON body or query (INPUT_MAX_DEPTH). */
  maxDepth: number;
  rateLimits: Record<RateLimitName, SlidingWindow>;
}

/** Notification outbox dispatcher (see services/notifications.ts). */
export interface NotificationsConfig {
  /** Whether this instance runs the dispatcher cron task (every instance may: rows are claimed). */
  enabled: boolean;
  /** Cron rule (6 fields allowed) of the dispatcher. */
  cronRule: string;
  /** Rows claimed per batch. */
  batchSize: number;
  /** SMTP sends in flight at once within a batch (each row is still marked right after its own send). */
  sendConcurrency: number;
  /** Batches one cron run may send before it yields to the next tick. */
  maxBatchesPerRun: number;
  /** Send attempts before a message is dead. */
  maxAttempts: number;
  /** Delay after the first failure; doubles with each further failure (jittered, capped by maxDelayMs). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A row left in `sending` longer than this (its instance died) is claimed again. */
  staleClaimMs: number;
  /** Zone for instants when the recipient has none. */
  defaultTimeZone: string;
  /** Survey link; `{publicUrl}` and `{token}` are replaced. */
  surveyUrl: string;
}

export interface SupportDeskConfig {
  /** Whether SMTP_HOST was set; without it mail goes to nodemailer's JSON transport. */
  smtpConfigured: boolean;
  /** Days after closure within which a closed ticket may still be reopened. */
  reopenWindowDays: number;
  sla: {
    /** Cron rule (6 fields allowed) of the warning/breach sweep. */
    sweepCron: string;
    /** Tickets claimed per sweep transaction. */
    sweepBatchSize: number;
  };
  notifications: NotificationsConfig;
  /** Routing at triage (see routing/ and services/routing.ts). */
  routing: {
    /** Code of the group that gets tickets no group serves; '' = the group flagged is_fallback. */
    fallbackGroupCode: string;
    /** Skills a ticket of a product line needs when it lists no `skills_required` of its own. */
    productLineSkills: Record<string, string[]>;
  };
  /** Resolved tickets without a customer answer for this many days are closed (auto_close). */
  autoCloseDays: number;
  /** Cron rule (6 fields allowed) of the auto-close task `support-desk-auto-close`. */
  autoCloseCron: string;
  security: SecurityConfig;
}

function validateSecurity(s: SecurityConfig) {
  if (!s || typeof s !== 'object') throw new Error('support-desk.security must be an object');
  if (!Number.isInteger(s.maxStringLength) || s.maxStringLength < 1000) throw new Error('support-desk.security.maxStringLength (INPUT_MAX_STRING_LENGTH) must be an integer ≥ 1000');
  if (!Number.isInteger(s.maxDepth) || s.maxDepth < 5 || s.maxDepth > 100) throw new Error('support-desk.security.maxDepth (INPUT_MAX_DEPTH) must be an integer between 5 and 100');
  for (const name of RATE_LIMIT_NAMES) slidingWindow(s.rateLimits?.[name] ?? ({} as SlidingWindow), `support-desk.security.rateLimits.${name}`);
}

function validateNotifications(n: NotificationsConfig) {
  const fail = (key: keyof NotificationsConfig, rule: string) => {
    throw new Error(`support-desk.notifications.${key} ${rule}`);
  };
  if (!n || typeof n !== 'object') throw new Error('support-desk.notifications must be an object');
  const positiveInt = (key: keyof NotificationsConfig, max = Number.MAX_SAFE_INTEGER) => {
    const v = n[key];
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > max) fail(key, `must be an integer between 1 and ${max}`);
  };
  if (typeof n.enabled !== 'boolean') fail('enabled', 'must be a boolean');
  if (typeof n.cronRule !== 'string' || !n.cronRule.trim()) fail('cronRule', 'must be a cron rule');
  positiveInt('batchSize', 1000);
  positiveInt('sendConcurrency', 50);
  positiveInt('maxBatchesPerRun', 1000);
  positiveInt('maxAttempts', 100);
  if (!Number.isInteger(n.baseDelayMs) || n.baseDelayMs < 0) fail('baseDelayMs', 'must be an integer ≥ 0');
  if (!Number.isInteger(n.maxDelayMs) || n.maxDelayMs < n.baseDelayMs) fail('maxDelayMs', 'must be an integer ≥ baseDelayMs');
  if (!Number.isInteger(n.staleClaimMs) || n.staleClaimMs < 1000) fail('staleClaimMs', 'must be an integer ≥ 1000');
  if (typeof n.defaultTimeZone !== 'string' || !isValidTimeZone(n.defaultTimeZone)) fail('defaultTimeZone', 'must be an IANA time zone');
  if (typeof n.surveyUrl !== 'string' || !n.surveyUrl.includes('{token}')) fail('surveyUrl', 'must contain {token}');
}

export default {
  default: {
    smtpConfigured: false,
    reopenWindowDays: 7,
    sla: { sweepCron: '0 * * * * *', sweepBatchSize: 500 },
    notifications: {
      enabled: true,
      cronRule: '*/10 * * * * *',
      batchSize: 20,
      sendConcurrency: 4,
      maxBatchesPerRun: 10,
      maxAttempts: 10,
      baseDelayMs: 30_000,
      maxDelayMs: 3_600_000,
      staleClaimMs: 300_000,
      defaultTimeZone: 'Asia/Shanghai',
      surveyUrl: '{publicUrl}/survey?token={token}',
    },
    routing: {
      fallbackGroupCode: '',
      productLineSkills: { 'Network Switches': ['network'], 'Storage Arrays': ['storage'], 'Surveillance Cameras': ['cameras'] },
    },
    autoCloseDays: 7,
    autoCloseCron: '0 0 * * * *',
    security: {
      maxStringLength: 100_000,
      maxDepth: 20,
      rateLimits: {
        customerTickets: { limit: 20, windowMs: 3_600_000 },
        customerComments: { limit: 60, windowMs: 3_600_000 },
        kbSuggest: { limit: 30, windowMs: 60_000 },
        surveyAnswers: { limit: 10, windowMs: 3_600_000 },
      },
    },
  } satisfies SupportDeskConfig,
  validator(config: SupportDeskConfig) {
    if (typeof config.smtpConfigured !== 'boolean') throw new Error('support-desk.smtpConfigured must be a boolean');
    if (!Number.isInteger(config.reopenWindowDays) || config.reopenWindowDays < 0) throw new Error('support-desk.reopenWindowDays must be a whole number of days ≥ 0');
    if (typeof config.sla?.sweepCron !== 'string' || !config.sla.sweepCron.trim()) throw new Error('support-desk.sla.sweepCron must be a cron rule');
    validateNotifications(config.notifications);
    if (typeof config.routing?.fallbackGroupCode !== 'string') throw new Error('support-desk.routing.fallbackGroupCode must be a group code (or empty for the is_fallback group)');
    const skills = config.routing?.productLineSkills;
    if (!skills || typeof skills !== 'object' || !Object.values(skills).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'))) {
      throw new Error('support-desk.routing.productLineSkills must map product lines to arrays of skill names');
    }
    if (!Number.isInteger(config.autoCloseDays) || config.autoCloseDays < 1) throw new Error('support-desk.autoCloseDays must be a whole number of days ≥ 1');
    if (typeof config.autoCloseCron !== 'string' || !config.autoCloseCron.trim()) throw new Error('support-desk.autoCloseCron must be a cron rule');
    if (!Number.isInteger(config.sla?.sweepBatchSize) || config.sla.sweepBatchSize < 1) throw new Error('support-desk.sla.sweepBatchSize must be a positive integer');
    validateSecurity(config.security);
  },
};
