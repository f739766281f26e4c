/**
 * rma service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::rma.rma');
