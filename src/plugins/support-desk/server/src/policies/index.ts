import isCustomer from './is-customer';

export default { 'is-customer': isCustomer };
