import type { Core } from '@strapi/strapi';
import { ensureRoles } from './bootstrap/roles';
import { ensureLocales } from './bootstrap/locales';
import { subscribeAppendOnly } from './documents/append-only';
import type { SupportDeskConfig } from './config';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  subscribeAppendOnly(strapi);
  await ensureLocales();
  await ensureRoles();

  const config = strapi.config.get('plugin::support-desk') as SupportDeskConfig;
  if (!config.smtpConfigured) {
    strapi.log.warn('[support-desk] SMTP_HOST is not set: email is not sent (nodemailer JSON transport). Set SMTP_HOST/SMTP_PORT to deliver mail.');
  }
};

export default bootstrap;
