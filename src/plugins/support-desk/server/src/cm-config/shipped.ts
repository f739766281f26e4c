/**
 * The Content Manager configuration the project ships for the support desk's content types (pure
 * data; applied at start-up by bootstrap/cm-config.ts through cm-config/merge.ts).
 *
 * - List views: useful columns, newest (or nearest due) first, 20 a page.
 * - The same format states the business calendar and SLA contract views and their components
 *   (calendar/cm-config.ts), applied with their own record of what was applied.
 * - Edit views: fields the system maintains (SLA timestamps, counters, version, the workflow state)
 *   are read-only or hidden; relations name their target (organization by name, people by name).
 * - Labels: English labels here; the zh-Hans ones are admin translations keyed
 *   `content-manager.content-types.<uid>.<field>` (admin/src/translations/cm/zh-Hans.json), which the
 *   Content Manager looks up first. Descriptions are bilingual (the Content Manager shows the
 *   configured description as it is).
 */
import type { Json, Paths } from './merge';

export interface TypeSpec {
  /** List view columns. */
  list?: string[];
  sort?: [string, 'ASC' | 'DESC'];
  pageSize?: number;
  /** The field naming an entry of this type in relations and titles. */
  mainField?: string;
  /** Shown, but only the system changes them. */
  readOnly?: string[];
  /** Not shown in the edit view (internal bookkeeping). */
  hidden?: string[];
  /** Relation field → the target field it is shown by. */
  relationNames?: Record<string, string>;
  /** Field → "English · 中文" description shown under the input. */
  descriptions?: Record<string, string>;
  /** Field → English label (edit and list) where the type wants other words than `englishLabel`. */
  labels?: Record<string, string>;
  /** Field → placeholder of the input. */
  placeholders?: Record<string, string>;
  /** The edit form's rows (`layouts.edit`), where the Content Manager's default reads badly. */
  editLayout?: { name: string; size: number }[][];
}

const PEOPLE = { assignee: 'firstname', engineer: 'firstname', responsible_editor: 'firstname', raised_by: 'firstname', lead: 'firstname', trainer: 'firstname', attendee_admin: 'firstname', actor: 'firstname' };
const CONTACTS = { requester: 'username', user: 'username', attendee_user: 'username', contact: 'username' };

