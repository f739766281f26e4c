/**
 * support-group router
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::support-group.support-group');
