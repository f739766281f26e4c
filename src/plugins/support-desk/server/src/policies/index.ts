import isCustomer from './is-customer';
import requiresApiToken from './requires-api-token';

export default { 'is-customer': isCustomer, 'requires-api-token': requiresApiToken };
