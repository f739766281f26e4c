/**
 * The plugin's one configuration: every setting, its default, the environment variable the app's
 * `config/plugins.ts` reads it from, and its validation. Strapi runs `validator` while it loads the
 * plugins, so a bad setting stops the start with a message naming the variable, e.g.
 *
 *   SLA_SWEEP_CRON: "* * *" is not a valid cron rule: CronPattern: invalid configuration format … [support-desk.sla.sweepCron]
 *
 * Services read settings only through `pluginConfig()` (utils/plugin-config.ts), never `process.env`.
 */
import { errors, z } from '@strapi/utils';
import { isValidTimeZone } from '../notify/format';
import { cronRuleError } from '../utils/cron';

/**
 * Environment variable of each setting (config path → variable), as `config/plugins.ts` reads them.
 * A unit test (tests/unit/plugin-config.test.ts) checks that garbage in each variable is named.
 */
export const SETTING_ENV: Readonly<Record<string, string>> = {
  reopenWindowDays: 'REOPEN_WINDOW_DAYS',
  'sla.sweepEnabled': 'SLA_SWEEP_ENABLED',
  'sla.sweepCron': 'SLA_SWEEP_CRON',
  'sla.sweepBatchSize': 'SLA_SWEEP_BATCH_SIZE',
  'notifications.enabled': 'NOTIFY_ENABLED',
  'notifications.cronRule': 'NOTIFY_CRON',
  'notifications.batchSize': 'NOTIFY_BATCH_SIZE',
  'notifications.sendConcurrency': 'NOTIFY_CONCURRENCY',
  'notifications.maxAttempts': 'NOTIFY_MAX_ATTEMPTS',
  'notifications.baseDelayMs': 'NOTIFY_BASE_DELAY_MS',
  'notifications.maxDelayMs': 'NOTIFY_MAX_DELAY_MS',
  'notifications.staleClaimMs': 'NOTIFY_STALE_CLAIM_MS',
  'notifications.defaultTimeZone': 'NOTIFY_TIME_ZONE',
  'notifications.surveyUrl': 'NOTIFY_SURVEY_URL',
  'surveys.expiryDays': 'SURVEY_EXPIRY_DAYS',
  'dashboardRollup.enabled': 'DASHBOARD_ROLLUP_ENABLED',
  'dashboardRollup.cron': 'DASHBOARD_ROLLUP_CRON',
  'monthlyReport.enabled': 'MONTHLY_REPORT_ENABLED',
  'monthlyReport.cron': 'MONTHLY_REPORT_CRON',
  'monthlyReport.recipients': 'MONTHLY_REPORT_RECIPIENTS',
  'routing.fallbackGroupCode': 'ROUTING_FALLBACK_GROUP',
  autoCloseEnabled: 'AUTO_CLOSE_ENABLED',
  autoCloseDays: 'AUTO_CLOSE_DAYS',
  autoCloseCron: 'AUTO_CLOSE_CRON',
  'trainings.remindersEnabled': 'TRAINING_REMINDERS_ENABLED',
  'trainings.remindersCron': 'TRAINING_REMINDERS_CRON',
  'trainings.reminderLeadHours': 'TRAINING_REMINDER_LEAD_HOURS',
  'kb.cacheTtlMs': 'KB_CACHE_TTL_MS',
  'kb.cachePollMs': 'KB_CACHE_POLL_MS',
  'kb.viewFlushMs': 'KB_VIEW_FLUSH_MS',
  'kb.feedbackLimit': 'KB_FEEDBACK_LIMIT',
  'kb.feedbackWindowMs': 'KB_FEEDBACK_WINDOW_MS',
  'kb.reviewRemindersEnabled': 'KB_REVIEW_REMINDERS_ENABLED',
  'kb.reviewRemindersCron': 'KB_REVIEW_REMINDERS_CRON',
  'kb.searchIndex': 'KB_SEARCH_INDEX',
  'mail.customerNotifications': 'MAIL_CUSTOMER_NOTIFY',
  'mail.importEnabled': 'MAIL_IMPORT_ENABLED',
  'mail.importCron': 'MAIL_IMPORT_CRON',
  'mail.inboxes': 'MAIL_INBOXES',
  'mail.unknownSender': 'MAIL_UNKNOWN_SENDER',
  'mail.unverifiedGroup': 'MAIL_UNVERIFIED_GROUP',
  'mail.maxMessageBytes': 'MAIL_MAX_MESSAGE_BYTES',
  'mail.maxAttachmentBytes': 'MAIL_MAX_ATTACHMENT_BYTES',
  'mail.attachmentTypes': 'MAIL_ATTACHMENT_TYPES',
  'mail.senderLimit': 'MAIL_SENDER_LIMIT',
  'mail.senderWindowMs': 'MAIL_SENDER_WINDOW_MS',
  'mail.batchSize': 'MAIL_IMPORT_BATCH_SIZE',
  'mail.secretKey': 'MAIL_SECRET_KEY',
  'security.maxStringLength': 'INPUT_MAX_STRING_LENGTH',
  'security.maxDepth': 'INPUT_MAX_DEPTH',
  'security.authCacheTtlMs': 'AUTH_CACHE_TTL_MS',
  'security.rateLimits.customerTickets.limit': 'CUSTOMER_TICKET_LIMIT',
  'security.rateLimits.customerTickets.windowMs': 'CUSTOMER_TICKET_WINDOW_MS',
  'security.rateLimits.customerComments.limit': 'CUSTOMER_COMMENT_LIMIT',
  'security.rateLimits.customerComments.windowMs': 'CUSTOMER_COMMENT_WINDOW_MS',
  'security.rateLimits.kbSuggest.limit': 'KB_SUGGEST_LIMIT',
  'security.rateLimits.kbSuggest.windowMs': 'KB_SUGGEST_WINDOW_MS',
  'security.rateLimits.surveyAnswers.limit': 'SURVEY_ANSWER_LIMIT',
  'security.rateLimits.surveyAnswers.windowMs': 'SURVEY_ANSWER_WINDOW_MS',
  'ops.metricsToken': 'METRICS_TOKEN',
  'security.rateLimits.loginAccount.limit': 'LOGIN_ACCOUNT_LIMIT',
  'security.rateLimits.loginAccount.windowMs': 'LOGIN_ACCOUNT_WINDOW_MS',
  'security.rateLimits.loginAddress.limit': 'LOGIN_ADDRESS_LIMIT',
  'security.rateLimits.loginAddress.windowMs': 'LOGIN_ADDRESS_WINDOW_MS',
};

