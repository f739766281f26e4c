import {
  clashMessage,
  findClash,
  formatWindow,
  overlaps,
  planVisitAction,
  validateWindow,
  type BookedVisit,
} from '../../src/plugins/support-desk/server/src/visits';

const w = (s: string, e: string) => ({ start: `2026-12-01T${s}:00Z`, end: `2026-12-01T${e}:00Z` });

describe('overlaps (half-open windows)', () => {
  it.each([
    [w('09:00', '11:00'), w('10:00', '12:00'), true],
    [w('09:00', '11:00'), w('11:00', '12:00'), false],
    [w('11:00', '12:00'), w('09:00', '11:00'), false],
    [w('09:00', '12:00'), w('10:00', '11:00'), true],
    [w('10:00', '11:00'), w('09:00', '12:00'), true],
    [w('09:00', '10:00'), w('09:00', '10:00'), true],
    [w('08:00', '09:00'), w('10:00', '11:00'), false],
    [w('09:00', '09:01'), w('09:00', '09:01'), true],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
    expect(overlaps(b, a)).toBe(expected);
  });
});

describe('validateWindow', () => {
  it('accepts a valid window and parses offsets', () => {
    const r = validateWindow('2026-12-01T09:00:00+08:00', '2026-12-01T11:00:00+08:00');
    expect(r).toMatchObject({ ok: true });
    expect((r as any).start.toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });
  it.each([
    [undefined, '2026-12-01T11:00:00Z', 'scheduled_start'],
    ['soon', '2026-12-01T11:00:00Z', 'scheduled_start'],
    ['2026-12-01T09:00:00Z', null, 'scheduled_end'],
    ['2026-12-01T11:00:00Z', '2026-12-01T11:00:00Z', 'scheduled_end'],
    ['2026-12-01T11:00:00Z', '2026-12-01T10:00:00Z', 'scheduled_end'],
    ['2026-12-01T00:00:00Z', '2026-12-05T00:00:00Z', 'scheduled_end'],
  ])('refuses %j – %j on %s', (s, e, field) => {
    const r = validateWindow(s, e);
    expect(r).toMatchObject({ ok: false, field });
  });
});

describe('findClash and its message', () => {
  const booked: BookedVisit[] = [
    { id: 1, ticketNumber: 'TS-000010', ...w('13:00', '15:00'), state: 'scheduled' },
    { id: 2, ticketNumber: 'TS-000011', ...w('09:00', '10:00'), state: 'on_site' },
    { id: 3, ticketNumber: 'TS-000012', ...w('10:00', '12:00'), state: 'cancelled' },
    { id: 4, ticketNumber: 'TS-000013', ...w('16:00', '17:00'), state: 'completed' },
  ];
  it('finds the earliest active overlapping booking', () => {
    expect(findClash(w('09:30', '14:00'), booked)?.id).toBe(2);
    expect(findClash(w('14:00', '14:30'), booked)?.id).toBe(1);
  });
  it('ignores cancelled and completed visits, touching windows and the visit being edited', () => {
    expect(findClash(w('10:00', '12:00'), booked)).toBeNull();
    expect(findClash(w('16:00', '17:00'), booked)).toBeNull();
    expect(findClash(w('15:00', '16:00'), booked)).toBeNull();
    expect(findClash(w('13:30', '14:00'), booked, { excludeId: 1 })).toBeNull();
  });
  it('names the clashing ticket and its window', () => {
    const clash = findClash(w('14:00', '16:00'), booked)!;
    const msg = clashMessage('Wang Jun', w('14:00', '16:00'), clash);
    expect(msg).toMatch(/^Wang Jun is already booked for ticket TS-000010 from 2026-12-01 13:00–15:00 UTC, which overlaps the requested window 2026-12-01 14:00–16:00 UTC/);
    expect(msg).toMatch(/starts at 2026-12-01T15:00:00.000Z or later/);
  });
  it('formats windows across midnight', () => {
    expect(formatWindow('2026-12-01T23:00:00Z', '2026-12-02T01:30:00Z')).toBe('2026-12-01 23:00 – 2026-12-02 01:30 UTC');
  });
});

describe('planVisitAction', () => {
  it('allows arrive, complete (with a report) and cancel from the right statuses', () => {
    expect(planVisitAction('scheduled', 'arrive')).toEqual({ ok: true, from: 'scheduled', to: 'on_site' });
    expect(planVisitAction('en_route', 'arrive')).toMatchObject({ ok: true, to: 'on_site' });
    expect(planVisitAction('on_site', 'complete', { report: 'Replaced the PSU' })).toMatchObject({ ok: true, to: 'completed' });
    expect(planVisitAction('scheduled', 'cancel')).toMatchObject({ ok: true, to: 'cancelled' });
  });
  it('refuses the rest with what is possible', () => {
    expect(planVisitAction('on_site', 'complete', { report: '  ' })).toMatchObject({ ok: false, field: 'report' });
    expect(planVisitAction('scheduled', 'complete', { report: 'x' })).toMatchObject({ ok: false, message: expect.stringMatching(/Possible now: arrive, cancel\. Record the arrival first/) });
    expect(planVisitAction('completed', 'cancel')).toMatchObject({ ok: false, message: expect.stringMatching(/Possible now: nothing/) });
    expect(planVisitAction('scheduled', 'teleport')).toMatchObject({ ok: false, message: expect.stringMatching(/Unknown visit action "teleport"/) });
  });
});
