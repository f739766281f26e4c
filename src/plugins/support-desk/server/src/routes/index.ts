export default {
  'content-api': { type: 'content-api' as const, routes: [] },
  admin: { type: 'admin' as const, routes: [] },
};
