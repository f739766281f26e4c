import type { Context } from 'koa';
import { actorOf } from '../utils/caller';
import { getService } from '../utils/get-service';
import { describeClock } from '../sla/clock';
import { TICKET_UID } from '../constants';

const body = (ctx: Context) => ((ctx.request as any).body ?? {}) as Record<string, any>;

/**
 * Agent (admin) and integration (API token) endpoints; the same handlers serve both route types.
 * Content-API answers are passed through Strapi's output sanitizer (private fields removed).
 */
export default ({ strapi }: { strapi: any }) => {
  const present = async (ctx: Context, ticket: unknown) => {
    if (ctx.state.route?.info?.type === 'content-api') {
      return strapi.contentAPI.sanitize.output(ticket, strapi.getModel(TICKET_UID), { auth: ctx.state.auth });
    }
    return ticket;
  };

  return {
    async findOne(ctx: Context) {
      const ticket = await getService('tickets').get(ctx.params.documentId);
      const timeline = await getService('tickets').timeline(ctx.params.documentId);
      const sla = [describeClock('first_response', ticket), describeClock('resolution', ticket)];
      ctx.body = { data: await present(ctx, ticket), meta: { sla, timeline } };
    },

    async transition(ctx: Context) {
      const ticket = await getService('tickets').transition(ctx.params.documentId, body(ctx) as any, actorOf(ctx));
      ctx.body = { data: await present(ctx, ticket) };
    },

    async comment(ctx: Context) {
      await getService('tickets').comment(ctx.params.documentId, body(ctx) as any, actorOf(ctx));
      ctx.status = 201;
      ctx.body = { data: await getService('tickets').timeline(ctx.params.documentId) };
    },

    async assign(ctx: Context) {
      const ticket = await getService('tickets').assign(ctx.params.documentId, body(ctx) as any, actorOf(ctx));
      ctx.body = { data: await present(ctx, ticket) };
    },

    async timeline(ctx: Context) {
      ctx.body = { data: await getService('tickets').timeline(ctx.params.documentId) };
    },
  };
};
