/**
 * Homepage widgets (admin API, docs/architecture.md "Dashboard pages and homepage widgets"):
 * - GET /support-desk/widgets/sla-at-risk?limit=   open tickets nearest to an SLA breach (own groups / own tickets)
 * - GET /support-desk/widgets/my-tickets?limit=    the caller's open tickets and their count
 */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { parseLimit } from '../widgets/deadline';

function limitOf(ctx: Context): number {
  const { limit, problem } = parseLimit(ctx.query.limit);
  if (problem) throw new errors.ValidationError(problem, { errors: [{ path: ['limit'], message: problem, name: 'ValidationError' }] });
  return limit;
}

export default () => ({
  async slaAtRisk(ctx: Context) {
    const user = ctx.state.user as { id: number; roles?: Array<{ code: string }> };
    const limit = limitOf(ctx);
    const superAdmin = Boolean(user.roles?.some((r) => r.code === 'strapi-super-admin'));
    ctx.body = { data: await getService('widgets').atRisk({ id: user.id, superAdmin }, limit, new Date()) };
  },

  async myTickets(ctx: Context) {
    const user = ctx.state.user as { id: number };
    const { total, tickets } = await getService('widgets').myOpen(user.id, limitOf(ctx), new Date());
    ctx.body = { data: tickets, meta: { total } };
  },
});
