/**
 * Public KB routes, mounted at /api/support-desk/kb/... Permissions `plugin::support-desk.kb.<action>`
 * are granted to the Public and Customer roles at bootstrap (services/kb-bootstrap.ts); API tokens
 * (agents) see internal articles too. Anonymous GETs are answered from the kb-cache middleware when cached.
 */
export default [
  { method: 'GET', path: '/kb/articles', handler: 'kb.find', config: { policies: [] } },
  { method: 'GET', path: '/kb/articles/:idOrSlug', handler: 'kb.findOne', config: { policies: [] } },
  { method: 'POST', path: '/kb/articles/:documentId/feedback', handler: 'kb.feedback', config: { policies: [] } },
  { method: 'GET', path: '/kb/search', handler: 'kb.search', config: { policies: [] } },
  // Per client address, shared by all instances (KB_SUGGEST_LIMIT / KB_SUGGEST_WINDOW_MS).
  { method: 'POST', path: '/kb/suggest', handler: 'kb.suggest', config: { policies: [{ name: 'plugin::support-desk.rate-limit', config: { name: 'kbSuggest', per: 'ip' } }] } },
  { method: 'GET', path: '/kb/categories', handler: 'kb.categories', config: { policies: [] } },
  { method: 'GET', path: '/kb/openapi.json', handler: 'kb.openapi', config: { auth: false, policies: [] } },
];
