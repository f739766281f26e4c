/**
 * business-calendar router
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::business-calendar.business-calendar');
