/**
 * rma router: reads for integrations only (API tokens); writes go through the support desk's return
 * endpoints (the document middleware refuses them here). Customers use the customer API.
 */

import { factories } from '@strapi/strapi';

// A new object per route: Strapi writes each route's auth scope into its config object.
const apiTokenOnly = () => ({ policies: ['plugin::support-desk.requires-api-token'] });

export default factories.createCoreRouter('api::rma.rma', {
  config: { find: apiTokenOnly(), findOne: apiTokenOnly(), create: apiTokenOnly(), update: apiTokenOnly(), delete: apiTokenOnly() },
});
