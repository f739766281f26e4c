/**
 * Knowledge-base endpoints. Content API (/api/support-desk/kb/...): Public and Customer roles
 * (published public articles), API tokens (agents: internal too). The same handlers serve the admin
 * routes (/support-desk/kb/..., admin JWT + plugin::support-desk.kb.read), where internal articles show.
 */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { API_TOKEN_STRATEGIES } from '../constants';
import { openApiDocument } from '../openapi';
import { KbInputError, assertOnly, parseFeedbackBody, parseLocale, parsePaging, parseSearchText, parseSlug, parseSuggestBody } from '../kb/params';
import type { KbCaller } from '../services/kb';

export const isAgent = (ctx: Context): boolean => ctx.state.route?.info?.type === 'admin' || API_TOKEN_STRATEGIES.includes(ctx.state.auth?.strategy?.name);
const callerOf = (ctx: Context): KbCaller => ({ agent: isAgent(ctx) });

/** Input errors → 400 with the message; everything else as is. */
export function input<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof KbInputError) throw new errors.ValidationError(err.message, err.details);
    throw err;
  }
}

const query = (ctx: Context) => (ctx.query ?? {}) as Record<string, unknown>;
const body = (ctx: Context) => (ctx.request as unknown as { body?: unknown }).body;

export default () => ({
  async find(ctx: Context) {
    const q = query(ctx);
    const opts = input(() => {
      assertOnly(q, ['locale', 'page', 'pageSize', 'withCount', 'category']);
      return { locale: parseLocale(q.locale), category: parseSlug(q.category), ...parsePaging(q) };
    });
    ctx.body = await getService('kb').list(callerOf(ctx), opts);
  },

  async findOne(ctx: Context) {
    const q = query(ctx);
    const locale = input(() => {
      assertOnly(q, ['locale']);
      return parseLocale(q.locale);
    });
    const idOrSlug = String(ctx.params.idOrSlug ?? '');
    if (!idOrSlug || idOrSlug.length > 255) throw new errors.ValidationError('Give an article slug or documentId in the path.');
    const result = await getService('kb').findOne(callerOf(ctx), idOrSlug, locale);
    if (!isAgent(ctx)) {
      getService('kb').recordView(result.data.documentId);
      ctx.state.kbViewDocumentId = result.data.documentId;
    }
    ctx.body = result;
  },

  async search(ctx: Context) {
    const q = query(ctx);
    const opts = await input(() => {
      assertOnly(q, ['q', 'locale', 'page', 'pageSize', 'withCount', 'category']);
      // Without a locale the service picks one from the text, else Accept-Language (meta.localeSource says how).
      const locale = q.locale === undefined || q.locale === '' ? undefined : parseLocale(q.locale);
      return { q: parseSearchText(q.q), locale, acceptLanguage: ctx.get('accept-language'), category: parseSlug(q.category), ...parsePaging(q) };
    });
    try {
      ctx.body = await getService('kb').search(callerOf(ctx), opts);
    } catch (err) {
      if (err instanceof KbInputError) throw new errors.ValidationError(err.message, err.details);
      throw err;
    }
  },

  async suggest(ctx: Context) {
    const b = input(() => parseSuggestBody(body(ctx)));
    const locale = b.locale === undefined ? undefined : input(() => parseLocale(b.locale));
    ctx.body = await getService('kb').suggest(callerOf(ctx), { subject: b.subject, description: b.description, locale, acceptLanguage: ctx.get('accept-language'), limit: b.limit });
  },

  async feedback(ctx: Context) {
    const { helpful } = input(() => parseFeedbackBody(body(ctx)));
    const documentId = String(ctx.params.documentId ?? '');
    // The client is its address: behind a proxy, X-Forwarded-For when PROXY_ENABLED (config/server.ts).
    try {
      ctx.body = { data: await getService('kb').feedback(callerOf(ctx), documentId, helpful, ctx.request.ip || 'unknown') };
    } catch (err) {
      if (err instanceof errors.RateLimitError) ctx.set('Retry-After', String((err.details as { retryAfter?: number })?.retryAfter ?? 60));
      throw err;
    }
  },

  async categories(ctx: Context) {
    const q = query(ctx);
    const locale = input(() => {
      assertOnly(q, ['locale']);
      return parseLocale(q.locale);
    });
    ctx.body = await getService('kb').categories(callerOf(ctx), locale);
  },

  async openapi(ctx: Context) {
    ctx.body = openApiDocument;
  },
});
