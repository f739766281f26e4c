/**
 * Customer API (content-api, mounted under /api/support-desk): contacts of a customer organization
 * with a users-permissions JWT (role Customer). users-permissions checks the role's permission for
 * each action (bootstrap grants the Customer role exactly CUSTOMER_ROUTE_ACTIONS; Public gets none),
 * then the is-customer policy requires a Customer-role user linked to an organization.
 */
const policies = ['plugin::support-desk.is-customer'];
/** Rate limits per account, shared by all instances (policies/rate-limit.ts; CUSTOMER_TICKET_* / CUSTOMER_COMMENT_*). */
const limited = (name: 'customerTickets' | 'customerComments') => [...policies, { name: 'plugin::support-desk.rate-limit', config: { name, per: 'user' } }];

const routes = [
  { method: 'GET', path: '/customer/tickets', handler: 'customer-tickets.find', config: { policies } },
  { method: 'POST', path: '/customer/tickets', handler: 'customer-tickets.create', config: { policies: limited('customerTickets') } },
  { method: 'GET', path: '/customer/tickets/:documentId', handler: 'customer-tickets.findOne', config: { policies } },
  { method: 'POST', path: '/customer/tickets/:documentId/comments', handler: 'customer-tickets.comment', config: { policies: limited('customerComments') } },
  { method: 'POST', path: '/customer/tickets/:documentId/approve', handler: 'customer-tickets.approve', config: { policies } },
  { method: 'POST', path: '/customer/tickets/:documentId/reject', handler: 'customer-tickets.reject', config: { policies } },
  { method: 'POST', path: '/customer/tickets/:documentId/confirm', handler: 'customer-tickets.confirm', config: { policies } },
  { method: 'POST', path: '/customer/tickets/:documentId/reopen', handler: 'customer-tickets.reopen', config: { policies } },
  // Returns (RMA) of the organization's tickets (services/rmas.ts).
  { method: 'GET', path: '/customer/tickets/:documentId/returns', handler: 'rmas.customerList', config: { policies } },
  { method: 'POST', path: '/customer/tickets/:documentId/returns', handler: 'rmas.customerOpen', config: { policies } },
  { method: 'POST', path: '/customer/returns/:documentId/cancel', handler: 'rmas.customerCancel', config: { policies } },
  // Trainings for customer contacts (services/trainings.ts).
  { method: 'GET', path: '/customer/trainings', handler: 'trainings.customerSessions', config: { policies } },
  { method: 'POST', path: '/customer/trainings/:documentId/enroll', handler: 'trainings.customerEnroll', config: { policies } },
  { method: 'GET', path: '/customer/enrollments', handler: 'trainings.customerEnrollments', config: { policies } },
  { method: 'POST', path: '/customer/enrollments/:documentId/cancel', handler: 'trainings.customerCancel', config: { policies } },
  // Technical update notices of the organization's assets (services/update-notices.ts).
  { method: 'GET', path: '/customer/update-notices', handler: 'update-notices.customerList', config: { policies } },
  { method: 'GET', path: '/customer/update-notices/:documentId', handler: 'update-notices.customerFindOne', config: { policies } },
  // Last: any other action name is answered 400 with the list of actions (rather than a bare 405).
  { method: 'POST', path: '/customer/tickets/:documentId/:action', handler: 'customer-tickets.unknownAction', config: { policies } },
];

/** The users-permissions actions of these routes: what the Customer role is granted, and nothing else. */
export const CUSTOMER_ROUTE_ACTIONS = [...new Set(routes.map((r) => `plugin::support-desk.${r.handler}`))];

export default routes;
