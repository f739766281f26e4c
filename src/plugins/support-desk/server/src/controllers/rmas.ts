/** Returns (RMA): agents (admin), integrations (API token) and customer contacts (customer API). */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { actorOf, customerOf } from '../utils/caller';
import { getService } from '../utils/get-service';
import { toAgentRma } from '../contracts/agent';
import { toCustomerReturn } from '../contracts/customer';
import { allowedRmaActions } from '../rma/state-machine';

const body = (ctx: Context) => ((ctx.request as any).body ?? {}) as Record<string, any>;

function onlyFields(b: Record<string, unknown>, allowed: readonly string[]) {
  const extra = Object.keys(b).filter((k) => !allowed.includes(k));
  if (extra.length) {
    throw new errors.ValidationError(`Unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k.slice(0, 40)}"`).join(', ')}: this request takes ${allowed.join(', ') || 'no fields'}.`, {
      errors: extra.map((k) => ({ path: [k], message: 'not allowed', name: 'ValidationError' })),
    });
  }
}

const customerView = (r: Record<string, any>) => toCustomerReturn(r, allowedRmaActions(r.state, 'customer'));

export default () => ({
  async list(ctx: Context) {
    ctx.body = { data: (await getService('rmas').list(ctx.params.documentId)).map(toAgentRma) };
  },
  async open(ctx: Context) {
    const b = body(ctx);
    onlyFields(b, ['asset', 'asset_serial', 'reason', 'part']);
    ctx.status = 201;
    ctx.body = { data: toAgentRma(await getService('rmas').open(ctx.params.documentId, b, actorOf(ctx))) };
  },
  async act(ctx: Context) {
    const b = body(ctx);
    onlyFields(b, ['outcome', 'reason', 'part', 'replacement_part']);
    ctx.body = { data: toAgentRma(await getService('rmas').act(ctx.params.documentId, ctx.params.action, b, actorOf(ctx))) };
  },

  async customerList(ctx: Context) {
    ctx.body = { data: (await getService('rmas').list(ctx.params.documentId, customerOf(ctx))).map(customerView) };
  },
  async customerOpen(ctx: Context) {
    const b = body(ctx);
    onlyFields(b, ['asset_serial', 'reason']);
    ctx.status = 201;
    ctx.body = { data: customerView(await getService('rmas').open(ctx.params.documentId, b, actorOf(ctx), customerOf(ctx))) };
  },
  async customerCancel(ctx: Context) {
    const b = body(ctx);
    onlyFields(b, ['reason']);
    ctx.body = { data: customerView(await getService('rmas').act(ctx.params.documentId, 'cancel', b, actorOf(ctx), customerOf(ctx))) };
  },
});
