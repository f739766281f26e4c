import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => {
  const smtpHost = env('SMTP_HOST', '');
  const smtpPort = env.int('SMTP_PORT', 587);
  const from = env('SMTP_FROM', 'Support Desk <support@example.com>');

  return {
    'users-permissions': {
      config: {
        jwtSecret: env('JWT_SECRET'),
        jwt: { expiresIn: env('CUSTOMER_JWT_EXPIRES_IN', '7d') },
      },
    },
    email: {
      config: {
        provider: 'nodemailer',
        // Without SMTP_HOST nodemailer's JSON transport accepts mail and sends nothing;
        // the plugin logs that once at startup (see support-desk bootstrap).
        providerOptions: smtpHost
          ? {
              host: smtpHost,
              port: smtpPort,
              secure: env.bool('SMTP_SECURE', smtpPort === 465),
              ignoreTLS: env.bool('SMTP_IGNORE_TLS', false),
              auth: env('SMTP_USER') ? { user: env('SMTP_USER'), pass: env('SMTP_PASS') } : undefined,
              connectionTimeout: env.int('SMTP_TIMEOUT_MS', 10000),
            }
          : { jsonTransport: true },
        settings: {
          defaultFrom: from,
          defaultReplyTo: env('SMTP_REPLY_TO', from),
        },
      },
    },
    'support-desk': {
      enabled: true,
      resolve: './src/plugins/support-desk',
      config: {
        smtpConfigured: Boolean(smtpHost),
        reopenWindowDays: env.int('REOPEN_WINDOW_DAYS', 7),
        // Every setting is validated at startup (plugin config/index.ts): a bad value stops the start
        // with a message naming its variable. Each cron task has its own *_ENABLED switch.
        sla: {
          sweepEnabled: env.bool('SLA_SWEEP_ENABLED', true),
          sweepCron: env('SLA_SWEEP_CRON', '0 * * * * *'),
          sweepBatchSize: env.int('SLA_SWEEP_BATCH_SIZE', 500),
        },
        // Notification outbox dispatcher (defaults as in the plugin's config/index.ts).
        notifications: {
          enabled: env.bool('NOTIFY_ENABLED', true),
          cronRule: env('NOTIFY_CRON', '*/10 * * * * *'),
          batchSize: env.int('NOTIFY_BATCH_SIZE', 20),
          sendConcurrency: env.int('NOTIFY_CONCURRENCY', 4),
          maxAttempts: env.int('NOTIFY_MAX_ATTEMPTS', 10),
          baseDelayMs: env.int('NOTIFY_BASE_DELAY_MS', 30000),
          maxDelayMs: env.int('NOTIFY_MAX_DELAY_MS', 3600000),
          staleClaimMs: env.int('NOTIFY_STALE_CLAIM_MS', 300000),
          defaultTimeZone: env('NOTIFY_TIME_ZONE', 'Asia/Shanghai'),
          surveyUrl: env('NOTIFY_SURVEY_URL', '{publicUrl}/survey?token={token}'),
        },
        // Satisfaction surveys: days an invitation's link can be answered.
        surveys: { expiryDays: env.int('SURVEY_EXPIRY_DAYS', 30) },
        // The dashboard's per-day rollups (PostgreSQL): fold changed tickets every minute.
        dashboardRollup: {
          enabled: env.bool('DASHBOARD_ROLLUP_ENABLED', true),
          cron: env('DASHBOARD_ROLLUP_CRON', '0 * * * * *'),
        },
        // The monthly support report, on the 1st for the month before, mailed to the product department.
        monthlyReport: {
          enabled: env.bool('MONTHLY_REPORT_ENABLED', true),
          cron: env('MONTHLY_REPORT_CRON', '0 0 7 1 * *'),
          recipients: env('MONTHLY_REPORT_RECIPIENTS', ''),
        },
        // Routing at triage: the group for tickets no group serves ('' = the group flagged is_fallback).
        routing: { fallbackGroupCode: env('ROUTING_FALLBACK_GROUP', '') },
        // Resolved tickets without a customer answer for N days are closed by the system.
        autoCloseEnabled: env.bool('AUTO_CLOSE_ENABLED', true),
        autoCloseDays: env.int('AUTO_CLOSE_DAYS', 7),
        autoCloseCron: env('AUTO_CLOSE_CRON', '0 0 * * * *'),
        // Training reminders: enrolled attendees are e-mailed this many hours before a session, once.
        trainings: {
          remindersEnabled: env.bool('TRAINING_REMINDERS_ENABLED', true),
          remindersCron: env('TRAINING_REMINDERS_CRON', '0 */10 * * * *'),
          reminderLeadHours: env.int('TRAINING_REMINDER_LEAD_HOURS', 24),
        },
        // Knowledge base: response cache, view counts, vote limit, review reminders.
        kb: {
          cacheTtlMs: env.int('KB_CACHE_TTL_MS', 60000),
          cachePollMs: env.int('KB_CACHE_POLL_MS', 2000),
          viewFlushMs: env.int('KB_VIEW_FLUSH_MS', 5000),
          feedbackLimit: env.int('KB_FEEDBACK_LIMIT', 10),
          feedbackWindowMs: env.int('KB_FEEDBACK_WINDOW_MS', 60000),
          reviewRemindersEnabled: env.bool('KB_REVIEW_REMINDERS_ENABLED', true),
          reviewRemindersCron: env('KB_REVIEW_REMINDERS_CRON', '0 7 * * * *'),
          searchIndex: env('KB_SEARCH_INDEX', 'gin'),
        },
        // The e-mail channel (README, "E-mail channel"): customer mail, IMAP import of MAIL_INBOXES.
        mail: {
          customerNotifications: env.bool('MAIL_CUSTOMER_NOTIFY', true),
          importEnabled: env.bool('MAIL_IMPORT_ENABLED', true),
          importCron: env('MAIL_IMPORT_CRON', '*/30 * * * * *'),
          inboxes: env.json('MAIL_INBOXES', []),
          unknownSender: env('MAIL_UNKNOWN_SENDER', 'refuse'),
          unverifiedGroup: env('MAIL_UNVERIFIED_GROUP', ''),
          maxMessageBytes: env.int('MAIL_MAX_MESSAGE_BYTES', 10485760),
          maxAttachmentBytes: env.int('MAIL_MAX_ATTACHMENT_BYTES', 5242880),
          ...(env('MAIL_ATTACHMENT_TYPES') ? { attachmentTypes: env('MAIL_ATTACHMENT_TYPES') } : {}),
          senderLimit: env.int('MAIL_SENDER_LIMIT', 20),
          senderWindowMs: env.int('MAIL_SENDER_WINDOW_MS', 3600000),
          batchSize: env.int('MAIL_IMPORT_BATCH_SIZE', 200),
          secretKey: env('MAIL_SECRET_KEY', ''),
        },
        // GET /metrics (Prometheus) answers only `Authorization: Bearer <METRICS_TOKEN>`; empty = no endpoint.
        ops: { metricsToken: env('METRICS_TOKEN', '') },
        // Hostile-input caps and rate limits shared by all instances (see the plugin's config/index.ts).
        security: {
          maxStringLength: env.int('INPUT_MAX_STRING_LENGTH', 100000),
          maxDepth: env.int('INPUT_MAX_DEPTH', 20),
          // API tokens, role permissions and users-permissions settings read for authentication, kept this long.
          authCacheTtlMs: env.int('AUTH_CACHE_TTL_MS', 5000),
          rateLimits: {
            customerTickets: { limit: env.int('CUSTOMER_TICKET_LIMIT', 20), windowMs: env.int('CUSTOMER_TICKET_WINDOW_MS', 3600000) },
            customerComments: { limit: env.int('CUSTOMER_COMMENT_LIMIT', 60), windowMs: env.int('CUSTOMER_COMMENT_WINDOW_MS', 3600000) },
            kbSuggest: { limit: env.int('KB_SUGGEST_LIMIT', 30), windowMs: env.int('KB_SUGGEST_WINDOW_MS', 60000) },
            surveyAnswers: { limit: env.int('SURVEY_ANSWER_LIMIT', 10), windowMs: env.int('SURVEY_ANSWER_WINDOW_MS', 3600000) },
            // POST /api/auth/local, per account and per client address (src/extensions/users-permissions).
            loginAccount: { limit: env.int('LOGIN_ACCOUNT_LIMIT', 10), windowMs: env.int('LOGIN_ACCOUNT_WINDOW_MS', 60000) },
            loginAddress: { limit: env.int('LOGIN_ADDRESS_LIMIT', 300), windowMs: env.int('LOGIN_ADDRESS_WINDOW_MS', 60000) },
          },
        },
      },
    },
  };
};

export default config;
