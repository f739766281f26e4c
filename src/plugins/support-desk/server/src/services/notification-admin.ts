/**
 * The notification outbox for admins (controllers/notifications.ts): list with counts per state,
 * retry a dead message, read one row. Rows are written by services/notification-outbox.ts and sent
 * by services/notification-dispatcher.ts.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { fromRow, NOTIFICATION_STATUSES, type NotificationRow, type NotificationStatus, type RawRow } from '../notify/outbox-row';
import { outboxTable } from '../utils/outbox-table';
import { httpError } from '../utils/errors';
import { NOTIFICATION_UID } from '../constants';

export interface ListOptions {
  state?: NotificationStatus;
  ticketId?: number;
  page?: number;
  pageSize?: number;
}

const createNotificationAdminService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Admin listing, newest first, with counts per state. */
  async list({ state, ticketId, page = 1, pageSize = 25 }: ListOptions = {}) {
    if (state !== undefined && !NOTIFICATION_STATUSES.includes(state)) {
      throw new errors.ValidationError(`state must be one of ${NOTIFICATION_STATUSES.join(', ')}`, { state });
    }
    const where: RawRow = {};
    if (state) where.state = state;
    if (ticketId !== undefined) where.ticket = { id: ticketId };
    const result = await strapi.db.query(NOTIFICATION_UID).findPage({
      where,
      page,
      pageSize,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      populate: { ticket: { select: ['id', 'documentId', 'number', 'subject'] } },
    });
    const counts = Object.fromEntries(NOTIFICATION_STATUSES.map((s) => [s, 0])) as Record<NotificationStatus, number>;
    const grouped: RawRow[] = await outboxTable(strapi).select('state').count({ count: '*' }).groupBy('state');
    for (const g of grouped) if (g.state in counts) counts[g.state as NotificationStatus] = Number(g.count);
    return { results: result.results, pagination: result.pagination, counts };
  },

  /**
   * Sends a dead (or waiting) message again from scratch: attempts reset, due now. A message that
   * is sent or being sent is refused with 409 (retrying it would send it twice).
   */
  async retry(id: number): Promise<NotificationRow> {
    const now = new Date();
    const rows: RawRow[] = await outboxTable(strapi)
      .where({ id })
      .whereIn('state', ['dead', 'pending'])
      .update({ state: 'pending', attempts: 0, next_attempt_at: now, claim_token: null, claimed_at: null, updated_at: now }, ['*']);
    if (rows.length) return fromRow(rows[0]);
    const existing = await outboxTable(strapi).where({ id }).first();
    if (!existing) throw new errors.NotFoundError(`notification ${id} not found`);
    throw httpError(409, `notification ${id} is ${existing.state}; only dead or pending notifications can be retried`, { id, state: existing.state });
  },

  /** Reads one row (tests, admin). */
  async get(id: number): Promise<NotificationRow | null> {
    const row = await outboxTable(strapi).where({ id }).first();
    return row ? fromRow(row) : null;
  },
});

export type NotificationAdminService = ReturnType<typeof createNotificationAdminService>;
export default createNotificationAdminService;