/** Rate limits shared by all instances (policies/rate-limit.ts), by name. */
export const RATE_LIMIT_NAMES = ['customerTickets', 'customerComments', 'kbSuggest', 'surveyAnswers', 'loginAccount', 'loginAddress'] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

/** A comma-separated setting as its trimmed, non-empty items. */
export const splitList = (list: string) => list.split(',').map((s) => s.trim()).filter(Boolean);

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** A whole number in [min, max]; NaN (what `env.int` gives for garbage) is "not a number". */
const whole = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: (i) => (i.input === undefined ? 'is required (a whole number)' : `${show(i.input)} is not a number`) })
    .int({ error: (i) => `${show(i.input)} is not a whole number` })
    .min(min, { error: (i) => `${show(i.input)} is below the minimum ${min}` })
    .max(max, { error: (i) => `${show(i.input)} is above the maximum ${max}` });

const flag = z.boolean({ error: (i) => `${show(i.input)} is not a boolean (true or false)` });

/** A rule Strapi's cron (croner) accepts; 6 fields (with seconds) allowed. */
const cronRule = z.string({ error: (i) => `${show(i.input)} is not a cron rule` }).superRefine((rule, ctx) => {
  const why = cronRuleError(rule);
  if (why) ctx.addIssue({ code: 'custom', message: `${show(rule)} is not a valid cron rule: ${why}` });
});

const timeZone = z.string({ error: (i) => `${show(i.input)} is not a time zone` }).refine(isValidTimeZone, { error: (i) => `${show(i.input)} is not a known IANA time zone (e.g. Asia/Shanghai)` });

