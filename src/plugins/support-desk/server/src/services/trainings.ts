/**
 * Training sessions: enrollment with capacity and waitlist, cancellation with promotion of the first
 * waitlisted (told by e-mail through the outbox), attendance. The rules are the pure core in
 * `trainings/enrollment.ts`; this service applies them in one transaction per change that first
 * locks the session's row (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's one writer connection
 * serializes transactions), so parallel enrollments never overbook a session.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Actor } from '../workflow/actor';
import { isActive, mergeSkills, skillGaps, planAttendance, planCancel, planEnrollment, planSessionCancel, sessionStateFor, takesSeat, toPromote, type Refusal } from '../trainings/enrollment';
import { conflict } from '../utils/errors';
import { enqueueMail } from '../utils/outbox';
import { pluginConfig } from '../utils/plugin-config';
import { OPEN_STATUSES } from '../workflow/state-machine';
import { ADMIN_USER_UID, AGENT_PROFILE_UID, ASSET_UID, ENROLLMENT_UID, GROUP_UID, TICKET_UID, TRAINING_UID, TRAINING_SESSION_UID, USER_UID } from '../constants';
import { modelTable } from '../utils/model-table';

type Row = Record<string, any>;

/** Cron task of the training reminders. */
export const TRAINING_REMINDER_TASK = 'support-desk-training-reminders';

/** Who attends: a staff member (admin user) or a customer contact (users-permissions user). */
export type Attendee = { kind: 'staff'; id: number } | { kind: 'contact'; id: number };

export const ENROLLMENT_POPULATE = {
  session: { select: ['id', 'documentId', 'starts_at', 'ends_at', 'state', 'capacity', 'location'], populate: { training: { select: ['id', 'documentId', 'title', 'code', 'audience', 'product_line', 'skills_granted'] } } },
  attendee_user: { select: ['id', 'documentId', 'username', 'full_name', 'email', 'preferred_locale'], populate: { organization: { select: ['id'] } } },
  attendee_admin: { select: ['id', 'documentId', 'firstname', 'lastname', 'email'] },
} as const;

export function refusalError(r: Refusal, details: Record<string, unknown> = {}) {
  return r.status === 409 ? conflict(r.message, { code: r.code, ...details }) : new errors.ValidationError(r.message, { code: r.code, ...details });
}

