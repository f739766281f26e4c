/**
 * Document-service middleware of trainings, for every path through the document service (Content
 * Manager, core REST, API tokens): an enrollment is made by the trainings service (capacity and
 * waitlist under the session's row lock, one per attendee, no past or cancelled session); its state
 * changes only by cancelling (which promotes the first waitlisted) or by recording attendance, never
 * straight from waitlisted to enrolled; a session's capacity may not drop below the seats taken,
 * and raising it fills the new seats from the waitlist; setting a session's state to cancelled
 * cancels its enrollments and tells the attendees (services/trainings.ts `cancelSession`).
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentActor } from '../utils/caller';
import { getService } from '../utils/get-service';
import { relationInputChanges, relationTargetId } from '../utils/relations';
import { ADMIN_USER_UID, ENROLLMENT_UID, TRAINING_SESSION_UID, USER_UID } from '../constants';

type Row = Record<string, any>;
const invalid = (field: string, message: string) => new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });

async function onEnrollmentCreate(strapi: Core.Strapi, params: Row) {
  const data: Row = params.data ?? {};
  const actor = currentActor(strapi);
  if (actor.kind === 'customer') throw new errors.ForbiddenError('Customer contacts enroll through the customer API: POST /api/support-desk/customer/trainings/:documentId/enroll.');
  const sessionId = await relationTargetId(strapi, TRAINING_SESSION_UID, 'session', data.session);
  if (!sessionId) throw invalid('session', 'session is required: choose the training session.');
  const adminId = await relationTargetId(strapi, ADMIN_USER_UID, 'attendee_admin', data.attendee_admin);
  const userId = await relationTargetId(strapi, USER_UID, 'attendee_user', data.attendee_user);
  if (!adminId === !userId) throw invalid('attendee_user', 'Choose exactly one attendee: a customer contact (attendee_user) or a staff member (attendee_admin).');
  const { enrollment } = await getService('trainings').enroll(sessionId, adminId ? { kind: 'staff', id: adminId } : { kind: 'contact', id: userId! }, actor);
  if (data.state !== undefined && data.state !== null && data.state !== enrollment.state) {
    throw invalid('state', `state follows from the session's seats: this enrollment would be ${enrollment.state}, not ${String(data.state).slice(0, 40)}. Leave state out.`);
  }
  return strapi.documents(ENROLLMENT_UID as any).findOne({ documentId: enrollment.documentId, populate: params.populate, fields: params.fields });
}

async function onEnrollmentUpdate(strapi: Core.Strapi, params: Row, next: () => Promise<any>) {
  const data: Row = params.data ?? {};
  const before = await strapi.db.query(ENROLLMENT_UID).findOne({
    where: { documentId: params.documentId },
    populate: { session: { select: ['id', 'documentId'] }, attendee_user: { select: ['id', 'documentId'] }, attendee_admin: { select: ['id', 'documentId'] } },
  });
  if (!before) return next();
  for (const field of ['session', 'attendee_user', 'attendee_admin']) {
    if (relationInputChanges(data[field], before[field])) throw invalid(field, `An enrollment keeps its ${field.replace('_', ' ')}: cancel it and enroll again instead.`);
  }
  const service = getService('trainings');
  if (data.state !== undefined && data.state !== before.state) {
    if (data.state === 'cancelled') await service.cancel(before.id);
    else if (data.state === 'attended' || data.state === 'no_show') await service.recordAttendance(before.id, { outcome: data.state, score: data.score ?? null });
    else if (data.state === 'enrolled' && before.state === 'waitlisted') {
      throw invalid('state', 'A waitlisted attendee gets a seat automatically when one frees up (a cancellation or a larger capacity): raise the session’s capacity to make room.');
    } else throw invalid('state', `An enrollment cannot go from ${before.state} to ${String(data.state).slice(0, 40)}.`);
    delete data.state;
    delete data.score;
  } else if (data.score !== undefined && data.score !== null && Number(data.score) !== Number(before.score) && before.state !== 'attended') {
    throw invalid('score', `A score is recorded for attendees only: this enrollment is ${before.state}.`);
  }
  delete data.state;
  return next();
}

async function onSessionUpdate(strapi: Core.Strapi, params: Row, next: () => Promise<any>) {
  const data: Row = params.data ?? {};
  const before = await strapi.db.query(TRAINING_SESSION_UID).findOne({ where: { documentId: params.documentId }, select: ['id', 'capacity', 'state'] });
  if (!before) return next();
  // Cancelling goes through the trainings service (enrollments cancelled, attendees told); it stays cancelled.
  const state = data.state === undefined || data.state === null ? undefined : String(data.state);
  if (before.state === 'cancelled' && state !== undefined && state !== 'cancelled') {
    throw invalid('state', 'A cancelled session stays cancelled (its attendees were told): create a new session instead.');
  }
  const cancelling = state === 'cancelled' && before.state !== 'cancelled';
  if (cancelling) delete data.state;
  const capacityChanges = data.capacity !== undefined && data.capacity !== null && Number(data.capacity) !== before.capacity;
  if (capacityChanges) {
    const seats = await getService('trainings').seatsTaken(before.id);
    if (Number(data.capacity) < seats) throw invalid('capacity', `${seats} seats are taken: the capacity cannot go below that. Cancel enrollments first.`);
  }
  const result = await next();
  if (cancelling) {
    await getService('trainings').cancelSession(before.id, { reason: null });
    if (result && typeof result === 'object') result.state = 'cancelled';
  } else if (capacityChanges) await getService('trainings').rebalance(before.id);
  return result;
}

export const trainingWrites =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    const params = ctx.params as Row;
    if (ctx.uid === ENROLLMENT_UID) {
      if (ctx.action === 'create') return strapi.db.transaction(() => onEnrollmentCreate(strapi, params));
      if (ctx.action === 'clone') throw new errors.ValidationError('Enrollments cannot be cloned: enroll the attendee in the session instead.');
      if (ctx.action === 'update') return strapi.db.transaction(() => onEnrollmentUpdate(strapi, params, next));
      if (ctx.action === 'delete') {
        const row = await strapi.db.query(ENROLLMENT_UID).findOne({ where: { documentId: params.documentId }, populate: { session: { select: ['id'] } } });
        const result = await next();
        if (row?.session?.id) await getService('trainings').rebalance(row.session.id);
        return result;
      }
    }
    if (ctx.uid === TRAINING_SESSION_UID && ctx.action === 'update') return strapi.db.transaction(() => onSessionUpdate(strapi, params, next));
    return next();
  };


