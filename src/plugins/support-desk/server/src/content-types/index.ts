import ticketEvent from './ticket-event';
import notification from './notification';
import sequence from './sequence';
import kbRevision from './kb-revision';
import inboundMail from './inbound-mail';
import cannedReply from './canned-reply';

export default {
  'ticket-event': ticketEvent,
  notification,
  sequence,
  'kb-revision': kbRevision,
  'inbound-mail': inboundMail,
  'canned-reply': cannedReply,
};
