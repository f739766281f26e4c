/**
 * Customer API controllers (routes/customer.ts). Validate the request at the edge — any field that
 * is not part of the request contract is refused with 400 naming it (mass assignment), before
 * anything is read or written — then call the customer-tickets service, which scopes everything to
 * the caller's organization and answers the whitelisted shapes of contracts/customer.ts.
 */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { actorOf, customerOf } from '../utils/caller';
import { TICKET_STATUSES, TICKET_TYPES, type TicketStatus } from '../workflow/state-machine';
import { LEVELS } from '../workflow/priority';
import { CUSTOMER_CLOSED_FIELDS } from '../documents/ticket-workflow';
import { getService } from '../utils/get-service';
import {
  ACTION_FIELDS,
  COMMENT_FIELDS,
  CREATE_FIELDS,
  DEFAULT_PAGE_SIZE,
  LIST_PARAMS,
  MAX_PAGE_SIZE,
  type CustomerCreateTicketRequest,
  type CustomerVerb,
} from '../contracts/customer';

type Body = Record<string, unknown>;
interface FieldError {
  path: string[];
  message: string;
  name: 'ValidationError';
}

/** Ticket fields a customer never sets, on any route (besides the workflow's own list); `status` is the public name of `state`. */
const PROTECTED = new Set<string>([...CUSTOMER_CLOSED_FIELDS, 'status', 'id', 'documentId', 'cancel_reason', 'solution', 'reopen_count', 'related_articles', 'product_line', 'region', 'external_ref', 'asset', 'publishedAt', 'locale', 'createdBy', 'updatedBy']);

const fieldError = (field: string, message: string): FieldError => ({ path: [field], message, name: 'ValidationError' });

function fail(problems: FieldError[]): never {
  throw new errors.ValidationError(problems.map((p) => p.message).join(' '), { errors: problems });
}

function bodyOf(ctx: Context): Body {
  const body = (ctx.request as unknown as { body?: unknown }).body;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    fail([fieldError('body', 'The request body must be a JSON object.')]);
  }
  return body as Body;
}

/** Mass assignment: every key outside `allowed` is refused, naming it and saying why. */
function refuseOtherFields(body: Body, allowed: readonly string[]) {
  const problems: FieldError[] = [];
  for (const key of Object.keys(body)) {
    if (allowed.includes(key)) continue;
    if (key === 'data' && body.data && typeof body.data === 'object') {
      problems.push(fieldError('data', `Send the fields at the top level of the body, not inside "data" (accepted: ${allowed.join(', ')}).`));
    } else if (PROTECTED.has(key)) {
      problems.push(fieldError(key, `${key} cannot be set by a customer: it is managed by the support desk.`));
    } else {
      problems.push(fieldError(key, `Unknown field "${key}" (accepted: ${allowed.join(', ')}).`));
    }
  }
  if (problems.length) fail(problems);
}

function optionalText(body: Body, field: string, max: number, problems: FieldError[]): string | null | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') {
    problems.push(fieldError(field, `${field} must be a string.`));
    return undefined;
  }
  const text = v.trim();
  if (text.length > max) problems.push(fieldError(field, `${field} is too long (at most ${max} characters, got ${text.length}).`));
  return text || null;
}

function optionalEnum<T extends string>(body: Body, field: string, values: readonly T[], problems: FieldError[]): T | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    problems.push(fieldError(field, `${field} must be one of ${values.join(', ')} (got ${JSON.stringify(v)}).`));
    return undefined;
  }
  return v as T;
}

