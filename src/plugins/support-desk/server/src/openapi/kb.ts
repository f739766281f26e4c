/**
 * OpenAPI description of the public knowledge-base endpoints (routes/kb-content-api.ts,
 * controllers/kb.ts, services/kb.ts): paths and schemas. Pure data.
 */
import { DEFAULT_PAGE_SIZE, KB_LOCALES, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH } from '../kb/params';
import { body, dateTime, error, json, ref, tooManyRequests } from './common';

/** Anyone: no token (Public role), a customer JWT, or an API token (agents: internal articles too). */
const optionalAuth = [{}, { customerJwt: [] }, { apiToken: [] }];
const tags = ['Knowledge base'];

const locale = {
  name: 'locale',
  in: 'query',
  schema: { type: 'string', enum: [...KB_LOCALES], default: 'en' },
  description: 'Content locale (case-insensitive). Unknown locales are refused with 400.',
};
const paging = [
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 } },
  {
    name: 'pageSize',
    in: 'query',
    schema: { type: 'integer', minimum: 1, default: DEFAULT_PAGE_SIZE },
    description: `Capped at ${MAX_PAGE_SIZE} (larger values are answered with ${MAX_PAGE_SIZE} rows).`,
  },
  { name: 'withCount', in: 'query', schema: { type: 'boolean', default: true }, description: 'false skips the total (meta.pagination.total and pageCount): cheaper.' },
];
const category = { name: 'category', in: 'query', schema: { type: 'string', pattern: '^[A-Za-z0-9_.~-]{1,200}$' }, description: 'Category slug' };

const notModified = { '304': { description: 'Not modified (If-None-Match matched the ETag; If-Modified-Since is not honoured: Last-Modified has one-second resolution).' } };
const cachedHeaders = {
  ETag: { schema: { type: 'string' }, description: 'Strong validator of the body (anonymous requests).' },
  'Last-Modified': { schema: { type: 'string' }, description: 'Last change of any KB article (anonymous requests).' },
  'X-KB-Cache': { schema: { type: 'string', enum: ['HIT', 'MISS', 'BYPASS'] } },
};
const authErrors = {
  '401': error('The bearer token is invalid or expired (leave it out to read as the public).'),
  '403': error("The caller's role is not granted the knowledge base (e.g. a users-permissions role other than Customer, or a restricted API token)."),
};

