/**
 * Hostile input gets 4xx, never 5xx, nothing written, one warning line in the log (no stack).
 * Two global middlewares (config/middlewares.ts):
 *
 * - `input-guard`, right after strapi::cors (so a refusal still carries the CORS headers a browser
 *   needs to read it): refuses a path or query string that security/input-guard.ts finds hostile
 *   (NUL, malformed percent-encoding, over-long or over-deep values, paging numbers that are not
 *   plain decimal integers in range) with 400; and on the way back turns the client errors that
 *   Strapi would log at error level with a stack and answer 500 into a 4xx and one `warn` line:
 *   a body strapi::body could not parse (malformed JSON or multipart: 400; too large: 413), an
 *   http error of another copy of http-errors (koa-static's "Malicious Path"), and a database that
 *   refused a client's value (PostgreSQL data exceptions, Strapi's date/relation format errors —
 *   the backstop behind validation; the log line has the SQLSTATE, never the SQL).
 * - `body-guard`, right after strapi::body: refuses a parsed body with a NUL, an over-long string or
 *   over-deep nesting, or a text body where a JSON object is expected (400), and makes a missing body on POST/PUT/PATCH an empty object, so that
 *   handlers that read `ctx.request.body.x` (users-permissions' /api/auth/*) answer 400 naming the
 *   missing fields instead of throwing a TypeError (500).
 *
 * Errors Strapi already answers with their status (`errors.*` of @strapi/utils, its http errors) are
 * passed on untouched and not logged here: domain validation is not an attack.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { checkRequestLine, checkValue, describeDataException, DEFAULT_INPUT_LIMITS, type InputLimits, type InputProblem } from '../security/input-guard';
import { httpError, inputRefusal, isHttpError } from '../utils/errors';
import { pluginConfig } from '../utils/plugin-config';

const BODY_PARSED = 'supportDeskBodyParsed';
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

const limitsOf = (strapi: Core.Strapi): InputLimits => {
  const security = pluginConfig(strapi)?.security;
  return { maxStringLength: security?.maxStringLength ?? DEFAULT_INPUT_LIMITS.maxStringLength, maxDepth: security?.maxDepth ?? DEFAULT_INPUT_LIMITS.maxDepth };
};

/** One log line: control characters escaped (no log injection through a URL or a message), bounded. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const oneLine = (s: string, max = 300) => s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, max);

function warn(strapi: Core.Strapi, ctx: Context, status: number, reason: string) {
  strapi.log.warn(`[support-desk] refused ${ctx.method} ${oneLine(ctx.path, 200)} → ${status}: ${oneLine(reason)}`);
}


const hasBody = (ctx: Context) => BODY_METHODS.includes(ctx.method) && (Number(ctx.get('content-length') || 0) > 0 || Boolean(ctx.get('transfer-encoding')));

const statusOf = (error: unknown): number | undefined => {
  const e = error as { status?: unknown; statusCode?: unknown; httpCode?: unknown };
  const s = [e?.status, e?.statusCode, e?.httpCode].find((v) => typeof v === 'number');
  return s as number | undefined;
};

/** The 4xx to answer for an error Strapi would treat as internal, with the reason to log; null: a real server error. */
function clientErrorOf(error: unknown, ctx: Context): { error: Error; status: number; reason: string } | null {
  const data = describeDataException(error);
  if (data) {
    const code = (error as { code?: string }).code ?? (error as Error).name;
    return { error: new errors.ValidationError(data, { source: 'database' }), status: 400, reason: `the database refused a value (${code}: ${data})` };
  }
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (!ctx.state[BODY_PARSED] && hasBody(ctx)) {
    const type = oneLine(ctx.get('content-type') || 'no Content-Type', 100);
    if (status === 413) {
      return { error: new errors.PayloadTooLargeError('The request body is too large for this endpoint; send less data.'), status: 413, reason: `body too large (${type})` };
    }
    const fix = /multipart/i.test(type)
      ? 'Send a well-formed multipart/form-data body (parts separated by the boundary named in Content-Type), or JSON with "Content-Type: application/json".'
      : 'Send a JSON object with "Content-Type: application/json".';
    const text = `The request body could not be read as ${type}: ${oneLine(message, 150)}. ${fix}`;
    return { error: new errors.ValidationError(text, { source: 'body' }), status: 400, reason: `unreadable body (${type}): ${message}` };
  }
  if (status !== undefined && status >= 400 && status < 500 && (error as { expose?: boolean }).expose !== false) {
    return { error: httpError(status, oneLine(message, 200)), status, reason: message };
  }
  return null;
}

/** The response already holds a 4xx error answer (ctx.forbidden() and friends set status and body). */
const answeredClientError = (ctx: Context) =>
  ctx.status >= 400 && ctx.status < 500 && typeof ctx.body === 'object' && ctx.body !== null && 'error' in (ctx.body as object);

export const inputGuard = (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const limits = limitsOf(strapi);
  return async function inputGuardMiddleware(ctx: Context, next: Next) {
    const problem = checkRequestLine(ctx.path, (ctx.query ?? {}) as Record<string, unknown>, limits, ctx.method);
    if (problem) {
      warn(strapi, ctx, 400, problem.message);
      throw inputRefusal(problem);
    }
    try {
      await next();
    } catch (error) {
      if (error instanceof errors.ApplicationError || isHttpError(error)) throw error;
      if (answeredClientError(ctx)) {
        // The handler had already refused the request (e.g. the Content Manager's relations controller
        // answers `ctx.forbidden()` and then reads its own undefined result): the refusal stands.
        warn(strapi, ctx, ctx.status, `handler failed after answering ${ctx.status}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      const client = clientErrorOf(error, ctx);
      if (!client) throw error;
      warn(strapi, ctx, client.status, client.reason);
      throw client.error;
    }
  };
};

export const bodyGuard = (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const limits = limitsOf(strapi);
  return async function bodyGuardMiddleware(ctx: Context, next: Next) {
    ctx.state[BODY_PARSED] = true;
    const request = ctx.request as unknown as { body?: unknown };
    const writes = BODY_METHODS.includes(ctx.method) && ctx.method !== 'DELETE';
    if ((request.body === undefined || request.body === '') && writes) request.body = {};
    if (typeof request.body === 'string' && writes) {
      // strapi::body reads text/plain (and other text types) as a string; no endpoint takes one, and
      // handlers that set fields on the body (users-permissions' roles) throw a TypeError (500) on it.
      const type = oneLine(ctx.get('content-type') || 'no Content-Type', 100);
      const problem: InputProblem = { source: 'body', path: [], rule: 'type', message: `The request body was sent as ${type}; this endpoint takes a JSON object: send it with "Content-Type: application/json".` };
      warn(strapi, ctx, 400, problem.message);
      throw inputRefusal(problem);
    }
    const problem = checkValue(request.body, 'body', limits);
    if (problem) {
      warn(strapi, ctx, 400, problem.message);
      throw inputRefusal(problem);
    }
    await next();
  };
};
