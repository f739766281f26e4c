import type { Core } from '@strapi/strapi';
import { ensureRoles } from './bootstrap/roles';
import { cacheDefaultLocale, ensureLocales } from './bootstrap/locales';
import { subscribeAppendOnly } from './documents/append-only';
import { pluginConfig } from './utils/plugin-config';
import { scheduleTask } from './utils/cron';
import { ROLLUP_TASK } from './services/dashboard-rollup';
import { AUTO_CLOSE_TASK } from './services/auto-close';
import { MONTHLY_REPORT_TASK } from './services/monthly-report';
import { TRAINING_REMINDER_TASK } from './services/trainings';
import { getService, getServiceOf } from './utils/get-service';
import { startKb } from './bootstrap/kb';
import { keepPrivateFieldsOutOfContentManager } from './bootstrap/private-fields';
import { applyShippedCmConfiguration } from './bootstrap/cm-config';
import { slugsInContentManager } from './documents/generated-fields';
import { applyTicketScopeCondition, registerTicketScopeCondition } from './bootstrap/ticket-scope';
import { applyCalendarCmConfiguration, fillMissingRowLabels } from './bootstrap/calendar-cm';
import { installAuthCaches, installAuthenticatedUserRead } from './bootstrap/auth-cache';
import { serveEntryEventReads } from './utils/find-with-relations';
import { TICKET_UID } from './constants';

/** Cron task of the SLA warning/breach sweep. */
export const SLA_SWEEP_TASK = 'support-desk-sla-sweep';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  subscribeAppendOnly(strapi);
  // API tokens, role permissions and users-permissions settings read per request, kept a few seconds (bootstrap/auth-cache.ts).
  installAuthCaches(strapi, pluginConfig(strapi).security.authCacheTtlMs);
  installAuthenticatedUserRead(strapi);
  // A ticket's post-commit entry event reads it with every relation in one statement (utils/find-with-relations.ts).
  serveEntryEventReads(strapi, [TICKET_UID]);
  await ensureLocales();
  cacheDefaultLocale();
  await registerTicketScopeCondition();
  await ensureRoles();
  // PostgreSQL: the number sequences exist before the first ticket (not created under load).
  await getService('sequences').prepareAll();
  // The shipped Content Manager views (labels, read-only system fields, list columns), admin changes kept.
  await applyShippedCmConfiguration(strapi);
  slugsInContentManager(strapi);
  await applyTicketScopeCondition();
  await keepPrivateFieldsOutOfContentManager();
  // Calendars and SLA contracts read well in the Content Manager (bootstrap/calendar-cm.ts).
  await fillMissingRowLabels(strapi);
  await applyCalendarCmConfiguration(strapi);
  await startKb(strapi);

  const config = pluginConfig(strapi);
  // The plugin's cron tasks, each with its own switch; a failure is logged with its stack (utils/cron.ts).
  scheduleTask(strapi, {
    name: SLA_SWEEP_TASK,
    enabled: config.sla.sweepEnabled,
    rule: config.sla.sweepCron,
    run: async () => {
      const started = Date.now();
      const counts = await getService('sla').sweep({ batchSize: config.sla.sweepBatchSize });
      getService('metrics').observeSweep((Date.now() - started) / 1000);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (total) strapi.log.info(`[support-desk] SLA sweep marked ${JSON.stringify(counts)}`);
    },
  });
  // Notification outbox dispatcher (`support-desk-notifications`, NOTIFY_ENABLED).
  getServiceOf(strapi, 'notification-dispatcher').schedule();
  // Resolved tickets without a customer answer for autoCloseDays are closed (services/auto-close.ts).
  scheduleTask(strapi, { name: AUTO_CLOSE_TASK, enabled: config.autoCloseEnabled, rule: config.autoCloseCron, run: () => getService('auto-close').run() });
  // IMAP import of MAIL_INBOXES (`support-desk-mail-import`, MAIL_IMPORT_ENABLED; services/mail-import.ts).
  getServiceOf(strapi, 'mail-import').schedule();
  // Dashboard rollups: fold the tickets changed since the last fold (services/dashboard-rollup.ts).
  scheduleTask(strapi, {
    name: ROLLUP_TASK,
    enabled: config.dashboardRollup.enabled, // a no-op on SQLite (live queries there)
    rule: config.dashboardRollup.cron,
    run: async () => {
      const r = await getService('dashboard').foldRollups();
      if (r.changed > 1000) strapi.log.info(`[support-desk] dashboard rollups: ${r.changed} ticket(s) folded in ${r.ms} ms`);
    },
  });
  scheduleTask(strapi, {
    name: MONTHLY_REPORT_TASK,
    enabled: config.monthlyReport.enabled,
    rule: config.monthlyReport.cron,
    run: async () => {
      const { month, enqueued, recipients } = await getService('monthly-report').run();
      strapi.log.info(`[support-desk] monthly report ${month}: ${enqueued} mail(s) queued for ${recipients} recipient(s)`);
    },
  });
  // Training reminders, once per enrollment (services/trainings.ts).
  scheduleTask(strapi, {
    name: TRAINING_REMINDER_TASK,
    enabled: config.trainings.remindersEnabled,
    rule: config.trainings.remindersCron,
    run: async () => {
      const queued = await getService('trainings').sendReminders({ leadHours: config.trainings.reminderLeadHours });
      if (queued) strapi.log.info(`[support-desk] training reminders queued: ${queued}`);
    },
  });
  if (!config.smtpConfigured) {
    strapi.log.warn('[support-desk] SMTP_HOST is not set: email is not sent (nodemailer JSON transport). Set SMTP_HOST/SMTP_PORT to deliver mail.');
  }
};

export default bootstrap;
