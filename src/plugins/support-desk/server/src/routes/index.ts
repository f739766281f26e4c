import admin from './admin';

export default {
  admin: { type: 'admin' as const, routes: admin },
};
