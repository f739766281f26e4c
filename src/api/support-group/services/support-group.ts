/**
 * support-group service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::support-group.support-group');
