/** RBAC actions of the plugin's admin routes, registered with Strapi's action provider. */
export const PLUGIN_ACTIONS = [
  { section: 'plugins', displayName: 'View the support overview', uid: 'overview.read', pluginName: 'support-desk' },
] as const;

export const actionId = (uid: (typeof PLUGIN_ACTIONS)[number]['uid']) => `plugin::support-desk.${uid}`;

/** Plugin actions each admin role gets (supervisors: all). */
export const AGENT_PLUGIN_ACTIONS = PLUGIN_ACTIONS.map((a) => actionId(a.uid));
export const SUPERVISOR_PLUGIN_ACTIONS = PLUGIN_ACTIONS.map((a) => actionId(a.uid));
