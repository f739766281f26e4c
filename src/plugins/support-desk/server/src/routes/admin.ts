import { actionId } from '../permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

export default [
  { method: 'GET', path: '/overview', handler: 'overview.get', config: guard(actionId('overview.read')) },
];