function validateCreate(body: Body): CustomerCreateTicketRequest {
  refuseOtherFields(body, CREATE_FIELDS);
  const problems: FieldError[] = [];
  const subject = optionalText(body, 'subject', 200, problems);
  if (!subject && !problems.some((p) => p.path[0] === 'subject')) problems.push(fieldError('subject', 'subject is required: say in a line what the problem is.'));
  const description = optionalText(body, 'description', 20000, problems);
  const type = optionalEnum(body, 'type', TICKET_TYPES, problems);
  const urgency = optionalEnum(body, 'urgency', LEVELS, problems);
  const impact = optionalEnum(body, 'impact', LEVELS, problems);
  const assetSerial = optionalText(body, 'asset_serial', 100, problems);
  if (body.channel !== undefined && body.channel !== null && body.channel !== 'portal') {
    problems.push(fieldError('channel', `channel is always "portal" for tickets opened here (got ${JSON.stringify(body.channel)}); leave it out.`));
  }
  if (problems.length) fail(problems);
  return { subject: subject!, description, type, urgency, impact, asset_serial: assetSerial };
}

function positiveInt(value: unknown, field: string, problems: FieldError[]): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (typeof value === 'object' || !Number.isInteger(n) || n < 1) {
    problems.push(fieldError(field, `${field} must be a positive integer (got ${JSON.stringify(value)}).`));
    return undefined;
  }
  return n;
}

function validateList(query: Record<string, unknown>) {
  const problems: FieldError[] = [];
  for (const key of Object.keys(query)) {
    if (!(LIST_PARAMS as readonly string[]).includes(key)) problems.push(fieldError(key, `Unknown query parameter "${key}" (accepted: ${LIST_PARAMS.join(', ')}).`));
  }
  const page = positiveInt(query.page, 'page', problems) ?? 1;
  const pageSize = Math.min(positiveInt(query.pageSize, 'pageSize', problems) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  let statuses: TicketStatus[] | null = null;
  if (query.status !== undefined && query.status !== '') {
    const raw = Array.isArray(query.status) ? query.status.join(',') : String(query.status);
    const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = list.filter((s) => !(TICKET_STATUSES as readonly string[]).includes(s));
    if (unknown.length) problems.push(fieldError('status', `Unknown status ${unknown.map((s) => `"${s}"`).join(', ')} (statuses: ${TICKET_STATUSES.join(', ')}).`));
    else statuses = list as TicketStatus[];
  }
  if (problems.length) fail(problems);
  return { page, pageSize, statuses };
}

const service = () => getService('customer-tickets');

function verbHandler(verb: CustomerVerb) {
  return async (ctx: Context) => {
    const body = bodyOf(ctx);
    refuseOtherFields(body, ACTION_FIELDS);
    const problems: FieldError[] = [];
    const reason = optionalText(body, 'reason', 2000, problems);
    if (problems.length) fail(problems);
    ctx.body = await service().act(customerOf(ctx), actorOf(ctx), ctx.params.documentId, verb, { version: body.version, reason: reason ?? undefined });
  };
}

export default () => ({
  async find(ctx: Context) {
    ctx.body = await service().list(customerOf(ctx), validateList((ctx.query ?? {}) as Record<string, unknown>));
  },

  async findOne(ctx: Context) {
    ctx.body = await service().get(customerOf(ctx), ctx.params.documentId);
  },

  async create(ctx: Context) {
    const input = validateCreate(bodyOf(ctx));
    ctx.body = await service().create(customerOf(ctx), actorOf(ctx), input);
    ctx.status = 201;
  },

  async comment(ctx: Context) {
    const body = bodyOf(ctx);
    refuseOtherFields(body, COMMENT_FIELDS);
    if (body.body !== undefined && typeof body.body !== 'string') fail([fieldError('body', 'body must be a string: the text of your comment.')]);
    ctx.body = await service().comment(customerOf(ctx), actorOf(ctx), ctx.params.documentId, (body.body as string | undefined) ?? '');
    ctx.status = 201;
  },

  approve: verbHandler('approve'),
  reject: verbHandler('reject'),
  confirm: verbHandler('confirm'),
  reopen: verbHandler('reopen'),

  async unknownAction(ctx: Context) {
    const action = String(ctx.params.action ?? '');
    throw new errors.ValidationError(
      `Unknown action "${action.slice(0, 50)}" on a ticket. Customer actions: POST .../comments {body}, .../approve, .../reject, .../confirm, .../reopen {version, reason?}.`,
      { errors: [fieldError('action', 'unknown action')] },
    );
  },
});
