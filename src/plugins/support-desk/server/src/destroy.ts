import type { Core } from '@strapi/strapi';
import { stopKb } from './bootstrap/kb';
import { getServiceOf } from './utils/get-service';
import { removeProcessGuard } from './utils/process-guard';
import { settleCommitCallbacks } from './utils/commit-guard';

// Cron jobs and DB pools are closed by strapi.destroy(); the KB flushes pending view counts and
// closes its LISTEN connection here.
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await stopKb(strapi);
  // The notification dispatcher stops claiming and hands back what it has not sent.
  await getServiceOf(strapi, 'mail-import').stop();
  await getServiceOf(strapi, 'notification-dispatcher').stop();
  // The document service's post-commit events still re-reading their entries finish on an open pool.
  await settleCommitCallbacks(strapi);
  removeProcessGuard(strapi);
};

export default destroy;
