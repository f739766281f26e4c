import overview from './overview';
import calendar from './calendar';

export default { overview, calendar };
