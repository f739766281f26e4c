import { winston, formats } from '@strapi/logger';

/**
 * LOG_LEVEL: `level`, not formats.levelFilter (the latter keeps a single level only).
 * LOG_FORMAT: `pretty` (default, for people) or `json` (one JSON object per line, for a log
 * pipeline: timestamp, level, message, the structured fields a line carries, and `requestId` of the
 * request being served — the `X-Request-Id` answered to the client, see the support-desk `ops`
 * middleware, which publishes its request context on globalThis under this symbol).
 */
const REQUEST_CONTEXT_KEY = Symbol.for('support-desk.request-context');
type Store = { getStore: () => { requestId?: string } | undefined };

const withRequestId = winston.format((info) => {
  const store = (globalThis as Record<symbol, Store | undefined>)[REQUEST_CONTEXT_KEY];
  const requestId = store?.getStore()?.requestId;
  if (requestId) info.requestId = requestId;
  return info;
});

const json = (process.env.LOG_FORMAT ?? 'pretty') === 'json';

export default {
  level: process.env.LOG_LEVEL ?? 'http',
  format: json
    ? winston.format.combine(withRequestId(), winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json())
    : formats.prettyPrint({ timestamps: 'YYYY-MM-DD HH:mm:ss.SSS' }),
  transports: [new winston.transports.Console()],
};
