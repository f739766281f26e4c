/**
 * Training sessions: capacity, waitlist and the enrollment life cycle. Pure: no Strapi import.
 *
 * - A seat is taken by an enrollment in state enrolled, attended or no_show; waitlisted and
 *   cancelled ones take none. A session never has more seats taken than its capacity.
 * - Enrolling: a session that is scheduled, open or full and has not started yet accepts
 *   enrollments; with a free seat the attendee is `enrolled`, else `waitlisted` (first come, first
 *   served). One active enrollment (enrolled or waitlisted) per attendee and session.
 * - Cancelling an enrolled seat promotes the first waitlisted (oldest request) to enrolled; raising
 *   the capacity promotes as many as there are new seats.
 * - Session state follows the seats while enrollment is possible: open ↔ full.
 * - Cancelling a session (scheduled, open or full; not once completed): every enrolled or
 *   waitlisted enrollment is cancelled — the seats are freed and nobody is promoted — and each
 *   attendee is told; attendance records stay. A cancelled session stays cancelled.
 * - Attendance (after the session has started): enrolled → attended (with an optional score 0–100,
 *   completion when attended) or no_show.
 */
export const ENROLLMENT_STATES = ['enrolled', 'waitlisted', 'attended', 'no_show', 'cancelled'] as const;
export type EnrollmentState = (typeof ENROLLMENT_STATES)[number];

export const SEAT_STATES: readonly EnrollmentState[] = ['enrolled', 'attended', 'no_show'];
export const ACTIVE_STATES: readonly EnrollmentState[] = ['enrolled', 'waitlisted'];
export const ENROLLABLE_SESSION_STATES = ['scheduled', 'open', 'full'] as const;

type Instant = Date | string | number;
const ms = (v: Instant) => (v instanceof Date ? v.getTime() : new Date(v).getTime());

export interface SessionFacts {
  state: string;
  starts_at: Instant;
  capacity: number;
  title?: string;
}

/** Codes of the refusals (error.details.code). */
export const ENROLLMENT_REFUSAL_CODES = ['session_closed', 'session_started', 'already_enrolled', 'wrong_audience', 'not_active', 'invalid_outcome', 'not_enrolled', 'session_not_started', 'invalid_score', 'session_not_cancellable'] as const;

export interface Refusal {
  ok: false;
  status: 400 | 409;
  code: (typeof ENROLLMENT_REFUSAL_CODES)[number];
  message: string;
}

const refuse = (status: 400 | 409, code: Refusal['code'], message: string): Refusal => ({ ok: false, status, code, message });

export const takesSeat = (state: unknown) => (SEAT_STATES as readonly unknown[]).includes(state);
export const isActive = (state: unknown) => (ACTIVE_STATES as readonly unknown[]).includes(state);

/** Whether a new enrollment is accepted and in which state it starts. */
export function planEnrollment(
  session: SessionFacts,
  enrollments: readonly { state: string }[],
  options: { now: Instant; alreadyActive?: { state: string } | null },
): { ok: true; state: 'enrolled' | 'waitlisted'; seatsTaken: number; waitlistPosition: number | null } | Refusal {
  const name = session.title ? `"${session.title}"` : 'This session';
  if (!(ENROLLABLE_SESSION_STATES as readonly string[]).includes(session.state)) {
    return refuse(400, 'session_closed', `${name} on ${new Date(ms(session.starts_at)).toISOString()} is ${session.state}: it takes no enrollments. Choose another session.`);
  }
  if (ms(session.starts_at) <= ms(options.now)) {
    return refuse(400, 'session_started', `${name} started on ${new Date(ms(session.starts_at)).toISOString()}: enrollments close when a session starts. Choose a later session.`);
  }
  if (options.alreadyActive) {
    return refuse(400, 'already_enrolled', `Already ${options.alreadyActive.state} on this session: one enrollment per person. Cancel it first to enroll again.`);
  }
  const seatsTaken = enrollments.filter((e) => takesSeat(e.state)).length;
  if (seatsTaken < session.capacity) return { ok: true, state: 'enrolled', seatsTaken: seatsTaken + 1, waitlistPosition: null };
  return { ok: true, state: 'waitlisted', seatsTaken, waitlistPosition: enrollments.filter((e) => e.state === 'waitlisted').length + 1 };
}

/** The waitlisted enrollments to promote so that seats taken reach the capacity, oldest first. */
export function toPromote<E extends { id: number; state: string }>(enrollments: readonly E[], capacity: number): E[] {
  const free = capacity - enrollments.filter((e) => takesSeat(e.state)).length;
  if (free <= 0) return [];
  return enrollments
    .filter((e) => e.state === 'waitlisted')
    .sort((a, b) => a.id - b.id)
    .slice(0, free);
}

