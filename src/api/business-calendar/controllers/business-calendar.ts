/**
 * business-calendar controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::business-calendar.business-calendar');
