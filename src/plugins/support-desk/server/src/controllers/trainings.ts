/**
 * Training sessions for staff (admin routes, /support-desk/...) and customer contacts (customer API,
 * /api/support-desk/customer/...). Enrollment, waitlist and promotion: services/trainings.ts.
 * Answers: contracts/agent.ts (toAgentEnrollment) and contracts/customer.ts.
 */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { actorOf, customerOf } from '../utils/caller';
import { getService } from '../utils/get-service';
import { adminCan } from '../utils/admin-permissions';
import { actionId } from '../permissions';
import { toAgentEnrollment } from '../contracts/agent';
import { toCustomerEnrollment, toCustomerTrainingSession } from '../contracts/customer';

const body = (ctx: Context) => ((ctx.request as any).body ?? {}) as Record<string, any>;

function onlyFields(b: Record<string, unknown>, allowed: readonly string[]) {
  const extra = Object.keys(b).filter((k) => !allowed.includes(k));
  if (extra.length) {
    throw new errors.ValidationError(`Unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k.slice(0, 40)}"`).join(', ')}: this request takes ${allowed.length ? allowed.join(', ') : 'no fields'}.`, {
      errors: extra.map((k) => ({ path: [k], message: 'not allowed', name: 'ValidationError' })),
    });
  }
}

/** Staff may act for themselves; for someone else they need trainings.manage. */
async function assertSelfOrManager(ctx: Context, attendeeId: number | null | undefined) {
  const actor = actorOf(ctx);
  if (attendeeId && attendeeId === actor.id) return;
  if (!(await adminCan(strapi, actor.id, actionId('trainings.manage')))) {
    throw new errors.ForbiddenError('Enrolling or cancelling for someone else needs the "trainings.manage" permission (Support Supervisor).');
  }
}

export default () => ({
  // --- staff -------------------------------------------------------------------------------------
  async list(ctx: Context) {
    ctx.body = { data: (await getService('trainings').list(ctx.params.documentId)).map(toAgentEnrollment) };
  },

  async skillGaps(ctx: Context) {
    const group = typeof ctx.query.group === 'string' && ctx.query.group ? ctx.query.group : null;
    ctx.body = { data: await getService('trainings').skillGapsOf(group) };
  },

  async enroll(ctx: Context) {
    const b = body(ctx);
    onlyFields(b, ['attendee_admin']);
    const actor = actorOf(ctx);
    const raw = b.attendee_admin ?? actor.id;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1) {
      throw new errors.ValidationError('attendee_admin must be the id of an admin user (leave it out to enroll yourself).', { errors: [{ path: ['attendee_admin'], message: 'invalid', name: 'ValidationError' }] });
    }
    await assertSelfOrManager(ctx, raw);
    const user = await strapi.db.query('admin::user').findOne({ where: { id: raw }, select: ['id'] });
    if (!user) throw new errors.ValidationError(`No admin user with id ${raw}.`, { errors: [{ path: ['attendee_admin'], message: 'unknown user', name: 'ValidationError' }] });
    const session = await getService('trainings').sessionOrFail(ctx.params.documentId);
    const { enrollment, waitlistPosition } = await getService('trainings').enroll(session.id, { kind: 'staff', id: raw }, actor);
    ctx.status = 201;
    ctx.body = { data: toAgentEnrollment(enrollment), meta: { waitlistPosition } };
  },

  async cancel(ctx: Context) {
    onlyFields(body(ctx), ['reason']);
    const e = await getService('trainings').findOrFail(ctx.params.documentId);
    await assertSelfOrManager(ctx, e.attendee_admin?.id ?? null);
    const { enrollment, promoted } = await getService('trainings').cancel(e.id);
    ctx.body = { data: toAgentEnrollment(enrollment), meta: { promoted } };
  },

  /** Cancels a session: its enrolled and waitlisted attendees are cancelled and told (reason optional, shown in the mail). */
  async cancelSession(ctx: Context) {
    const b = body(ctx);
    onlyFields(b, ['reason']);
    if (b.reason !== undefined && b.reason !== null && (typeof b.reason !== 'string' || b.reason.length > 2000)) {
      throw new errors.ValidationError('reason must be text of at most 2000 characters (it is shown to the attendees).', { errors: [{ path: ['reason'], message: 'invalid', name: 'ValidationError' }] });
    }
    const session = await getService('trainings').sessionOrFail(ctx.params.documentId);
    const result = await getService('trainings').cancelSession(session.id, { reason: typeof b.reason === 'string' && b.reason.trim() ? b.reason.trim() : null });
    ctx.body = { data: { documentId: result.session.documentId, state: result.session.state, starts_at: new Date(result.session.starts_at).toISOString() }, meta: { cancelled: result.cancelled, notified: result.notified } };
  },

  async attendance(ctx: Context) {
    const b = body(ctx);
    onlyFields(b, ['outcome', 'score']);
    const e = await getService('trainings').findOrFail(ctx.params.documentId);
    const recorded = await getService('trainings').recordAttendance(e.id, b);
    ctx.body = { data: toAgentEnrollment(recorded), meta: { skillsGranted: recorded.skillsGranted } };
  },

  // --- customer contacts -------------------------------------------------------------------------
  async customerSessions(ctx: Context) {
    const lines = typeof ctx.query.product_line === 'string' && ctx.query.product_line.trim() ? ctx.query.product_line.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 20) : null;
    // Without a filter: the product lines of the organization's assets, and trainings of no product line.
    const own = lines ? null : await getService('trainings').productLinesOf(customerOf(ctx).organizationId);
    ctx.body = { data: (await getService('trainings').upcomingCustomerSessions({ productLines: lines ?? own, includeGeneral: !lines })).map(toCustomerTrainingSession) };
  },

  async customerEnrollments(ctx: Context) {
    ctx.body = { data: (await getService('trainings').listForContact(customerOf(ctx).userId)).map((e) => toCustomerEnrollment(e)) };
  },

  async customerEnroll(ctx: Context) {
    onlyFields(body(ctx), []);
    const me = customerOf(ctx);
    const session = await getService('trainings').sessionOrFail(ctx.params.documentId);
    // Staff trainings are not shown to customers: answer as if the session did not exist.
    if (session.training?.audience !== 'customer') throw new errors.NotFoundError(`No training session with id "${String(ctx.params.documentId).slice(0, 100)}".`);
    const { enrollment, waitlistPosition } = await getService('trainings').enroll(session.id, { kind: 'contact', id: me.userId }, actorOf(ctx));
    ctx.status = 201;
    ctx.body = { data: toCustomerEnrollment(enrollment, { waitlistPosition }) };
  },

  async customerCancel(ctx: Context) {
    onlyFields(body(ctx), []);
    const me = customerOf(ctx);
    const e = await getService('trainings').findOrFail(ctx.params.documentId);
    if (e.attendee_user?.id !== me.userId) throw new errors.NotFoundError(`No enrollment with id "${String(ctx.params.documentId).slice(0, 100)}".`);
    const { enrollment } = await getService('trainings').cancel(e.id);
    ctx.body = { data: toCustomerEnrollment(enrollment) };
  },
});
