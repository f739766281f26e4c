import isCustomer from './is-customer';
import rateLimit from './rate-limit';
import requiresApiToken from './requires-api-token';

export default { 'is-customer': isCustomer, 'rate-limit': rateLimit, 'requires-api-token': requiresApiToken };
