/**
 * support-group router: for integrations only (API tokens), see src/utils/integration-router.ts.
 */

import { integrationRouter } from '../../../utils/integration-router';

export default integrationRouter('api::support-group.support-group');
