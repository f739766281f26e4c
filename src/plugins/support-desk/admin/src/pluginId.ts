export const PLUGIN_ID = 'support-desk';
