import { actionId } from '../permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

export default [
  { method: 'GET', path: '/overview', handler: 'overview.get', config: guard(actionId('overview.read')) },
  { method: 'GET', path: '/tickets/:documentId', handler: 'tickets.findOne', config: guard(actionId('tickets.read')) },
  { method: 'GET', path: '/tickets/:documentId/timeline', handler: 'tickets.timeline', config: guard(actionId('tickets.read')) },
  { method: 'POST', path: '/tickets/:documentId/transitions', handler: 'tickets.transition', config: guard(actionId('tickets.transition')) },
  { method: 'POST', path: '/tickets/:documentId/comments', handler: 'tickets.comment', config: guard(actionId('tickets.comment')) },
  { method: 'POST', path: '/tickets/:documentId/assign', handler: 'tickets.assign', config: guard(actionId('tickets.assign')) },
];
