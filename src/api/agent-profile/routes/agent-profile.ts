/**
 * agent-profile router
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::agent-profile.agent-profile');
