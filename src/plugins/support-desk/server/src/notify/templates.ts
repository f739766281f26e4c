/**
 * Notification templates in zh-Hans and en (pure). A template turns a payload into structured
 * content (subject, paragraphs, facts, quote, link); `render.ts` makes text and HTML of it and does
 * all escaping, so templates handle raw strings only.
 *
 * Payload fields per template (all strings unless noted; instants as ISO strings; `url` is an
 * optional absolute http(s) link; `document_id` of a ticket/article gives agents an admin link when
 * PUBLIC_URL is set). Fields marked * are required at enqueue.
 * - ticket_created        number*, subject, priority, first_response_due_at, url           → customer
 * - ticket_status_changed number*, subject, from, to*, message, url                        → customer
 * - public_comment        number*, subject, author, body*, url                             → customer
 * - escalation_raised     number*, subject, department*, reason, level (number), raised_by,
 *                         document_id                                                      → department contact
 * - escalation_answered   number*, subject, department*, answer*, answered_by, document_id → agent who raised it
 * - visit_scheduled       number*, subject, window_start*, window_end, engineer, address,
 *                         time_zone (fallback when the recipient has none), url            → customer
 * - sla_warning/sla_breach number*, subject, priority, clock* (first_response|resolution), due_at*,
 *                         escalation_level (number), document_id                           → assignee, group lead
 * - survey_invitation     number*, subject, token*, url (else built from the survey URL setting) → customer
 * - solution_proposed     number*, subject, solution*, url (asks for approval)                → customer
 * - ticket_resolved       number*, subject, solution, survey_token (the requester's survey link), url → customer
 * - ticket_closed         number*, subject, url                                              → customer
 * - mail_refused          reason*, subject (an incoming mail we did not take)                → its sender
 * - kb_review_due         title*, review_due_at*, locale, document_id, url                 → responsible editor
 * - monthly_report        month*, opened, resolved, backlog_end, first_response_compliance, resolution_compliance,
 *                         csat_average, csat_responses, top_faults, escalations (numbers; compliance in %) → product department
 * - training_promoted     title*, starts_at*, ends_at, location                              → attendee moved from the waitlist to a seat
 * - training_reminder     title*, starts_at*, ends_at, location                              → enrolled attendee, TRAINING_REMINDER_LEAD_HOURS before
 * - training_cancelled    title*, starts_at*, ends_at, location, reason                      → enrolled and waitlisted attendees of a cancelled session
 * - update_notice         version*, title_en*, title_zh*, notes_en, notes_zh, severity (info|recommended|critical),
 *                         product_lines, models, assets (the organization's concerned serial numbers) → contacts
 * - stock_alert           sku*, level* (shortage|overstock), name, available, on_hand, reserved, reorder_point, max_stock,
 *                         suggested_purchase (number), excess (number), document_id          → inventory managers (supervisors)
 */
import type { MessageLocale } from './locale';
import { formatInstant, formatWindow, oneLine, safeUrl, text } from './format';
import { ARTICLE_UID, PART_UID, TICKET_UID } from '../constants';

export type Payload = Record<string, unknown>;

export interface RenderContext {
  locale: MessageLocale;
  recipientName: string;
  /** IANA zone in which instants are shown to this recipient. */
  timeZone: string;
  /** Public URL of the server (PUBLIC_URL), '' when unknown. */
  publicUrl: string;
  /** Survey link pattern with `{token}` (and optionally `{publicUrl}`). */
  surveyUrl: string;
}

export interface MessageContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  facts: Array<[label: string, value: string]>;
  quote?: { label: string; body: string };
  action?: { label: string; url: string };
}

type Builder = (p: Payload, ctx: RenderContext) => MessageContent;

export interface TemplateDefinition {
  /** Payload fields enqueue insists on. */
  required: readonly string[];
  locales: Partial<Record<MessageLocale, Builder>>;
}

