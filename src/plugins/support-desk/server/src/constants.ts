/** Content-type UIDs: every module of the plugin server names a content type through these. */
export const ORGANIZATION_UID = 'api::organization.organization';
export const ASSET_UID = 'api::asset.asset';
export const SLA_CONTRACT_UID = 'api::sla-contract.sla-contract';
export const CALENDAR_UID = 'api::business-calendar.business-calendar';
export const GROUP_UID = 'api::support-group.support-group';
export const AGENT_PROFILE_UID = 'api::agent-profile.agent-profile';
export const TICKET_UID = 'api::ticket.ticket';
export const ESCALATION_UID = 'api::escalation.escalation';
export const VISIT_UID = 'api::onsite-visit.onsite-visit';
export const SURVEY_UID = 'api::satisfaction-survey.satisfaction-survey';
export const FAULT_CATEGORY_UID = 'api::fault-category.fault-category';
export const ARTICLE_UID = 'api::kb-article.kb-article';
export const CATEGORY_UID = 'api::kb-category.kb-category';
export const SYNONYM_UID = 'api::kb-synonym.kb-synonym';
export const PART_UID = 'api::part.part';
export const STOCK_MOVEMENT_UID = 'api::stock-movement.stock-movement';
export const TRAINING_UID = 'api::training.training';
export const TRAINING_SESSION_UID = 'api::training-session.training-session';
export const ENROLLMENT_UID = 'api::enrollment.enrollment';
export const RMA_UID = 'api::rma.rma';
export const EQUIPMENT_UID = 'api::equipment.equipment';
export const EQUIPMENT_CHECKOUT_UID = 'api::equipment-checkout.equipment-checkout';
export const UPDATE_NOTICE_UID = 'api::update-notice.update-notice';
export const TICKET_EVENT_UID = 'plugin::support-desk.ticket-event';
export const NOTIFICATION_UID = 'plugin::support-desk.notification';
export const CANNED_REPLY_UID = 'plugin::support-desk.canned-reply';
export const REVISION_UID = 'plugin::support-desk.kb-revision';
export const SEQUENCE_UID = 'plugin::support-desk.sequence';
export const INBOUND_MAIL_UID = 'plugin::support-desk.inbound-mail';
export const ADMIN_USER_UID = 'admin::user';
export const USER_UID = 'plugin::users-permissions.user';
export const UP_ROLE_UID = 'plugin::users-permissions.role';
export const UP_PERMISSION_UID = 'plugin::users-permissions.permission';

/** Content types of the support domain, in the order the seed and the role grants use them. */
export const SUPPORT_CONTENT_TYPES = [
  ORGANIZATION_UID,
  ASSET_UID,
  SLA_CONTRACT_UID,
  CALENDAR_UID,
  GROUP_UID,
  AGENT_PROFILE_UID,
  TICKET_UID,
  ESCALATION_UID,
  VISIT_UID,
  SURVEY_UID,
  FAULT_CATEGORY_UID,
  ARTICLE_UID,
  CATEGORY_UID,
  SYNONYM_UID,
  PART_UID,
  STOCK_MOVEMENT_UID,
  TRAINING_UID,
  TRAINING_SESSION_UID,
  ENROLLMENT_UID,
  RMA_UID,
  EQUIPMENT_UID,
  EQUIPMENT_CHECKOUT_UID,
  UPDATE_NOTICE_UID,
  TICKET_EVENT_UID,
  NOTIFICATION_UID,
  CANNED_REPLY_UID,
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
