import type { Core } from '@strapi/strapi';
import { stopKb } from './bootstrap/kb';
import { getServiceOf } from './utils/get-service';

// Cron jobs and DB pools are closed by strapi.destroy(); the KB flushes pending view counts and
// closes its LISTEN connection here.
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await stopKb(strapi);
  // The notification dispatcher stops claiming and hands back what it has not sent.
  await getServiceOf(strapi, 'mail-import').stop();
  await getServiceOf(strapi, 'notification-dispatcher').stop();
};

export default destroy;