const STATUS: Record<MessageLocale, Record<string, string>> = {
  'zh-Hans': {
    new: '新建',
    triaged: '已分派',
    in_progress: '处理中',
    awaiting_customer: '等待您的回复',
    solution_proposed: '已提出解决方案',
    resolved: '已解决',
    closed: '已关闭',
    cancelled: '已取消',
  },
  en: {
    new: 'New',
    triaged: 'Triaged',
    in_progress: 'In progress',
    awaiting_customer: 'Awaiting your reply',
    solution_proposed: 'Solution proposed',
    resolved: 'Resolved',
    closed: 'Closed',
    cancelled: 'Cancelled',
  },
};

const DEPARTMENT: Record<MessageLocale, Record<string, string>> = {
  'zh-Hans': { rd: '研发部', product: '产品部', qa: '质量部', sales: '销售部', management: '管理层', tier2: '二线支持', support: '技术支持部' },
  en: { rd: 'R&D', product: 'Product', qa: 'QA', sales: 'Sales', management: 'Management', tier2: 'Tier 2', support: 'Support' },
};

const CLOCK: Record<MessageLocale, Record<string, string>> = {
  'zh-Hans': { first_response: '首次响应', resolution: '解决' },
  en: { first_response: 'first response', resolution: 'resolution' },
};

const label = (table: Record<string, string>, value: unknown) => {
  const key = text(value);
  return table[key] ?? key;
};

const greet = (ctx: RenderContext) =>
  ctx.locale === 'en' ? `Dear ${ctx.recipientName || 'customer'},` : `${ctx.recipientName || '客户'}，您好：`;
const greetColleague = (ctx: RenderContext) => (ctx.locale === 'en' ? `Hello ${ctx.recipientName || 'colleague'},` : `${ctx.recipientName || '同事'}，您好：`);

/** `[TS-000123] ` before a subject line. */
const tag = (p: Payload) => (text(p.number) ? `[${text(p.number)}] ` : '');

function facts(rows: Array<[string, string]>): Array<[string, string]> {
  return rows.filter(([, v]) => v !== '');
}

/** A fact row for every locale: its label per locale and how its value is read from the payload. */
type FactRow = readonly [label: Record<MessageLocale, string>, value: (p: Payload, ctx: RenderContext) => string];

/** The facts of a table of rows in the recipient's locale (rows without a value left out). */
const factsOf = (rows: readonly FactRow[], p: Payload, ctx: RenderContext) => facts(rows.map(([l, value]) => [l[ctx.locale], value(p, ctx)]));

const STOCK_FACTS: readonly FactRow[] = [
  [{ 'zh-Hans': '可用', en: 'Available' }, (p) => text(p.available)],
  [{ 'zh-Hans': '在库', en: 'On hand' }, (p) => text(p.on_hand)],
  [{ 'zh-Hans': '已预留', en: 'Reserved' }, (p) => text(p.reserved)],
  [{ 'zh-Hans': '再订货点', en: 'Reorder point' }, (p) => text(p.reorder_point)],
  [{ 'zh-Hans': '最高库存', en: 'Maximum stock' }, (p) => text(p.max_stock)],
  [{ 'zh-Hans': '建议采购', en: 'Suggested purchase' }, (p) => text(p.suggested_purchase)],
  [{ 'zh-Hans': '超出', en: 'Excess' }, (p) => text(p.excess)],
];

/** A training session's facts (reminder, promotion, cancellation). */
const TRAINING_FACTS: readonly FactRow[] = [
  [{ 'zh-Hans': '培训', en: 'Training' }, (p) => text(p.title)],
  [{ 'zh-Hans': '时间', en: 'When' }, (p, ctx) => formatWindow(p.starts_at, p.ends_at, ctx.timeZone, ctx.locale)],
  [{ 'zh-Hans': '地点', en: 'Where' }, (p) => text(p.location)],
];

const SEVERITY: Record<MessageLocale, Record<string, string>> = {
  'zh-Hans': { info: '信息', recommended: '建议更新', critical: '重要，请尽快更新' },
  en: { info: 'Information', recommended: 'Recommended', critical: 'Critical: please update soon' },
};

const NOTICE_FACTS: readonly FactRow[] = [
  [{ 'zh-Hans': '版本', en: 'Version' }, (p) => text(p.version)],
  [{ 'zh-Hans': '重要性', en: 'Importance' }, (p, ctx) => label(SEVERITY[ctx.locale], p.severity)],
  [{ 'zh-Hans': '产品线', en: 'Product lines' }, (p) => text(p.product_lines)],
  [{ 'zh-Hans': '型号', en: 'Models' }, (p) => text(p.models)],
  [{ 'zh-Hans': '贵方相关设备', en: 'Your equipment concerned' }, (p) => text(p.assets)],
];

