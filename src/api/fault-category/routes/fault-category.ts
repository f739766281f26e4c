/**
 * fault-category router
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::fault-category.fault-category');
