import overview from './overview';
import calendar from './calendar';
import timeline from './timeline';
import sequences from './sequences';
import tickets from './tickets';

export default { overview, calendar, timeline, sequences, tickets };
