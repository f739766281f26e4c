import admin from './admin';
import contentApi from './content-api';
import customer from './customer';
import kbAdmin from './kb-admin';
import kbContentApi from './kb-content-api';
import surveys from './surveys';

export default {
  admin: { type: 'admin' as const, routes: admin },
  'content-api': { type: 'content-api' as const, routes: [...contentApi, ...customer] },
  'kb-admin': { type: 'admin' as const, routes: kbAdmin },
  'kb-content-api': { type: 'content-api' as const, routes: kbContentApi },
  surveys: { type: 'content-api' as const, routes: surveys },
};
