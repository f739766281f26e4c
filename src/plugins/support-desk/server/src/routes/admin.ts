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
  { method: 'GET', path: '/reports/sla', handler: 'reports.sla', config: guard(actionId('reports.read')) },
  { method: 'POST', path: '/calendars/:documentId/holidays/import', handler: 'calendars.importHolidays', config: guard(actionId('calendars.import')) },
  { method: 'GET', path: '/calendars/:documentId/holidays/preview', handler: 'calendars.previewHolidays', config: guard(actionId('calendars.import')) },
  { method: 'GET', path: '/calendars/holiday-countries', handler: 'calendars.holidayCountries', config: guard(actionId('calendars.import')) },
  { method: 'GET', path: '/tickets/:documentId', handler: 'tickets.findOne', config: guard(actionId('tickets.read')) },
  { method: 'GET', path: '/tickets/:documentId/timeline', handler: 'tickets.timeline', config: guard(actionId('tickets.read')) },
  { method: 'POST', path: '/tickets/:documentId/transitions', handler: 'tickets.transition', config: guard(actionId('tickets.transition')) },
  { method: 'POST', path: '/tickets/:documentId/comments', handler: 'tickets.comment', config: guard(actionId('tickets.comment')) },
  { method: 'POST', path: '/tickets/:documentId/assign', handler: 'tickets.assign', config: guard(actionId('tickets.assign')) },
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
  // Training sessions (services/trainings.ts).
  { method: 'GET', path: '/trainings/skill-gaps', handler: 'trainings.skillGaps', config: guard(actionId('trainings.read')) },
  { method: 'GET', path: '/training-sessions/:documentId/enrollments', handler: 'trainings.list', config: guard(actionId('trainings.read')) },
  { method: 'POST', path: '/training-sessions/:documentId/enrollments', handler: 'trainings.enroll', config: guard(actionId('trainings.enroll')) },
  { method: 'POST', path: '/enrollments/:documentId/cancel', handler: 'trainings.cancel', config: guard(actionId('trainings.enroll')) },
  { method: 'POST', path: '/enrollments/:documentId/attendance', handler: 'trainings.attendance', config: guard(actionId('trainings.manage')) },
  { method: 'GET', path: '/notifications', handler: 'notifications.list', config: guard(actionId('notifications.read')) },
  { method: 'POST', path: '/notifications/:id/retry', handler: 'notifications.retry', config: guard(actionId('notifications.retry')) },
];
