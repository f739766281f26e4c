/**
 * Knowledge-base start-up and shut-down: Public and Customer may use the public KB endpoints, the
 * search index is checked (rebuilt when out of step), cache invalidation and view flushing start,
 * and the hourly review-reminder job is scheduled.
 */
import type { Core } from '@strapi/strapi';
import { CUSTOMER_ROLE_TYPE } from '../constants';
import { getService } from '../utils/get-service';
import { ensureUpPermissions } from './roles';

/** users-permissions actions of the public KB routes (controller `kb`). */
export const KB_PUBLIC_ACTIONS = ['find', 'findOne', 'search', 'suggest', 'feedback', 'categories'].map((a) => `plugin::support-desk.kb.${a}`);
const REMINDER_JOB = 'support-desk-kb-review-reminders';

async function grantPublicKb(strapi: Core.Strapi) {
  const roles = strapi.db.query('plugin::users-permissions.role');
  for (const type of ['public', CUSTOMER_ROLE_TYPE]) {
    const role = await roles.findOne({ where: { type } });
    if (role) await ensureUpPermissions(role.id, KB_PUBLIC_ACTIONS);
  }
}

export async function startKb(strapi: Core.Strapi) {
  await grantPublicKb(strapi);
  await getService('kbIndex').ensureIndex();
  await getService('kbIndex').start();
  getService('kb').start();
  strapi.cron.add({
    [REMINDER_JOB]: {
      task: async () => {
        try {
          await getService('kbEditorial').sendReviewReminders();
        } catch (err) {
          strapi.log.error(`[support-desk] KB review reminders failed: ${(err as Error).message}`);
        }
      },
      options: { rule: '0 7 * * * *' },
    },
  });
}

export async function stopKb(_strapi: Core.Strapi) {
  await getService('kb').stop();
  await getService('kbIndex').stop();
}
