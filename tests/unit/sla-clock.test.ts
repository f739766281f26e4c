import fc from 'fast-check';
import { applyClockEffect, describeClock, recomputeClocks, startClocks, validateTargets, warnOffsetMs, type SlaPolicy, type SlaState } from '../../src/plugins/support-desk/server/src/sla/clock';

const MIN = 60_000;
const SHANGHAI = {
  timezone: 'Asia/Shanghai',
  working_intervals: ['mon', 'tue', 'wed', 'thu', 'fri'].flatMap((weekday) => [
    { weekday: weekday as 'mon', start: '09:00', end: '12:00' },
    { weekday: weekday as 'mon', start: '13:00', end: '18:00' },
  ]),
};
const at = (local: string) => new Date(`${local}+08:00`);
const policy = (calendar: SlaPolicy['calendar'], fr = 60, res = 120, warn = 75): SlaPolicy => ({ target: { first_response_minutes: fr, resolution_minutes: res }, warnAtPercent: warn, calendar });

describe('startClocks', () => {
  it('follows the design’s worked examples (Shanghai business hours)', () => {
    expect(startClocks(at('2026-11-27T17:30:00'), policy(SHANGHAI, 60, 120)).first_response_due_at).toEqual(at('2026-11-30T09:30:00'));
    expect(startClocks(at('2026-11-30T11:30:00'), policy(SHANGHAI, 120, 120)).first_response_due_at).toEqual(at('2026-11-30T14:30:00'));
    expect(startClocks(at('2026-11-28T10:00:00'), policy(SHANGHAI, 60, 60)).resolution_due_at).toEqual(at('2026-11-30T10:00:00'));
    expect(startClocks(at('2026-11-30T11:00:00'), policy(SHANGHAI, 60, 60)).first_response_due_at).toEqual(at('2026-11-30T12:00:00'));
  });

  it('puts warnings at warn_at_percent of each target', () => {
    const s = startClocks(at('2026-11-30T09:00:00'), policy(null, 60, 200, 75));
    expect(s.first_response_warn_at).toEqual(new Date(at('2026-11-30T09:00:00').getTime() + 45 * MIN));
    expect(s.resolution_warn_at).toEqual(new Date(at('2026-11-30T09:00:00').getTime() + 150 * MIN));
  });
});

describe('pause, resume, stop', () => {
  const created = at('2026-11-30T09:00:00');
  const p = policy(SHANGHAI, 60, 240);

  it('pausing clears the due time and keeps the remaining business minutes', () => {
    const s = startClocks(created, p);
    const paused = applyClockEffect('pause', created, p, s, at('2026-11-30T10:30:00'));
    expect(paused).toMatchObject({ resolution_due_at: null, resolution_warn_at: null, resolution_remaining_minutes: 150 });
    expect(paused.sla_paused_at).toEqual(at('2026-11-30T10:30:00'));
  });

  it('resuming adds the pause’s business minutes (a lunch break does not count)', () => {
    const s = { ...startClocks(created, p), sla_paused_at: at('2026-11-30T11:30:00') };
    const resumed = applyClockEffect('resume', created, p, s, at('2026-11-30T13:30:00'));
    expect(resumed.sla_paused_minutes).toBe(60); // 11:30–12:00 and 13:00–13:30
    expect(resumed.sla_paused_ms).toBe(60 * MIN);
    // 240 + 60 business minutes from 09:00: 3 h in the morning, 2 h after lunch → 15:00.
    expect(resumed.resolution_due_at).toEqual(at('2026-11-30T15:00:00'));
    expect(resumed.sla_paused_at).toBeNull();
  });

  it('stop freezes the clock but keeps the due time for reporting; resume afterwards works', () => {
    const s = startClocks(created, p);
    const stopped = applyClockEffect('stop', created, p, s, at('2026-11-30T10:00:00'));
    expect(stopped.resolution_due_at).toBeUndefined();
    expect(stopped.sla_paused_at).toEqual(at('2026-11-30T10:00:00'));
    const reopened = applyClockEffect('resume', created, p, { ...s, ...stopped } as any, at('2026-12-01T10:00:00'));
    expect(reopened.sla_paused_minutes).toBe(480); // a full working day
  });

  it('pausing twice or resuming a running clock changes nothing', () => {
    const s = startClocks(created, p);
    expect(applyClockEffect('resume', created, p, s, at('2026-11-30T10:00:00'))).toEqual({});
    const paused = { ...s, ...applyClockEffect('pause', created, p, s, at('2026-11-30T10:00:00')) } as any;
    expect(applyClockEffect('pause', created, p, paused, at('2026-11-30T11:00:00'))).toEqual({});
  });
});

