/**
 * sla-contract router
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::sla-contract.sla-contract');
