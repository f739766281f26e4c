/**
 * onsite-visit controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::onsite-visit.onsite-visit');