const notificationsSchema = z
  .object({
    /** Whether this instance runs the dispatcher cron task (every instance may: rows are claimed). */
    enabled: flag,
    /** Cron rule (6 fields allowed) of the dispatcher. */
    cronRule,
    /** Rows claimed per batch. */
    batchSize: whole(1, 1000),
    /** SMTP sends in flight at once within a batch (each row is still marked right after its own send). */
    sendConcurrency: whole(1, 50),
    /** Batches one cron run may send before it yields to the next tick. */
    maxBatchesPerRun: whole(1, 1000),
    /** Send attempts before a message is dead. */
    maxAttempts: whole(1, 100),
    /** Delay after the first failure; doubles with each further failure (jittered, capped by maxDelayMs). */
    baseDelayMs: whole(0),
    maxDelayMs: whole(0),
    /** A row left in `sending` longer than this (its instance died) is claimed again. */
    staleClaimMs: whole(1000),
    /** Zone for instants when the recipient has none. */
    defaultTimeZone: timeZone,
    /** Survey link; `{publicUrl}` and `{token}` are replaced. */
    surveyUrl: z.string().refine((s) => s.includes('{token}'), { error: (i) => `${show(i.input)} must contain {token}` }),
  })
  .superRefine((n, ctx) => {
    if (Number.isInteger(n.maxDelayMs) && Number.isInteger(n.baseDelayMs) && n.maxDelayMs < n.baseDelayMs) {
      ctx.addIssue({ code: 'custom', path: ['maxDelayMs'], message: `${n.maxDelayMs} is below baseDelayMs (${n.baseDelayMs})` });
    }
  });

/** One mailbox read over IMAP (MAIL_INBOXES is a JSON array of these). */
export const inboxSchema = z.object({
  /** Code of the support group whose tickets this address opens (a group that does not exist is ignored with a warning). */
  group: z.string().min(1).max(100).optional(),
  /** The support address customers write to (also the Reply-To of mail about tickets of the group). */
  address: z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, { error: 'must be an e-mail address' }),
  host: z.string().min(1),
  port: whole(1, 65535).default(993),
  /** Implicit TLS (port 993); false: plain connection upgraded with STARTTLS when the server offers it. */
  secure: z.boolean().default(true),
  user: z.string().min(1),
  /** The password, or `enc:v1:…` (AES-256-GCM with MAIL_SECRET_KEY, made by `npm run mail:encrypt`). */
  password: z.string().min(1),
  mailbox: z.string().min(1).default('INBOX'),
  /** Accept a self-signed certificate (test servers only). */
  allowSelfSigned: z.boolean().default(false),
});
export type InboxConfig = z.infer<typeof inboxSchema>;

/** A sliding-window rate limit: `limit` hits per `windowMs` (limit × window must stay a safe integer). */
const slidingWindowSchema = z.object({ limit: whole(1, 1_000_000), windowMs: whole(1000, 30 * 86_400_000) });

