import type { Core } from '@strapi/strapi';
import { ensureRoles } from './bootstrap/roles';
import { ensureLocales } from './bootstrap/locales';
import { subscribeAppendOnly } from './documents/append-only';
import type { SupportDeskConfig } from './config';
import { getService, getServiceOf } from './utils/get-service';
import { startKb } from './bootstrap/kb';
import { keepPrivateFieldsOutOfContentManager } from './bootstrap/private-fields';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  subscribeAppendOnly(strapi);
  await ensureLocales();
  await ensureRoles();
  await keepPrivateFieldsOutOfContentManager();
  await startKb(strapi);

  const config = strapi.config.get('plugin::support-desk') as SupportDeskConfig;
  strapi.cron.add({
    'support-desk-sla-sweep': {
      task: async () => {
        const counts = await getService('sla').sweep({ batchSize: config.sla.sweepBatchSize });
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        if (total) strapi.log.info(`[support-desk] SLA sweep marked ${JSON.stringify(counts)}`);
      },
      options: { rule: config.sla.sweepCron },
    },
  });
  // Notification outbox dispatcher (named cron task `support-desk-notifications`).
  getServiceOf(strapi, 'notifications').schedule();
  // Resolved tickets without a customer answer for autoCloseDays are closed (services/auto-close.ts).
  strapi.cron.add({
    'support-desk-auto-close': {
      task: async () => {
        try {
          await getService('auto-close').run();
        } catch (error) {
          strapi.log.error(`[support-desk] auto-close failed: ${(error as Error).message}`);
        }
      },
      options: { rule: config.autoCloseCron },
    },
  });
  if (!config.smtpConfigured) {
    strapi.log.warn('[support-desk] SMTP_HOST is not set: email is not sent (nodemailer JSON transport). Set SMTP_HOST/SMTP_PORT to deliver mail.');
  }
};

export default bootstrap;
