/**
 * satisfaction-survey service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::satisfaction-survey.satisfaction-survey');