const createTrainingService = ({ strapi }: { strapi: Core.Strapi }) => {
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const q = (trx: any, uid: string) => modelTable(strapi, uid, trx);

  /** Locks the session row until the end of the transaction; the session with its training. */
  async function lockSession(trx: any, sessionId: number): Promise<Row> {
    let query = q(trx, TRAINING_SESSION_UID).where({ id: sessionId }).first('id');
    if (isPostgres()) query = query.forUpdate();
    if (!(await query)) throw new errors.NotFoundError(`No training session ${sessionId}.`);
    return strapi.db.query(TRAINING_SESSION_UID).findOne({ where: { id: sessionId }, populate: { training: true } });
  }

  async function enrollmentsOf(sessionId: number): Promise<Row[]> {
    return strapi.db.query(ENROLLMENT_UID).findMany({
      where: { session: { id: sessionId } },
      select: ['id', 'documentId', 'state', 'enrolled_at'],
      populate: { attendee_user: { select: ['id'] }, attendee_admin: { select: ['id'] } },
      orderBy: { id: 'asc' },
    });
  }

  async function setSessionState(trx: any, session: Row, enrollments: readonly Row[]) {
    const seats = enrollments.filter((e) => takesSeat(e.state)).length;
    const state = sessionStateFor(session.state, seats, session.capacity);
    if (state !== session.state) await q(trx, TRAINING_SESSION_UID).where({ id: session.id }).update({ state });
  }

  /** E-mail address, name and locale of an attendee (staff: their agent profile's locale). */
  async function contactOf(e: Row): Promise<{ email: string; name: string | null; locale: string | null } | null> {
    if (e.attendee_user?.id) {
      const u = await strapi.db.query(USER_UID).findOne({ where: { id: e.attendee_user.id }, select: ['email', 'username', 'full_name', 'preferred_locale'] });
      return u?.email ? { email: u.email, name: u.full_name || u.username, locale: u.preferred_locale ?? null } : null;
    }
    if (e.attendee_admin?.id) {
      const a = await strapi.db.query(ADMIN_USER_UID).findOne({ where: { id: e.attendee_admin.id }, select: ['email', 'firstname', 'lastname'] });
      const profile = await strapi.db.query(AGENT_PROFILE_UID).findOne({ where: { user: { id: e.attendee_admin.id } }, select: ['preferred_locale'] });
      return a?.email ? { email: a.email, name: [a.firstname, a.lastname].filter(Boolean).join(' ') || null, locale: profile?.preferred_locale ?? null } : null;
    }
    return null;
  }

  /** What a training mail says about its session. */
  const sessionFacts = (session: Row) => ({
    title: session.training?.title ?? 'Training',
    starts_at: new Date(session.starts_at).toISOString(),
    ends_at: session.ends_at ? new Date(session.ends_at).toISOString() : null,
    location: session.location ?? null,
  });

  /** Promotes waitlisted enrollments into free seats (oldest first) and tells each of them. */
  async function promote(trx: any, session: Row, enrollments: Row[]) {
    const promoted = toPromote(enrollments as Array<Row & { id: number; state: string }>, session.capacity);
    for (const e of promoted) {
      await q(trx, ENROLLMENT_UID).where({ id: e.id, state: 'waitlisted' }).update({ state: 'enrolled' });
      e.state = 'enrolled';
      const to = await contactOf(e);
      if (to) {
        await enqueueMail(strapi, {
          to,
          template: 'training_promoted',
          payload: sessionFacts(session),
          dedupeKey: `enrollment:${e.id}:promoted`,
        });
      }
    }
    return promoted;
  }

  async function findOrFail(documentId: string): Promise<Row> {
    const e = await strapi.db.query(ENROLLMENT_UID).findOne({ where: { documentId }, populate: ENROLLMENT_POPULATE });
    if (!e) throw new errors.NotFoundError(`No enrollment with id "${String(documentId).slice(0, 100)}".`);
    return e;
  }

  async function sessionOrFail(documentId: string): Promise<Row> {
    const s = await strapi.db.query(TRAINING_SESSION_UID).findOne({ where: { documentId }, populate: { training: true } });
    if (!s) throw new errors.NotFoundError(`No training session with id "${String(documentId).slice(0, 100)}".`);
    return s;
  }

  return {
    findOrFail,
    sessionOrFail,

    /** Enrolls an attendee: enrolled with a free seat, else waitlisted. */
    async enroll(sessionId: number, attendee: Attendee, _actor: Actor, { now = new Date() }: { now?: Date } = {}) {
      return strapi.db.transaction(async ({ trx }) => {
        const session = await lockSession(trx, sessionId);
        if (attendee.kind === 'contact' && session.training?.audience !== 'customer') {
          throw new errors.ValidationError(`"${session.training?.title}" is a staff training: customer contacts enroll in customer trainings only.`, { code: 'wrong_audience' });
        }
        const enrollments = await enrollmentsOf(session.id);
        const mine = (e: Row) => (attendee.kind === 'staff' ? e.attendee_admin?.id === attendee.id : e.attendee_user?.id === attendee.id);
        const plan = planEnrollment({ state: session.state, starts_at: session.starts_at, capacity: session.capacity, title: session.training?.title }, enrollments as Array<{ state: string }>, { now, alreadyActive: (enrollments.find((e) => mine(e) && isActive(e.state)) as { state: string } | undefined) ?? null });
        if (plan.ok === false) throw refusalError(plan);
        const created = await strapi.db.query(ENROLLMENT_UID).create({
          data: {
            session: session.id,
            state: plan.state,
            enrolled_at: now,
            ...(attendee.kind === 'staff' ? { attendee_admin: attendee.id } : { attendee_user: attendee.id }),
          },
        });
        await setSessionState(trx, session, [...enrollments, { state: plan.state }]);
        const enrollment = await strapi.db.query(ENROLLMENT_UID).findOne({ where: { id: created.id }, populate: ENROLLMENT_POPULATE });
        return { enrollment, waitlistPosition: plan.waitlistPosition };
      });
    },

    /** Cancels an enrolled or waitlisted enrollment; a freed seat goes to the first waitlisted. */
    async cancel(enrollmentId: number) {
      return strapi.db.transaction(async ({ trx }) => {
        const current = await strapi.db.query(ENROLLMENT_UID).findOne({ where: { id: enrollmentId }, populate: { session: { select: ['id'] } } });
        if (!current) throw new errors.NotFoundError(`No enrollment ${enrollmentId}.`);
        const session = await lockSession(trx, current.session.id);
        const enrollments = await enrollmentsOf(session.id);
        const row = enrollments.find((e) => e.id === enrollmentId)!;
        const plan = planCancel(row.state);
        if (plan.ok === false) throw refusalError(plan);
        await q(trx, ENROLLMENT_UID).where({ id: row.id }).update({ state: 'cancelled' });
        row.state = 'cancelled';
        const promoted = await promote(trx, session, enrollments);
        await setSessionState(trx, session, enrollments);
        return { enrollment: await strapi.db.query(ENROLLMENT_UID).findOne({ where: { id: enrollmentId }, populate: ENROLLMENT_POPULATE }), promoted: promoted.map((e) => e.documentId) };
      });
    },

    /**
     * Cancels a session (scheduled, open or full) under its row lock: every enrolled or waitlisted
     * enrollment is cancelled — seats freed, nobody promoted — and each attendee gets a
     * `training_cancelled` mail in their language through the outbox (once: dedupe key). 400 for a
     * completed or already cancelled session, nothing written.
     */
    async cancelSession(sessionId: number, { reason = null }: { reason?: string | null } = {}) {
      return strapi.db.transaction(async ({ trx }) => {
        const session = await lockSession(trx, sessionId);
        const enrollments = await enrollmentsOf(session.id);
        const plan = planSessionCancel(session.state, enrollments as Array<Row & { id: number; state: string }>);
        if (plan.ok === false) throw refusalError(plan);
        await q(trx, TRAINING_SESSION_UID).where({ id: session.id }).update({ state: 'cancelled' });
        const messages = [];
        for (const e of plan.cancel) {
          await q(trx, ENROLLMENT_UID).where({ id: e.id }).update({ state: 'cancelled' });
          const to = await contactOf(e);
          if (to) messages.push({ to, template: 'training_cancelled', payload: { ...sessionFacts(session), reason }, dedupeKey: `enrollment:${e.id}:session-cancelled` });
        }
        if (messages.length) await enqueueMail(strapi, messages);
        return { session: await strapi.db.query(TRAINING_SESSION_UID).findOne({ where: { id: session.id }, populate: { training: true } }), cancelled: plan.cancel.map((e) => e.documentId), notified: messages.length };
      });
    },

    /** After a capacity change or a removed enrollment: fill the free seats from the waitlist. */
    async rebalance(sessionId: number) {
      return strapi.db.transaction(async ({ trx }) => {
        const session = await lockSession(trx, sessionId);
        const enrollments = await enrollmentsOf(session.id);
        const promoted = await promote(trx, session, enrollments);
        await setSessionState(trx, session, enrollments);
        return promoted;
      });
    },

    /**
     * Reminds every enrolled attendee of a session that starts within `leadHours` (and has not
     * started): one `training_reminder` each, in their language; the dedupe key makes it exactly once
     * however often the task runs and on however many instances. Returns how many were queued.
     */
    async sendReminders({ leadHours, now = new Date() }: { leadHours: number; now?: Date }) {
      const sessions: Row[] = await strapi.db.query(TRAINING_SESSION_UID).findMany({
        where: { starts_at: { $gt: now, $lte: new Date(now.getTime() + leadHours * 3_600_000) }, state: { $in: ['scheduled', 'open', 'full'] } },
        populate: { training: { select: ['title'] } },
        limit: 500,
      });
      let queued = 0;
      for (const session of sessions) {
        const enrolled = (await enrollmentsOf(session.id)).filter((e) => e.state === 'enrolled');
        const messages = [];
        for (const e of enrolled) {
          const to = await contactOf(e);
          if (!to) continue;
          messages.push({
            to,
            template: 'training_reminder',
            payload: sessionFacts(session),
            dedupeKey: `enrollment:${e.id}:reminder`,
          });
        }
        if (messages.length) queued += (await enqueueMail(strapi, messages)).inserted;
      }
      return queued;
    },

    /** Skills each support group lacks (or one group's), from its product line and its open tickets. */
    async skillGapsOf(groupDocumentId?: string | null) {
      const groups: Row[] = await strapi.db.query(GROUP_UID).findMany({
        where: groupDocumentId ? { documentId: groupDocumentId } : {},
        populate: { members: { select: ['id', 'firstname', 'lastname', 'email'] } },
        orderBy: { id: 'asc' },
        limit: 200,
      });
      if (groupDocumentId && !groups.length) throw new errors.NotFoundError(`No support group with id "${groupDocumentId.slice(0, 100)}".`);
      const lineSkills = pluginConfig(strapi).routing.productLineSkills ?? {};
      const trainings: Row[] = await strapi.db.query(TRAINING_UID).findMany({ where: { audience: 'staff' }, select: ['id', 'code', 'title', 'skills_granted'] });
      const out = [];
      for (const g of groups) {
        const tickets: Row[] = await strapi.db.query(TICKET_UID).findMany({ where: { group: { id: g.id }, state: { $in: [...OPEN_STATUSES] } }, select: ['id', 'skills_required'], limit: 2000 });
        const needed = [...(g.product_line ? (lineSkills[g.product_line] ?? []) : []), ...tickets.flatMap((t) => (Array.isArray(t.skills_required) ? t.skills_required : []))];
        const profiles: Row[] = await strapi.db.query(AGENT_PROFILE_UID).findMany({
          where: { $or: [{ groups: { id: g.id } }, { user: { id: { $in: (g.members ?? []).map((m: Row) => m.id) } } }] },
          populate: { user: { select: ['id', 'firstname', 'lastname'] } },
        });
        const members = profiles.filter((p) => p.user).map((p) => ({ id: p.user.id, name: p.display_name || [p.user.firstname, p.user.lastname].filter(Boolean).join(' ') || null, skills: p.skills, available: p.available !== false }));
        out.push({ group: { documentId: g.documentId, name: g.name, code: g.code, product_line: g.product_line ?? null }, ...skillGaps(needed, members, trainings as Array<{ code: string; title: string; skills_granted: unknown }>) });
      }
      return out;
    },

    /** Seats a session has taken now (for a capacity decrease check). */
    async seatsTaken(sessionId: number) {
      return (await enrollmentsOf(sessionId)).filter((e) => takesSeat(e.state)).length;
    },

    /** attended (optional score) or no_show, once the session has started. */
    async recordAttendance(enrollmentId: number, request: { outcome?: unknown; score?: unknown }, { now = new Date() }: { now?: Date } = {}) {
      return strapi.db.transaction(async ({ trx }) => {
        const e = await strapi.db.query(ENROLLMENT_UID).findOne({ where: { id: enrollmentId }, populate: { session: true } });
        if (!e) throw new errors.NotFoundError(`No enrollment ${enrollmentId}.`);
        const plan = planAttendance(e.state, request?.outcome, { score: request?.score, startsAt: e.session.starts_at, now });
        if (plan.ok === false) throw refusalError(plan);
        await q(trx, ENROLLMENT_UID).where({ id: e.id }).update({ state: plan.state, score: plan.score });
        const full = await strapi.db.query(ENROLLMENT_UID).findOne({ where: { id: enrollmentId }, populate: ENROLLMENT_POPULATE });
        // Completing a staff training grants its skills to the attendee's agent profile (routing uses them).
        let skillsGranted: string[] = [];
        const training = full.session?.training;
        if (plan.state === 'attended' && training?.audience === 'staff' && full.attendee_admin?.id) {
          const profile = await strapi.db.query(AGENT_PROFILE_UID).findOne({ where: { user: { id: full.attendee_admin.id } }, select: ['id', 'skills'] });
          const merged = mergeSkills(profile?.skills, training.skills_granted);
          skillsGranted = merged.added;
          if (merged.added.length) {
            if (profile) await strapi.db.query(AGENT_PROFILE_UID).update({ where: { id: profile.id }, data: { skills: merged.skills } });
            else await strapi.db.query(AGENT_PROFILE_UID).create({ data: { user: full.attendee_admin.id, skills: merged.skills, display_name: [full.attendee_admin.firstname, full.attendee_admin.lastname].filter(Boolean).join(' ') || null } });
          }
        }
        return Object.assign(full, { skillsGranted });
      });
    },

    async list(sessionDocumentId: string) {
      const session = await sessionOrFail(sessionDocumentId);
      return strapi.db.query(ENROLLMENT_UID).findMany({ where: { session: { id: session.id } }, populate: ENROLLMENT_POPULATE, orderBy: { id: 'asc' } });
    },

    /** A contact's own enrollments. */
    async listForContact(userId: number) {
      return strapi.db.query(ENROLLMENT_UID).findMany({ where: { attendee_user: { id: userId } }, populate: ENROLLMENT_POPULATE, orderBy: { id: 'desc' }, limit: 200 });
    },

    /** Upcoming sessions of customer trainings (optionally of some product lines). */
    async productLinesOf(organizationId: number): Promise<string[]> {
      const assets: Row[] = await strapi.db.query(ASSET_UID).findMany({ where: { organization: { id: organizationId } }, select: ['id', 'product_line'], limit: 5000 });
      return [...new Set(assets.map((a) => a.product_line).filter((x): x is string => typeof x === 'string' && x !== ''))];
    },

    async upcomingCustomerSessions({ now = new Date(), productLines, includeGeneral = false }: { now?: Date; productLines?: string[] | null; includeGeneral?: boolean } = {}) {
      const lines = productLines ?? null;
      // A relation's where cannot mix $or with fields: the product-line alternatives sit at the top.
      const general = [{ training: { product_line: { $null: true } } }, { training: { product_line: '' } }];
      const byLine = lines === null ? [] : includeGeneral ? [{ $or: [...(lines.length ? [{ training: { product_line: { $in: lines } } }] : []), ...general] }] : [{ training: { product_line: { $in: lines } } }];
      const rows: Row[] = await strapi.db.query(TRAINING_SESSION_UID).findMany({
        where: { starts_at: { $gt: now }, state: { $in: ['scheduled', 'open', 'full'] }, $and: [{ training: { audience: 'customer' } }, ...byLine] },
        populate: { training: true },
        orderBy: { starts_at: 'asc' },
        limit: 200,
      });
      const out = [];
      for (const s of rows) out.push({ ...s, seats_taken: (await enrollmentsOf(s.id)).filter((e) => takesSeat(e.state)).length });
      return out;
    },
  };
};

export type TrainingService = ReturnType<typeof createTrainingService>;
export default createTrainingService;
