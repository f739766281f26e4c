/**
 * The origins CORS allows (config/middlewares.ts → strapi::cors): those listed in CORS_ORIGINS
 * (comma-separated, e.g. `https://portal.example.com,https://intranet.example.com`) plus the server's
 * own origin (PUBLIC_URL — where the admin panel is served — else http://localhost:PORT and
 * http://127.0.0.1:PORT). Any other Origin
 * gets no Access-Control-Allow-* headers, so a browser does not let that site read answers or send
 * credentialed requests. Pure: no Strapi import.
 */
export interface CorsOriginsInput {
  corsOrigins?: string;
  publicUrl?: string;
  port?: number;
}

/** `scheme://host[:port]` of an absolute http(s) URL, or an error naming the setting. */
export function originOf(value: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${setting}: "${value}" is not an origin; write it as https://host[:port].`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${setting}: "${value}" must start with http:// or https://.`);
  return url.origin;
}

export function allowedOrigins({ corsOrigins = '', publicUrl = '', port = 1337 }: CorsOriginsInput): string[] {
  const listed = corsOrigins
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (listed.includes('*')) {
    throw new Error('CORS_ORIGINS: "*" would let any web site send logged-in requests and read the answers; list the origins (https://host[:port], comma-separated).');
  }
  const origins = listed.map((o) => originOf(o, 'CORS_ORIGINS'));
  if (publicUrl.trim()) origins.push(originOf(publicUrl.trim(), 'PUBLIC_URL'));
  else origins.push(`http://localhost:${port}`, `http://127.0.0.1:${port}`);
  return [...new Set(origins)];
}
