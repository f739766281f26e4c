/**
 * update-notice service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::update-notice.update-notice');
