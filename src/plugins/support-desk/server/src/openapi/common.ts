/**
 * Parts of the OpenAPI document shared by every area: Strapi's error body, and helpers to write
 * responses. Pure data (no Strapi import); schemas are JSON Schema 2020-12, as OpenAPI 3.1 wants.
 */

export const JSON_TYPE = 'application/json';

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A JSON response with the given schema. */
export const json = (description: string, schema: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  description,
  content: { [JSON_TYPE]: { schema } },
  ...extra,
});

/** An error response (Strapi's error body); `schema` names a component refining `Error`. */
export const error = (description: string, schema = 'Error', extra: Record<string, unknown> = {}) => json(description, ref(schema), extra);

/** A 429 with its Retry-After header (rate limits shared by all instances, policies/rate-limit.ts). */
export const tooManyRequests = (description: string) => ({
  '429': error(description, 'RateLimitError', { headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 }, description: 'Seconds to wait before the request is accepted again' } } }),
});

/** A JSON request body that must be an object with exactly these properties. */
export const body = (schema: Record<string, unknown>, required = true) => ({ required, content: { [JSON_TYPE]: { schema } } });

export const dateTime = { type: 'string', format: 'date-time' } as const;
export const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

/** One field problem in `error.details.errors` (400). */
const fieldError = {
  type: 'object',
  required: ['path', 'message'],
  properties: {
    path: { type: 'array', items: { type: 'string' }, description: 'The field, e.g. ["subject"].' },
    message: { type: 'string' },
    name: { type: 'string' },
  },
};

/** Strapi's error body with its `error` object narrowed (status, details, what is required). */
const errorOf = (description: string, narrowed: Record<string, unknown>) => ({
  description,
  allOf: [ref('Error'), { type: 'object', properties: { error: { type: 'object', ...narrowed } } }],
});

export const commonSchemas = {
  Error: {
    type: 'object',
    description: "Strapi's error body: every 4xx answer has it.",
    required: ['data', 'error'],
    properties: {
      data: { type: 'null' },
      error: {
        type: 'object',
        required: ['status', 'name', 'message'],
        properties: {
          status: { type: 'integer', description: 'The HTTP status again.' },
          name: { type: 'string', description: 'ValidationError (400), UnauthorizedError (401), ForbiddenError or PolicyError (403), NotFoundError (404), ConflictError (409), RateLimitError (429).' },
          message: { type: 'string', description: 'What went wrong and what to change, for a person.' },
          details: { type: 'object', description: 'Machine-readable details; {} when there are none.' },
        },
      },
    },
  },
  ValidationError: errorOf('A 400: bad input or an action the ticket status does not allow. Nothing was written.', {
    properties: {
      status: { const: 400 },
      details: {
        type: 'object',
        properties: {
          errors: { type: 'array', items: fieldError, description: 'One entry per refused field.' },
          code: {
            type: 'string',
            enum: ['unknown_action', 'forbidden_transition', 'forbidden_actor', 'reopen_window_expired', 'missing_fields', 'invalid_fields'],
            description: 'Workflow refusals: why the action is not allowed now.',
          },
          action: { type: 'string', description: 'Workflow refusals: the action asked for.' },
          status: { type: 'string', description: "Workflow refusals: the ticket's current status." },
          allowed: { type: 'array', items: { type: 'string' }, description: 'Workflow refusals: what the caller may do from the current status.' },
          currentVersion: { type: 'integer' },
          source: { type: 'string', enum: ['path', 'query', 'body', 'database'], description: 'Hostile-input refusals (before any handler runs): where the refused value is.' },
          rule: { type: 'string', enum: ['nul', 'encoding', 'length', 'key', 'depth', 'integer'], description: 'Hostile-input refusals: which rule it breaks (NUL character, malformed encoding, too long, key too long, nested too deep, not a decimal integer in range).' },
        },
      },
    },
  }),
  ConflictError: errorOf('A 409: the ticket changed since the version the request is based on. Nothing was written; reload and retry.', {
    required: ['details'],
    properties: {
      status: { const: 409 },
      details: { type: 'object', required: ['currentVersion'], properties: { currentVersion: { type: 'integer', minimum: 1 } } },
    },
  }),
  RateLimitError: errorOf('A 429: too many requests from this client; retry after the Retry-After header (seconds).', {
    properties: { status: { const: 429 }, details: { type: 'object', properties: { retryAfter: { type: 'integer', minimum: 0 } } } },
  }),
};