/** A notice's title and notes in the recipient's language (the other language when theirs is empty). */
const noticeText = (p: Payload, locale: MessageLocale) => {
  const [mine, other] = locale === 'en' ? (['en', 'zh'] as const) : (['zh', 'en'] as const);
  return { title: text(p[`title_${mine}`]) || text(p[`title_${other}`]), notes: text(p[`notes_${mine}`]) || text(p[`notes_${other}`]) };
};

const ticketLink = (p: Payload, ctx: RenderContext, labelText: string) => {
  const url = safeUrl(p.url);
  return url ? { label: labelText, url } : undefined;
};

/** Admin edit view of a document, for agents, when PUBLIC_URL is known. */
const adminLink = (uid: string, p: Payload, ctx: RenderContext, labelText: string) => {
  const direct = safeUrl(p.url);
  if (direct) return { label: labelText, url: direct };
  const documentId = text(p.document_id);
  const base = safeUrl(ctx.publicUrl);
  if (!documentId || !base) return undefined;
  return { label: labelText, url: `${base.replace(/\/$/, '')}/admin/content-manager/collection-types/${uid}/${encodeURIComponent(documentId)}` };
};


function surveyLink(p: Payload, ctx: RenderContext): string | null {
  const direct = safeUrl(p.url);
  if (direct) return direct;
  const token = text(p.token);
  if (!token) return null;
  return safeUrl(ctx.surveyUrl.replace('{publicUrl}', ctx.publicUrl.replace(/\/$/, '')).replace('{token}', encodeURIComponent(token)));
}

