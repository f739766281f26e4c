/**
 * fault-category router: for integrations only (API tokens), see src/utils/integration-router.ts.
 */

import { integrationRouter } from '../../../utils/integration-router';

export default integrationRouter('api::fault-category.fault-category');
