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
  // Escalations and on-site visits, for integrations (same handlers as the admin routes).
  { method: 'GET', path: '/tickets/:documentId/escalations', handler: 'escalations.list', config: { policies: [] } },
  { method: 'POST', path: '/tickets/:documentId/escalations', handler: 'escalations.create', config: { policies: [] } },
  { method: 'POST', path: '/escalations/:documentId/answer', handler: 'escalations.answer', config: { policies: [] } },
  { method: 'POST', path: '/escalations/:documentId/close', handler: 'escalations.close', config: { policies: [] } },
  { method: 'GET', path: '/tickets/:documentId/visits', handler: 'visits.list', config: { policies: [] } },
  { method: 'POST', path: '/tickets/:documentId/visits', handler: 'visits.schedule', config: { policies: [] } },
  { method: 'POST', path: '/visits/:documentId/arrive', handler: 'visits.arrive', config: { policies: [] } },
  { method: 'POST', path: '/visits/:documentId/complete', handler: 'visits.complete', config: { policies: [] } },
  { method: 'POST', path: '/visits/:documentId/cancel', handler: 'visits.cancel', config: { policies: [] } },
];
