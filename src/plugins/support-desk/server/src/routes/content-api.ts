/**
 * Content-API routes (mounted under /api/support-desk). Ticket operations here are for
 * integrations with an API token: full-access tokens pass, custom tokens need the matching
 * `plugin::support-desk.tickets.*` permission. The policy refuses any users-permissions caller,
 * even one whose role an administrator granted these by mistake.
 */
import { REQUIRES_API_TOKEN } from '../policies/requires-api-token';

export default [
  { method: 'GET', path: '/tickets/:documentId', handler: 'tickets.findOne', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'GET', path: '/tickets/:documentId/timeline', handler: 'tickets.timeline', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/tickets/:documentId/transitions', handler: 'tickets.transition', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/tickets/:documentId/comments', handler: 'tickets.comment', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/tickets/:documentId/assign', handler: 'tickets.assign', config: { policies: [REQUIRES_API_TOKEN] } },
  // Escalations and on-site visits, for integrations (same handlers as the admin routes).
  { method: 'GET', path: '/tickets/:documentId/escalations', handler: 'escalations.list', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/tickets/:documentId/escalations', handler: 'escalations.create', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/escalations/:documentId/answer', handler: 'escalations.answer', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/escalations/:documentId/close', handler: 'escalations.close', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'GET', path: '/tickets/:documentId/visits', handler: 'visits.list', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/tickets/:documentId/visits', handler: 'visits.schedule', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/visits/:documentId/arrive', handler: 'visits.arrive', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/visits/:documentId/complete', handler: 'visits.complete', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/visits/:documentId/cancel', handler: 'visits.cancel', config: { policies: [REQUIRES_API_TOKEN] } },
  // Repair equipment, for integrations.
  { method: 'GET', path: '/visits/:documentId/equipment', handler: 'equipment.list', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/visits/:documentId/equipment', handler: 'equipment.checkout', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/equipment-checkouts/:documentId/return', handler: 'equipment.giveBack', config: { policies: [REQUIRES_API_TOKEN] } },
  // Returns (RMA), for integrations.
  { method: 'GET', path: '/tickets/:documentId/rmas', handler: 'rmas.list', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/tickets/:documentId/rmas', handler: 'rmas.open', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/rmas/:documentId/:action', handler: 'rmas.act', config: { policies: [REQUIRES_API_TOKEN] } },
  // Parts of a ticket, for integrations (same handlers as the admin routes).
  { method: 'GET', path: '/tickets/:documentId/parts', handler: 'inventory.ticketParts', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/tickets/:documentId/parts', handler: 'inventory.reserve', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/tickets/:documentId/parts/release', handler: 'inventory.release', config: { policies: [REQUIRES_API_TOKEN] } },
  { method: 'POST', path: '/tickets/:documentId/parts/consume', handler: 'inventory.consume', config: { policies: [REQUIRES_API_TOKEN] } },
];
