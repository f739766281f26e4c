/**
 * update-notice router: for integrations only (API tokens). Supervisors write and publish notices in
 * the Content Manager; customers read the ones that concern them through the customer API
 * (GET /api/support-desk/customer/update-notices).
 */

import { integrationRouter } from '../../../utils/integration-router';

export default integrationRouter('api::update-notice.update-notice');
