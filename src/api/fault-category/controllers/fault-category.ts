/**
 * fault-category controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::fault-category.fault-category');
