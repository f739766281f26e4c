/**
 * fault-category service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::fault-category.fault-category');
