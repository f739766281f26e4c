import ticketEvent from './ticket-event';
import notification from './notification';

export default {
  'ticket-event': ticketEvent,
  notification,
};
