
import {
  AGENT_ROLE_CODE,
  CONTENT_LOCALES,
  CUSTOMER_ROLE_TYPE,
  SUPERVISOR_ROLE_CODE,
  SUPPORT_CONTENT_TYPES,
  type SupportContentType,
} from '../constants';
import { AGENT_PLUGIN_ACTIONS, SUPERVISOR_PLUGIN_ACTIONS } from '../permissions';
import { CUSTOMER_ROUTE_ACTIONS } from '../routes/customer';

const CM = 'plugin::content-manager.explorer';
type CmAction = 'read' | 'create' | 'update' | 'delete' | 'publish';

/** What agents may do in the Content Manager, per type. Supervisors get every action on every type. */
const AGENT_GRANTS: Partial<Record<SupportContentType, CmAction[]>> = {
  'api::organization.organization': ['read'],
  'api::asset.asset': ['read', 'create', 'update'],
  'api::sla-contract.sla-contract': ['read'],
  'api::business-calendar.business-calendar': ['read'],
  'api::support-group.support-group': ['read'],
  'api::agent-profile.agent-profile': ['read'],
  'api::ticket.ticket': ['read', 'create', 'update'],
  'api::escalation.escalation': ['read', 'create', 'update'],
  'api::onsite-visit.onsite-visit': ['read', 'create', 'update'],
  'api::satisfaction-survey.satisfaction-survey': ['read'],
  'api::fault-category.fault-category': ['read'],
  'api::kb-article.kb-article': ['read', 'create', 'update'],
  'api::kb-category.kb-category': ['read'],
  'api::part.part': ['read'],
  'api::stock-movement.stock-movement': ['read', 'create'],
  'api::training.training': ['read'],
  'api::training-session.training-session': ['read'],
  'api::enrollment.enrollment': ['read', 'create', 'update'],
  'plugin::support-desk.ticket-event': ['read'],
  'plugin::support-desk.notification': ['read'],
};

/** Append-only records: nobody edits or deletes them in the Content Manager, supervisors included. */
const APPEND_ONLY: SupportContentType[] = ['plugin::support-desk.ticket-event', 'api::stock-movement.stock-movement'];

interface AdminPermission {
  action: string;
  subject: string | null;
  properties?: { fields?: string[]; locales?: string[] };
  conditions?: string[];
}

function adminService<T = any>(name: string): T {
  return strapi.service(`admin::${name}`) as T;
}

function contentManagerPermissions(grants: Partial<Record<string, CmAction[]>>): AdminPermission[] {
  const actionProvider = adminService('permission').actionProvider;
  const contentTypeService = adminService('content-type');
  const permissions: AdminPermission[] = [];
  for (const [uid, actions] of Object.entries(grants)) {
    if (!strapi.contentTypes[uid as keyof typeof strapi.contentTypes]) continue;
    for (const action of actions ?? []) {
      const definition = actionProvider.get(`${CM}.${action}`);
      if (!definition) continue;
      if (action === 'publish' && !strapi.contentTypes[uid as keyof typeof strapi.contentTypes].options?.draftAndPublish) continue;
      // Reuse Strapi's own field expansion so that every (nested) field is granted; on localized
      // types i18n also wants the locales the role may touch (without them the grant is dropped).
      const localized = Boolean((strapi.contentTypes as any)[uid].pluginOptions?.i18n?.localized);
      for (const p of contentTypeService.getPermissionsWithNestedFields([{ ...definition, subjects: [uid] }]) as AdminPermission[]) {
        permissions.push(localized ? { ...p, properties: { ...p.properties, locales: CONTENT_LOCALES.map((l) => l.code) } } : p);
      }
    }
  }
  return permissions;
}

const pluginPermissions = (actions: string[]): AdminPermission[] =>
  actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }));

function supervisorGrants(): Partial<Record<string, CmAction[]>> {
  const grants: Partial<Record<string, CmAction[]>> = {};
  for (const uid of SUPPORT_CONTENT_TYPES) {
    if (uid === 'plugin::support-desk.ticket-event') grants[uid] = ['read']; // written by the support desk only
    else if (uid === 'api::ticket.ticket') grants[uid] = ['read', 'create', 'update', 'publish']; // never deleted
    else grants[uid] = APPEND_ONLY.includes(uid) ? ['read', 'create'] : ['read', 'create', 'update', 'delete', 'publish'];
  }
  // Supervisors manage customer contacts (users-permissions users) as well.
  grants['plugin::users-permissions.user'] = ['read', 'create', 'update'];
  return grants;
}

/**
 * Creates the admin role when missing and adds any permission it lacks.
 * Permissions an administrator added or removed by hand are left alone unless the role is new.
 */
async function ensureAdminRole(code: string, name: string, description: string, wanted: AdminPermission[]) {
  const roleService = adminService('role');
  let role = await roleService.findOne({ code });
  const isNew = !role;
  if (!role) role = await roleService.create({ name, code, description });

  if (isNew) {
    await roleService.assignPermissions(role.id, wanted);
    return role;
  }
  const existing: AdminPermission[] = await adminService('permission').findMany({ where: { role: { id: role.id } } });
  const key = (p: AdminPermission) => `${p.action}|${p.subject ?? ''}`;
  const have = new Set(existing.map(key));
  const missing = wanted.filter((p) => !have.has(key(p)));
  if (missing.length) await roleService.addPermissions(role.id, missing);
  return role;
}

/** Grants a users-permissions role these content-API actions, adding only the missing ones. */
/** Adds the users-permissions actions a role lacks (idempotent; never removes an admin's grants). */
export async function ensureUpPermissions(roleId: number, actions: readonly string[]) {
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const have = new Set((await permissions.findMany({ where: { role: { id: roleId } } })).map((p: { action: string }) => p.action));
  for (const action of actions) {
    if (!have.has(action)) await permissions.create({ data: { action, role: roleId } });
  }
}

export async function ensureRoles() {
  // The admin module seeds Super Admin/Editor/Author only when no role exists; plugins bootstrap
  // before it, so let it seed first or ours would stop it.
  await adminService('role').createRolesIfNoneExist();

  // users-permissions role for customer contacts; its API permissions are granted by the features that open them.
  const upRoles = strapi.db.query('plugin::users-permissions.role');
  let customerRole = await upRoles.findOne({ where: { type: CUSTOMER_ROLE_TYPE } });
  if (!customerRole) {
    customerRole = await upRoles.create({
      data: {
        name: 'Customer',
        type: CUSTOMER_ROLE_TYPE,
        description: 'Contacts of a customer organization: open and follow their organization’s tickets.',
      },
    });
  }
  await ensureUpPermissions(customerRole.id, CUSTOMER_ROUTE_ACTIONS);

  await ensureAdminRole(
    AGENT_ROLE_CODE,
    'Support Agent',
    'Works tickets: triage, diagnose, propose and implement solutions, escalate, dispatch visits.',
    [...contentManagerPermissions(AGENT_GRANTS), ...pluginPermissions(AGENT_PLUGIN_ACTIONS)],
  );
  await ensureAdminRole(
    SUPERVISOR_ROLE_CODE,
    'Support Supervisor',
    'Everything agents do, plus SLA contracts, calendars, groups, parts, trainings and KB publishing.',
    [...contentManagerPermissions(supervisorGrants()), ...pluginPermissions(SUPERVISOR_PLUGIN_ACTIONS)],
  );
}

