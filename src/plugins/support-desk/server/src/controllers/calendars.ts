import type { Context } from 'koa';
import { getService } from '../utils/get-service';

const body = (ctx: Context) => ((ctx.request as any).body ?? {}) as Record<string, unknown>;

export default () => ({
  async importHolidays(ctx: Context) {
    ctx.body = { data: await getService('calendar').importHolidays(ctx.params.documentId, body(ctx)) };
  },
  async previewHolidays(ctx: Context) {
    const { country, year, language } = ctx.query as Record<string, unknown>;
    ctx.body = { data: await getService('calendar').previewHolidays(ctx.params.documentId, { country, year, language }) };
  },
  async holidayCountries(ctx: Context) {
    ctx.body = { data: getService('calendar').holidayCountries(String(ctx.query.language ?? 'en')) };
  },
});
