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
/** The ticket with its SLA clocks and timeline: what the panel shows, in one answer. */
async function ticketView(documentId: string, loaded?: any) {
  const ticket = loaded ?? (await getService('tickets').get(documentId));
  // The loaded ticket's id: no second look-up of the ticket for its timeline.
  const timeline = await getService('timeline').list(ticket.id, { publicOnly: false });
  const sla = [describeClock('first_response', ticket), describeClock('resolution', ticket)];
  return { data: toAgentTicket(ticket), meta: { sla, timeline } };
}

export default () => ({
  async findOne(ctx: Context) {
    ctx.body = await ticketView(ctx.params.documentId);
  },

  /** The answer carries the panel's view (meta: sla, timeline) so it updates without another request. */
  async transition(ctx: Context) {
    ctx.body = await ticketView(ctx.params.documentId, await getService('tickets').transition(ctx.params.documentId, body(ctx) as any, actorOf(ctx)));
  },

  async customerReply(ctx: Context) {
    ctx.body = await ticketView(ctx.params.documentId, await getService('tickets').recordCustomerReply(ctx.params.documentId, body(ctx) as any, actorOf(ctx)));
  },

  async assignees(ctx: Context) {
    ctx.body = { data: await getService('tickets').assignees(ctx.params.documentId) };
  },

  async cannedReplies(ctx: Context) {
    const user = ctx.state.user as { firstname?: string | null; lastname?: string | null; email?: string | null } | undefined;
    const agent = user ? { name: [user.firstname, user.lastname].filter(Boolean).join(' ') || null, email: user.email ?? null } : null;
    const language = typeof ctx.query.language === 'string' ? ctx.query.language : undefined;
    ctx.body = { data: await getService('tickets').cannedReplies(ctx.params.documentId, language, agent) };
  },

  async comment(ctx: Context) {
    const ticket = await getService('tickets').comment(ctx.params.documentId, body(ctx) as any, actorOf(ctx));
    const view = await ticketView(ctx.params.documentId, ticket);
    ctx.status = 201;
    // data: the timeline (as before); meta: the ticket and its clocks (a public reply meets the first response).
    ctx.body = { data: view.meta.timeline, meta: { ticket: view.data, sla: view.meta.sla } };
  },

  async assign(ctx: Context) {
    ctx.body = await ticketView(ctx.params.documentId, await getService('tickets').assign(ctx.params.documentId, body(ctx) as any, actorOf(ctx)));
  },

  /** Related KB articles, CC contacts, follow-up of (the panel's Links section); answers the panel's view. */
  async links(ctx: Context) {
    ctx.body = await ticketView(ctx.params.documentId, await getService('tickets').links(ctx.params.documentId, body(ctx), actorOf(ctx)));
  },

  async timeline(ctx: Context) {
    ctx.body = { data: await getService('tickets').timeline(ctx.params.documentId) };
  },
});
