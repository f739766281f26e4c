/**
 * equipment controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::equipment.equipment');