export const configSchema = z.object({
  /** Whether SMTP_HOST was set; without it mail goes to nodemailer's JSON transport. */
  smtpConfigured: flag,
  /** Days after closure within which a closed ticket may still be reopened. */
  reopenWindowDays: whole(0),
  sla: z.object({
    /** Whether this instance runs the warning/breach sweep `support-desk-sla-sweep`. */
    sweepEnabled: flag,
    /** Cron rule (6 fields allowed) of the warning/breach sweep. */
    sweepCron: cronRule,
    /** Tickets claimed per sweep transaction. */
    sweepBatchSize: whole(1),
  }),
  notifications: notificationsSchema,
  /** Satisfaction surveys (services/surveys.ts). */
  surveys: z.object({
    /** Days a survey link can be answered after the invitation (then 410). */
    expiryDays: whole(1, 365),
  }),
  /** The dashboard's per-day rollups (services/dashboard-rollup.ts; PostgreSQL only). */
  dashboardRollup: z.object({
    /** Whether this instance folds changed tickets into the rollups (safe on several: an advisory lock). */
    enabled: flag,
    /** Cron rule (6 fields allowed); readers correct for what changed since, so it sets cost, not accuracy. */
    cron: cronRule,
  }),
  /** The monthly support report (services/monthly-report.ts). */
  monthlyReport: z.object({
    /** Whether this instance runs `support-desk-monthly-report` (safe on several: one mail per month and recipient). */
    enabled: flag,
    /** Cron rule (6 fields allowed); it reports on the month before the run. */
    cron: cronRule,
    /** Extra recipients besides the product department's contacts. */
    recipients: z.string({ error: 'must be a comma-separated list of e-mail addresses' }).superRefine((list, ctx) => {
      for (const email of splitList(list)) if (!z.email().safeParse(email).success) ctx.addIssue({ code: 'custom', message: `${show(email)} is not an e-mail address` });
    }),
  }),
  /** Routing at triage (see routing/ and services/routing.ts). */
  routing: z.object({
    /** Code of the group that gets tickets no group serves; '' = the group flagged is_fallback. */
    fallbackGroupCode: z.string({ error: 'must be a group code (or empty for the is_fallback group)' }),
    /** Skills a ticket of a product line needs when it lists no `skills_required` of its own. */
    productLineSkills: z.record(z.string(), z.array(z.string()), { error: 'must map product lines to arrays of skill names' }),
  }),
  /** Whether this instance runs the auto-close task `support-desk-auto-close`. */
  autoCloseEnabled: flag,
  /** Resolved tickets without a customer answer for this many days are closed (auto_close). */
  autoCloseDays: whole(1),
  /** Cron rule (6 fields allowed) of the auto-close task. */
  autoCloseCron: cronRule,
  /** Training reminders (services/trainings.ts `sendReminders`). */
  trainings: z.object({
    /** Whether this instance runs the reminder task `support-desk-training-reminders`. */
    remindersEnabled: flag,
    /** Cron rule of the reminder task. */
    remindersCron: cronRule,
    /** Enrolled attendees are reminded this many hours before a session starts (once). */
    reminderLeadHours: whole(1),
  }),
  /** Knowledge base: response cache, view counts, votes, review reminders. */
  kb: z.object({
    /** How long a cached anonymous answer may be served (counters in it may be this stale). */
    cacheTtlMs: whole(0),
    /** Poll of the KB version stamp (the backstop of cache invalidation). */
    cachePollMs: whole(100),
    /** Views are counted in memory and written in batches this often. */
    viewFlushMs: whole(100),
    /** Votes per client and window (sliding window, shared by every instance). */
    feedbackLimit: whole(1),
    feedbackWindowMs: whole(1000),
    /** Whether this instance runs the review-reminder task `support-desk-kb-review-reminders`. */
    reviewRemindersEnabled: flag,
    /** Cron rule of the review reminders. */
    reviewRemindersCron: cronRule,
    /**
     * PostgreSQL search ranking (matches are always read through the GIN index): `gin` ranks with
     * ts_rank; `auto` with the RUM extension's distance when it can be created, else ts_rank. The
     * default is `gin`: at 100k articles it answered twice as fast (overall p95 19 vs 35 ms) with
     * the same relevance. SQLite ignores it (FTS5).
     */
    searchIndex: z.enum(['auto', 'gin']),
  }),
  /** The e-mail channel: customer mail from the outbox, mailboxes imported into tickets (services/mail-import.ts). */
  mail: z.object({
    /** Whether customers get mail about their tickets at all (each organization can switch each kind off). */
    customerNotifications: flag,
    /** Whether this instance runs the importer `support-desk-mail-import` (every instance may: messages are claimed). */
    importEnabled: flag,
    importCron: cronRule,
    inboxes: z.array(inboxSchema, { error: 'must be a JSON array of mailboxes' }),
    /** Mail from an address that is no contact: `refuse` (a note back) or `unverified` (a ticket in unverifiedGroup). */
    unknownSender: z.enum(['refuse', 'unverified'], { error: (i) => `${show(i.input)} must be refuse or unverified` }),
    /** Group code of tickets from unknown senders ('' = the inbox's group). */
    unverifiedGroup: z.string(),
    /** A mail larger than this is refused with a note to its sender. */
    maxMessageBytes: whole(1024),
    /** A larger attachment is left out (the ticket says so). */
    maxAttachmentBytes: whole(1),
    /** MIME types kept as attachments, comma-separated; `type/*` for a family. */
    attachmentTypes: z.string(),
    /** Mails one sender may have imported per window; more are dropped without an answer. */
    senderLimit: whole(1),
    senderWindowMs: whole(1000),
    /** Messages fetched per mailbox and run. */
    batchSize: whole(1, 5000),
    /** Key of `enc:v1:` passwords: 32 bytes as base64 or 64 hex digits ('' = passwords are plain). */
    secretKey: z.string(),
  }),
  /** Hostile-input caps (security/input-guard.ts) and rate limits (policies/rate-limit.ts). */
  security: z.object({
    /** Longest string accepted anywhere in a request's body or query. */
    maxStringLength: whole(1000),
    /** Deepest nesting of objects/arrays in a body or query. */
    maxDepth: whole(5, 100),
    /**
     * How long an API token, a role's permissions and the users-permissions settings read for
     * authentication are kept (bootstrap/auth-cache.ts); 0 = read on every request. A change made
     * on this instance empties them at once; one made on another instance is seen within this time.
     */
    authCacheTtlMs: whole(0, 60_000),
    /** Hits per client key and window (sliding window, shared by every instance). */
    rateLimits: z.object(Object.fromEntries(RATE_LIMIT_NAMES.map((name) => [name, slidingWindowSchema])) as Record<RateLimitName, typeof slidingWindowSchema>),
  }),
  /** Operations (middlewares/ops.ts): the bearer token of GET /metrics; empty = no metrics endpoint. */
  ops: z.object({
    metricsToken: z.string().refine((s) => s === '' || s.length >= 16, { error: () => 'must be empty (no /metrics) or at least 16 characters' }),
  }),
});

