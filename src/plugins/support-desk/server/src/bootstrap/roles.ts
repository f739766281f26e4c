
import {
  AGENT_ROLE_CODE,
  CONTENT_LOCALES,
  CUSTOMER_ROLE_TYPE,
  SUPERVISOR_ROLE_CODE,
  SUPPORT_CONTENT_TYPES,
  type SupportContentType,
  AGENT_PROFILE_UID,
  ARTICLE_UID,
  CANNED_REPLY_UID,
  ASSET_UID,
  CALENDAR_UID,
  CATEGORY_UID,
  ENROLLMENT_UID,
  EQUIPMENT_CHECKOUT_UID,
  EQUIPMENT_UID,
  ESCALATION_UID,
  UPDATE_NOTICE_UID,
  FAULT_CATEGORY_UID,
  GROUP_UID,
  NOTIFICATION_UID,
  ORGANIZATION_UID,
  PART_UID,
  RMA_UID,
  SLA_CONTRACT_UID,
  STOCK_MOVEMENT_UID,
  SURVEY_UID,
  SYNONYM_UID,
  TICKET_EVENT_UID,
  TICKET_UID,
  TRAINING_SESSION_UID,
  TRAINING_UID,
  UP_PERMISSION_UID,
  UP_ROLE_UID,
  USER_UID,
  VISIT_UID,
} from '../constants';
import { AGENT_PLUGIN_ACTIONS, SUPERVISOR_PLUGIN_ACTIONS } from '../permissions';
import { CUSTOMER_ROUTE_ACTIONS } from '../routes/customer';
import { withoutPrivateFields } from './private-fields';

const CM = 'plugin::content-manager.explorer';
type CmAction = 'read' | 'create' | 'update' | 'delete' | 'publish';

/** What agents may do in the Content Manager, per type. Supervisors get every action on every type. */
const AGENT_GRANTS: Partial<Record<SupportContentType, CmAction[]>> = {
  [ORGANIZATION_UID]: ['read'],
  [ASSET_UID]: ['read', 'create', 'update'],
  [SLA_CONTRACT_UID]: ['read'],
  [CALENDAR_UID]: ['read'],
  [GROUP_UID]: ['read'],
  [AGENT_PROFILE_UID]: ['read'],
  [TICKET_UID]: ['read', 'create', 'update'],
  [ESCALATION_UID]: ['read', 'create', 'update'],
  [VISIT_UID]: ['read', 'create', 'update'],
  [SURVEY_UID]: ['read'],
  [FAULT_CATEGORY_UID]: ['read'],
  [ARTICLE_UID]: ['read', 'create', 'update'],
  [CATEGORY_UID]: ['read'],
  [SYNONYM_UID]: ['read'],
  [PART_UID]: ['read'],
  [STOCK_MOVEMENT_UID]: ['read', 'create'],
  [TRAINING_UID]: ['read'],
  [TRAINING_SESSION_UID]: ['read'],
  [ENROLLMENT_UID]: ['read', 'create', 'update'],
  [RMA_UID]: ['read'],
  [EQUIPMENT_UID]: ['read'],
  [EQUIPMENT_CHECKOUT_UID]: ['read'],
  [UPDATE_NOTICE_UID]: ['read'],
  [TICKET_EVENT_UID]: ['read'],
  [NOTIFICATION_UID]: ['read'],
  // Canned replies: agents pick them in the ticket panel; supervisors write them.
  [CANNED_REPLY_UID]: ['read'],
};

/** Append-only records: nobody edits or deletes them in the Content Manager, supervisors included. */
const APPEND_ONLY: SupportContentType[] = [TICKET_EVENT_UID, STOCK_MOVEMENT_UID];

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
        const fields = withoutPrivateFields(uid, p.properties?.fields);
        const properties = { ...p.properties, ...(fields ? { fields } : {}), ...(localized ? { locales: CONTENT_LOCALES.map((l) => l.code) } : {}) };
        permissions.push({ ...p, properties });
      }
    }
  }
  return permissions;
}

/** Takes private fields out of a role's existing Content Manager grants (bootstrap/private-fields.ts; roles made before the rule). */
async function revokePrivateFields(roleId: number) {
  const permissions = strapi.db.query('admin::permission');
  const rows: Array<AdminPermission & { id: number }> = await permissions.findMany({ where: { role: { id: roleId }, action: { $startsWith: `${CM}.` } } });
  for (const row of rows) {
    const fields = row.subject ? withoutPrivateFields(row.subject, row.properties?.fields) : undefined;
    if (fields && fields.length !== row.properties?.fields?.length) await permissions.update({ where: { id: row.id }, data: { properties: { ...row.properties, fields } } });
  }
}

const pluginPermissions = (actions: string[]): AdminPermission[] =>
  actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }));

function supervisorGrants(): Partial<Record<string, CmAction[]>> {
  const grants: Partial<Record<string, CmAction[]>> = {};
  for (const uid of SUPPORT_CONTENT_TYPES) {
    if (uid === TICKET_EVENT_UID || uid === RMA_UID || uid === EQUIPMENT_CHECKOUT_UID) grants[uid] = ['read']; // written by the support desk only
    else if (uid === TICKET_UID) grants[uid] = ['read', 'create', 'update', 'publish']; // never deleted
    else grants[uid] = APPEND_ONLY.includes(uid) ? ['read', 'create'] : ['read', 'create', 'update', 'delete', 'publish'];
  }
  // Supervisors manage customer contacts (users-permissions users) as well.
  grants[USER_UID] = ['read', 'create', 'update'];
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
  await revokePrivateFields(role.id);
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
  const permissions = strapi.db.query(UP_PERMISSION_UID);
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
  const upRoles = strapi.db.query(UP_ROLE_UID);
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

