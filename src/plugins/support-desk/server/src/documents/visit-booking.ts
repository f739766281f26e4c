/**
 * Document-service middleware on on-site visits: whatever the write path (the visits service, the
 * Content Manager, core REST, API tokens), a visit's window must be valid and its engineer may not
 * be double-booked (active visits, half-open windows; see visits/).
 *
 * Race safety: the check and the write run in one transaction that first serializes on the
 * engineer — a transaction-scoped advisory lock on PostgreSQL; on SQLite the single writer
 * connection serializes transactions already — so of two parallel bookings of one engineer for
 * overlapping windows exactly one is written.
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { clashMessage, findClash, isActiveVisit, validateWindow, type BookedVisit } from '../visits';
import { conflict } from '../utils/errors';
import { relationTargetId } from '../utils/relations';
import { getService } from '../utils/get-service';
import { currentActor } from '../utils/caller';
import { ADMIN_USER_UID, AGENT_PROFILE_UID, VISIT_UID } from '../constants';

/** First key of the advisory lock pair (pg_advisory_xact_lock(int, int)): "SD" + visits. */
const VISIT_LOCK_CLASS = 0x5344_0001;

type Row = Record<string, any>;

/** Admin user id a relation input points to: undefined = unchanged, null = cleared. */
const engineerFromInput = (strapi: Core.Strapi, value: unknown) => relationTargetId(strapi, ADMIN_USER_UID, 'engineer', value);

/** Serializes bookings of one engineer until the end of the current transaction. */
export async function lockEngineer(strapi: Core.Strapi, engineerId: number) {
  if (strapi.db.dialect.client !== 'postgres') return;
  await strapi.db.transaction(({ trx }) => trx.raw('SELECT pg_advisory_xact_lock(?, ?)', [VISIT_LOCK_CLASS, engineerId]));
}

/** Active visits of an engineer, with their ticket number. */
async function bookingsOf(strapi: Core.Strapi, engineerId: number): Promise<BookedVisit[]> {
  const rows: Row[] = await strapi.db.query(VISIT_UID).findMany({
    where: { engineer: { id: engineerId }, state: { $in: ['scheduled', 'en_route', 'on_site'] } },
    populate: { ticket: { select: ['number'] } },
  });
  return rows.map((r) => ({ id: r.id, documentId: r.documentId, ticketNumber: r.ticket?.number ?? null, start: r.scheduled_start, end: r.scheduled_end, state: r.state }));
}

async function engineerName(strapi: Core.Strapi, id: number): Promise<string> {
  const profile = await strapi.db.query(AGENT_PROFILE_UID).findOne({ where: { user: { id } }, select: ['display_name'] });
  if (profile?.display_name) return profile.display_name;
  const u = await strapi.db.query(ADMIN_USER_UID).findOne({ where: { id }, select: ['firstname', 'lastname', 'email'] });
  return (u && ([u.firstname, u.lastname].filter(Boolean).join(' ') || u.email)) || `Engineer #${id}`;
}

/** Checks the visit that `data` would produce (merged over `before`) and refuses a double booking. */
export async function assertBookable(strapi: Core.Strapi, data: Row, before: Row | null) {
  const engineerInput = await engineerFromInput(strapi, data.engineer);
  const engineerId = engineerInput === undefined ? (before?.engineer?.id ?? null) : engineerInput;
  const start = data.scheduled_start !== undefined ? data.scheduled_start : before?.scheduled_start;
  const end = data.scheduled_end !== undefined ? data.scheduled_end : before?.scheduled_end;
  const state = data.state !== undefined ? data.state : (before?.state ?? 'scheduled');
  const windowTouched = !before || ['scheduled_start', 'scheduled_end', 'engineer', 'state'].some((k) => data[k] !== undefined);
  if (!windowTouched) return;

  const window = validateWindow(start, end);
  if (window.ok === false) {
    throw new errors.ValidationError(window.message, { errors: [{ path: [window.field], message: window.message, name: 'ValidationError' }] });
  }
  if (!engineerId || !isActiveVisit(state)) return;
  const engineer = await strapi.db.query(ADMIN_USER_UID).findOne({ where: { id: engineerId }, select: ['id'] });
  if (!engineer) {
    throw new errors.ValidationError(`No admin user with id ${engineerId} to book as engineer.`, { errors: [{ path: ['engineer'], message: 'unknown user', name: 'ValidationError' }] });
  }
  await lockEngineer(strapi, engineerId);
  const clash = findClash(window, await bookingsOf(strapi, engineerId), { excludeId: before?.id ?? null });
  if (clash) {
    throw conflict(clashMessage(await engineerName(strapi, engineerId), window, clash), {
      code: 'engineer_double_booked',
      clash: { visit: clash.documentId, ticket: clash.ticketNumber, scheduled_start: new Date(clash.start).toISOString(), scheduled_end: new Date(clash.end).toISOString() },
    });
  }
}

export const visitBooking =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    if (ctx.uid !== VISIT_UID || !['create', 'update'].includes(ctx.action)) return next();
    const params = ctx.params as { documentId?: string; data?: Row };
    const data = (params.data ??= {});
    return strapi.db.transaction(async () => {
      const before = ctx.action === 'update' && params.documentId
        ? await strapi.db.query(VISIT_UID).findOne({ where: { documentId: params.documentId }, populate: { engineer: { select: ['id'] } } })
        : null;
      if (ctx.action === 'update' && !before) return next(); // Strapi answers 404
      await assertBookable(strapi, data, before);
      const result = await next();
      // Cancelled here (Content Manager, REST): its reserved parts go back to stock, as through the visits service.
      if (before && data.state === 'cancelled' && isActiveVisit(before.state)) {
        const visit = await strapi.db.query(VISIT_UID).findOne({ where: { id: before.id }, populate: { ticket: { select: ['id'] } } });
        await getService('inventory').onVisitCancelled(visit, currentActor(strapi));
      }
      return result;
    });
  };