export const SHIPPED_TYPES: Record<string, TypeSpec> = {
  'api::ticket.ticket': {
    list: ['number', 'subject', 'organization', 'state', 'priority', 'assignee', 'resolution_due_at'],
    sort: ['createdAt', 'DESC'],
    mainField: 'number',
    readOnly: [
      'number', 'state', 'first_response_due_at', 'first_responded_at', 'first_response_breached_at', 'resolution_due_at',
      'resolution_breached_at', 'resolved_at', 'closed_at', 'sla_paused_minutes', 'escalation_level', 'reopen_count', 'csat_rating',
      'first_response_business_minutes', 'resolution_business_minutes', 'sla_contract', 'survey', 'escalations', 'stock_movements', 'onsite_visits',
    ],
    hidden: [
      'first_response_warn_at', 'first_response_warned_at', 'resolution_warn_at', 'resolution_warned_at', 'sla_paused_at', 'sla_paused_ms',
      'resolution_remaining_minutes', 'public_agent_messages', 'version', 'parts_cost',
      // Summed per part by the Parts side panel (components/PartsPanel.tsx); the movements themselves are in
      // Stock movement. One relation request less per opening of a ticket.
      'stock_movements',
      // Read-only lists the system keeps, each on the ticket's timeline (escalated, visit booked/done,
      // survey sent/answered) and in its own Content Manager list; the SLA contract is named in the
      // Workflow panel. Every relation field of the edit view costs two requests per opening (its
      // entries and its picker's search) and two more whenever the form's initial values are replaced.
      'escalations', 'onsite_visits', 'survey', 'sla_contract',
      // Edited in the Workflow panel's Links section (related KB articles with a KB search picker, CC
      // contacts from the organization's contacts, follow-up of by ticket number; POST
      // /tickets/:documentId/links): rarely changed, and as form fields they cost requests and
      // renderer time on every opening.
      'related_articles', 'cc_contacts', 'follow_up_of',
      // The SLA clocks and their marks: the Workflow panel shows each clock's state (running, paused
      // with the minutes left, met, breached) and due date in the reader's locale, the timeline when
      // the ticket was answered, resolved, closed, escalated or reopened; the business minutes are the
      // dashboard's. As form fields they were a third of the edit view's inputs, and rendering the
      // form is most of the renderer's time when a ticket opens (tests/e2e/ticket-page-profile.test.ts).
      'first_response_due_at', 'resolution_due_at', 'first_response_breached_at', 'resolution_breached_at', 'sla_paused_minutes',
      'first_response_business_minutes', 'resolution_business_minutes', 'escalation_level', 'reopen_count',
      'first_responded_at', 'resolved_at', 'closed_at',
    ],
    relationNames: { ...PEOPLE, ...CONTACTS, organization: 'name', asset: 'serial_number', group: 'name', sla_contract: 'name', fault_category: 'name', related_articles: 'title', cc_contacts: 'username', follow_up_of: 'number', survey: 'id' },
    descriptions: {
      number: 'Given by the system when the ticket is created · 创建时由系统编号',
      state: 'Changed only through the Workflow panel actions · 只能通过右侧“工作流”面板的操作更改',
      priority: 'Derived from urgency × impact; an override needs a reason · 由紧急度 × 影响度得出；手动调整须填写原因',
      skills_required: 'Skills the assignee needs (used by automatic routing) · 处理人需要的技能（自动分派使用）',
      first_response_due_at: 'SLA first-response deadline, computed from the contract · 按 SLA 合同计算的首次响应期限',
      resolution_due_at: 'SLA resolution deadline, computed from the contract · 按 SLA 合同计算的解决期限',
      escalation_level: 'Raised by escalations · 由升级操作提高',
      sla_paused_minutes: 'Time the SLA clock was paused (awaiting customer) · SLA 计时暂停的时长（等待客户）',
      fault_category: 'Required to resolve a fault ticket · 解决故障类工单时必填',
      root_cause: 'Required to resolve a fault ticket · 解决故障类工单时必填',
    },
  },
  'api::kb-article.kb-article': {
    list: ['title', 'slug', 'category', 'visibility', 'view_count', 'updatedAt'],
    sort: ['updatedAt', 'DESC'],
    mainField: 'title',
    readOnly: ['helpful_count', 'not_helpful_count', 'view_count', 'source_tickets'],
    relationNames: { ...PEOPLE, category: 'name', source_tickets: 'number' },
    descriptions: {
      slug: 'Made from the title (pinyin for Chinese), unique per language · 由标题生成（中文转为拼音），每种语言内唯一',
      tags: 'Type a tag and press Enter · 输入标签后按回车',
      product_lines: 'Type a product line and press Enter · 输入产品线后按回车',
      helpful_count: 'Counted from readers’ feedback · 由读者反馈统计',
      view_count: 'Counted from readers’ visits · 由读者访问统计',
      visibility: 'Internal articles are visible to staff only · 内部文章仅员工可见',
    },
  },
  'api::kb-category.kb-category': { list: ['name', 'slug', 'parent', 'sort_order'], sort: ['sort_order', 'ASC'], mainField: 'name', relationNames: { parent: 'name', children: 'name', articles: 'title' } },
  'api::kb-synonym.kb-synonym': { list: ['terms', 'note', 'updatedAt'], sort: ['updatedAt', 'DESC'], descriptions: { terms: 'Words searched as one · 搜索时视为同义的词' } },
  'api::organization.organization': {
    list: ['name', 'code', 'region', 'sla_contract'], sort: ['name', 'ASC'], mainField: 'name',
    relationNames: { sla_contract: 'name', contacts: 'username', assets: 'serial_number', tickets: 'number' }, readOnly: ['tickets'],
  },
  'api::asset.asset': { list: ['serial_number', 'model', 'product_line', 'organization', 'warranty_until'], sort: ['serial_number', 'ASC'], mainField: 'serial_number', relationNames: { organization: 'name', tickets: 'number' }, readOnly: ['tickets'] },
  'api::support-group.support-group': { list: ['name', 'code', 'product_line', 'region', 'lead'], sort: ['name', 'ASC'], mainField: 'name', relationNames: { ...PEOPLE, members: 'firstname', agent_profiles: 'display_name', tickets: 'number' }, readOnly: ['tickets'] },
  'api::agent-profile.agent-profile': {
    list: ['display_name', 'email', 'department', 'available', 'max_open_tickets'], sort: ['display_name', 'ASC'], mainField: 'display_name',
    relationNames: { user: 'firstname', groups: 'name' }, readOnly: ['last_assigned_at'],
    descriptions: { skills: 'Skills used by automatic routing · 自动分派使用的技能', last_assigned_at: 'Set by routing · 由自动分派记录' },
  },
  'api::fault-category.fault-category': { list: ['name', 'code', 'parent'], sort: ['code', 'ASC'], mainField: 'name', relationNames: { parent: 'name', children: 'name', tickets: 'number' }, readOnly: ['tickets'] },
  'api::escalation.escalation': { list: ['ticket', 'department', 'level', 'state', 'raised_by', 'createdAt'], sort: ['createdAt', 'DESC'], relationNames: { ...PEOPLE, ...CONTACTS, ticket: 'number' }, readOnly: ['answered_at', 'closed_at'] },
  'api::onsite-visit.onsite-visit': { list: ['ticket', 'engineer', 'state', 'scheduled_start', 'scheduled_end'], sort: ['scheduled_start', 'DESC'], relationNames: { ...PEOPLE, ticket: 'number' }, readOnly: ['arrived_at', 'completed_at'] },
  'api::satisfaction-survey.satisfaction-survey': { list: ['ticket', 'rating', 'sent_at', 'answered_at'], sort: ['sent_at', 'DESC'], relationNames: { ticket: 'number' }, readOnly: ['rating', 'comment', 'sent_at', 'answered_at', 'expires_at'], hidden: ['token'] },
  'api::part.part': { list: ['sku', 'name', 'on_hand', 'reserved', 'reorder_point', 'stock_alert'], sort: ['sku', 'ASC'], mainField: 'name', readOnly: ['on_hand', 'reserved', 'stock_alert', 'stock_alert_since', 'movements'], relationNames: { movements: 'id' } },
  'api::stock-movement.stock-movement': { list: ['part', 'kind', 'quantity', 'ticket', 'actor_name', 'createdAt'], sort: ['createdAt', 'DESC'], relationNames: { ...PEOPLE, part: 'name', ticket: 'number', visit: 'id' }, readOnly: ['on_hand_delta', 'reserved_delta', 'on_hand_after', 'reserved_after', 'actor_name'] },
  'api::rma.rma': { list: ['number', 'ticket', 'organization', 'state', 'outcome', 'createdAt'], sort: ['createdAt', 'DESC'], mainField: 'number', relationNames: { ticket: 'number', asset: 'serial_number', organization: 'name', returned_part: 'name', replacement_part: 'name' }, readOnly: ['number', 'received_at', 'completed_at'] },
  'api::training.training': { list: ['title', 'code', 'audience', 'product_line', 'duration_hours'], sort: ['title', 'ASC'], mainField: 'title', relationNames: { sessions: 'starts_at' } },
  'api::training-session.training-session': { list: ['training', 'starts_at', 'trainer', 'capacity', 'state'], sort: ['starts_at', 'DESC'], relationNames: { ...PEOPLE, training: 'title', enrollments: 'id' } },
  'api::enrollment.enrollment': { list: ['session', 'attendee_user', 'attendee_admin', 'state', 'enrolled_at'], sort: ['enrolled_at', 'DESC'], relationNames: { ...PEOPLE, ...CONTACTS, session: 'starts_at' }, readOnly: ['enrolled_at'] },
  'api::equipment.equipment': { list: ['name', 'tag', 'kind', 'location', 'state'], sort: ['name', 'ASC'], mainField: 'name' },
  'api::equipment-checkout.equipment-checkout': { list: ['equipment', 'engineer', 'state', 'checked_out_at', 'returned_at'], sort: ['checked_out_at', 'DESC'], relationNames: { ...PEOPLE, equipment: 'name', visit: 'id' }, readOnly: ['checked_out_at', 'returned_at'] },
  'plugin::support-desk.ticket-event': { list: ['ticket', 'kind', 'actor_name', 'visibility', 'createdAt'], sort: ['createdAt', 'DESC'], relationNames: { ticket: 'number' } },
  'plugin::support-desk.notification': { list: ['recipient_email', 'template', 'state', 'attempts', 'createdAt'], sort: ['createdAt', 'DESC'], relationNames: { ticket: 'number' }, hidden: ['claim_token', 'claimed_at'] },
  'plugin::support-desk.inbound-mail': { list: ['from_address', 'subject', 'outcome', 'ticket', 'createdAt'], sort: ['createdAt', 'DESC'], relationNames: { ticket: 'number' } },
  'api::update-notice.update-notice': {
    list: ['version', 'title_en', 'severity', 'first_published_at', 'updatedAt'], sort: ['updatedAt', 'DESC'], mainField: 'title_en', readOnly: ['first_published_at'],
    descriptions: {
      product_lines: 'Product lines it concerns (organizations owning their assets are told) · 涉及的产品线（拥有相关设备的客户会收到通知）',
      models: 'Models it concerns · 涉及的型号',
      first_published_at: 'Set when first published; contacts are mailed once · 首次发布时记录；每位联系人只通知一次',
    },
  },
  'plugin::support-desk.canned-reply': {
    list: ['title', 'language', 'active', 'updatedAt'], sort: ['title', 'ASC'], mainField: 'title',
    descriptions: { body: 'Placeholders: {{ticket.number}}, {{ticket.subject}}, {{requester.name}}, {{agent.name}} · 占位符在插入时按工单填写' },
  },
  'plugin::support-desk.kb-revision': { list: ['title', 'article_locale', 'revision', 'author_name', 'createdAt'], sort: ['createdAt', 'DESC'] },
};

