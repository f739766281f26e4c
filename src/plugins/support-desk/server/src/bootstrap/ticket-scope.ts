/**
 * The Content Manager's ticket list for agents: an RBAC condition "Ticket in my support groups or
 * in none, assigned to me or created by me" (`plugin::support-desk.ticket-in-my-groups`, the same visibility as the queues,
 * queues/index.ts) on the Support Agent role's ticket read permission, so an agent's list and edit
 * views hold the tickets of their groups, those in no group yet (to triage) and their own. Registered at every boot (before the roles
 * are ensured: Strapi drops unknown conditions); put on the agent role's ticket read once — an
 * administrator who removes it later in Settings → Roles keeps that choice (a store flag records it).
 */
import { AGENT_ROLE_CODE, TICKET_UID } from '../constants';
import { getService } from '../utils/get-service';

export const TICKET_SCOPE_CONDITION = 'plugin::support-desk.ticket-in-my-groups';
const CM_READ = 'plugin::content-manager.explorer.read';
const FLAG = 'ticket-scope-condition-applied';

export async function registerTicketScopeCondition() {
  await strapi.service('admin::permission').conditionProvider.register({
    displayName: 'Ticket in my support groups or in none, assigned to me or created by me',
    name: 'ticket-in-my-groups',
    plugin: 'support-desk',
    category: 'Support Desk',
    handler: (user: { id: number }) => getService('queues').ticketScopeQuery(user.id),
  });
}

/** Puts the condition on the agent role's ticket read (once; see the header). */
export async function applyTicketScopeCondition() {
  const store = strapi.store({ type: 'plugin', name: 'support-desk' });
  if (await store.get({ key: FLAG })) return;
  const role = await strapi.db.query('admin::role').findOne({ where: { code: AGENT_ROLE_CODE }, select: ['id'] });
  if (!role) return;
  const permissions = strapi.db.query('admin::permission');
  const rows: Array<{ id: number; conditions?: string[] }> = await permissions.findMany({ where: { role: { id: role.id }, action: CM_READ, subject: TICKET_UID } });
  for (const row of rows) {
    const conditions = Array.isArray(row.conditions) ? row.conditions : [];
    if (!conditions.includes(TICKET_SCOPE_CONDITION)) await permissions.update({ where: { id: row.id }, data: { conditions: [...conditions, TICKET_SCOPE_CONDITION] } });
  }
  await store.set({ key: FLAG, value: true });
}
