import type { OverviewService } from '../services/overview';
import type { CalendarService } from '../services/calendar';
import type { TimelineService } from '../services/timeline';
import type { SequenceService } from '../services/sequences';
import type { TicketService } from '../services/tickets';

interface Services {
  overview: OverviewService;
  calendar: CalendarService;
  timeline: TimelineService;
  sequences: SequenceService;
  tickets: TicketService;
}

/** The one typed way to reach a plugin service. */
export function getService<K extends keyof Services>(name: K): Services[K] {
  return strapi.plugin('support-desk').service(name) as Services[K];
}