export const TEMPLATES = {
  ticket_created: {
    required: ['number'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `${tag(p)}您的工单已受理：${text(p.subject)}`,
        greeting: greet(ctx),
        paragraphs: [`我们已收到您的服务请求，工单号为 ${text(p.number)}。工程师将尽快与您联系。`],
        facts: facts([
          ['主题', text(p.subject)],
          ['优先级', text(p.priority)],
          ['首次响应截止', formatInstant(p.first_response_due_at, ctx.timeZone, ctx.locale)],
        ]),
        action: ticketLink(p, ctx, '查看工单'),
      }),
      en: (p, ctx) => ({
        subject: `${tag(p)}We have received your request: ${text(p.subject)}`,
        greeting: greet(ctx),
        paragraphs: [`We have received your request; its number is ${text(p.number)}. An engineer will contact you shortly.`],
        facts: facts([
          ['Subject', text(p.subject)],
          ['Priority', text(p.priority)],
          ['First response due', formatInstant(p.first_response_due_at, ctx.timeZone, ctx.locale)],
        ]),
        action: ticketLink(p, ctx, 'View your request'),
      }),
    },
  },

  ticket_status_changed: {
    required: ['number', 'to'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `${tag(p)}工单状态更新：${label(STATUS['zh-Hans'], p.to)}`,
        greeting: greet(ctx),
        paragraphs: [`您的工单 ${text(p.number)} 状态已更新为「${label(STATUS['zh-Hans'], p.to)}」。`],
        facts: facts([
          ['主题', text(p.subject)],
          ['原状态', label(STATUS['zh-Hans'], p.from)],
          ['新状态', label(STATUS['zh-Hans'], p.to)],
        ]),
        quote: text(p.message) ? { label: '说明', body: text(p.message) } : undefined,
        action: ticketLink(p, ctx, '查看工单'),
      }),
      en: (p, ctx) => ({
        subject: `${tag(p)}Status changed to ${label(STATUS.en, p.to)}`,
        greeting: greet(ctx),
        paragraphs: [`The status of your request ${text(p.number)} is now “${label(STATUS.en, p.to)}”.`],
        facts: facts([
          ['Subject', text(p.subject)],
          ['Previous status', label(STATUS.en, p.from)],
          ['New status', label(STATUS.en, p.to)],
        ]),
        quote: text(p.message) ? { label: 'Note', body: text(p.message) } : undefined,
        action: ticketLink(p, ctx, 'View your request'),
      }),
    },
  },

  public_comment: {
    required: ['number', 'body'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `${tag(p)}工单有新回复：${text(p.subject)}`,
        greeting: greet(ctx),
        paragraphs: [`${text(p.author) || '工程师'} 回复了您的工单 ${text(p.number)}：`],
        facts: [],
        quote: { label: '回复内容', body: text(p.body) },
        action: ticketLink(p, ctx, '查看并回复'),
      }),
      en: (p, ctx) => ({
        subject: `${tag(p)}New reply on your request: ${text(p.subject)}`,
        greeting: greet(ctx),
        paragraphs: [`${text(p.author) || 'Our engineer'} replied to your request ${text(p.number)}:`],
        facts: [],
        quote: { label: 'Reply', body: text(p.body) },
        action: ticketLink(p, ctx, 'View and reply'),
      }),
    },
  },

  solution_proposed: {
    required: ['number', 'solution'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `${tag(p)}请确认解决方案：${text(p.subject)}`,
        greeting: greet(ctx),
        paragraphs: [
          `我们为您的工单 ${text(p.number)} 提出了以下解决方案。请确认是否接受：在客户门户中批准或拒绝，或直接回复本邮件告诉我们。`,
        ],
        facts: facts([['主题', text(p.subject)]]),
        quote: { label: '解决方案', body: text(p.solution) },
        action: ticketLink(p, ctx, '批准或拒绝'),
      }),
      en: (p, ctx) => ({
        subject: `${tag(p)}Please approve the proposed solution: ${text(p.subject)}`,
        greeting: greet(ctx),
        paragraphs: [
          `We propose the solution below for your request ${text(p.number)}. Please approve or reject it in the customer portal, or simply reply to this mail.`,
        ],
        facts: facts([['Subject', text(p.subject)]]),
        quote: { label: 'Proposed solution', body: text(p.solution) },
        action: ticketLink(p, ctx, 'Approve or reject'),
      }),
    },
  },

  ticket_resolved: {
    required: ['number'],
    locales: {
      'zh-Hans': (p, ctx) => {
        const survey = surveyLink({ token: p.survey_token }, ctx);
        return {
          subject: `${tag(p)}工单已解决：${text(p.subject)}`,
          greeting: greet(ctx),
          paragraphs: [
            `您的工单 ${text(p.number)} 已解决。如问题仍然存在，请直接回复本邮件，我们会重新处理。`,
            ...(survey ? ['请花一分钟评价本次服务，您的意见对我们很重要。'] : []),
          ],
          facts: facts([['主题', text(p.subject)]]),
          quote: text(p.solution) ? { label: '解决方案', body: text(p.solution) } : undefined,
          action: survey ? { label: '参与满意度调查', url: survey } : ticketLink(p, ctx, '查看工单'),
        };
      },
      en: (p, ctx) => {
        const survey = surveyLink({ token: p.survey_token }, ctx);
        return {
          subject: `${tag(p)}Your request is resolved: ${text(p.subject)}`,
          greeting: greet(ctx),
          paragraphs: [
            `Your request ${text(p.number)} has been resolved. If the problem is still there, just reply to this mail and we will pick it up again.`,
            ...(survey ? ['Please take a minute to rate our service.'] : []),
          ],
          facts: facts([['Subject', text(p.subject)]]),
          quote: text(p.solution) ? { label: 'Solution', body: text(p.solution) } : undefined,
          action: survey ? { label: 'Rate our service', url: survey } : ticketLink(p, ctx, 'View your request'),
        };
      },
    },
  },

  ticket_closed: {
    required: ['number'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `${tag(p)}工单已关闭：${text(p.subject)}`,
        greeting: greet(ctx),
        paragraphs: [`您的工单 ${text(p.number)} 已关闭。感谢您的耐心。如需进一步帮助，回复本邮件即可。`],
        facts: facts([['主题', text(p.subject)]]),
        action: ticketLink(p, ctx, '查看工单'),
      }),
      en: (p, ctx) => ({
        subject: `${tag(p)}Your request is closed: ${text(p.subject)}`,
        greeting: greet(ctx),
        paragraphs: [`Your request ${text(p.number)} is closed. Thank you for your patience. Reply to this mail if you need anything more.`],
        facts: facts([['Subject', text(p.subject)]]),
        action: ticketLink(p, ctx, 'View your request'),
      }),
    },
  },

  mail_refused: {
    required: ['reason'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `未能受理您的邮件：${text(p.subject)}`,
        greeting: greet(ctx),
        paragraphs: [`我们未能将您的邮件转为服务请求。原因：${text(p.reason)}`],
        facts: facts([['主题', text(p.subject)]]),
      }),
      en: (p, ctx) => ({
        subject: `We could not accept your mail: ${text(p.subject)}`,
        greeting: greet(ctx),
        paragraphs: [`Your mail could not be turned into a support request. Reason: ${text(p.reason)}`],
        facts: facts([['Subject', text(p.subject)]]),
      }),
    },
  },

  escalation_raised: {
    required: ['number', 'department'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `${tag(p)}工单升级至${label(DEPARTMENT['zh-Hans'], p.department)}：${text(p.subject)}`,
        greeting: greetColleague(ctx),
        paragraphs: [`工单 ${text(p.number)} 已升级至${label(DEPARTMENT['zh-Hans'], p.department)}，请您协助处理并答复。`],
        facts: facts([
          ['主题', text(p.subject)],
          ['升级级别', text(p.level)],
          ['发起人', text(p.raised_by)],
        ]),
        quote: text(p.reason) ? { label: '升级原因', body: text(p.reason) } : undefined,
        action: adminLink(TICKET_UID, p, ctx, '打开工单'),
      }),
      en: (p, ctx) => ({
        subject: `${tag(p)}Escalated to ${label(DEPARTMENT.en, p.department)}: ${text(p.subject)}`,
        greeting: greetColleague(ctx),
        paragraphs: [`Ticket ${text(p.number)} has been escalated to ${label(DEPARTMENT.en, p.department)}. Please look into it and answer.`],
        facts: facts([
          ['Subject', text(p.subject)],
          ['Level', text(p.level)],
          ['Raised by', text(p.raised_by)],
        ]),
        quote: text(p.reason) ? { label: 'Reason', body: text(p.reason) } : undefined,
        action: adminLink(TICKET_UID, p, ctx, 'Open the ticket'),
      }),
    },
  },

  escalation_answered: {
    required: ['number', 'department', 'answer'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `${tag(p)}升级已答复（${label(DEPARTMENT['zh-Hans'], p.department)}）：${text(p.subject)}`,
        greeting: greetColleague(ctx),
        paragraphs: [`${label(DEPARTMENT['zh-Hans'], p.department)}已答复工单 ${text(p.number)} 的升级。`],
        facts: facts([
          ['主题', text(p.subject)],
          ['答复人', text(p.answered_by)],
        ]),
        quote: { label: '答复', body: text(p.answer) },
        action: adminLink(TICKET_UID, p, ctx, '打开工单'),
      }),
      en: (p, ctx) => ({
        subject: `${tag(p)}Escalation answered (${label(DEPARTMENT.en, p.department)}): ${text(p.subject)}`,
        greeting: greetColleague(ctx),
        paragraphs: [`${label(DEPARTMENT.en, p.department)} answered the escalation of ticket ${text(p.number)}.`],
        facts: facts([
          ['Subject', text(p.subject)],
          ['Answered by', text(p.answered_by)],
        ]),
        quote: { label: 'Answer', body: text(p.answer) },
        action: adminLink(TICKET_UID, p, ctx, 'Open the ticket'),
      }),
    },
  },

  visit_scheduled: {
    required: ['number', 'window_start'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `${tag(p)}上门服务已安排：${formatWindow(p.window_start, p.window_end, ctx.timeZone, ctx.locale)}`,
        greeting: greet(ctx),
        paragraphs: [`我们已为工单 ${text(p.number)} 安排工程师上门服务。`],
        facts: facts([
          ['时间', formatWindow(p.window_start, p.window_end, ctx.timeZone, ctx.locale)],
          ['工程师', text(p.engineer)],
          ['地点', text(p.address)],
          ['主题', text(p.subject)],
        ]),
        action: ticketLink(p, ctx, '查看工单'),
      }),
      en: (p, ctx) => ({
        subject: `${tag(p)}On-site visit scheduled: ${formatWindow(p.window_start, p.window_end, ctx.timeZone, ctx.locale)}`,
        greeting: greet(ctx),
        paragraphs: [`An engineer will visit you for request ${text(p.number)}.`],
        facts: facts([
          ['When', formatWindow(p.window_start, p.window_end, ctx.timeZone, ctx.locale)],
          ['Engineer', text(p.engineer)],
          ['Address', text(p.address)],
          ['Subject', text(p.subject)],
        ]),
        action: ticketLink(p, ctx, 'View your request'),
      }),
    },
  },

  sla_warning: {
    required: ['number', 'clock', 'due_at'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `${tag(p)}SLA 预警：${label(CLOCK['zh-Hans'], p.clock)}即将到期${text(p.priority) ? `（${text(p.priority)}）` : ''}`,
        greeting: greetColleague(ctx),
        paragraphs: [`工单 ${text(p.number)} 的${label(CLOCK['zh-Hans'], p.clock)}时限即将到期，请尽快处理。`],
        facts: facts([
          ['主题', text(p.subject)],
          ['优先级', text(p.priority)],
          ['截止时间', formatInstant(p.due_at, ctx.timeZone, ctx.locale)],
        ]),
        action: adminLink(TICKET_UID, p, ctx, '打开工单'),
      }),
      en: (p, ctx) => ({
        subject: `${tag(p)}SLA warning: ${label(CLOCK.en, p.clock)} due soon${text(p.priority) ? ` (${text(p.priority)})` : ''}`,
        greeting: greetColleague(ctx),
        paragraphs: [`The ${label(CLOCK.en, p.clock)} deadline of ticket ${text(p.number)} is close. Please act on it.`],
        facts: facts([
          ['Subject', text(p.subject)],
          ['Priority', text(p.priority)],
          ['Due', formatInstant(p.due_at, ctx.timeZone, ctx.locale)],
        ]),
        action: adminLink(TICKET_UID, p, ctx, 'Open the ticket'),
      }),
    },
  },

  sla_breach: {
    required: ['number', 'clock', 'due_at'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `${tag(p)}SLA 超时：${label(CLOCK['zh-Hans'], p.clock)}已超时${text(p.priority) ? `（${text(p.priority)}）` : ''}`,
        greeting: greetColleague(ctx),
        paragraphs: [`工单 ${text(p.number)} 的${label(CLOCK['zh-Hans'], p.clock)}时限已超时。`],
        facts: facts([
          ['主题', text(p.subject)],
          ['优先级', text(p.priority)],
          ['截止时间', formatInstant(p.due_at, ctx.timeZone, ctx.locale)],
          ['升级级别', text(p.escalation_level)],
        ]),
        action: adminLink(TICKET_UID, p, ctx, '打开工单'),
      }),
      en: (p, ctx) => ({
        subject: `${tag(p)}SLA breach: ${label(CLOCK.en, p.clock)} overdue${text(p.priority) ? ` (${text(p.priority)})` : ''}`,
        greeting: greetColleague(ctx),
        paragraphs: [`The ${label(CLOCK.en, p.clock)} deadline of ticket ${text(p.number)} has passed.`],
        facts: facts([
          ['Subject', text(p.subject)],
          ['Priority', text(p.priority)],
          ['Was due', formatInstant(p.due_at, ctx.timeZone, ctx.locale)],
          ['Escalation level', text(p.escalation_level)],
        ]),
        action: adminLink(TICKET_UID, p, ctx, 'Open the ticket'),
      }),
    },
  },

  survey_invitation: {
    required: ['number', 'token'],
    locales: {
      'zh-Hans': (p, ctx) => {
        const url = surveyLink(p, ctx);
        return {
          subject: `${tag(p)}请评价我们的服务`,
          greeting: greet(ctx),
          paragraphs: [`您的工单 ${text(p.number)}${text(p.subject) ? `（${text(p.subject)}）` : ''} 已解决。请花一分钟评价本次服务，您的意见对我们很重要。`],
          facts: [],
          action: url ? { label: '参与满意度调查', url } : undefined,
        };
      },
      en: (p, ctx) => {
        const url = surveyLink(p, ctx);
        return {
          subject: `${tag(p)}How did we do?`,
          greeting: greet(ctx),
          paragraphs: [`Your request ${text(p.number)}${text(p.subject) ? ` (${text(p.subject)})` : ''} has been resolved. Please take a minute to rate our service.`],
          facts: [],
          action: url ? { label: 'Rate our service', url } : undefined,
        };
      },
    },
  },

  kb_review_due: {
    required: ['title', 'review_due_at'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `知识库文章待复审：${text(p.title)}`,
        greeting: greetColleague(ctx),
        paragraphs: [`您负责的知识库文章「${text(p.title)}」已到复审日期，请确认内容仍然准确。`],
        facts: facts([
          ['复审日期', formatInstant(p.review_due_at, ctx.timeZone, ctx.locale)],
          ['语言', text(p.locale)],
        ]),
        action: adminLink(ARTICLE_UID, p, ctx, '打开文章'),
      }),
      en: (p, ctx) => ({
        subject: `Knowledge base article due for review: ${text(p.title)}`,
        greeting: greetColleague(ctx),
        paragraphs: [`The knowledge base article “${text(p.title)}” you are responsible for is due for review. Please check that it is still accurate.`],
        facts: facts([
          ['Review due', formatInstant(p.review_due_at, ctx.timeZone, ctx.locale)],
          ['Language', text(p.locale)],
        ]),
        action: adminLink(ARTICLE_UID, p, ctx, 'Open the article'),
      }),
    },
  },
  monthly_report: {
    required: ['month'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `技术支持月报 ${text(p.month)}`,
        greeting: greetColleague(ctx),
        paragraphs: [`${text(p.month)} 的技术支持月报已生成。完整报告（CSV 与可打印页面）可在管理后台下载。`],
        facts: facts([
          ['新建工单', text(p.opened)],
          ['已解决', text(p.resolved)],
          ['月末积压', text(p.backlog_end)],
          ['首次响应达成率', p.first_response_compliance == null ? '' : `${text(p.first_response_compliance)} %`],
          ['解决达成率', p.resolution_compliance == null ? '' : `${text(p.resolution_compliance)} %`],
          ['客户满意度', p.csat_average == null ? '' : `${text(p.csat_average)} / 5（${text(p.csat_responses)} 份评价）`],
          ['主要故障', text(p.top_faults)],
          ['升级至研发/产品/质量', text(p.escalations)],
        ]),
      }),
      en: (p, ctx) => ({
        subject: `Support report ${text(p.month)}`,
        greeting: greetColleague(ctx),
        paragraphs: [`The support report for ${text(p.month)} is ready. The full report (CSV and a printable page) can be downloaded in the admin panel.`],
        facts: facts([
          ['Tickets opened', text(p.opened)],
          ['Resolved', text(p.resolved)],
          ['Backlog at month end', text(p.backlog_end)],
          ['First-response compliance', p.first_response_compliance == null ? '' : `${text(p.first_response_compliance)} %`],
          ['Resolution compliance', p.resolution_compliance == null ? '' : `${text(p.resolution_compliance)} %`],
          ['Customer satisfaction', p.csat_average == null ? '' : `${text(p.csat_average)} / 5 (${text(p.csat_responses)} responses)`],
          ['Top faults', text(p.top_faults)],
          ['Escalations to R&D/product/QA', text(p.escalations)],
        ]),
      }),
    },
  },

  stock_alert: {
    required: ['sku', 'level'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: p.level === 'overstock' ? `库存过多：${text(p.sku)}` : `库存不足：${text(p.sku)}，建议采购 ${text(p.suggested_purchase)}`,
        greeting: greetColleague(ctx),
        paragraphs: [
          p.level === 'overstock'
            ? `备件 ${text(p.sku)}（${text(p.name)}）的库存超过了最高库存。`
            : `备件 ${text(p.sku)}（${text(p.name)}）的可用库存低于再订货点，建议采购 ${text(p.suggested_purchase)} 件。`,
        ],
        facts: factsOf(STOCK_FACTS, p, ctx),
        action: adminLink(PART_UID, p, ctx, '打开备件'),
      }),
      en: (p, ctx) => ({
        subject: p.level === 'overstock' ? `Overstock: ${text(p.sku)}` : `Low stock: ${text(p.sku)}, buy ${text(p.suggested_purchase)}`,
        greeting: greetColleague(ctx),
        paragraphs: [
          p.level === 'overstock'
            ? `Part ${text(p.sku)} (${text(p.name)}) is above its maximum stock.`
            : `Available stock of part ${text(p.sku)} (${text(p.name)}) is below its reorder point; we suggest buying ${text(p.suggested_purchase)}.`,
        ],
        facts: factsOf(STOCK_FACTS, p, ctx),
        action: adminLink(PART_UID, p, ctx, 'Open the part'),
      }),
    },
  },

  training_reminder: {
    required: ['title', 'starts_at'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `培训提醒：${text(p.title)}`,
        greeting: greet(ctx),
        paragraphs: ['您报名的培训即将开始。'],
        facts: factsOf(TRAINING_FACTS, p, ctx),
      }),
      en: (p, ctx) => ({
        subject: `Reminder: ${text(p.title)}`,
        greeting: greet(ctx),
        paragraphs: ['The training you enrolled in starts soon.'],
        facts: factsOf(TRAINING_FACTS, p, ctx),
      }),
    },
  },

  training_cancelled: {
    required: ['title', 'starts_at'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `培训已取消：${text(p.title)}`,
        greeting: greet(ctx),
        paragraphs: ['很抱歉，您报名（或候补）的培训场次已取消，您的报名随之取消。欢迎报名其他场次。'],
        facts: factsOf(TRAINING_FACTS, p, ctx),
        quote: text(p.reason) ? { label: '取消原因', body: text(p.reason) } : undefined,
      }),
      en: (p, ctx) => ({
        subject: `Training cancelled: ${text(p.title)}`,
        greeting: greet(ctx),
        paragraphs: ['We are sorry: the training session you enrolled in (or were waiting for) is cancelled, and so is your enrollment. You are welcome to enroll in another session.'],
        facts: factsOf(TRAINING_FACTS, p, ctx),
        quote: text(p.reason) ? { label: 'Reason', body: text(p.reason) } : undefined,
      }),
    },
  },

  update_notice: {
    required: ['version', 'title_en', 'title_zh'],
    locales: {
      'zh-Hans': (p, ctx) => {
        const n = noticeText(p, 'zh-Hans');
        return {
          subject: `技术更新通知：${n.title}（${text(p.version)}）`,
          greeting: greet(ctx),
          paragraphs: ['贵方的设备有一项技术更新，详情如下。如需协助，请联系技术支持部。'],
          facts: factsOf(NOTICE_FACTS, p, ctx),
          quote: n.notes ? { label: '更新说明', body: n.notes } : undefined,
        };
      },
      en: (p, ctx) => {
        const n = noticeText(p, 'en');
        return {
          subject: `Technical update: ${n.title} (${text(p.version)})`,
          greeting: greet(ctx),
          paragraphs: ['There is a technical update for your equipment; the details are below. Contact our support team if you need help with it.'],
          facts: factsOf(NOTICE_FACTS, p, ctx),
          quote: n.notes ? { label: 'Release notes', body: n.notes } : undefined,
        };
      },
    },
  },

  training_promoted: {
    required: ['title', 'starts_at'],
    locales: {
      'zh-Hans': (p, ctx) => ({
        subject: `培训名额已确认：${text(p.title)}`,
        greeting: greet(ctx),
        paragraphs: [`有学员取消了报名，您已从候补名单转为正式学员。`],
        facts: factsOf(TRAINING_FACTS, p, ctx),
      }),
      en: (p, ctx) => ({
        subject: `You have a seat: ${text(p.title)}`,
        greeting: greet(ctx),
        paragraphs: ['A seat became free and you have moved from the waiting list to the attendees.'],
        facts: factsOf(TRAINING_FACTS, p, ctx),
      }),
    },
  },
} satisfies Record<string, TemplateDefinition>;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export function isTemplateName(name: unknown): name is TemplateName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(TEMPLATES, name);
}

/** Subjects are one line whatever the payload holds. */
export const subjectLine = (subject: string) => oneLine(subject);
