import { PLUGIN_ID } from './pluginId';
import { PluginIcon } from './components/PluginIcon';
import { getTranslation } from './utils/getTranslation';
import { TicketPanel } from './components/TicketPanel';
import { RevisionsPanel } from './components/RevisionsPanel';
import { PartsPanel } from './components/PartsPanel';

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Support Desk' },
      Component: () => import('./pages/App'),
      permissions: [{ action: 'plugin::support-desk.overview.read', subject: null }],
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(app: any) {
    // Agents work tickets in the Content Manager: the workflow panel sits beside the edit form;
    // KB editors see the article's published revisions (and compare them) the same way; the parts
    // panel reserves and gives back parts on a ticket and shows its equipment's update notices.
    app.getPlugin('content-manager').apis.addEditViewSidePanel([TicketPanel, RevisionsPanel, PartsPanel]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as { default: Record<string, string> };
          const prefixed = Object.fromEntries(Object.entries(data).map(([k, v]) => [getTranslation(k), v]));
          return { data: prefixed, locale };
        } catch {
          return { data: {}, locale };
        }
      }),
    );
  },
};