/** open ↔ full from the seats, while the session takes enrollments; other states are kept. */
export function sessionStateFor(state: string, seatsTaken: number, capacity: number): string {
  if (state !== 'open' && state !== 'full') return state;
  return seatsTaken >= capacity ? 'full' : 'open';
}

export function planCancel(state: string): { ok: true; freesSeat: boolean } | Refusal {
  if (!isActive(state)) return refuse(400, 'not_active', `This enrollment is ${state}: only an enrolled or waitlisted one can be cancelled.`);
  return { ok: true, freesSeat: state === 'enrolled' };
}

/** Cancelling a session: allowed while it takes enrollments; the active enrollments to cancel (oldest first). */
export function planSessionCancel<E extends { id: number; state: string }>(sessionState: string, enrollments: readonly E[]): { ok: true; cancel: E[] } | Refusal {
  if (!(ENROLLABLE_SESSION_STATES as readonly string[]).includes(sessionState)) {
    return refuse(400, 'session_not_cancellable', `This session is ${sessionState}: only a scheduled, open or full session can be cancelled${sessionState === 'cancelled' ? ' (it already is)' : ''}.`);
  }
  return { ok: true, cancel: enrollments.filter((e) => isActive(e.state)).sort((a, b) => a.id - b.id) };
}

/** Recording attendance once the session has started: attended (score optional) or no_show. */
export function planAttendance(
  state: string,
  outcome: unknown,
  input: { score?: unknown; startsAt: Instant; now: Instant },
): { ok: true; state: 'attended' | 'no_show'; score: number | null } | Refusal {
  if (outcome !== 'attended' && outcome !== 'no_show') return refuse(400, 'invalid_outcome', `outcome must be "attended" or "no_show" (got ${JSON.stringify(outcome ?? null)?.slice(0, 40)}).`);
  if (!['enrolled', 'attended', 'no_show'].includes(state)) return refuse(400, 'not_enrolled', `This enrollment is ${state}: attendance is recorded for enrolled attendees only.`);
  if (ms(input.startsAt) > ms(input.now)) return refuse(400, 'session_not_started', `The session starts on ${new Date(ms(input.startsAt)).toISOString()}: record attendance once it has started.`);
  let score: number | null = null;
  if (input.score !== undefined && input.score !== null) {
    if (typeof input.score !== 'number' || !Number.isFinite(input.score) || input.score < 0 || input.score > 100) {
      return refuse(400, 'invalid_score', `score must be a number from 0 to 100 (got ${JSON.stringify(input.score)?.slice(0, 40)}).`);
    }
    if (outcome === 'no_show') return refuse(400, 'invalid_score', 'A no-show has no score.');
    score = input.score;
  }
  return { ok: true, state: outcome, score };
}

/**
 * Skills a profile has after completing a training: the union, kept in the profile's order, then the
 * training's new ones; compared case-insensitively (routing matches skills that way).
 */
export function mergeSkills(current: unknown, granted: unknown): { skills: string[]; added: string[] } {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : []);
  const skills = list(current);
  const have = new Set(skills.map((x) => x.toLowerCase()));
  const added: string[] = [];
  for (const g of list(granted)) {
    if (have.has(g.toLowerCase())) continue;
    have.add(g.toLowerCase());
    skills.push(g);
    added.push(g);
  }
  return { skills, added };
}

/**
 * Which skills a team lacks: the skills its work needs that no available member has, and per member
 * what they miss; trainings that grant a lacking skill are the suggestions. Case-insensitive.
 */
export function skillGaps(
  needed: readonly string[],
  members: readonly { id: number; name: string | null; skills: unknown; available: boolean }[],
  trainings: readonly { code: string; title: string; skills_granted: unknown }[] = [],
) {
  const norm = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : []);
  const want = [...new Map(norm(needed).map((s) => [s.toLowerCase(), s])).values()];
  const has = (m: { skills: unknown }, skill: string) => norm(m.skills).some((x) => x.toLowerCase() === skill.toLowerCase());
  const lacking = want.filter((s) => !members.some((m) => m.available && has(m, s)));
  return {
    needed: want,
    lacking,
    members: members.map((m) => ({ id: m.id, name: m.name, available: m.available, missing: want.filter((s) => !has(m, s)) })),
    suggestedTrainings: trainings
      .map((t) => ({ code: t.code, title: t.title, grants: norm(t.skills_granted).filter((g) => lacking.some((l) => l.toLowerCase() === g.toLowerCase())) }))
      .filter((t) => t.grants.length),
  };
}
