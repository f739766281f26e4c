import { actionId } from '../permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

export default [
  { method: 'GET', path: '/overview', handler: 'overview.get', config: guard(actionId('overview.read')) },
  { method: 'GET', path: '/dashboard', handler: 'dashboard.get', config: guard(actionId('dashboard.read')) },
  { method: 'GET', path: '/dashboard/export', handler: 'dashboard.export', config: guard(actionId('dashboard.read')) },
  { method: 'GET', path: '/faults', handler: 'dashboard.faults', config: guard(actionId('dashboard.read')) },
  { method: 'GET', path: '/reports/monthly', handler: 'dashboard.monthlyReport', config: guard(actionId('reports.read')) },
  { method: 'GET', path: '/scorecard/me', handler: 'dashboard.myScorecard', config: guard(actionId('scorecard.read-own')) },
  // Homepage widgets (controllers/widgets.ts).
  { method: 'GET', path: '/widgets/sla-at-risk', handler: 'widgets.slaAtRisk', config: guard(actionId('tickets.read')) },
  { method: 'GET', path: '/widgets/my-tickets', handler: 'widgets.myTickets', config: guard(actionId('tickets.read')) },
  { method: 'GET', path: '/reports/sla', handler: 'reports.sla', config: guard(actionId('reports.read')) },
  { method: 'GET', path: '/reports/sla/export', handler: 'reports.slaExport', config: guard(actionId('reports.read')) },
  { method: 'POST', path: '/calendars/:documentId/holidays/import', handler: 'calendars.importHolidays', config: guard(actionId('calendars.import')) },
  // The agent's workspace: queues, the assignee picker, bulk assign, phone tickets (services/queues.ts).
  { method: 'GET', path: '/queues', handler: 'queues.summary', config: guard(actionId('tickets.read')) },
  { method: 'GET', path: '/queues/:queue', handler: 'queues.list', config: guard(actionId('tickets.read')) },
  { method: 'GET', path: '/agents', handler: 'queues.agents', config: guard(actionId('tickets.read')) },
  { method: 'POST', path: '/tickets/bulk-assign', handler: 'queues.bulkAssign', config: guard(actionId('tickets.bulk-assign')) },
  { method: 'GET', path: '/phone/organizations', handler: 'queues.organizations', config: guard(actionId('tickets.create')) },
  { method: 'GET', path: '/phone/organizations/:documentId/contacts', handler: 'queues.contacts', config: guard(actionId('tickets.create')) },
  { method: 'POST', path: '/tickets', handler: 'queues.createPhoneTicket', config: guard(actionId('tickets.create')) },
  { method: 'GET', path: '/calendars/:documentId/holidays/preview', handler: 'calendars.previewHolidays', config: guard(actionId('calendars.import')) },
  { method: 'GET', path: '/calendars/holiday-countries', handler: 'calendars.holidayCountries', config: guard(actionId('calendars.import')) },
  { method: 'GET', path: '/tickets/:documentId', handler: 'tickets.findOne', config: guard(actionId('tickets.read')) },
  { method: 'GET', path: '/tickets/:documentId/timeline', handler: 'tickets.timeline', config: guard(actionId('tickets.read')) },
  { method: 'POST', path: '/tickets/:documentId/transitions', handler: 'tickets.transition', config: guard(actionId('tickets.transition')) },
  { method: 'POST', path: '/tickets/:documentId/comments', handler: 'tickets.comment', config: guard(actionId('tickets.comment')) },
  { method: 'POST', path: '/tickets/:documentId/assign', handler: 'tickets.assign', config: guard(actionId('tickets.assign')) },
  // The ticket panel (admin/src/components/TicketPanel.tsx): a reply given by phone or in person, who may take the ticket, canned replies.
  { method: 'POST', path: '/tickets/:documentId/customer-reply', handler: 'tickets.customerReply', config: guard(actionId('tickets.transition')) },
  { method: 'GET', path: '/tickets/:documentId/assignees', handler: 'tickets.assignees', config: guard(actionId('tickets.assign')) },
  // The panel's Links section: related KB articles, CC contacts, follow-up of (services/tickets.ts links).
  { method: 'POST', path: '/tickets/:documentId/links', handler: 'tickets.links', config: guard(actionId('tickets.link')) },
  { method: 'GET', path: '/tickets/:documentId/canned-replies', handler: 'tickets.cannedReplies', config: guard(actionId('tickets.comment')) },
  { method: 'GET', path: '/tickets/:documentId/escalations', handler: 'escalations.list', config: guard(actionId('tickets.read')) },
  { method: 'POST', path: '/tickets/:documentId/escalations', handler: 'escalations.create', config: guard(actionId('escalations.create')) },
  { method: 'POST', path: '/escalations/:documentId/answer', handler: 'escalations.answer', config: guard(actionId('escalations.answer')) },
  { method: 'POST', path: '/escalations/:documentId/close', handler: 'escalations.close', config: guard(actionId('escalations.answer')) },
  { method: 'GET', path: '/tickets/:documentId/visits', handler: 'visits.list', config: guard(actionId('tickets.read')) },
  { method: 'POST', path: '/tickets/:documentId/visits', handler: 'visits.schedule', config: guard(actionId('visits.manage')) },
  { method: 'POST', path: '/visits/:documentId/arrive', handler: 'visits.arrive', config: guard(actionId('visits.manage')) },
  { method: 'POST', path: '/visits/:documentId/complete', handler: 'visits.complete', config: guard(actionId('visits.manage')) },
  { method: 'POST', path: '/visits/:documentId/cancel', handler: 'visits.cancel', config: guard(actionId('visits.manage')) },
  // Parts and the stock ledger (services/inventory.ts).
  { method: 'GET', path: '/parts/alerts', handler: 'inventory.alerts', config: guard(actionId('inventory.read')) },
  { method: 'GET', path: '/parts/:documentId', handler: 'inventory.part', config: guard(actionId('inventory.read')) },
  { method: 'GET', path: '/parts/:documentId/movements', handler: 'inventory.movements', config: guard(actionId('inventory.read')) },
  { method: 'POST', path: '/parts/:documentId/movements', handler: 'inventory.storeMovement', config: guard(actionId('inventory.manage')) },
  { method: 'GET', path: '/tickets/:documentId/parts', handler: 'inventory.ticketParts', config: guard(actionId('inventory.read')) },
  { method: 'POST', path: '/tickets/:documentId/parts', handler: 'inventory.reserve', config: guard(actionId('inventory.reserve')) },
  { method: 'POST', path: '/tickets/:documentId/parts/release', handler: 'inventory.release', config: guard(actionId('inventory.reserve')) },
  { method: 'POST', path: '/tickets/:documentId/parts/consume', handler: 'inventory.consume', config: guard(actionId('inventory.reserve')) },
  // Repair equipment for on-site visits (services/equipment.ts).
  { method: 'GET', path: '/visits/:documentId/equipment', handler: 'equipment.list', config: guard(actionId('tickets.read')) },
  { method: 'POST', path: '/visits/:documentId/equipment', handler: 'equipment.checkout', config: guard(actionId('visits.manage')) },
  { method: 'POST', path: '/equipment-checkouts/:documentId/return', handler: 'equipment.giveBack', config: guard(actionId('visits.manage')) },
  // Returns and exchanges (services/rmas.ts).
  { method: 'GET', path: '/tickets/:documentId/rmas', handler: 'rmas.list', config: guard(actionId('tickets.read')) },
  { method: 'POST', path: '/tickets/:documentId/rmas', handler: 'rmas.open', config: guard(actionId('returns.manage')) },
  { method: 'POST', path: '/rmas/:documentId/:action', handler: 'rmas.act', config: guard(actionId('returns.manage')) },
  // Technical update notices of a ticket's or an asset's equipment (services/update-notices.ts).
  { method: 'GET', path: '/tickets/:documentId/update-notices', handler: 'update-notices.forTicket', config: guard(actionId('update-notices.read')) },
  { method: 'GET', path: '/assets/:documentId/update-notices', handler: 'update-notices.forAsset', config: guard(actionId('update-notices.read')) },
  // Training sessions (services/trainings.ts).
  { method: 'GET', path: '/trainings/skill-gaps', handler: 'trainings.skillGaps', config: guard(actionId('trainings.read')) },
  { method: 'GET', path: '/training-sessions/:documentId/enrollments', handler: 'trainings.list', config: guard(actionId('trainings.read')) },
  { method: 'POST', path: '/training-sessions/:documentId/enrollments', handler: 'trainings.enroll', config: guard(actionId('trainings.enroll')) },
  { method: 'POST', path: '/enrollments/:documentId/cancel', handler: 'trainings.cancel', config: guard(actionId('trainings.enroll')) },
  { method: 'POST', path: '/training-sessions/:documentId/cancel', handler: 'trainings.cancelSession', config: guard(actionId('trainings.manage')) },
  { method: 'POST', path: '/enrollments/:documentId/attendance', handler: 'trainings.attendance', config: guard(actionId('trainings.manage')) },
  { method: 'GET', path: '/notifications', handler: 'notifications.list', config: guard(actionId('notifications.read')) },
  { method: 'POST', path: '/notifications/:id/retry', handler: 'notifications.retry', config: guard(actionId('notifications.retry')) },
];
