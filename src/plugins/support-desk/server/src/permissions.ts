/**
 * RBAC actions of the plugin's admin routes, registered with Strapi's action provider, and which
 * support role gets each (supervisors get every action).
 */
type Grant = 'agent' | 'supervisor';

const action = (uid: string, displayName: string, grantedTo: Grant[]) => ({
  section: 'plugins' as const,
  pluginName: 'support-desk',
  uid,
  displayName,
  grantedTo,
});

export const PLUGIN_ACTIONS = [
  action('overview.read', 'View the support overview', ['agent', 'supervisor']),
  action('tickets.read', 'Read tickets and their timeline', ['agent', 'supervisor']),
  action('tickets.transition', 'Run workflow actions on tickets', ['agent', 'supervisor']),
  action('tickets.comment', 'Comment on tickets', ['agent', 'supervisor']),
  action('tickets.assign', 'Assign tickets', ['agent', 'supervisor']),
  action('tickets.link', 'Link tickets to KB articles, CC contacts and the ticket they follow up', ['agent', 'supervisor']),
  action('tickets.bulk-assign', 'Assign several tickets at once from the queues', ['supervisor']),
  action('tickets.create', 'Create tickets for a contact (taken by phone)', ['agent', 'supervisor']),
  action('reports.read', 'Read SLA and KPI reports', ['supervisor']),
  action('dashboard.read', 'View the management dashboard (KPIs, fault statistics, the scorecard of their groups’ agents) and export its tables', ['supervisor']),
  action('scorecard.read-own', 'View one’s own scorecard', ['agent', 'supervisor']),
  action('calendars.import', 'Import public holidays into business calendars', ['supervisor']),
  action('kb.read', 'Search the knowledge base with internal articles, read revisions', ['agent', 'supervisor']),
  action('kb.draft', 'Create knowledge-base drafts from tickets', ['agent', 'supervisor']),
  action('escalations.create', 'Escalate tickets to other departments', ['agent', 'supervisor']),
  action('escalations.answer', 'Record or close escalation answers', ['agent', 'supervisor']),
  action('visits.manage', 'Schedule and record on-site visits', ['agent', 'supervisor']),
  action('notifications.read', 'Read the notification outbox (pending, sent and dead e-mails)', ['agent', 'supervisor']),
  action('notifications.retry', 'Send dead notifications again', ['supervisor']),
  action('inventory.read', 'Read parts, their stock ledger and the parts of tickets', ['agent', 'supervisor']),
  action('inventory.reserve', 'Reserve, release and consume parts for tickets', ['agent', 'supervisor']),
  action('inventory.manage', 'Receive, return, scrap and adjust stock', ['supervisor']),
  action('returns.manage', 'Open returns (RMA) and run their life cycle', ['agent', 'supervisor']),
  action('trainings.read', 'Read training sessions and their enrollments', ['agent', 'supervisor']),
  action('trainings.enroll', 'Enroll in training sessions and cancel one’s own enrollment', ['agent', 'supervisor']),
  action('trainings.manage', 'Enroll or cancel others, record attendance and scores', ['supervisor']),
  action('update-notices.read', 'See the technical update notices of a ticket’s or an asset’s equipment', ['agent', 'supervisor']),
] as const;

export type PluginActionUid = (typeof PLUGIN_ACTIONS)[number]['uid'];

export const actionId = (uid: PluginActionUid | string) => `plugin::support-desk.${uid}`;

/** For Strapi's action provider (it rejects unknown keys). */
export const actionDefinitions = () => PLUGIN_ACTIONS.map(({ grantedTo: _grantedTo, ...definition }) => definition);

export const AGENT_PLUGIN_ACTIONS = PLUGIN_ACTIONS.filter((a) => (a.grantedTo as readonly Grant[]).includes('agent')).map((a) => actionId(a.uid));
export const SUPERVISOR_PLUGIN_ACTIONS = PLUGIN_ACTIONS.map((a) => actionId(a.uid));
