/**
 * onsite-visit service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::onsite-visit.onsite-visit');
