/** Content types of the support domain, in the order the seed and the role grants use them. */
export const SUPPORT_CONTENT_TYPES = [
  'api::organization.organization',
  'api::asset.asset',
  'api::sla-contract.sla-contract',
  'api::business-calendar.business-calendar',
  'api::support-group.support-group',
  'api::agent-profile.agent-profile',
  'api::ticket.ticket',
  'api::escalation.escalation',
  'api::onsite-visit.onsite-visit',
  'api::satisfaction-survey.satisfaction-survey',
  'api::fault-category.fault-category',
  'api::kb-article.kb-article',
  'api::kb-category.kb-category',
  'api::part.part',
  'api::stock-movement.stock-movement',
  'api::training.training',
  'api::training-session.training-session',
  'api::enrollment.enrollment',
  'plugin::support-desk.ticket-event',
  'plugin::support-desk.notification',
] as const;

export type SupportContentType = (typeof SUPPORT_CONTENT_TYPES)[number];

export const PLUGIN_ID = 'support-desk';
export const CUSTOMER_ROLE_TYPE = 'customer';
export const AGENT_ROLE_CODE = 'support-agent';
export const SUPERVISOR_ROLE_CODE = 'support-supervisor';
export const CONTENT_LOCALES = [
  { code: 'en', name: 'English (en)', isDefault: true },
  { code: 'zh-Hans', name: 'Chinese (Simplified) (zh-Hans)', isDefault: false },
] as const;

/** Strategy names of Strapi API tokens (5.54: content-api-token; older: api-token). */
export const API_TOKEN_STRATEGIES = ['content-api-token', 'api-token', 'admin-token'];
