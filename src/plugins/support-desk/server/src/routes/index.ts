import admin from './admin';
import contentApi from './content-api';

export default {
  admin: { type: 'admin' as const, routes: admin },
  'content-api': { type: 'content-api' as const, routes: contentApi },
};
