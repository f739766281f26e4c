/**
 * business-calendar service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::business-calendar.business-calendar');
