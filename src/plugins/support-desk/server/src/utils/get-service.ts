import type { OverviewService } from '../services/overview';
import type { CalendarService } from '../services/calendar';

interface Services {
  overview: OverviewService;
  calendar: CalendarService;
}

/** The one typed way to reach a plugin service. */
export function getService<K extends keyof Services>(name: K): Services[K] {
  return strapi.plugin('support-desk').service(name) as Services[K];
}