describe('recomputeClocks', () => {
  it('keeps the accrued pause time under a new target', () => {
    const created = new Date('2026-11-30T00:00:00Z');
    const r = recomputeClocks(created, policy(null, 30, 100), { sla_paused_at: null, sla_paused_ms: 45 * MIN });
    expect(r.resolution_due_at).toEqual(new Date(created.getTime() + 145 * MIN));
    expect(r.first_response_due_at).toEqual(new Date(created.getTime() + 30 * MIN));
  });

  it('leaves a paused clock paused with its remaining time', () => {
    const created = new Date('2026-11-30T00:00:00Z');
    const r = recomputeClocks(created, policy(null, 30, 100), { sla_paused_at: new Date(created.getTime() + 40 * MIN), sla_paused_ms: 0 });
    expect(r.resolution_due_at).toBeNull();
    expect(r.resolution_remaining_minutes).toBe(60);
  });
});

describe('describeClock', () => {
  it('tells running, paused (with remaining), met and breached', () => {
    expect(describeClock('resolution', { state: 'in_progress', resolution_due_at: '2026-12-01T00:00:00Z' }).state).toBe('running');
    expect(describeClock('resolution', { state: 'awaiting_customer', sla_paused_at: '2026-12-01T00:00:00Z', resolution_remaining_minutes: 42 })).toMatchObject({ state: 'paused', remaining_minutes: 42 });
    expect(describeClock('resolution', { state: 'resolved', resolved_at: '2026-11-30T00:00:00Z', resolution_due_at: '2026-12-01T00:00:00Z', sla_paused_at: '2026-11-30T00:00:00Z' }).state).toBe('met');
    expect(describeClock('first_response', { state: 'in_progress', first_response_due_at: '2026-11-30T00:00:00Z', first_responded_at: '2026-11-30T01:00:00Z' })).toMatchObject({ state: 'breached', breached: true });
  });
});

describe('validateTargets', () => {
  it('names the field of each problem', () => {
    expect(validateTargets([{ priority: 'P1', first_response_minutes: 60, resolution_minutes: 30 }]).map((p) => p.field)).toEqual(['targets[0].resolution_minutes']);
    expect(validateTargets([{ priority: 'P1', first_response_minutes: 0, resolution_minutes: 30 }]).map((p) => p.field)).toEqual(['targets[0].first_response_minutes']);
    expect(validateTargets([{ priority: 'P2', first_response_minutes: 10, resolution_minutes: 30 }, { priority: 'P2', first_response_minutes: 10, resolution_minutes: 30 }]).map((p) => p.field)).toEqual(['targets[1].priority']);
    expect(validateTargets([{ priority: 'P1', first_response_minutes: 15, resolution_minutes: 240 }])).toEqual([]);
  });
});

