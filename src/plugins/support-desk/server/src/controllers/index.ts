import overview from './overview';
import tickets from './tickets';

export default { overview, tickets };
