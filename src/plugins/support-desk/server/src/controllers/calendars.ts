import type { Context } from 'koa';
import { getService } from '../utils/get-service';

export default () => ({
  async importHolidays(ctx: Context) {
    ctx.body = { data: await getService('calendar').importHolidays(ctx.params.documentId, ((ctx.request as any).body ?? {}) as Record<string, unknown>) };
  },
});
