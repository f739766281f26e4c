/** Repair equipment checkouts for on-site visits; admin (agents) and content-api (integrations). */
import type { Context } from 'koa';
import { actorOf } from '../utils/caller';
import { getService } from '../utils/get-service';
import { toAgentCheckout } from '../contracts/agent';

const body = (ctx: Context) => ((ctx.request as any).body ?? {}) as Record<string, any>;

export default () => ({
  async list(ctx: Context) {
    ctx.body = { data: (await getService('equipment').forVisit(ctx.params.documentId)).map(toAgentCheckout) };
  },
  async checkout(ctx: Context) {
    ctx.status = 201;
    ctx.body = { data: toAgentCheckout(await getService('equipment').checkout(ctx.params.documentId, body(ctx), actorOf(ctx))) };
  },
  async giveBack(ctx: Context) {
    ctx.body = { data: toAgentCheckout(await getService('equipment').giveBack(ctx.params.documentId, body(ctx), actorOf(ctx))) };
  },
});
