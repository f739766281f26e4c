import crypto from 'crypto';
import type { Core, Modules } from '@strapi/strapi';
import { ARTICLE_UID, CATEGORY_UID, SURVEY_UID } from '../constants';
import { hashSurveyToken, newSurveyToken } from '../surveys/token';

/** uid fields filled from their target field when a create (REST, API token, seed) leaves them empty. */
const SLUGGED: Record<string, { field: string }> = {
  [ARTICLE_UID]: { field: 'slug' },
  [CATEGORY_UID]: { field: 'slug' },
};

async function slugFor(strapi: Core.Strapi, uid: string, field: string, data: Record<string, unknown>, locale?: string) {
  const generated: string = await strapi
    .plugin('content-manager')
    .service('uid')
    .generateUIDField({ contentTypeUID: uid, field, data, locale });
  // Slugify drops CJK characters: a Chinese title gives nothing (or just the model name) to go on.
  const modelName = strapi.contentTypes[uid as keyof typeof strapi.contentTypes].modelName;
  if (!generated || generated === modelName) return `${modelName}-${crypto.randomBytes(4).toString('hex')}`;
  return generated;
}

/**
 * Document-service middleware: generated fields are set on create whatever the write path, so
 * integrations need not invent slugs, and survey tokens are always server-made secrets that no
 * write can choose or change.
 */
export const generatedFields =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    const params = ctx.params as { data?: Record<string, unknown>; locale?: string };
    if (ctx.uid === SURVEY_UID && ctx.action === 'update' && params.data) delete params.data.token; // immutable
    if (ctx.action !== 'create') return next();
    const data = (params.data ??= {});
    const slugged = SLUGGED[ctx.uid];
    if (slugged && !data[slugged.field]) {
      data[slugged.field] = await slugFor(strapi, ctx.uid, slugged.field, data, params.locale);
    }
    if (ctx.uid === SURVEY_UID) {
      // Always ours: a full-access API token could otherwise choose a guessable one. The column holds
      // a token's SHA-256 only (surveys/token.ts); this one's token is thrown away, so a survey made
      // here (Content Manager, REST) cannot be answered until the survey service issues a token.
      data.token = hashSurveyToken(newSurveyToken());
    }
    return next();
  };
