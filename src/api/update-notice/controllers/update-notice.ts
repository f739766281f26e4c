/**
 * update-notice controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::update-notice.update-notice');
