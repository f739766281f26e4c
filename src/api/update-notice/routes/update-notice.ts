/**
 * update-notice router: for integrations only (API tokens). Supervisors write and publish notices in
 * the Content Manager; customers read the ones that concern them through the customer API
 * (GET /api/support-desk/customer/update-notices).
 */

import { factories } from '@strapi/strapi';

// A new object per route: Strapi writes each route's auth scope into its config object.
const apiTokenOnly = () => ({ policies: ['plugin::support-desk.requires-api-token'] });

export default factories.createCoreRouter('api::update-notice.update-notice', {
  config: { find: apiTokenOnly(), findOne: apiTokenOnly(), create: apiTokenOnly(), update: apiTokenOnly(), delete: apiTokenOnly() },
});
