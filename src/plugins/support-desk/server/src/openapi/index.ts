/**
 * The OpenAPI 3.1 document of the plugin's public content API: the public knowledge base and the
 * customer ticket API. Served at GET /api/support-desk/kb/openapi.json (controllers/kb.ts `openapi`).
 * Pure data, no Strapi import; each area keeps its paths and schemas in its own module.
 */
import { commonSchemas } from './common';
import { customerPaths, customerSchemas } from './customer';
import { kbPaths, kbSchemas } from './kb';

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Support Desk — public knowledge base and customer API',
    version: '1.1.0',
    description: [
      '**Knowledge base** (`/kb/...`): read and search the published knowledge base without authentication (Public role), or as a customer (same view). Only published articles with visibility `public` are visible; API tokens (agents) also see `internal` articles. Anonymous GET answers are cached in memory and invalidated on every publish, unpublish, update and delete; counters (helpful, views) in cached answers may lag by up to 60 s.',
      '**Customer API** (`/customer/tickets...`): contacts of a customer organization (users-permissions role `Customer`, account linked to an organization) log in with `POST /api/auth/local` `{ "identifier": "<email or username>", "password": "..." }` and send the answer\'s `jwt` as `Authorization: Bearer <jwt>`. Everything is scoped to the caller\'s organization: another organization\'s ticket is 404, exactly like an unknown one. Request bodies accept exactly the documented fields; any other field is refused with 400 naming it, and nothing is written. A POST to `/customer/tickets/{documentId}/<any other action>` is 400 listing the customer actions.',
      'Errors are Strapi\'s error body `{ "data": null, "error": { "status", "name", "message", "details" } }`: 400 bad input or an action the ticket status does not allow (`details.errors[].path` names the fields; workflow refusals add `details.code`, `status`, `allowed`), 401 invalid or expired token, 403 not allowed, 404 not found, 409 stale ticket version (`details.currentVersion`), 429 too many requests — KB votes and suggestions per client address, customer tickets and comments per account (`Retry-After` header, seconds).',
    ].join('\n\n'),
  },
  servers: [{ url: '/api/support-desk', description: 'This Strapi instance' }],
  tags: [
    { name: 'Knowledge base', description: 'Public, published articles (no login needed)' },
    { name: 'Customer tickets', description: 'Tickets of the caller\'s organization (customer JWT)' },
    { name: 'Meta' },
  ],
  paths: { ...kbPaths, ...customerPaths },
  components: {
    securitySchemes: {
      customerJwt: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'A users-permissions JWT of a customer contact: POST /api/auth/local with { identifier, password } answers { jwt, user } (400 for wrong credentials; that endpoint is rate-limited with 429).',
      },
      apiToken: { type: 'http', scheme: 'bearer', description: 'A Strapi API token (integrations and agents): on the KB it also shows internal articles. Not accepted by the customer API (403).' },
    },
    schemas: { ...commonSchemas, ...kbSchemas, ...customerSchemas },
  },
};

export type OpenApiDocument = typeof openApiDocument;
