import {
  IMPACTS,
  MIN_OVERRIDE_REASON_LENGTH,
  PRIORITIES,
  URGENCIES,
  comparePriority,
  isPriority,
  priorityFor,
  validateOverride,
  type Impact,
  type Priority,
  type Urgency,
} from '../../src/plugins/support-desk/server/src/workflow/priority';
import * as workflow from '../../src/plugins/support-desk/server/src/workflow';

// The design matrix, written out independently of the module.
const MATRIX: Array<[Urgency, Impact, Priority]> = [
  ['high', 'high', 'P1'],
  ['high', 'medium', 'P2'],
  ['medium', 'high', 'P2'],
  ['high', 'low', 'P3'],
  ['medium', 'medium', 'P3'],
  ['low', 'high', 'P3'],
  ['medium', 'low', 'P4'],
  ['low', 'medium', 'P4'],
  ['low', 'low', 'P4'],
];

describe('priority vocabulary', () => {
  it('lists the priorities highest first and the levels', () => {
    expect([...PRIORITIES]).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect([...URGENCIES].sort()).toEqual(['high', 'low', 'medium']);
    expect([...IMPACTS].sort()).toEqual(['high', 'low', 'medium']);
    expect(MIN_OVERRIDE_REASON_LENGTH).toBe(5);
  });

  it('is re-exported from the workflow index', () => {
    expect(workflow.priorityFor).toBe(priorityFor);
    expect(workflow.PRIORITIES).toBe(PRIORITIES);
  });

  it('recognises priorities', () => {
    expect(isPriority('P1')).toBe(true);
    expect(isPriority('P5')).toBe(false);
    expect(isPriority(1)).toBe(false);
  });

  it('orders priorities', () => {
    expect(comparePriority('P1', 'P2')).toBeLessThan(0);
    expect(comparePriority('P4', 'P3')).toBeGreaterThan(0);
    expect(comparePriority('P2', 'P2')).toBe(0);
    expect((['P3', 'P1', 'P4', 'P2'] as Priority[]).sort(comparePriority)).toEqual(['P1', 'P2', 'P3', 'P4']);
  });
});

describe('priorityFor(urgency, impact)', () => {
  it('covers all 9 combinations', () => {
    expect(MATRIX).toHaveLength(9);
    const seen = new Set(MATRIX.map(([u, i]) => `${u}/${i}`));
    expect(seen.size).toBe(9);
  });

  it.each(MATRIX)('urgency %s × impact %s → %s', (urgency, impact, expected) => {
    expect(priorityFor(urgency, impact)).toBe(expected);
  });

  it('rejects values outside low|medium|high', () => {
    expect(() => priorityFor('critical' as Urgency, 'high')).toThrow(/Invalid urgency "critical"/);
    expect(() => priorityFor('high', undefined as unknown as Impact)).toThrow(/Invalid impact/);
  });
});

describe('validateOverride(from, to, reason)', () => {
  it('accepts a change with a reason of at least 5 characters (trimmed)', () => {
    expect(validateOverride('P3', 'P1', '  line down at the hospital  ')).toEqual({
      ok: true,
      changed: true,
      from: 'P3',
      to: 'P1',
      reason: 'line down at the hospital',
    });
    expect(validateOverride('P4', 'P2', 'VIP!!')).toMatchObject({ ok: true, changed: true });
  });

  it('counts characters, not bytes (5 Chinese characters are enough)', () => {
    expect(validateOverride('P3', 'P2', '客户生产线')).toMatchObject({ ok: true, changed: true });
    expect(validateOverride('P3', 'P2', '客户要求')).toMatchObject({ ok: false, code: 'reason_required' });
  });

  it.each([[''], ['   '], ['abcd'], ['  abcd  '], [null], [undefined]])('refuses the reason %p', (reason) => {
    const r = validateOverride('P3', 'P1', reason as string | null | undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('reason_required');
      expect(r.message).toContain('from P3 to P1');
      expect(r.message).toContain('at least 5 characters');
    }
  });

  it('allows setting a priority when there was none, with a reason', () => {
    expect(validateOverride(null, 'P2', 'major account')).toMatchObject({ ok: true, changed: true, from: null });
    const r = validateOverride(undefined, 'P2', '');
    expect(r).toMatchObject({ ok: false, code: 'reason_required' });
    if (!r.ok) expect(r.message).toContain('to P2');
  });

  it('treats an unchanged priority as no override (no reason needed)', () => {
    expect(validateOverride('P2', 'P2', '')).toEqual({ ok: true, changed: false, from: 'P2', to: 'P2', reason: '' });
  });

  it('refuses an unknown priority', () => {
    expect(validateOverride('P3', 'P0' as Priority, 'because of reasons')).toMatchObject({
      ok: false,
      code: 'invalid_priority',
    });
    expect(validateOverride('X' as Priority, 'P1', 'because of reasons')).toMatchObject({
      ok: false,
      code: 'invalid_priority',
    });
  });
});
