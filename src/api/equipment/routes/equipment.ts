/**
 * equipment router: for integrations only (API tokens). Checkouts are written through the support desk's
 * visit endpoints (POST /support-desk/visits/:documentId/equipment).
 */

import { factories } from '@strapi/strapi';

// A new object per route: Strapi writes each route's auth scope into its config object.
const apiTokenOnly = () => ({ policies: ['plugin::support-desk.requires-api-token'] });

export default factories.createCoreRouter('api::equipment.equipment', {
  config: { find: apiTokenOnly(), findOne: apiTokenOnly(), create: apiTokenOnly(), update: apiTokenOnly(), delete: apiTokenOnly() },
});
