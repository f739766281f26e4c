import type { Context } from 'koa';
import { actorOf } from '../utils/caller';
import { getService } from '../utils/get-service';
import type { VisitAction } from '../visits';
import { toAgentVisit } from '../contracts/agent';

const body = (ctx: Context) => ((ctx.request as any).body ?? {}) as Record<string, any>;

const act = (action: VisitAction) => async (ctx: Context) => {
  ctx.body = { data: toAgentVisit(await getService('visits').act(ctx.params.documentId, action, body(ctx), actorOf(ctx))) };
};

/** On-site visits of a ticket; admin (agents) and content-api (integrations). Answers: contracts/agent.ts. */
export default () => ({
  async list(ctx: Context) {
    ctx.body = { data: (await getService('visits').list(ctx.params.documentId)).map(toAgentVisit) };
  },

  async schedule(ctx: Context) {
    const { visit, notified, warning } = await getService('visits').schedule(ctx.params.documentId, body(ctx) as any, actorOf(ctx));
    ctx.status = 201;
    ctx.body = { data: toAgentVisit(visit), meta: { customerNotified: notified, ...(warning ? { warning } : {}) } };
  },

  arrive: act('arrive'),
  complete: act('complete'),
  cancel: act('cancel'),
});
