import { applyClockEffect, describeClock, recomputeClocks, startClocks, validateTargets, type SlaPolicy } from '../../src/plugins/support-desk/server/src/sla/clock';

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
    const r = recomputeClocks(created, policy(null, 30, 100), { sla_paused_at: null, sla_paused_minutes: 45 });
    expect(r.resolution_due_at).toEqual(new Date(created.getTime() + 145 * MIN));
    expect(r.first_response_due_at).toEqual(new Date(created.getTime() + 30 * MIN));
  });

  it('leaves a paused clock paused with its remaining time', () => {
    const created = new Date('2026-11-30T00:00:00Z');
    const r = recomputeClocks(created, policy(null, 30, 100), { sla_paused_at: new Date(created.getTime() + 40 * MIN), sla_paused_minutes: 0 });
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
