import overview from './overview';
import tickets from './tickets';
import reports from './reports';
import calendars from './calendars';
import customerTickets from './customer-tickets';
import kb from './kb';
import kbAdmin from './kb-admin';
import escalations from './escalations';
import visits from './visits';
import notifications from './notifications';
import dashboard from './dashboard';
import surveys from './surveys';
import inventory from './inventory';
import trainings from './trainings';
import rmas from './rmas';
import equipment from './equipment';
import updateNotices from './update-notices';

export default { overview, tickets, reports, calendars, 'customer-tickets': customerTickets, kb, 'kb-admin': kbAdmin, escalations, visits, notifications, dashboard, surveys, inventory, trainings, rmas, equipment, 'update-notices': updateNotices };
