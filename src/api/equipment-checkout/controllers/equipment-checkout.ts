/**
 * equipment-checkout controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::equipment-checkout.equipment-checkout');
