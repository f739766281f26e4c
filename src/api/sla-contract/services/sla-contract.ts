/**
 * sla-contract service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::sla-contract.sla-contract');
