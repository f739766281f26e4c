import { PLUGIN_ID } from './pluginId';
import { PluginIcon } from './components/PluginIcon';
import { getTranslation } from './utils/getTranslation';
import { TicketPanel } from './components/TicketPanel';
import { RevisionsPanel } from './components/RevisionsPanel';
import { Clock, User } from '@strapi/icons';
import { atRiskListUrl } from './utils/ticketList';
import { PartsPanel } from './components/PartsPanel';
import { HolidayImportPanel } from './components/HolidayImportPanel';

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
    // Homepage widgets (widgets/TicketWidgets.tsx): tickets nearest to an SLA breach, and the caller's open tickets.
    const ticketsRead = [{ action: 'plugin::support-desk.tickets.read', subject: null }];
    app.widgets.register([
      {
        id: 'sla-at-risk',
        pluginId: PLUGIN_ID,
        icon: Clock,
        title: { id: getTranslation('widget.atRisk.title'), defaultMessage: 'SLA at risk' },
        link: { label: { id: getTranslation('widget.atRisk.link'), defaultMessage: 'Open tickets' }, href: atRiskListUrl() },
        component: async () => (await import('./widgets/TicketWidgets')).SlaAtRiskWidget,
        permissions: ticketsRead,
      },
      {
        id: 'my-open-tickets',
        pluginId: PLUGIN_ID,
        icon: User,
        title: { id: getTranslation('widget.mine.title'), defaultMessage: 'My open tickets' },
        component: async () => (await import('./widgets/TicketWidgets')).MyTicketsWidget,
        permissions: ticketsRead,
      },
    ]);
    // Our custom fields (server side: register.ts), one row each:
    // - tags: KB tags and product lines, skills, compatible models as tags instead of a JSON editor;
    // - timezone: a business calendar's time zone as a picker of IANA zones;
    // - time: a working interval's start and end (HH:MM); an impossible time is flagged under the
    //   field before any request, in the reader's language.
    const customFields = [
      { name: 'tags', type: 'json', label: 'Tags', description: 'A list of short texts', Input: async () => import('./components/TagsInput') },
      { name: 'timezone', type: 'string', label: 'Time zone', description: 'An IANA time zone, e.g. Asia/Shanghai', Input: async () => import('./components/TimezoneInput') },
      { name: 'time', type: 'string', label: 'Time of day', description: 'A local time HH:MM', Input: async () => import('./components/TimeInput') },
    ] as const;
    for (const field of customFields) {
      app.customFields.register({
        name: field.name,
        pluginId: PLUGIN_ID,
        type: field.type,
        intlLabel: { id: getTranslation(`${field.name}.label`), defaultMessage: field.label },
        intlDescription: { id: getTranslation(`${field.name}.description`), defaultMessage: field.description },
        components: { Input: field.Input },
      });
    }
  },

  bootstrap(app: any) {
    // Agents work tickets in the Content Manager: the workflow panel sits beside the edit form;
    // KB editors see the article's published revisions (and compare them) the same way; the parts
    // panel reserves and gives back parts on a ticket and shows its equipment's update notices.
    app.getPlugin('content-manager').apis.addEditViewSidePanel([TicketPanel, RevisionsPanel, PartsPanel]);
    // Business calendars: "Import public holidays" (supervisors, calendars.import).
    app.getPlugin('content-manager').apis.addEditViewSidePanel([HolidayImportPanel]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as { default: Record<string, string> };
          const prefixed = Object.fromEntries(Object.entries(data).map(([k, v]) => [getTranslation(k), v]));
          // Content Manager labels of our fields (`content-manager.content-types.<uid>.<field>`) and
          // enumeration values (the CM looks an option up by its value): registered as they are.
          const cm = await import(`./translations/cm/${locale}.json`).then((m: { default: Record<string, string> }) => m.default, () => ({}));
          // (weekdays of working intervals and extra working days read "Monday"/"星期一", not "mon").
          return { data: { ...cm, ...prefixed }, locale };
        } catch {
          return { data: {}, locale };
        }
      }),
    );
  },
};
