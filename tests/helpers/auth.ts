import type { Core } from '@strapi/strapi';

/** A full-access API token, as an integration would use. */
export async function fullAccessToken(strapi: Core.Strapi, name = 'test-integration'): Promise<string> {
  const token = await strapi.service('admin::api-token').create({
    name: `${name}-${Date.now()}`,
    type: 'full-access',
    lifespan: null,
  });
  return token.accessKey as string;
}

/** A read-only API token. */
export async function readOnlyToken(strapi: Core.Strapi, name = 'test-read-only'): Promise<string> {
  const token = await strapi.service('admin::api-token').create({
    name: `${name}-${Date.now()}`,
    type: 'read-only',
    lifespan: null,
  });
  return token.accessKey as string;
}

/** An admin user with the given admin role code, logged in; returns its JWT and id. */
export async function adminLogin(
  strapi: Core.Strapi,
  http: () => any,
  roleCode: string,
  email = `${roleCode}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.test`,
): Promise<{ jwt: string; id: number; email: string }> {
  const role = await strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  if (!role) throw new Error(`no admin role ${roleCode}`);
  const password = 'Test-Admin-2026!';
  const user = await strapi.service('admin::user').create({ email, firstname: 'Test', lastname: roleCode, password, isActive: true, registrationToken: null, roles: [role.id] });
  const res = await http().post('/admin/login').send({ email, password });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { jwt: res.body.data.token, id: user.id, email };
}

/**
 * A users-permissions user with the Customer role (linked to `organizationId` when given), logged in
 * through POST /api/auth/local; returns its JWT and id.
 */
export async function customerLogin(
  strapi: Core.Strapi,
  http: () => any,
  organizationId: number | null,
  name = `customer.${Date.now()}.${Math.floor(Math.random() * 1e6)}`,
): Promise<{ jwt: string; id: number; email: string }> {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
  if (!role) throw new Error('no users-permissions role "customer"');
  const email = `${name.toLowerCase()}@customer.test`;
  const password = 'Customer-Test-2026!';
  const user = await strapi.plugin('users-permissions').service('user').add({
    username: name, email, password, provider: 'local', confirmed: true, blocked: false, role: role.id, full_name: `Contact ${name}`,
    preferred_locale: 'en', ...(organizationId ? { organization: organizationId } : {}),
  });
  const res = await http().post('/api/auth/local').send({ identifier: email, password });
  if (res.status !== 200) throw new Error(`customer login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { jwt: res.body.jwt, id: user.id, email };
}
