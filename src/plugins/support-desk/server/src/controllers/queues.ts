/**
 * The agent's workspace (admin API, docs/architecture.md "Queues and phone tickets"):
 * - GET  /support-desk/queues                     the caller's queues with counts
 * - GET  /support-desk/queues/:queue              one page of a queue (sort, order, page, pageSize)
 * - GET  /support-desk/agents                     agents for the assignee picker (whitelisted)
 * - POST /support-desk/tickets/bulk-assign        supervisors: assign many, a result per ticket
 * - GET  /support-desk/phone/organizations?q=     organizations for a phone ticket
 * - GET  /support-desk/phone/organizations/:documentId/contacts?q=   its contacts and assets
 * - POST /support-desk/tickets                    a ticket taken by phone
 */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { actorOf } from '../utils/caller';
import { parseBulkAssign, parsePhoneTicket, parseQueueQuery, type QueryProblem } from '../queues';

function refuse(problems: QueryProblem[]): never {
  throw new errors.ValidationError(problems.map((p) => p.message).join(' '), {
    errors: problems.map((p) => ({ path: [p.param], message: p.message, name: 'ValidationError' })),
  });
}

const viewer = (ctx: Context) => getService('queues').viewerOf((ctx.state.user as { id: number }).id);
const text = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 100) : '');

export default () => ({
  async summary(ctx: Context) {
    ctx.body = await getService('queues').summary(await viewer(ctx));
  },

  async list(ctx: Context) {
    const { query, problems } = parseQueueQuery(ctx.params.queue, ctx.query as Record<string, unknown>);
    if (problems.length) refuse(problems);
    ctx.body = await getService('queues').list(await viewer(ctx), query);
  },

  async agents(ctx: Context) {
    ctx.body = await getService('queues').agents(await viewer(ctx));
  },

  async bulkAssign(ctx: Context) {
    const { input, problems } = parseBulkAssign((ctx.request as any).body);
    if (problems.length) refuse(problems);
    const results = await getService('queues').bulkAssign(await viewer(ctx), input, actorOf(ctx));
    ctx.body = { data: results, meta: { assigned: results.filter((r) => r.status === 200).length, failed: results.filter((r) => r.status !== 200).length } };
  },

  async organizations(ctx: Context) {
    ctx.body = await getService('queues').organizations(text(ctx.query.q));
  },

  async contacts(ctx: Context) {
    ctx.body = await getService('queues').organizationContacts(String(ctx.params.documentId), text(ctx.query.q));
  },

  async createPhoneTicket(ctx: Context) {
    const { input, problems } = parsePhoneTicket((ctx.request as any).body);
    if (problems.length) refuse(problems);
    ctx.status = 201;
    ctx.body = { data: await getService('queues').createPhoneTicket(input, actorOf(ctx)) };
  },
});
