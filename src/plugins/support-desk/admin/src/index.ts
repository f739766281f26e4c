import { PLUGIN_ID } from './pluginId';
import { PluginIcon } from './components/PluginIcon';
import { getTranslation } from './utils/getTranslation';
import { TicketPanel } from './components/TicketPanel';
import { RevisionsPanel } from './components/RevisionsPanel';
import { HolidayImportPanel } from './components/HolidayImportPanel';

const WEEKDAY_CODES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

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
    // A business calendar's time zone as a picker of IANA zones (server: register.ts).
    app.customFields.register({
      name: 'timezone',
      pluginId: PLUGIN_ID,
      type: 'string',
      intlLabel: { id: getTranslation('timezone.label'), defaultMessage: 'Time zone' },
      intlDescription: { id: getTranslation('timezone.description'), defaultMessage: 'An IANA time zone, e.g. Asia/Shanghai' },
      components: { Input: async () => import('./components/TimezoneInput') },
    });
  },

  bootstrap(app: any) {
    // Agents work tickets in the Content Manager: the workflow panel sits beside the edit form;
    // KB editors see the article's published revisions (and compare them) the same way.
    app.getPlugin('content-manager').apis.addEditViewSidePanel([TicketPanel, RevisionsPanel]);
    // Business calendars: "Import public holidays" (supervisors, calendars.import).
    app.getPlugin('content-manager').apis.addEditViewSidePanel([HolidayImportPanel]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as { default: Record<string, string> };
          const prefixed = Object.fromEntries(Object.entries(data).map(([k, v]) => [getTranslation(k), v]));
          // The Content Manager labels an enumeration option by the message whose id is the value
          // itself: weekdays (working intervals, extra working days) read "Monday"/"星期一", not "mon".
          const weekdays = Object.fromEntries(WEEKDAY_CODES.map((d) => [d, data[`enum.weekday.${d}`]]).filter(([, v]) => v));
          return { data: { ...weekdays, ...prefixed }, locale };
        } catch {
          return { data: {}, locale };
        }
      }),
    );
  },
};
