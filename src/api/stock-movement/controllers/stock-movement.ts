/**
 * stock-movement controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::stock-movement.stock-movement');
