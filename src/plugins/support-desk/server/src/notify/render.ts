/** Renders a notification (template + payload + recipient) to subject, text and HTML (pure). */
import { chooseLocale, MESSAGE_LOCALES, type MessageLocale } from './locale';
import { DEFAULT_TIME_ZONE, escapeHtml, isValidTimeZone, oneLine, text } from './format';
import { TEMPLATES, isTemplateName, type MessageContent, type Payload, type RenderContext, type TemplateDefinition } from './templates';

export class UnknownTemplateError extends Error {
  constructor(readonly template: string) {
    super(`unknown notification template "${template}"`);
    this.name = 'UnknownTemplateError';
  }
}

export class InvalidPayloadError extends Error {
  constructor(
    readonly template: string,
    readonly missing: string[],
  ) {
    super(`notification template "${template}" needs payload field(s): ${missing.join(', ')}`);
    this.name = 'InvalidPayloadError';
  }
}

export interface RenderInput {
  template: string;
  payload: Payload | null | undefined;
  /** The recipient's locale as stored or given (normalized and fallen back here). */
  locale?: string | null;
  recipientName?: string | null;
  /** The recipient's IANA zone; else payload.time_zone; else `defaultTimeZone`. */
  timeZone?: string | null;
  defaultTimeZone?: string;
  publicUrl?: string;
  surveyUrl?: string;
}

export interface RenderedMessage {
  locale: MessageLocale;
  subject: string;
  text: string;
  html: string;
}

const SIGNATURE: Record<MessageLocale, string> = { 'zh-Hans': '技术支持部', en: 'Support Desk' };
const FOOTER: Record<MessageLocale, string> = {
  'zh-Hans': '此邮件由系统自动发送，请勿直接回复。',
  en: 'This message was sent automatically; please do not reply to it directly.',
};

/** A mail threaded on a ticket (payload.mail_thread) takes replies: they come back to the ticket. */
const THREAD_FOOTER: Record<MessageLocale, string> = {
  'zh-Hans': '直接回复本邮件即可补充到您的工单（请保留主题中的工单号）。',
  en: 'Reply to this mail to add to your request (keep the request number in the subject).',
};

function definition(template: string): TemplateDefinition {
  if (!isTemplateName(template)) throw new UnknownTemplateError(template);
  return TEMPLATES[template] as TemplateDefinition;
}

/** The locales a template exists in. */
export function templateLocales(template: string): MessageLocale[] {
  const def = definition(template);
  return MESSAGE_LOCALES.filter((l) => def.locales[l]);
}

/** Checks a template name and its required payload fields; throws UnknownTemplateError / InvalidPayloadError. */
export function validateMessage(template: string, payload: Payload | null | undefined): void {
  const def = definition(template);
  const missing = def.required.filter((field) => text(payload?.[field]) === '');
  if (missing.length) throw new InvalidPayloadError(template, missing);
}

/** The locale a recipient gets for this template: theirs if it exists, else zh-Hans, else en. */
export function resolveLocale(template: string, locale: unknown): MessageLocale {
  return chooseLocale(locale, templateLocales(template));
}

function textBody(c: MessageContent, locale: MessageLocale, footer: string): string {
  const blocks: string[] = [c.greeting, ...c.paragraphs];
  if (c.facts.length) blocks.push(c.facts.map(([k, v]) => `${k}${locale === 'en' ? ': ' : '：'}${oneLine(v)}`).join('\n'));
  if (c.quote) blocks.push(`${c.quote.label}${locale === 'en' ? ':' : '：'}\n${c.quote.body.split(/\r?\n/).map((l) => `> ${l}`).join('\n')}`);
  if (c.action) blocks.push(`${c.action.label}${locale === 'en' ? ': ' : '：'}${c.action.url}`);
  blocks.push(`${SIGNATURE[locale]}\n-- \n${footer}`);
  return `${blocks.join('\n\n')}\n`;
}

const paragraphHtml = (s: string) => `<p>${escapeHtml(s).replace(/\r?\n/g, '<br>')}</p>`;

function htmlBody(c: MessageContent, locale: MessageLocale, footer: string): string {
  const parts: string[] = [paragraphHtml(c.greeting), ...c.paragraphs.map(paragraphHtml)];
  if (c.facts.length) {
    const rows = c.facts
      .map(([k, v]) => `<tr><th align="left" style="padding:2px 12px 2px 0;font-weight:600">${escapeHtml(k)}</th><td style="padding:2px 0">${escapeHtml(oneLine(v))}</td></tr>`)
      .join('');
    parts.push(`<table role="presentation" cellspacing="0" cellpadding="0">${rows}</table>`);
  }
  if (c.quote) {
    parts.push(`<p style="margin-bottom:4px;font-weight:600">${escapeHtml(c.quote.label)}</p>`);
    parts.push(`<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #ccc">${escapeHtml(c.quote.body).replace(/\r?\n/g, '<br>')}</blockquote>`);
  }
  if (c.action) parts.push(`<p><a href="${escapeHtml(c.action.url)}">${escapeHtml(c.action.label)}</a></p>`);
  parts.push(`<p>${escapeHtml(SIGNATURE[locale])}</p>`);
  parts.push(`<hr><p style="color:#888;font-size:12px">${escapeHtml(footer)}</p>`);
  const lang = locale === 'en' ? 'en' : 'zh-Hans';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(oneLine(c.subject))}</title></head><body style="font-family:sans-serif;line-height:1.5">${parts.join('\n')}</body></html>`;
}

/** Renders one message. Throws UnknownTemplateError for a template that does not exist. */
export function renderNotification(input: RenderInput): RenderedMessage {
  const def = definition(input.template);
  const locale = resolveLocale(input.template, input.locale);
  const build = def.locales[locale]!;
  const payload = input.payload ?? {};
  const timeZone = [input.timeZone, payload.time_zone, input.defaultTimeZone, DEFAULT_TIME_ZONE].find(isValidTimeZone) as string;
  const ctx: RenderContext = {
    locale,
    recipientName: oneLine(input.recipientName ?? ''),
    timeZone,
    publicUrl: input.publicUrl ?? '',
    surveyUrl: input.surveyUrl ?? '{publicUrl}/survey?token={token}',
  };
  const content = build(payload, ctx);
  const subject = oneLine(content.subject);
  const threaded = payload.mail_thread !== null && typeof payload.mail_thread === 'object';
  const footer = (threaded ? THREAD_FOOTER : FOOTER)[locale];
  return { locale, subject, text: textBody(content, locale, footer), html: htmlBody({ ...content, subject }, locale, footer) };
}
