import type { Context } from 'koa';
import { actorOf } from '../utils/caller';
import { getService } from '../utils/get-service';
import { toAgentEscalation } from '../contracts/agent';

const body = (ctx: Context) => ((ctx.request as any).body ?? {}) as Record<string, any>;

/** Escalations of a ticket to another department; admin (agents) and content-api (integrations). Answers: contracts/agent.ts. */
export default () => ({
  async list(ctx: Context) {
    ctx.body = { data: (await getService('escalations').list(ctx.params.documentId)).map(toAgentEscalation) };
  },

  async create(ctx: Context) {
    const { escalation, ticket, notified, warning } = await getService('escalations').escalate(ctx.params.documentId, body(ctx) as any, actorOf(ctx));
    ctx.status = 201;
    ctx.body = { data: toAgentEscalation(escalation), meta: { ticket, notified, ...(warning ? { warning } : {}) } };
  },

  async answer(ctx: Context) {
    ctx.body = { data: toAgentEscalation(await getService('escalations').answer(ctx.params.documentId, body(ctx), actorOf(ctx))) };
  },

  async close(ctx: Context) {
    ctx.body = { data: toAgentEscalation(await getService('escalations').close(ctx.params.documentId, body(ctx), actorOf(ctx))) };
  },
});
