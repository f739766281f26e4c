/** OpenAPI 3.1 description of the public KB endpoints, served at GET /api/support-desk/kb/openapi.json. */
import { KB_LOCALES, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, DEFAULT_PAGE_SIZE } from './params';

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const locale = { name: 'locale', in: 'query', schema: { type: 'string', enum: [...KB_LOCALES], default: 'en' }, description: 'Content locale (case-insensitive). Unknown locales are rejected with 400.' };
const paging = [
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 1 } },
  { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, default: DEFAULT_PAGE_SIZE }, description: `Capped at ${MAX_PAGE_SIZE} (larger values are answered with ${MAX_PAGE_SIZE} rows).` },
  { name: 'withCount', in: 'query', schema: { type: 'boolean', default: true }, description: 'false skips the total (meta.pagination.total/pageCount): cheaper.' },
];
const conditional = {
  '304': { description: 'Not modified (If-None-Match matched the ETag, or If-Modified-Since is not older than Last-Modified).' },
};
const cachedHeaders = {
  ETag: { schema: { type: 'string' }, description: 'Strong validator of the body.' },
  'Last-Modified': { schema: { type: 'string' }, description: 'Last change of any KB article.' },
  'X-KB-Cache': { schema: { type: 'string', enum: ['HIT', 'MISS', 'BYPASS'] } },
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Support Desk — public knowledge base API',
    version: '1.0.0',
    description: [
      'Read and search the published knowledge base without authentication (Public role), or as a customer (users-permissions JWT, same view).',
      'Only published articles with visibility `public` are visible; API tokens (agents) also see `internal` articles.',
      'Locale fallback (single article): the requested locale; if the article has no published version in it, the default locale `en`; else any published version. `meta.fallback` is true then, and `meta.localizations` lists the available versions.',
      'Anonymous GET answers are cached in memory and invalidated on every publish, unpublish, update and delete (across instances via PostgreSQL LISTEN/NOTIFY and a version stamp). Counters (helpful, views) in cached answers may lag by up to 60 s.',
      'Errors: 400 for bad input (message says what to change), 404 unknown article, 429 too many votes (Retry-After header).',
    ].join('\n\n'),
  },
  servers: [{ url: '/api/support-desk' }],
  paths: {
    '/kb/articles': {
      get: {
        summary: 'List published articles of a locale, newest first',
        parameters: [locale, ...paging, { name: 'category', in: 'query', schema: { type: 'string' }, description: 'Category slug' }],
        responses: { '200': { description: 'A page of articles', headers: cachedHeaders, content: { 'application/json': { schema: { $ref: '#/components/schemas/ArticleList' } } } }, ...conditional, '400': error('Bad parameter (unknown parameter, locale, page ...)') },
      },
    },
    '/kb/articles/{idOrSlug}': {
      get: {
        summary: 'One article by slug or documentId, with locale fallback',
        parameters: [{ name: 'idOrSlug', in: 'path', required: true, schema: { type: 'string' } }, locale],
        responses: { '200': { description: 'The article', headers: cachedHeaders, content: { 'application/json': { schema: { $ref: '#/components/schemas/ArticleOne' } } } }, ...conditional, '400': error('Bad parameter'), '404': error('No such published article') },
      },
    },
    '/kb/search': {
      get: {
        summary: 'Full-text search (Chinese and English), ranked, with highlighted snippets',
        description: 'Every word must match; Latin words match by stem and prefix ("upgr" finds "upgrading"), Chinese text by words of one or more characters. highlight.title and highlight.snippet are HTML-escaped text with <mark> around matches.',
        parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH } }, locale, ...paging, { name: 'category', in: 'query', schema: { type: 'string' } }],
        responses: { '200': { description: 'Matching articles', headers: cachedHeaders, content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchResult' } } } }, ...conditional, '400': error('Empty or too long query, bad parameter') },
      },
    },
    '/kb/suggest': {
      post: {
        summary: 'Articles that may answer a ticket (deflection)',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { subject: { type: 'string', maxLength: 500 }, description: { type: 'string', maxLength: 20000 }, locale: { type: 'string', enum: [...KB_LOCALES] }, limit: { type: 'integer', minimum: 1, maximum: 10, default: 5 } } } } } },
        responses: { '200': { description: 'Suggested articles, best first', content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchResult' } } } }, '400': error('Neither subject nor description') },
      },
    },
    '/kb/articles/{documentId}/feedback': {
      post: {
        summary: 'Vote helpful / not helpful',
        parameters: [{ name: 'documentId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['helpful'], properties: { helpful: { type: 'boolean' } } } } } },
        responses: {
          '200': { description: 'Counted', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'object', properties: { documentId: { type: 'string' }, helpful_count: { type: 'integer' }, not_helpful_count: { type: 'integer' } } } } } } } },
          '400': error('helpful missing or not a boolean'),
          '404': error('No such published article'),
          '429': { ...error('Too many votes from this client'), headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } } },
        },
      },
    },
    '/kb/categories': {
      get: { summary: 'Categories of a locale with their article counts', parameters: [locale], responses: { '200': { description: 'Categories', headers: cachedHeaders }, ...conditional, '400': error('Bad parameter') } },
    },
    '/kb/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Optional: a customer JWT (POST /api/auth/local) or an API token (agents).' } },
    schemas: {
      Error: { type: 'object', properties: { data: { type: 'null' }, error: { type: 'object', properties: { status: { type: 'integer' }, name: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } } } } },
      Category: { type: ['object', 'null'], properties: { documentId: { type: 'string' }, slug: { type: 'string' }, name: { type: 'string' } } },
      ArticleSummary: {
        type: 'object',
        properties: {
          documentId: { type: 'string' }, slug: { type: 'string' }, locale: { type: 'string' }, title: { type: 'string' }, summary: { type: ['string', 'null'] },
          category: { $ref: '#/components/schemas/Category' }, tags: { type: 'array', items: { type: 'string' } }, product_lines: { type: 'array', items: { type: 'string' } },
          visibility: { type: 'string', enum: ['public', 'internal'] }, helpful_count: { type: 'integer' }, not_helpful_count: { type: 'integer' }, view_count: { type: 'integer' },
          publishedAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      Pagination: { type: 'object', properties: { page: { type: 'integer' }, pageSize: { type: 'integer' }, pageCount: { type: 'integer' }, total: { type: 'integer' } } },
      ArticleList: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/ArticleSummary' } }, meta: { type: 'object', properties: { locale: { type: 'string' }, pagination: { $ref: '#/components/schemas/Pagination' } } } } },
      ArticleOne: {
        type: 'object',
        properties: {
          data: { allOf: [{ $ref: '#/components/schemas/ArticleSummary' }, { type: 'object', properties: { body: { type: 'string', description: 'Markdown. Render it escaped: it is author text.' } } }] },
          meta: { type: 'object', properties: { requestedLocale: { type: 'string' }, locale: { type: 'string' }, fallback: { type: 'boolean' }, localizations: { type: 'array', items: { type: 'object', properties: { locale: { type: 'string' }, slug: { type: 'string' }, title: { type: 'string' } } } } } },
        },
      },
      SearchResult: {
        type: 'object',
        properties: {
          data: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/ArticleSummary' }, { type: 'object', properties: { highlight: { type: 'object', properties: { title: { type: 'string' }, snippet: { type: 'string' } } } } }] } },
          meta: { type: 'object', properties: { q: { type: 'string' }, locale: { type: 'string' }, pagination: { $ref: '#/components/schemas/Pagination' } } },
        },
      },
    },
  },
};