describe('exactness (issue 16): paused time to the millisecond, warnings strictly before breaches', () => {
  it('four pauses of 25 s and four of 35 s move the deadline by exactly 100 s and 140 s (not whole minutes)', () => {
    const created = new Date('2026-11-30T00:00:00Z');
    const p = policy(null, 30, 600);
    for (const [pauseS, expectS] of [[25, 100], [35, 140]]) {
      let state: SlaState = startClocks(created, p);
      let t = created.getTime() + 60_000;
      for (let i = 0; i < 4; i++) {
        state = { ...state, ...applyClockEffect('pause', created, p, state, new Date(t)) } as SlaState;
        t += pauseS * 1000;
        state = { ...state, ...applyClockEffect('resume', created, p, state, new Date(t)) } as SlaState;
        t += 60_000;
      }
      expect(state.sla_paused_ms).toBe(expectS * 1000);
      expect(state.resolution_due_at).toEqual(new Date(created.getTime() + 600 * MIN + expectS * 1000));
    }
  });

  it('a 1-minute target with a 50 % warning warns after 30 s, strictly before the breach', () => {
    const created = new Date('2026-11-30T00:00:00Z');
    const s = startClocks(created, policy(null, 1, 1, 50));
    expect(s.first_response_warn_at).toEqual(new Date(created.getTime() + 30_000));
    expect(s.first_response_due_at).toEqual(new Date(created.getTime() + 60_000));
  });

  it('no warning when it would not fall strictly before the breach', () => {
    expect(warnOffsetMs(1, 99)).toBe(59_400);
    expect(warnOffsetMs(1, 100)).toBeNull();
    expect(warnOffsetMs(10, 0)).toBeNull();
    const s = startClocks(new Date('2026-11-30T00:00:00Z'), policy(null, 1, 1, 100));
    expect(s.first_response_warn_at).toBeNull();
    expect(s.resolution_warn_at).toBeNull();
  });

  it('every warning is strictly before its breach (any target, percent and pause time, business hours)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 10 * 60 * 60 * 1000 }), (target, pct, pausedMs) => {
        const created = at('2026-11-30T10:17:13');
        const r = recomputeClocks(created, policy(SHANGHAI, target, target, pct), { sla_paused_at: null, sla_paused_ms: pausedMs });
        expect(r.first_response_warn_at!.getTime()).toBeLessThan(r.first_response_due_at!.getTime());
        expect(r.resolution_warn_at!.getTime()).toBeLessThan(r.resolution_due_at!.getTime());
      }),
      { numRuns: 200 },
    );
  });

  /**
   * The oracle, written here and not with the business-hours module: the calendar is Shanghai time
   * (UTC+8, no DST), Monday–Friday 09:00–12:00 and 13:00–18:00, and 2026-12-02 is a holiday. Time
   * is walked second by second. The design's rule: the resolution deadline is its target plus the
   * business time spent paused — so the deadline is the end of the second in which the business
   * seconds since creation reach target + the business seconds inside the pauses (for pauses before
   * the deadline this is "the clock did not run while paused"; a pause after a breach moves it too).
   */
  const HOLIDAY = '2026-12-02';
  function isBusinessSecond(utcMs: number): boolean {
    const local = new Date(utcMs + 8 * 3600_000); // read with getUTC* = Shanghai wall clock
    const day = local.getUTCDay(); // 0 = Sunday
    if (day === 0 || day === 6) return false;
    if (local.toISOString().slice(0, 10) === HOLIDAY) return false;
    const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
    return (minuteOfDay >= 9 * 60 && minuteOfDay < 12 * 60) || (minuteOfDay >= 13 * 60 && minuteOfDay < 18 * 60);
  }
  function oracleDeadline(createdMs: number, targetMinutes: number, pauses: Array<[number, number]>): number {
    let pausedSeconds = 0;
    for (const [a, b] of pauses) for (let t = a; t < b; t += 1000) if (isBusinessSecond(t)) pausedSeconds += 1;
    const need = targetMinutes * 60 + pausedSeconds;
    let counted = 0;
    for (let t = createdMs; ; t += 1000) {
      if (isBusinessSecond(t)) counted += 1;
      if (counted === need) return t + 1000;
    }
  }

  it('the deadline after random pause sequences equals the second-by-second oracle to the second', () => {
    const calendar = { ...SHANGHAI, holidays: [{ date: HOLIDAY, name: 'Holiday' }] };
    const created = at('2026-11-30T08:40:00').getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 900 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4 * 3600 }), fc.integer({ min: 1, max: 3 * 3600 })), { maxLength: 6 }),
        (target, steps) => {
          const p = policy(calendar, 1, target, 75);
          let state: SlaState = startClocks(new Date(created), p);
          const pauses: Array<[number, number]> = [];
          let t = created;
          for (const [runS, pauseS] of steps) {
            const from = t + runS * 1000;
            const to = from + pauseS * 1000;
            state = { ...state, ...applyClockEffect('pause', new Date(created), p, state, new Date(from)) } as SlaState;
            state = { ...state, ...applyClockEffect('resume', new Date(created), p, state, new Date(to)) } as SlaState;
            pauses.push([from, to]);
            t = to;
          }
          expect(state.resolution_due_at!.getTime()).toBe(oracleDeadline(created, target, pauses));
        },
      ),
      { numRuns: 60 },
    );
  });
});
