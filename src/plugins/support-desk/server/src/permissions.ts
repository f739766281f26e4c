/**
 * RBAC actions of the plugin's admin routes, registered with Strapi's action provider, and which
 * support role gets each (supervisors get every action).
 */
type Grant = 'agent' | 'supervisor';

const action = (uid: string, displayName: string, grantedTo: Grant[]) => ({
  section: 'plugins' as const,
  pluginName: 'support-desk',
  uid,
  displayName,
  grantedTo,
});

export const PLUGIN_ACTIONS = [
  action('overview.read', 'View the support overview', ['agent', 'supervisor']),
  action('tickets.read', 'Read tickets and their timeline', ['agent', 'supervisor']),
  action('tickets.transition', 'Run workflow actions on tickets', ['agent', 'supervisor']),
  action('tickets.comment', 'Comment on tickets', ['agent', 'supervisor']),
  action('tickets.assign', 'Assign tickets', ['agent', 'supervisor']),
] as const;

export type PluginActionUid = (typeof PLUGIN_ACTIONS)[number]['uid'];

export const actionId = (uid: PluginActionUid | string) => `plugin::support-desk.${uid}`;

/** For Strapi's action provider (it rejects unknown keys). */
export const actionDefinitions = () => PLUGIN_ACTIONS.map(({ grantedTo: _grantedTo, ...definition }) => definition);

export const AGENT_PLUGIN_ACTIONS = PLUGIN_ACTIONS.filter((a) => (a.grantedTo as readonly Grant[]).includes('agent')).map((a) => actionId(a.uid));
export const SUPERVISOR_PLUGIN_ACTIONS = PLUGIN_ACTIONS.map((a) => actionId(a.uid));