/** English labels that read better than the field name made readable. */
const EN_LABELS: Record<string, string> = {
  createdAt: 'Created', updatedAt: 'Updated', publishedAt: 'Published', sla_contract: 'SLA contract', sla_paused_minutes: 'SLA paused (minutes)',
  sla_paused_ms: 'SLA paused (ms)', sla_paused_at: 'SLA paused since', csat_rating: 'Satisfaction rating', external_ref: 'External reference',
  cc_contacts: 'CC contacts', follow_up_of: 'Follow-up of', sku: 'SKU', rma: 'RMA', uid: 'UID', uid_validity: 'UID validity', first_responded_at: 'First response at',
  resolution_due_at: 'Resolution due', first_response_due_at: 'First response due', helpful_count: 'Helpful', not_helpful_count: 'Not helpful', view_count: 'Views',
  is_fallback: 'Fallback group', is_department_contact: 'Department contact', mail_on_received: 'Mail when received', mail_on_comment: 'Mail on agent reply',
  mail_on_solution: 'Mail on proposed solution', mail_on_resolved: 'Mail when resolved', mail_on_closed: 'Mail when closed', max_open_tickets: 'Max. open tickets',
};

export function englishLabel(field: string): string {
  if (EN_LABELS[field]) return EN_LABELS[field];
  const words = field.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The paths and values of one type's shipped configuration; `attributes`: the type's field names. */
export function shippedPaths(spec: TypeSpec, attributes: string[]): Paths {
  const paths: Paths = {};
  const set = (path: string, value: Json) => (paths[path] = value);
  if (spec.list) set('layouts.list', spec.list);
  if (spec.sort) {
    set('settings.defaultSortBy', spec.sort[0]);
    set('settings.defaultSortOrder', spec.sort[1]);
  }
  // A page size only for types with a list view (a component has none).
  if (spec.list || spec.pageSize) set('settings.pageSize', spec.pageSize ?? 20);
  if (spec.mainField) set('settings.mainField', spec.mainField);
  if (spec.editLayout) set('layouts.edit', spec.editLayout);
  for (const field of attributes) {
    const label = spec.labels?.[field] ?? englishLabel(field);
    set(`metadatas.${field}.edit.label`, label);
    set(`metadatas.${field}.list.label`, label);
    if (spec.descriptions?.[field]) set(`metadatas.${field}.edit.description`, spec.descriptions[field]);
    if (spec.placeholders?.[field]) set(`metadatas.${field}.edit.placeholder`, spec.placeholders[field]);
    if (spec.readOnly?.includes(field)) set(`metadatas.${field}.edit.editable`, false);
    if (spec.hidden?.includes(field)) set(`metadatas.${field}.edit.visible`, false);
    if (spec.relationNames?.[field]) set(`metadatas.${field}.edit.mainField`, spec.relationNames[field]);
  }
  return paths;
}

