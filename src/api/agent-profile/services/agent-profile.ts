/**
 * agent-profile service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::agent-profile.agent-profile');
