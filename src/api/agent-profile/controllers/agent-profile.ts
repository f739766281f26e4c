/**
 * agent-profile controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::agent-profile.agent-profile');
