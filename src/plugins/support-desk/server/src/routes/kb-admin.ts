/** Admin KB routes (/support-desk/kb/...): admin JWT and the plugin's kb.* RBAC actions. */
import { actionId } from '../permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

export default [
  { method: 'GET', path: '/kb/search', handler: 'kb.search', config: guard(actionId('kb.read')) },
  { method: 'POST', path: '/kb/suggest', handler: 'kb.suggest', config: guard(actionId('kb.read')) },
  { method: 'GET', path: '/kb/articles/:idOrSlug', handler: 'kb.findOne', config: guard(actionId('kb.read')) },
  { method: 'GET', path: '/kb/articles/:documentId/revisions', handler: 'kb-admin.revisions', config: guard(actionId('kb.read')) },
  { method: 'GET', path: '/kb/revisions/compare', handler: 'kb-admin.compare', config: guard(actionId('kb.read')) },
  { method: 'GET', path: '/kb/revisions/:id', handler: 'kb-admin.revision', config: guard(actionId('kb.read')) },
  { method: 'POST', path: '/kb/from-ticket/:ticketDocumentId', handler: 'kb-admin.fromTicket', config: guard(actionId('kb.draft')) },
];
