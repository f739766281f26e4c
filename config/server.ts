import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  app: {
    keys: env.array('APP_KEYS')!,
  },
  // Behind a load balancer or reverse proxy: trust its X-Forwarded-For (PROXY_IP_HEADER) so that
  // ctx.request.ip — the client key of per-client rate limits — is the client, not the proxy.
  // Koa takes the left-most of the last PROXY_MAX_IPS_COUNT addresses: set it to the number of
  // proxies in front of Strapi, so that an address a client puts in the header itself is ignored.
  proxy: {
    koa: env.bool('PROXY_ENABLED', false),
    ipHeader: env('PROXY_IP_HEADER', 'X-Forwarded-For'),
    maxIpsCount: env.int('PROXY_MAX_IPS_COUNT', 1),
  },
  // The machine has no internet; the update check would only log errors.
  logger: { updates: { enabled: false } },
  webhooks: {
    populateRelations: env.bool('WEBHOOKS_POPULATE_RELATIONS', false),
  },
  cron: { enabled: env.bool('CRON_ENABLED', true) },
});

export default config;
