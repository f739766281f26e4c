/**
 * ticket router: for integrations only (API tokens); a users-permissions role granted these by mistake
 * still gets 403. Customers use the customer API (/api/support-desk/customer/tickets).
 */

import { integrationRouter } from '../../../utils/integration-router';

export default integrationRouter('api::ticket.ticket');
