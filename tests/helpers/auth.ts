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