export const kbPaths = {
  '/kb/articles': {
    get: {
      operationId: 'kbListArticles',
      tags,
      summary: 'List published articles of a locale, newest first',
      security: optionalAuth,
      parameters: [locale, ...paging, category],
      responses: {
        '200': json('A page of articles', ref('KbArticleList'), { headers: cachedHeaders }),
        ...notModified,
        '400': error('Bad parameter: an unknown parameter (filters, populate, sort … are refused), an unknown locale, a bad page or category.', 'ValidationError'),
        ...authErrors,
      },
    },
  },
  '/kb/articles/{idOrSlug}': {
    get: {
      operationId: 'kbGetArticle',
      tags,
      summary: 'One article by slug or documentId, with locale fallback',
      description:
        'Locale fallback: the requested locale; if the article has no published version in it, the default locale `en`; else any published version. `meta.fallback` is true then, and `meta.localizations` lists the available versions.',
      security: optionalAuth,
      parameters: [{ name: 'idOrSlug', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 } }, locale],
      responses: {
        '200': json('The article', ref('KbArticleOne'), { headers: cachedHeaders }),
        ...notModified,
        '400': error('Bad parameter', 'ValidationError'),
        ...authErrors,
        '404': error('No such published article (visible to the caller)'),
      },
    },
  },
  '/kb/search': {
    get: {
      operationId: 'kbSearch',
      tags,
      summary: 'Full-text search (Chinese and English), ranked, with highlighted snippets',
      description:
        'Every word must match except stop and question words (how, can\'t, 怎么, 吗 …); a phrase of the KB editors\' synonym list (content type "KB synonym") matches any phrase of its group. Latin words match by stem and prefix ("upgr" finds "upgrading"), Chinese text by words of one or more characters; title and tag matches rank above body matches. A Latin word no article holds is taken for a typo and corrected to the closest word of the index when that finds better matches (`meta.corrected`). When fewer than 3 articles match every word, the search relaxes: the full matches first, then articles matching some of the words (most matched first, then in the title or tags), each of these with `match: "partial"`; `meta.relaxed` is true then. highlight.title and highlight.snippet are HTML-escaped text with <mark> around matches.',
      security: optionalAuth,
      parameters: [
        { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH } },
        { ...locale, schema: { type: 'string', enum: [...KB_LOCALES] }, description: 'Content locale (case-insensitive; unknown ones are refused with 400). Without it: zh-Hans when q contains Chinese characters, else the Accept-Language header, else en; meta.locale and meta.localeSource say which was used.' },
        { name: 'Accept-Language', in: 'header', required: false, schema: { type: 'string' }, description: 'Used when `locale` is absent and q has no Chinese characters (zh, zh-* → zh-Hans; en, en-* → en).' },
        ...paging,
        category,
      ],
      responses: {
        '200': json('Matching articles, best first', ref('KbSearchResult'), { headers: cachedHeaders }),
        ...notModified,
        '400': error('Empty or too long query, or a bad parameter', 'ValidationError'),
        ...authErrors,
      },
    },
  },
  '/kb/suggest': {
    post: {
      operationId: 'kbSuggest',
      tags,
      summary: 'Articles that may answer a ticket (deflection)',
      description: 'Any word of the subject (counted twice) and description may match. Locale: the one given, else zh-Hans when the text contains Chinese, else the Accept-Language header, else en.',
      security: optionalAuth,
      requestBody: body({
        type: 'object',
        properties: {
          subject: { type: 'string', maxLength: 500 },
          description: { type: 'string', maxLength: 20000 },
          locale: { type: 'string', enum: [...KB_LOCALES] },
          limit: { type: 'integer', minimum: 1, maximum: 10, default: 5 },
        },
        description: 'Give a subject or a description (not blank).',
        anyOf: [
          { required: ['subject'], properties: { subject: { type: 'string', pattern: '\\S' } } },
          { required: ['description'], properties: { description: { type: 'string', pattern: '\\S' } } },
        ],
      }),
      responses: {
        '200': json('Suggested articles, best first', ref('KbSuggestions')),
        '400': error('Neither subject nor description, a field too long, a bad locale or limit', 'ValidationError'),
        ...authErrors,
        ...tooManyRequests('Too many suggestion requests from this client address (KB_SUGGEST_LIMIT per KB_SUGGEST_WINDOW_MS)'),
      },
    },
  },
  '/kb/articles/{documentId}/feedback': {
    post: {
      operationId: 'kbFeedback',
      tags,
      summary: 'Vote helpful / not helpful',
      security: optionalAuth,
      parameters: [{ name: 'documentId', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: body({ type: 'object', required: ['helpful'], properties: { helpful: { type: 'boolean' } } }),
      responses: {
        '200': json(
          'Counted',
          {
            type: 'object',
            required: ['data'],
            properties: {
              data: {
                type: 'object',
                required: ['documentId', 'helpful_count', 'not_helpful_count'],
                properties: { documentId: { type: 'string' }, helpful: { type: 'boolean' }, helpful_count: { type: 'integer' }, not_helpful_count: { type: 'integer' }, remaining: { type: 'integer' } },
              },
            },
          },
        ),
        '400': error('helpful missing or not a boolean', 'ValidationError'),
        ...authErrors,
        '404': error('No such published article'),
        '429': error('Too many votes from this client address', 'RateLimitError', {
          headers: { 'Retry-After': { schema: { type: 'integer', minimum: 0 }, description: 'Seconds to wait' } },
        }),
      },
    },
  },
  '/kb/categories': {
    get: {
      operationId: 'kbListCategories',
      tags,
      summary: 'Categories of a locale with their article counts',
      security: optionalAuth,
      parameters: [locale],
      responses: {
        '200': json('Categories, by sort order then name', ref('KbCategoryList'), { headers: cachedHeaders }),
        ...notModified,
        '400': error('Bad parameter', 'ValidationError'),
        ...authErrors,
      },
    },
  },
  '/kb/openapi.json': {
    get: {
      operationId: 'openApiDocument',
      tags: ['Meta'],
      summary: 'This document (public KB and customer API)',
      security: [],
      responses: { '200': json('OpenAPI 3.1', { type: 'object', required: ['openapi', 'info', 'paths', 'components'], properties: { openapi: { type: 'string', pattern: '^3\\.1\\.' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } } }) },
    },
  },
};

const localeSchema = { type: 'string', enum: [...KB_LOCALES] };
const pagination = {
  type: 'object',
  required: ['page', 'pageSize'],
  description: 'pageCount and total are left out when withCount=false.',
  properties: { page: { type: 'integer', minimum: 1 }, pageSize: { type: 'integer', minimum: 1 }, pageCount: { type: 'integer', minimum: 0 }, total: { type: 'integer', minimum: 0 } },
};
/** Search: totals are counted up to the search window (1000 results, 500 relaxed). */
const searchPagination = {
  ...pagination,
  description: 'pageCount, total and totalCapped are left out when withCount=false. A search lists at most 1000 results (500 when relaxed): total is exact up to there; above, total is that limit and totalCapped is true (there are more matches; refine the query).',
  properties: { ...pagination.properties, totalCapped: { type: 'boolean', description: 'true: more articles match than the search lists; total is a lower bound.' } },
};
const highlighted = {
  allOf: [
    ref('KbArticleSummary'),
    {
      type: 'object',
      required: ['highlight'],
      properties: { highlight: { type: 'object', required: ['title', 'snippet'], properties: { title: { type: 'string' }, snippet: { type: 'string' } } } },
    },
  ],
};

export const kbSchemas = {
  KbCategoryRef: {
    type: ['object', 'null'],
    required: ['documentId', 'slug', 'name'],
    properties: { documentId: { type: 'string' }, slug: { type: 'string' }, name: { type: 'string' } },
  },
  KbArticleSummary: {
    type: 'object',
    required: ['documentId', 'slug', 'locale', 'title', 'summary', 'category', 'tags', 'product_lines', 'visibility', 'helpful_count', 'not_helpful_count', 'view_count', 'publishedAt', 'updatedAt'],
    properties: {
      documentId: { type: 'string' },
      slug: { type: 'string' },
      locale: localeSchema,
      title: { type: 'string' },
      summary: { type: ['string', 'null'] },
      category: ref('KbCategoryRef'),
      tags: { type: 'array', items: { type: 'string' } },
      product_lines: { type: 'array', items: { type: 'string' } },
      visibility: { type: 'string', enum: ['public', 'internal'], description: 'internal only for agents (API tokens).' },
      helpful_count: { type: 'integer', minimum: 0 },
      not_helpful_count: { type: 'integer', minimum: 0 },
      view_count: { type: 'integer', minimum: 0, description: 'Views are counted in batches: may lag a few seconds.' },
      publishedAt: dateTime,
      updatedAt: dateTime,
    },
  },
  KbArticleList: {
    type: 'object',
    required: ['data', 'meta'],
    properties: {
      data: { type: 'array', items: ref('KbArticleSummary') },
      meta: { type: 'object', required: ['locale', 'pagination'], properties: { locale: localeSchema, pagination } },
    },
  },
  KbArticleOne: {
    type: 'object',
    required: ['data', 'meta'],
    properties: {
      data: {
        allOf: [ref('KbArticleSummary'), { type: 'object', required: ['body'], properties: { body: { type: 'string', description: 'Markdown. Render it escaped: it is author text.' } } }],
      },
      meta: {
        type: 'object',
        required: ['requestedLocale', 'locale', 'fallback', 'localizations'],
        properties: {
          requestedLocale: localeSchema,
          locale: localeSchema,
          fallback: { type: 'boolean' },
          localizations: {
            type: 'array',
            items: { type: 'object', required: ['locale', 'slug', 'title'], properties: { locale: localeSchema, slug: { type: 'string' }, title: { type: 'string' } } },
          },
        },
      },
    },
  },
  KbSearchResult: {
    type: 'object',
    required: ['data', 'meta'],
    properties: {
      data: {
        type: 'array',
        items: { allOf: [highlighted, { type: 'object', required: ['match'], properties: { match: { type: 'string', enum: ['all', 'partial'], description: 'partial: a relaxed result matching only some of the words.' } } }] },
      },
      meta: {
        type: 'object',
        required: ['q', 'locale', 'localeSource', 'relaxed', 'pagination'],
        properties: {
          q: { type: 'string' },
          locale: localeSchema,
          localeSource: { type: 'string', enum: ['parameter', 'script', 'accept-language', 'default'], description: 'How the locale was chosen.' },
          relaxed: { type: 'boolean', description: 'true: fewer than 3 articles matched every word; partial matches follow them.' },
          corrected: {
            type: 'object',
            required: ['q', 'words'],
            description: 'Present when words no article holds were taken for typos and the results are for the corrected query ("Showing results for …"): a Latin word of 4+ letters becomes the closest word of the index (1 edit up to 6 letters, 2 above; same first letter) when that finds articles matching more of the query.',
            properties: {
              q: { type: 'string', description: 'The query as searched (normalized: lower case).' },
              words: { type: 'array', items: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string' }, to: { type: 'string' } } } },
            },
          },
          pagination: searchPagination,
        },
      },
    },
  },
  KbSuggestions: {
    type: 'object',
    required: ['data', 'meta'],
    properties: { data: { type: 'array', items: highlighted }, meta: { type: 'object', required: ['locale'], properties: { locale: localeSchema } } },
  },
  KbCategoryList: {
    type: 'object',
    required: ['data', 'meta'],
    properties: {
      data: {
        type: 'array',
        items: {
          type: 'object',
          required: ['documentId', 'slug', 'name', 'description', 'sort_order', 'parent', 'articleCount'],
          properties: {
            documentId: { type: 'string' },
            slug: { type: 'string' },
            name: { type: 'string' },
            description: { type: ['string', 'null'] },
            sort_order: { type: 'integer' },
            parent: { type: ['object', 'null'], required: ['documentId', 'slug'], properties: { documentId: { type: 'string' }, slug: { type: 'string' } } },
            articleCount: { type: 'integer', minimum: 0, description: 'Published articles visible to the caller.' },
          },
        },
      },
      meta: { type: 'object', required: ['locale'], properties: { locale: localeSchema } },
    },
  },
};
