/**
 * training-session router: for integrations only (API tokens), see src/utils/integration-router.ts.
 */

import { integrationRouter } from '../../../utils/integration-router';

export default integrationRouter('api::training-session.training-session');
