import overview from './overview';
import calendar from './calendar';
import timeline from './timeline';
import sequences from './sequences';
import tickets from './tickets';
import customerTickets from './customer-tickets';
import sla from './sla';
import slaReport from './sla-report';
import kb from './kb';
import kbIndex from './kb-index';
import kbEditorial from './kb-editorial';
import routing from './routing';
import escalations from './escalations';
import visits from './visits';
import autoClose from './auto-close';
import notifications from './notifications';
import rateLimits from './rate-limits';

export default { overview, calendar, timeline, sequences, tickets, 'customer-tickets': customerTickets, sla, 'sla-report': slaReport, kb, kbIndex, kbEditorial, routing, escalations, visits, 'auto-close': autoClose, notifications, 'rate-limits': rateLimits };
