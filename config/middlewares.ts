import type { Core } from '@strapi/strapi';
import { allowedOrigins } from '../src/utils/cors-origins';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  // X-Request-Id in and out (and in every log line), GET /health, /ready, /metrics, request metrics per route.
  'plugin::support-desk.ops',
  'strapi::logger',
  'strapi::errors',
  // Database unreachable → 503 + Retry-After (never 500, never a misleading 401).
  'plugin::support-desk.availability',
  'strapi::security',
  // Only CORS_ORIGINS and the server's own origin (PUBLIC_URL) may make credentialed cross-origin calls.
  { name: 'strapi::cors', config: { origin: allowedOrigins({ corsOrigins: env('CORS_ORIGINS', ''), publicUrl: env('PUBLIC_URL', ''), port: env.int('PORT', 1337) }) } },
  // No strapi::poweredBy: no X-Powered-By header.
  // PUBLIC_URL https: cookies (the admin refresh cookie) are Secure.
  'plugin::support-desk.https-cookies',
  // Hostile path/query → 400; client errors of the layers below (unreadable body, database refusing a value) → 4xx + one warn line.
  'plugin::support-desk.input-guard',
  // Public KB: cached anonymous reads answered here, before the rest of the pipeline.
  'plugin::support-desk.kb-cache',
  'strapi::query',
  'strapi::body',
  // Hostile body (NUL, too long, too deep) → 400; a missing body is {}.
  'plugin::support-desk.body-guard',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;
