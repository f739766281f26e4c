/**
 * Global middleware (config/middlewares.ts): when PUBLIC_URL (`server.url`) is https, clients reach
 * Strapi over TLS, usually through a proxy that terminates it. Cookies are then set as over a secure
 * connection even if the proxy's X-Forwarded-Proto is not trusted (PROXY_ENABLED off): with
 * `admin.auth.cookie.secure` true (config/admin.ts) the admin refresh cookie is `Secure`, and Koa does
 * not refuse to set it ("Cannot send secure cookie over unencrypted connection" → 500 at login).
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';

export const publicUrlIsHttps = (url: unknown) => typeof url === 'string' && /^https:\/\//i.test(url.trim());

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const https = publicUrlIsHttps(strapi.config.get('server.url'));
  return async function httpsCookies(ctx: Context, next: Next) {
    if (https) (ctx.cookies as unknown as { secure: boolean }).secure = true;
    await next();
  };
};
