/**
 * onsite-visit router
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::onsite-visit.onsite-visit');
