import type { Context } from 'koa';
import { actorOf } from '../utils/caller';
import { getService } from '../utils/get-service';
import { describeClock } from '../sla/clock';
import { toAgentTicket } from '../contracts/agent';

const body = (ctx: Context) => ((ctx.request as any).body ?? {}) as Record<string, any>;

/**
 * Agent (admin) and integration (API token) endpoints; the same handlers serve both route types.
 * Every ticket answer is the whitelist of contracts/agent.ts, on both (admin routes have no output
 * sanitizer: a populated user would carry its password hash and tokens).
 */
export default () => ({
  async findOne(ctx: Context) {
    const ticket = await getService('tickets').get(ctx.params.documentId);
    const timeline = await getService('tickets').timeline(ctx.params.documentId);
    const sla = [describeClock('first_response', ticket), describeClock('resolution', ticket)];
    ctx.body = { data: toAgentTicket(ticket), meta: { sla, timeline } };
  },

  async transition(ctx: Context) {
    ctx.body = { data: toAgentTicket(await getService('tickets').transition(ctx.params.documentId, body(ctx) as any, actorOf(ctx))) };
  },

  async comment(ctx: Context) {
    await getService('tickets').comment(ctx.params.documentId, body(ctx) as any, actorOf(ctx));
    ctx.status = 201;
    ctx.body = { data: await getService('tickets').timeline(ctx.params.documentId) };
  },

  async assign(ctx: Context) {
    ctx.body = { data: toAgentTicket(await getService('tickets').assign(ctx.params.documentId, body(ctx) as any, actorOf(ctx))) };
  },

  async timeline(ctx: Context) {
    ctx.body = { data: await getService('tickets').timeline(ctx.params.documentId) };
  },
});
