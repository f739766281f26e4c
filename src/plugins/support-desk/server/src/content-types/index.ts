import ticketEvent from './ticket-event';
import notification from './notification';
import sequence from './sequence';

export default {
  'ticket-event': ticketEvent,
  notification,
  sequence,
};
