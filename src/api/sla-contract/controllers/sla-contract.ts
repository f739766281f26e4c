/**
 * sla-contract controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::sla-contract.sla-contract');
