import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../notify/outbox-row';
import { toAgentNotification } from '../contracts/agent';

/** A positive integer query/path parameter, or undefined when absent; 400 naming it when malformed. */
function positiveInt(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new errors.ValidationError(`${name} must be an integer between 1 and ${max}`, { [name]: value });
  return n;
}

/** The notification outbox for admins: list (e.g. `?state=dead`) and retry a dead message. */
export default () => ({
  async list(ctx: Context) {
    const q = ctx.query as Record<string, unknown>;
    const state = q.state === undefined || q.state === '' ? undefined : String(q.state);
    if (state !== undefined && !(NOTIFICATION_STATUSES as readonly string[]).includes(state)) {
      throw new errors.ValidationError(`state must be one of ${NOTIFICATION_STATUSES.join(', ')}`, { errors: [{ path: ['state'], message: 'unknown state', name: 'ValidationError' }], state });
    }
    const { results, pagination, counts } = await getService('notification-admin').list({
      state: state as NotificationStatus | undefined,
      ticketId: positiveInt(q.ticket, 'ticket'),
      page: positiveInt(q.page, 'page') ?? 1,
      pageSize: positiveInt(q.pageSize, 'pageSize', 100) ?? 25,
    });
    ctx.body = { data: results.map(toAgentNotification), meta: { pagination, counts } };
  },

  async retry(ctx: Context) {
    const id = positiveInt(ctx.params.id, 'id');
    if (id === undefined) throw new errors.ValidationError('id is required');
    ctx.body = { data: toAgentNotification(await getService('notification-admin').retry(id)) };
  },
});
