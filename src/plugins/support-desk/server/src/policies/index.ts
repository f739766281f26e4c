import isCustomer from './is-customer';
import rateLimit from './rate-limit';

export default { 'is-customer': isCustomer, 'rate-limit': rateLimit };
