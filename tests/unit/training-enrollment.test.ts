/**
 * Training capacity and waitlist (trainings/enrollment.ts): the rules in the module header, and a
 * property test — any sequence of enrollments, cancellations and promotions never takes more seats
 * than the capacity and never leaves a free seat while someone waits.
 */
import fc from 'fast-check';
import { mergeSkills, planAttendance, planCancel, skillGaps, planEnrollment, sessionStateFor, takesSeat, toPromote } from '../../src/plugins/support-desk/server/src/trainings/enrollment';

const now = '2026-12-01T00:00:00Z';
const session = (capacity: number, state = 'open', starts_at = '2026-12-10T01:00:00Z') => ({ capacity, state, starts_at, title: 'Switching 101' });

describe('enrolling', () => {
  it('a free seat enrolls, a full session waitlists with the position', () => {
    expect(planEnrollment(session(2), [{ state: 'enrolled' }, { state: 'cancelled' }], { now })).toEqual({ ok: true, state: 'enrolled', seatsTaken: 2, waitlistPosition: null });
    expect(planEnrollment(session(1), [{ state: 'attended' }, { state: 'waitlisted' }], { now })).toEqual({ ok: true, state: 'waitlisted', seatsTaken: 1, waitlistPosition: 2 });
  });
  it.each([
    [session(5, 'cancelled'), 'session_closed', /is cancelled: it takes no enrollments/],
    [session(5, 'completed'), 'session_closed', /is completed/],
    [session(5, 'open', '2026-11-30T23:59:00Z'), 'session_started', /enrollments close when a session starts/],
    [session(5, 'open', now), 'session_started', /started/],
  ])('refuses %j', (s, code, message) => {
    const r = planEnrollment(s, [], { now });
    expect(r).toMatchObject({ ok: false, status: 400, code });
    expect((r as { message: string }).message).toMatch(message);
  });
  it('one active enrollment per person', () => {
    expect(planEnrollment(session(5), [], { now, alreadyActive: { state: 'waitlisted' } })).toMatchObject({ ok: false, status: 400, code: 'already_enrolled' });
  });
});

describe('cancelling, promotion, session state, attendance', () => {
  it('cancel frees a seat only when enrolled; promotion takes the oldest waitlisted', () => {
    expect(planCancel('enrolled')).toEqual({ ok: true, freesSeat: true });
    expect(planCancel('waitlisted')).toEqual({ ok: true, freesSeat: false });
    expect(planCancel('attended')).toMatchObject({ ok: false, status: 400 });
    const rows = [{ id: 5, state: 'waitlisted' }, { id: 3, state: 'waitlisted' }, { id: 1, state: 'enrolled' }, { id: 2, state: 'cancelled' }];
    expect(toPromote(rows, 2).map((r) => r.id)).toEqual([3]);
    expect(toPromote(rows, 4).map((r) => r.id)).toEqual([3, 5]);
    expect(toPromote(rows, 1)).toEqual([]);
  });
  it('open ↔ full follows the seats; other states stay', () => {
    expect(sessionStateFor('open', 3, 3)).toBe('full');
    expect(sessionStateFor('full', 2, 3)).toBe('open');
    expect(sessionStateFor('scheduled', 3, 3)).toBe('scheduled');
    expect(sessionStateFor('cancelled', 0, 3)).toBe('cancelled');
  });
  it('attendance after the start, score 0–100 for attendees only', () => {
    const started = { startsAt: '2026-11-30T00:00:00Z', now };
    expect(planAttendance('enrolled', 'attended', { ...started, score: 88 })).toEqual({ ok: true, state: 'attended', score: 88 });
    expect(planAttendance('enrolled', 'no_show', started)).toEqual({ ok: true, state: 'no_show', score: null });
    expect(planAttendance('enrolled', 'attended', { startsAt: '2026-12-02T00:00:00Z', now })).toMatchObject({ ok: false, code: 'session_not_started' });
    expect(planAttendance('waitlisted', 'attended', started)).toMatchObject({ ok: false, code: 'not_enrolled' });
    expect(planAttendance('enrolled', 'attended', { ...started, score: 101 })).toMatchObject({ ok: false, code: 'invalid_score' });
    expect(planAttendance('enrolled', 'no_show', { ...started, score: 5 })).toMatchObject({ ok: false, code: 'invalid_score' });
    expect(planAttendance('enrolled', 'passed', started)).toMatchObject({ ok: false, code: 'invalid_outcome' });
  });
});

describe('property: never overbooked, no free seat while someone waits', () => {
  it('random enrollments and cancellations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.oneof(fc.constant({ op: 'enroll' as const }), fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() })), { maxLength: 60 }), (capacity, ops) => {
        const rows: Array<{ id: number; state: string }> = [];
        let nextId = 1;
        for (const o of ops) {
          if (o.op === 'enroll') {
            const plan = planEnrollment(session(capacity), rows, { now });
            if (plan.ok) rows.push({ id: nextId++, state: plan.state });
          } else {
            const active = rows.filter((r) => r.state === 'enrolled' || r.state === 'waitlisted');
            if (!active.length) continue;
            const row = active[o.pick % active.length];
            if (planCancel(row.state).ok) row.state = 'cancelled';
            for (const p of toPromote(rows, capacity)) p.state = 'enrolled';
          }
          const seats = rows.filter((r) => takesSeat(r.state)).length;
          expect(seats).toBeLessThanOrEqual(capacity);
          if (rows.some((r) => r.state === 'waitlisted')) expect(seats).toBe(capacity);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('skills granted by a completed training', () => {
  it('adds the new ones (case-insensitive), keeps the order, ignores junk', () => {
    expect(mergeSkills(['storage', 'raid'], ['RAID', 'rebuild', ' rebuild ', 3, ''])).toEqual({ skills: ['storage', 'raid', 'rebuild'], added: ['rebuild'] });
    expect(mergeSkills(null, ['network'])).toEqual({ skills: ['network'], added: ['network'] });
    expect(mergeSkills(['a'], null)).toEqual({ skills: ['a'], added: [] });
  });
});

describe('skill gaps of a team', () => {
  it('lacking = needed by no available member; per member what they miss; trainings that grant a lacking skill', () => {
    const gaps = skillGaps(
      ['storage', 'RAID', 'raid', 'firmware'],
      [
        { id: 1, name: 'Amy', skills: ['storage'], available: true },
        { id: 2, name: 'Ben', skills: ['raid', 'firmware'], available: false },
      ],
      [
        { code: 'RAID-1', title: 'RAID recovery', skills_granted: ['raid', 'rebuild'] },
        { code: 'NET-1', title: 'Switching', skills_granted: ['network'] },
      ],
    );
    expect(gaps.needed).toEqual(['storage', 'raid', 'firmware']);
    expect(gaps.lacking).toEqual(['raid', 'firmware']);
    expect(gaps.members).toEqual([
      { id: 1, name: 'Amy', available: true, missing: ['raid', 'firmware'] },
      { id: 2, name: 'Ben', available: false, missing: ['storage'] },
    ]);
    expect(gaps.suggestedTrainings).toEqual([{ code: 'RAID-1', title: 'RAID recovery', grants: ['raid'] }]);
  });
});
