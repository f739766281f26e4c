/**
 * support-group controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::support-group.support-group');
