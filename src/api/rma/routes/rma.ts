/**
 * rma router: reads for integrations only (API tokens); writes go through the support desk's return
 * endpoints (the document middleware refuses them here). Customers use the customer API.
 */

import { integrationRouter } from '../../../utils/integration-router';

export default integrationRouter('api::rma.rma');
