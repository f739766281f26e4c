/**
 * Content-API routes (mounted under /api/support-desk). Ticket operations here are for
 * integrations with an API token: full-access tokens pass, custom tokens need the matching
 * `plugin::support-desk.tickets.*` permission. No users-permissions role is granted these.
 */
export default [
  { method: 'GET', path: '/tickets/:documentId', handler: 'tickets.findOne', config: { policies: [] } },
  { method: 'GET', path: '/tickets/:documentId/timeline', handler: 'tickets.timeline', config: { policies: [] } },
  { method: 'POST', path: '/tickets/:documentId/transitions', handler: 'tickets.transition', config: { policies: [] } },
  { method: 'POST', path: '/tickets/:documentId/comments', handler: 'tickets.comment', config: { policies: [] } },
  { method: 'POST', path: '/tickets/:documentId/assign', handler: 'tickets.assign', config: { policies: [] } },
];
