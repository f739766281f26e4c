import { compareDue, nextDue, parseBulkAssign, parsePhoneTicket, parseQueueQuery, queueWhere, queuesFor, visibilityWhere } from '../../src/plugins/support-desk/server/src/queues';
import { formatRemaining, remainingTone } from '../../src/plugins/support-desk/admin/src/utils/remaining';

const now = new Date('2026-12-01T10:00:00.000Z');
const at = (min: number) => new Date(now.getTime() + min * 60_000);

describe('queue rules', () => {
  test('next deadline: first response while unanswered and earlier, else resolution; paused clocks; closed tickets none', () => {
    expect(nextDue({ state: 'new', first_response_due_at: at(30), resolution_due_at: at(240) }, now)).toMatchObject({ clock: 'first_response', remaining_ms: 30 * 60_000, paused: false });
    expect(nextDue({ state: 'in_progress', first_response_due_at: at(30), first_responded_at: at(-5), resolution_due_at: at(240) }, now)).toMatchObject({ clock: 'resolution', remaining_ms: 240 * 60_000 });
    expect(nextDue({ state: 'new', first_response_due_at: at(300), resolution_due_at: at(240) }, now).clock).toBe('resolution');
    expect(nextDue({ state: 'awaiting_customer', first_responded_at: at(-5), sla_paused_at: at(-1), resolution_remaining_minutes: 42 }, now)).toEqual({ clock: null, due_at: null, remaining_ms: null, paused: true, paused_remaining_minutes: 42 });
    expect(nextDue({ state: 'closed', resolution_due_at: at(10) }, now).clock).toBeNull();
  });

  test('ordering by deadline: overdue first, rows without one last', () => {
    const rows = [
      { id: 1, state: 'new' },
      { id: 2, state: 'new', resolution_due_at: at(60) },
      { id: 3, state: 'new', first_response_due_at: at(-10) },
      { id: 4, state: 'in_progress', resolution_due_at: at(5) },
    ];
    expect([...rows].sort(compareDue('asc', now)).map((r) => r.id)).toEqual([3, 4, 2, 1]);
    expect([...rows].sort(compareDue('desc', now)).map((r) => r.id)).toEqual([2, 4, 3, 1]);
  });

  test('visibility: super admin unrestricted; others their groups, assigned or created by them', () => {
    expect(visibilityWhere({ userId: 1, role: 'admin', groupIds: [] })).toBeNull();
    const noGroup = { group: { id: { $null: true } } };
    expect(visibilityWhere({ userId: 7, role: 'agent', groupIds: [] })).toEqual({ $or: [noGroup, { assignee: { id: 7 } }, { createdBy: { id: 7 } }] });
    expect(visibilityWhere({ userId: 7, role: 'supervisor', groupIds: [2, 3] })).toEqual({ $or: [{ group: { id: { $in: [2, 3] } } }, noGroup, { assignee: { id: 7 } }, { createdBy: { id: 7 } }] });
    expect(queuesFor({ userId: 7, role: 'agent', groupIds: [] })).not.toContain('all-open');
    expect(queuesFor({ userId: 7, role: 'supervisor', groupIds: [] })).toContain('all-open');
    // The unassigned queue of an agent: their groups and the triage inbox, not other groups.
    expect(queueWhere('unassigned', { userId: 7, role: 'agent', groupIds: [2] }, now)).toEqual({
      $and: [{ state: { $in: ['new', 'triaged', 'in_progress', 'awaiting_customer', 'solution_proposed'] } }, { assignee: { id: { $null: true } } }, { $or: [{ group: { id: { $in: [2] } } }, noGroup] }],
    });
  });

  test('query and body parsing name the bad parameter', () => {
    expect(parseQueueQuery('mine', {}).query).toEqual({ queue: 'mine', page: 1, pageSize: 20, sort: 'due', order: 'asc' });
    expect(parseQueueQuery('x', { page: '-1', pageSize: '101', sort: 'id', order: 'up', foo: '1' }).problems.map((p) => p.param)).toEqual(['foo', 'queue', 'sort', 'order', 'page', 'pageSize']);
    expect(parseBulkAssign({ tickets: [{ documentId: 'a', version: 1 }, { documentId: 'a', version: 2 }], assignee: 3 }).problems.map((p) => p.param)).toEqual(['tickets[1].documentId']);
    expect(parseBulkAssign({ tickets: [{ documentId: 'a', version: 1 }] }).problems.map((p) => p.param)).toEqual(['assignee']);
    expect(parsePhoneTicket({ organization: 'o', requester: 'r', subject: '  Call  ', impact: 'huge' }).problems.map((p) => p.param)).toEqual(['impact']);
    expect(parsePhoneTicket({ organization: 'o', requester: 'r', subject: 'Call' }).input).toMatchObject({ subject: 'Call', urgency: 'medium', impact: 'medium', asset: null, description: null });
  });

  test('countdown text and tone', () => {
    expect(formatRemaining(2 * 86400_000 + 3 * 3600_000)).toBe('2d 03h');
    expect(formatRemaining(3 * 3600_000 + 5 * 60_000 + 10_000)).toBe('3h 05m');
    expect(formatRemaining(12 * 60_000 + 4_000)).toBe('12m 04s');
    expect(formatRemaining(-(10 * 60_000 + 12_000))).toBe('−10m 12s');
    expect([remainingTone(-1), remainingTone(59 * 60_000), remainingTone(2 * 3600_000)]).toEqual(['danger', 'warning', 'secondary']);
  });
});
