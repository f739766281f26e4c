/**
 * equipment-checkout service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::equipment-checkout.equipment-checkout');
