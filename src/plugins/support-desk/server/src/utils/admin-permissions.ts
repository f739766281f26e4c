import type { Core } from '@strapi/strapi';

const SUPER_ADMIN_CODE = 'strapi-super-admin';

/**
 * Whether an admin user holds an RBAC action (plugin actions have no subject or conditions): for a
 * rule that depends on what is being written rather than on the route (a stock movement's kind in the
 * Content Manager). Route guards stay `admin::hasPermissions`.
 */
export async function adminCan(strapi: Core.Strapi, userId: number | undefined, action: string): Promise<boolean> {
  if (!userId) return false;
  const user = await strapi.db.query('admin::user').findOne({ where: { id: userId }, populate: { roles: { select: ['id', 'code'] } } });
  const roles: Array<{ id: number; code: string }> = user?.roles ?? [];
  if (roles.some((r) => r.code === SUPER_ADMIN_CODE)) return true;
  if (!roles.length) return false;
  const count = await strapi.db.query('admin::permission').count({ where: { action, role: { id: { $in: roles.map((r) => r.id) } } } });
  return count > 0;
}
