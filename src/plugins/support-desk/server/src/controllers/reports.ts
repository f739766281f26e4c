import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { parseReportQuery } from '../services/sla-report';

export default () => ({
  async sla(ctx: Context) {
    const query = parseReportQuery(ctx.query as Record<string, unknown>);
    ctx.body = { data: await getService('sla-report').compliance(query), meta: { groupBy: query.groupBy, period: query.period, from: query.from.toISOString(), to: query.to.toISOString() } };
  },
});
