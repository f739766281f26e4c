import type { SupportDeskConfig } from '../config';

/**
 * The one typed way to read the plugin's settings (validated at startup, see config/index.ts).
 * `instance` for lifecycle code where several Strapi instances may share a process.
 */
export function pluginConfig(instance: { config: { get: (path: string) => unknown } } = strapi): SupportDeskConfig {
  return instance.config.get('plugin::support-desk') as SupportDeskConfig;
}
