/**
 * equipment router: for integrations only (API tokens). Checkouts are written through the support desk's
 * visit endpoints (POST /support-desk/visits/:documentId/equipment).
 */

import { integrationRouter } from '../../../utils/integration-router';

export default integrationRouter('api::equipment.equipment');
