/**
 * stock-movement service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::stock-movement.stock-movement');
