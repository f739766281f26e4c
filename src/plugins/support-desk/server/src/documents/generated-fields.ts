import crypto from 'crypto';
import type { Core, Modules } from '@strapi/strapi';
import { ARTICLE_UID, CATEGORY_UID, SURVEY_UID } from '../constants';
import { hashSurveyToken, newSurveyToken } from '../surveys/token';
import { followsTitle, isPlaceholderSlug, slugFromTitle, uniqueSlug } from '../kb/slug';

/** uid fields made from their target field (kb/slug.ts): pinyin for Chinese, unique per locale. */
export const SLUGGED: Record<string, { field: string; from: string }> = {
  [ARTICLE_UID]: { field: 'slug', from: 'title' },
  [CATEGORY_UID]: { field: 'slug', from: 'name' },
};

type Row = Record<string, unknown>;
const modelNameOf = (strapi: Core.Strapi, uid: string): string => strapi.getModel(uid as any).modelName;

/** A free slug for `text` in `locale` (other documents' slugs taken; this document's own may be reused). */
export async function slugFor(strapi: Core.Strapi, uid: string, text: unknown, locale?: string, documentId?: string): Promise<string> {
  const field = SLUGGED[uid].field;
  const base = slugFromTitle(String(text ?? '')) || `${modelNameOf(strapi, uid)}-${crypto.randomBytes(4).toString('hex')}`;
  const where: Row = { [field]: { $startsWith: base } };
  if (locale && locale !== '*') where.locale = locale;
  if (documentId) where.documentId = { $ne: documentId };
  const rows = (await strapi.db.query(uid as any).findMany({ where, select: [field] })) as Row[];
  return uniqueSlug(base, rows.map((r) => String(r[field])));
}

const localeOf = async (strapi: Core.Strapi, locale?: string): Promise<string> =>
  locale && locale !== '*' ? locale : strapi.plugin('i18n').service('locales').getDefaultLocale();

/**
 * The Content Manager's slug button and auto-fill ("regenerate" next to the uid input) use the same
 * slugs as the server: its own generator splits "VLANs" into `vla-ns` and drops Chinese titles.
 */
export function slugsInContentManager(strapi: Core.Strapi) {
  const service = strapi.plugin('content-manager').service('uid') as { generateUIDField: (args: Row) => Promise<string> };
  const generate = service.generateUIDField.bind(service);
  service.generateUIDField = async (args: Row) => {
    const uid = String(args.contentTypeUID);
    const slugged = SLUGGED[uid];
    if (!slugged || args.field !== slugged.field) return generate(args);
    const data = (args.data ?? {}) as Row;
    const documentId = typeof data.documentId === 'string' ? data.documentId : undefined;
    return slugFor(strapi, uid, data[slugged.from], await localeOf(strapi, args.locale as string | undefined), documentId);
  };
}

/** Published once (or a type without drafts): its slug is a public address and no longer follows the title. */
async function isPublished(strapi: Core.Strapi, uid: string, documentId: string, locale: string): Promise<boolean> {
  const model = strapi.getModel(uid as any) as { options?: { draftAndPublish?: boolean } };
  if (!model.options?.draftAndPublish) return true;
  return (await strapi.db.query(uid as any).count({ where: { documentId, locale, publishedAt: { $notNull: true } } })) > 0;
}

/**
 * On update: a new slug when the title changes and the slug still follows the old one while the
 * entry was never published (or when the slug is emptied or still the create form's stand-in).
 */
async function followTitle(strapi: Core.Strapi, uid: string, params: { data: Row; locale?: string; documentId?: string }) {
  const { field, from } = SLUGGED[uid];
  const { data, documentId } = params;
  if (!documentId) return;
  const locale = await localeOf(strapi, params.locale);
  const drafts = (strapi.getModel(uid as any) as { options?: { draftAndPublish?: boolean } }).options?.draftAndPublish === true;
  const where: Row = drafts ? { documentId, locale, publishedAt: null } : { documentId, locale };
  const current = (await strapi.db.query(uid as any).findOne({ where, select: [field, from] })) as Row | null;
  const title = data[from] ?? current?.[from];
  if (data[field] === '' || data[field] === null) {
    data[field] = await slugFor(strapi, uid, title, locale, documentId);
    return;
  }
  if (!current) {
    // A new locale of the document.
    if (title && isPlaceholderSlug(data[field] as string | undefined, modelNameOf(strapi, uid))) data[field] = await slugFor(strapi, uid, title, locale, documentId);
    return;
  }
  const titleChanged = data[from] !== undefined && data[from] !== current[from];
  const slugUntouched = data[field] === undefined || data[field] === current[field];
  const sent = (data[field] ?? current[field]) as string;
  if (title && isPlaceholderSlug(sent, modelNameOf(strapi, uid))) {
    data[field] = await slugFor(strapi, uid, title, locale, documentId);
  } else if (titleChanged && slugUntouched && followsTitle(current[field] as string, current[from] as string) && !(await isPublished(strapi, uid, documentId, locale))) {
    data[field] = await slugFor(strapi, uid, title, locale, documentId);
  }
}

/**
 * Document-service middleware: generated fields are set whatever the write path, so integrations
 * need not invent slugs (and a slug follows its title while nobody typed their own), and survey tokens are always server-made secrets that no
 * write can choose or change.
 */
export const generatedFields =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    const params = ctx.params as { data?: Record<string, unknown>; locale?: string };
    if (ctx.uid === SURVEY_UID && ctx.action === 'update' && params.data) delete params.data.token; // immutable
    const slugged = SLUGGED[ctx.uid];
    if (slugged && ctx.action === 'update' && params.data) await followTitle(strapi, ctx.uid, params as any);
    if (ctx.action !== 'create') return next();
    const data = (params.data ??= {});
    if (slugged && (!data[slugged.field] || (data[slugged.from] && isPlaceholderSlug(data[slugged.field] as string, modelNameOf(strapi, ctx.uid))))) {
      // Empty, or the stand-in the Content Manager filled in before the title was typed.
      data[slugged.field] = await slugFor(strapi, ctx.uid, data[slugged.from], await localeOf(strapi, params.locale));
    }
    if (ctx.uid === SURVEY_UID) {
      // Always ours: a full-access API token could otherwise choose a guessable one. The column holds
      // a token's SHA-256 only (surveys/token.ts); this one's token is thrown away, so a survey made
      // here (Content Manager, REST) cannot be answered until the survey service issues a token.
      data.token = hashSurveyToken(newSurveyToken());
    }
    return next();
  };
