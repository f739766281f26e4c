/**
 * stock-movement router
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::stock-movement.stock-movement');
