/**
 * Knowledge-base start-up and shut-down: Public and Customer may use the public KB endpoints, the
 * search index is checked (rebuilt when out of step), cache invalidation and view flushing start,
 * and the review-reminder job is scheduled (hourly by default, KB_REVIEW_REMINDERS_*).
 */
import type { Core } from '@strapi/strapi';
import { CUSTOMER_ROLE_TYPE, UP_ROLE_UID } from '../constants';
import { getService } from '../utils/get-service';
import { ensureUpPermissions } from './roles';
import { pluginConfig } from '../utils/plugin-config';
import { scheduleTask } from '../utils/cron';

/** users-permissions actions of the public KB routes (controller `kb`). */
export const KB_PUBLIC_ACTIONS = ['find', 'findOne', 'search', 'suggest', 'feedback', 'categories'].map((a) => `plugin::support-desk.kb.${a}`);
export const REMINDER_JOB = 'support-desk-kb-review-reminders';

async function grantPublicKb(strapi: Core.Strapi) {
  const roles = strapi.db.query(UP_ROLE_UID);
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
  const { reviewRemindersEnabled, reviewRemindersCron } = pluginConfig(strapi).kb;
  scheduleTask(strapi, { name: REMINDER_JOB, enabled: reviewRemindersEnabled, rule: reviewRemindersCron, run: () => getService('kbEditorial').sendReviewReminders() });
}

export async function stopKb(_strapi: Core.Strapi) {
  await getService('kb').stop();
  await getService('kbIndex').stop();
}
