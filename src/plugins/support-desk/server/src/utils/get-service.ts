import type { OverviewService } from '../services/overview';
import type { CalendarService } from '../services/calendar';
import type { TimelineService } from '../services/timeline';
import type { SequenceService } from '../services/sequences';
import type { TicketService } from '../services/tickets';
import type { CustomerTicketService } from '../services/customer-tickets';
import type { SlaService } from '../services/sla';
import type { SlaReportService } from '../services/sla-report';
import type { KbService } from '../services/kb';
import type { KbIndexService } from '../services/kb-index';
import type { KbEditorialService } from '../services/kb-editorial';

import type { RoutingService } from '../services/routing';
import type { EscalationService } from '../services/escalations';
import type { VisitService } from '../services/visits';
import type { AutoCloseService } from '../services/auto-close';
import type { NotificationOutboxService } from '../services/notification-outbox';
import type { NotificationDispatcherService } from '../services/notification-dispatcher';
import type { NotificationAdminService } from '../services/notification-admin';
import type { RateLimitService } from '../services/rate-limits';
import type { HealthService } from '../services/health';
import type { MetricsService } from '../services/metrics';
import type { CustomerMailService } from '../services/customer-mail';
import type { MailImportService } from '../services/mail-import';
import type { DashboardService } from '../services/dashboard';
import type { TicketMetricsService } from '../services/ticket-metrics';
import type { SurveyService } from '../services/surveys';
import type { MonthlyReportService } from '../services/monthly-report';
import type { InventoryService } from '../services/inventory';
import type { TrainingService } from '../services/trainings';
import type { WidgetsService } from '../services/widgets';
import type { RmaService } from '../services/rmas';
import type { EquipmentService } from '../services/equipment';
import type { QueueService } from '../services/queues';
import type { UpdateNoticeService } from '../services/update-notices';
interface Services {
  overview: OverviewService;
  calendar: CalendarService;
  timeline: TimelineService;
  sequences: SequenceService;
  tickets: TicketService;
  'customer-tickets': CustomerTicketService;
  sla: SlaService;
  'sla-report': SlaReportService;
  kb: KbService;
  kbIndex: KbIndexService;
  kbEditorial: KbEditorialService;
  routing: RoutingService;
  escalations: EscalationService;
  visits: VisitService;
  'auto-close': AutoCloseService;
  'notification-outbox': NotificationOutboxService;
  'notification-dispatcher': NotificationDispatcherService;
  'notification-admin': NotificationAdminService;
  'rate-limits': RateLimitService;
  health: HealthService;
  metrics: MetricsService;
  'customer-mail': CustomerMailService;
  'mail-import': MailImportService;
  dashboard: DashboardService;
  'ticket-metrics': TicketMetricsService;
  surveys: SurveyService;
  'monthly-report': MonthlyReportService;
  inventory: InventoryService;
  trainings: TrainingService;
  rmas: RmaService;
  equipment: EquipmentService;
  widgets: WidgetsService;
  queues: QueueService;
  'update-notices': UpdateNoticeService;
}

/** The one typed way to reach a plugin service. */
export function getService<K extends keyof Services>(name: K): Services[K] {
  return strapi.plugin('support-desk').service(name) as Services[K];
}

/** The same on a given Strapi instance (lifecycle code, where several instances may share a process). */
export function getServiceOf<K extends keyof Services>(instance: { plugin: (name: string) => { service: (n: string) => unknown } }, name: K): Services[K] {
  return instance.plugin('support-desk').service(name) as Services[K];
}
