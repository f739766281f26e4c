import type { Context } from 'koa';
import { getService } from '../utils/get-service';

export default () => ({
  async get(ctx: Context) {
    ctx.body = await getService('overview').ticketsByState();
  },
});
