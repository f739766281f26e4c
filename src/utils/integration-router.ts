/**
 * The core REST router of a content type that only integrations use: every route (find, findOne,
 * create, update, delete) passes the plugin's `requires-api-token` policy, so a users-permissions
 * role (Public, Authenticated, Customer) granted one by mistake still gets 403 and sees nothing.
 * People use the admin (agents, supervisors) or the customer API (customers, scoped to their
 * organization). Only the KB types keep plain core routers: the public site reads them.
 */
import { factories } from '@strapi/strapi';

type ContentTypeUid = Parameters<typeof factories.createCoreRouter>[0];

// A new object per route: Strapi writes each route's auth scope into its config object.
const apiTokenOnly = () => ({ policies: ['plugin::support-desk.requires-api-token'] });

export const integrationRouter = (uid: ContentTypeUid) =>
  factories.createCoreRouter(uid, {
    config: { find: apiTokenOnly(), findOne: apiTokenOnly(), create: apiTokenOnly(), update: apiTokenOnly(), delete: apiTokenOnly() },
  });