export type SupportDeskConfig = z.infer<typeof configSchema>;
export type NotificationsConfig = SupportDeskConfig['notifications'];
export type KbConfig = SupportDeskConfig['kb'];
export type MailConfig = SupportDeskConfig['mail'];
export type SecurityConfig = SupportDeskConfig['security'];

/** One line per problem: the environment variable first when the setting has one. */
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const where = `support-desk${path ? `.${path}` : ''}`;
    const variable = SETTING_ENV[path];
    return variable ? `${variable}: ${issue.message} [${where}]` : `${where}: ${issue.message}`;
  });
}

/** Throws a ValidationError listing every bad setting; returns nothing when all are valid. */
export function validateConfig(config: unknown): void {
  const result = configSchema.safeParse(config);
  if (result.success) return;
  const lines = describeIssues(result.error.issues);
  throw new errors.ValidationError(lines.join('\n'), { errors: lines });
}

const defaults: SupportDeskConfig = {
  smtpConfigured: false,
  reopenWindowDays: 7,
  sla: { sweepEnabled: true, sweepCron: '0 * * * * *', sweepBatchSize: 500 },
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
  surveys: { expiryDays: 30 },
  dashboardRollup: { enabled: true, cron: '0 * * * * *' },
  monthlyReport: { enabled: true, cron: '0 0 7 1 * *', recipients: '' },
  routing: {
    fallbackGroupCode: '',
    productLineSkills: { 'Network Switches': ['network'], 'Storage Arrays': ['storage'], 'Surveillance Cameras': ['cameras'] },
  },
  autoCloseEnabled: true,
  autoCloseDays: 7,
  autoCloseCron: '0 0 * * * *',
  trainings: {
    remindersEnabled: true,
    remindersCron: '0 */10 * * * *',
    reminderLeadHours: 24,
  },
  kb: {
    cacheTtlMs: 60_000,
    cachePollMs: 2000,
    viewFlushMs: 5000,
    feedbackLimit: 10,
    feedbackWindowMs: 60_000,
    reviewRemindersEnabled: true,
    reviewRemindersCron: '0 7 * * * *',
    searchIndex: 'gin',
  },
  mail: {
    customerNotifications: true,
    importEnabled: true,
    importCron: '*/30 * * * * *',
    inboxes: [],
    unknownSender: 'refuse',
    unverifiedGroup: '',
    maxMessageBytes: 10 * 1024 * 1024,
    maxAttachmentBytes: 5 * 1024 * 1024,
    attachmentTypes: 'image/*,application/pdf,text/plain,text/csv,application/zip,application/x-zip-compressed,application/gzip,application/json,application/xml,text/xml,application/msword,application/vnd.openxmlformats-officedocument.*,application/vnd.ms-excel,message/rfc822',
    senderLimit: 20,
    senderWindowMs: 3_600_000,
    batchSize: 200,
    secretKey: '',
  },
  security: {
    maxStringLength: 100_000,
    maxDepth: 20,
    authCacheTtlMs: 5000,
    rateLimits: {
      customerTickets: { limit: 20, windowMs: 3_600_000 },
      customerComments: { limit: 60, windowMs: 3_600_000 },
      kbSuggest: { limit: 30, windowMs: 60_000 },
      surveyAnswers: { limit: 10, windowMs: 3_600_000 },
      // POST /api/auth/local: per account (the identifier) and, much higher, per client address —
      // one office behind one address is not locked out by its own colleagues.
      loginAccount: { limit: 10, windowMs: 60_000 },
      loginAddress: { limit: 300, windowMs: 60_000 },
    },
  },
  ops: { metricsToken: '' },
};

export default {
  default: defaults,
  validator: validateConfig,
};
