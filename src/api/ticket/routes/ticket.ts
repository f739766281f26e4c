/**
 * ticket router: for integrations only (API tokens); a users-permissions role granted these by mistake
 * still gets 403. Customers use the customer API (/api/support-desk/customer/tickets).
 */

import { factories } from '@strapi/strapi';

// A new object per route: Strapi writes each route's auth scope into its config object.
const apiTokenOnly = () => ({ policies: ['plugin::support-desk.requires-api-token'] });

export default factories.createCoreRouter('api::ticket.ticket', {
  config: { find: apiTokenOnly(), findOne: apiTokenOnly(), create: apiTokenOnly(), update: apiTokenOnly(), delete: apiTokenOnly() },
});
