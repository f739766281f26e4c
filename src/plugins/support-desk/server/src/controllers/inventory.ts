import type { Context } from 'koa';
import { actorOf } from '../utils/caller';
import { getService } from '../utils/get-service';
import { toAgentMovement, toAgentPart, toAgentTicketParts } from '../contracts/agent';

const body = (ctx: Context) => ((ctx.request as any).body ?? {}) as Record<string, any>;

/** Parts, the stock ledger and the parts of tickets; admin (agents) and content-api (integrations). Answers: contracts/agent.ts. */
export default () => ({
  async part(ctx: Context) {
    ctx.body = { data: toAgentPart(await getService('inventory').partView(ctx.params.documentId)) };
  },

  async alerts(ctx: Context) {
    ctx.body = { data: (await getService('inventory').alerts()).map((p) => ({ ...toAgentPart(p), stock_alert: p.stock_alert, stock_alert_since: p.stock_alert_since instanceof Date ? p.stock_alert_since.toISOString() : (p.stock_alert_since ?? null), level: p.level })) };
  },

  async movements(ctx: Context) {
    ctx.body = { data: (await getService('inventory').movements(ctx.params.documentId)).map(toAgentMovement) };
  },

  async storeMovement(ctx: Context) {
    const { part, movements } = await getService('inventory').storeMovement(ctx.params.documentId, body(ctx) as any, actorOf(ctx));
    ctx.status = 201;
    ctx.body = { data: movements.map((m) => toAgentMovement({ ...m, part })), meta: { part: toAgentPart({ ...part, documentId: part.document_id }) } };
  },

  async ticketParts(ctx: Context) {
    ctx.body = { data: toAgentTicketParts(await getService('inventory').ticketParts(ctx.params.documentId)) };
  },

  async reserve(ctx: Context) {
    const { part, movements } = await getService('inventory').reserve(ctx.params.documentId, body(ctx), actorOf(ctx));
    ctx.status = 201;
    ctx.body = { data: movements.map((m) => toAgentMovement(m)), meta: { part: toAgentPart({ ...part, documentId: part.document_id }) } };
  },

  async release(ctx: Context) {
    const { part, movements } = await getService('inventory').release(ctx.params.documentId, body(ctx), actorOf(ctx));
    ctx.body = { data: movements.map((m) => toAgentMovement(m)), meta: { part: toAgentPart({ ...part, documentId: part.document_id }) } };
  },

  async consume(ctx: Context) {
    const { part, movements } = await getService('inventory').consume(ctx.params.documentId, body(ctx), actorOf(ctx));
    ctx.body = { data: movements.map((m) => toAgentMovement(m)), meta: { part: toAgentPart({ ...part, documentId: part.document_id }) } };
  },
});
