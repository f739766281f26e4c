import { PLUGIN_ID } from './pluginId';
import { PluginIcon } from './components/PluginIcon';
import { getTranslation } from './utils/getTranslation';
import { TicketPanel } from './components/TicketPanel';
import { RevisionsPanel } from './components/RevisionsPanel';

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Support Desk' },
      Component: () => import('./pages/App'),
      permissions: [{ action: 'plugin::support-desk.overview.read', subject: null }],
    });
    // The agent's queues (pages/QueuesPage.tsx; also reachable as plugins/support-desk/queues through App.tsx).
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/queues`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('queues.menu'), defaultMessage: 'Ticket queues' },
      Component: () => import('./pages/QueuesPage'),
      permissions: [{ action: 'plugin::support-desk.tickets.read', subject: null }],
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(app: any) {
    // Agents work tickets in the Content Manager: the workflow panel sits beside the edit form;
    // KB editors see the article's published revisions (and compare them) the same way.
    app.getPlugin('content-manager').apis.addEditViewSidePanel([TicketPanel, RevisionsPanel]);
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
