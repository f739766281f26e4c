import {
  TICKET_ACTIONS,
  TICKET_STATUSES,
  ACTOR_KINDS,
  DEFAULT_REOPEN_WINDOW_DAYS,
  INITIAL_STATUS,
  allowedActions,
  clockState,
  isClockPaused,
  isOpen,
  planTransition,
  requiredFields,
  transitionForStatusChange,
  transitionsForStatusChange,
  type ActorKind,
  type PlanTransitionParams,
  type TicketAction,
  type TicketStatus,
  type TransitionError,
  type TransitionPlan,
  type TransitionResult,
} from '../../src/plugins/support-desk/server/src/workflow/state-machine';
import * as workflow from '../../src/plugins/support-desk/server/src/workflow';

// ---------------------------------------------------------------------------------------------
// The design table, written out literally (ARCHITECTURE.md "Ticket"), independent of the module.

const STATUSES = [
  'new',
  'triaged',
  'in_progress',
  'awaiting_customer',
  'solution_proposed',
  'resolved',
  'closed',
  'cancelled',
] as const;

const ACTIONS = [
  'triage',
  'start',
  'request_info',
  'propose_solution',
  'approve_solution',
  'reject_solution',
  'customer_reply',
  'resolve',
  'confirm',
  'auto_close',
  'reopen',
  'cancel',
] as const;

const ACTORS = ['agent', 'customer', 'integration', 'system'] as const;

type S = (typeof STATUSES)[number];
type A = (typeof ACTIONS)[number];
type Who = (typeof ACTORS)[number];

/** status → action → target status. Absent = forbidden. */
const TABLE: Record<S, Partial<Record<A, S>>> = {
  new: { triage: 'triaged', cancel: 'cancelled' },
  triaged: { start: 'in_progress', cancel: 'cancelled' },
  in_progress: {
    request_info: 'awaiting_customer',
    propose_solution: 'solution_proposed',
    resolve: 'resolved',
    cancel: 'cancelled',
  },
  awaiting_customer: { customer_reply: 'in_progress', cancel: 'cancelled' },
  solution_proposed: { approve_solution: 'in_progress', reject_solution: 'in_progress' },
  resolved: { confirm: 'closed', auto_close: 'closed', reopen: 'in_progress' },
  closed: { reopen: 'in_progress' },
  cancelled: {},
};

const WHO: Record<A, Who[]> = {
  triage: ['agent', 'integration'],
  start: ['agent', 'integration'],
  request_info: ['agent', 'integration'],
  propose_solution: ['agent', 'integration'],
  approve_solution: ['agent', 'customer', 'integration'],
  reject_solution: ['agent', 'customer', 'integration'],
  customer_reply: ['customer'],
  resolve: ['agent', 'integration'],
  confirm: ['customer'],
  auto_close: ['system'],
  reopen: ['agent', 'customer', 'integration'],
  cancel: ['agent', 'integration'],
};

/** Required fields for a non-fault ticket. */
const REQUIRED: Record<A, string[]> = {
  triage: [],
  start: ['assignee'],
  request_info: ['message'],
  propose_solution: ['solution'],
  approve_solution: [],
  reject_solution: [],
  customer_reply: [],
  resolve: ['resolution_method', 'solution'],
  confirm: [],
  auto_close: [],
  reopen: [],
  cancel: ['reason'],
};
const FAULT_EXTRA: Partial<Record<A, string[]>> = { resolve: ['fault_category', 'root_cause'] };

const CLOCK: Record<A, 'pause' | 'resume' | 'stop' | 'none'> = {
  triage: 'none',
  start: 'none',
  request_info: 'pause',
  propose_solution: 'pause',
  approve_solution: 'resume',
  reject_solution: 'resume',
  customer_reply: 'resume',
  resolve: 'stop',
  confirm: 'none',
  auto_close: 'none',
  reopen: 'resume',
  cancel: 'stop',
};

const NOW = new Date('2026-03-10T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const RECENTLY_CLOSED = new Date(NOW.getTime() - DAY).toISOString();

const FULL_INPUT = {
  message: 'Please send the controller log.',
  solution: 'Replaced the power supply and updated the firmware.',
  resolution_method: 'replacement',
  fault_category: 12,
  root_cause: 'Capacitor failure in the PSU',
  reason: 'Duplicate of TS-000042',
  assignee: 7,
};

function expectedAllowed(status: S, actor?: Who): A[] {
  return ACTIONS.filter((a) => TABLE[status][a] !== undefined && (actor === undefined || WHO[a].includes(actor)));
}

function plan(
  p: Partial<PlanTransitionParams> & Pick<PlanTransitionParams, 'status' | 'action' | 'actor'>,
): TransitionResult {
  return planTransition({ now: NOW, ticket: { type: 'consultation', closed_at: RECENTLY_CLOSED }, ...p });
}

function ok(r: TransitionResult): TransitionPlan {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r;
}
function err(r: TransitionResult): TransitionError {
  if (r.ok) throw new Error(`expected an error, got ok → ${r.to}`);
  return r;
}

// ---------------------------------------------------------------------------------------------

describe('vocabulary', () => {
  it('exports the statuses and actions as in the design', () => {
    expect([...TICKET_STATUSES]).toEqual([...STATUSES]);
    expect([...TICKET_ACTIONS]).toEqual([...ACTIONS]);
    expect([...ACTOR_KINDS]).toEqual([...ACTORS]);
    expect(INITIAL_STATUS).toBe('new');
    expect(DEFAULT_REOPEN_WINDOW_DAYS).toBe(7);
  });

  it('is re-exported from the workflow index', () => {
    expect(workflow.planTransition).toBe(planTransition);
    expect(workflow.TICKET_STATUSES).toBe(TICKET_STATUSES);
    expect(workflow.transitionForStatusChange).toBe(transitionForStatusChange);
  });

  it('derives union types from the tuples', () => {
    const s: TicketStatus = 'awaiting_customer';
    const a: TicketAction = 'auto_close';
    const k: ActorKind = 'integration';
    expect([s, a, k]).toHaveLength(3);
  });
});

describe('every (status, action, actor) combination', () => {
  const cases: Array<[S, A, Who]> = [];
  for (const s of STATUSES) for (const a of ACTIONS) for (const who of ACTORS) cases.push([s, a, who]);

  it('has 8 × 12 × 4 cases', () => expect(cases).toHaveLength(384));

  it.each(cases)('%s + %s by %s', (status, action, actor) => {
    const r = plan({ status, action, actor, input: FULL_INPUT });
    const target = TABLE[status][action];
    if (target === undefined) {
      const e = err(r);
      expect(e.code).toBe('forbidden_transition');
      expect(e.message).toContain(`Cannot "${action}" a ticket in status "${status}".`);
      const allowed = expectedAllowed(status, actor);
      expect(e.allowed).toEqual(allowed);
      expect(e.message).toContain(allowed.length ? allowed.join(', ') : 'none');
      expect(e.message).toContain(`Allowed from "${status}"`);
      expect(e.action).toBe(action);
      expect(e.status).toBe(status);
    } else if (!WHO[action].includes(actor)) {
      const e = err(r);
      expect(e.code).toBe('forbidden_actor');
      expect(e.message).toContain(`A ${actor} cannot "${action}" a ticket`);
      for (const w of WHO[action]) expect(e.message).toContain(w);
      expect(e.allowed).toEqual(expectedAllowed(status, actor));
    } else {
      const p = ok(r);
      expect(p.action).toBe(action);
      expect(p.from).toBe(status);
      expect(p.to).toBe(target);
      expect(p.clock).toBe(CLOCK[action]);
    }
  });
});

describe('required fields for every allowed (status, action) pair', () => {
  const pairs: Array<[S, A, S]> = [];
  for (const s of STATUSES) for (const a of ACTIONS) if (TABLE[s][a]) pairs.push([s, a, TABLE[s][a] as S]);

  it('has 16 allowed pairs', () => expect(pairs).toHaveLength(16));

  describe.each(['consultation', 'fault'])('ticket of type %s', (type) => {
    it.each(pairs)('%s + %s → %s', (status, action, target) => {
      const actor = WHO[action][0];
      const required = [...REQUIRED[action], ...(type === 'fault' ? (FAULT_EXTRA[action] ?? []) : [])];
      expect([...requiredFields(action, type)].sort()).toEqual([...required].sort());
      const ticket = { type, closed_at: RECENTLY_CLOSED };

      // With everything given: allowed.
      expect(ok(planTransition({ status, action, actor, input: FULL_INPUT, ticket, now: NOW })).to).toBe(target);

      // With nothing given: all required fields are reported missing.
      const empty = planTransition({ status, action, actor, input: {}, ticket, now: NOW });
      if (required.length === 0) {
        expect(ok(empty).to).toBe(target);
      } else {
        const e = err(empty);
        expect(e.code).toBe('missing_fields');
        expect([...(e.missing ?? [])].sort()).toEqual([...required].sort());
        expect(e.message).toBe(`"${action}" requires: ${e.missing!.join(', ')}`);
        expect(e.allowed).toEqual(expectedAllowed(status, actor));
      }

      // Missing each required field alone (also as a blank string / null).
      for (const field of required) {
        for (const blank of [undefined, '', '   ', null]) {
          const input: Record<string, unknown> = { ...FULL_INPUT };
          if (blank === undefined) delete input[field];
          else input[field] = blank;
          const e = err(planTransition({ status, action, actor, input, ticket, now: NOW }));
          expect(e.code).toBe('missing_fields');
          expect(e.missing).toEqual([field]);
          expect(e.message).toBe(`"${action}" requires: ${field}`);
        }
      }
    });
  });
});

describe('error messages', () => {
  it('names the action, the state and what is allowed', () => {
    const e = err(plan({ status: 'new', action: 'resolve', actor: 'agent' }));
    expect(e.message).toContain('Cannot "resolve" a ticket in status "new". Allowed from "new": triage, cancel.');
    expect(e.allowed).toEqual(['triage', 'cancel']);
  });

  it('says "none" from a final state', () => {
    const e = err(plan({ status: 'cancelled', action: 'reopen', actor: 'agent' }));
    expect(e.code).toBe('forbidden_transition');
    expect(e.message).toContain('Cannot "reopen" a ticket in status "cancelled". Allowed from "cancelled": none.');
    expect(e.allowed).toEqual([]);
  });

  it('lists the missing resolve fields for a fault', () => {
    const e = err(
      plan({
        status: 'in_progress',
        action: 'resolve',
        actor: 'agent',
        input: { solution: 'x' },
        ticket: { type: 'fault' },
      }),
    );
    expect(e.code).toBe('missing_fields');
    expect(e.message).toBe('"resolve" requires: resolution_method, fault_category, root_cause');
    expect(e.missing).toEqual(['resolution_method', 'fault_category', 'root_cause']);
  });

  it('refuses an unknown action, listing the known and allowed ones', () => {
    const e = err(plan({ status: 'in_progress', action: 'escalate', actor: 'agent' }));
    expect(e.code).toBe('unknown_action');
    expect(e.message).toContain('Unknown action "escalate"');
    expect(e.message).toContain('Allowed from "in_progress": request_info, propose_solution, resolve, cancel.');
    expect(e.allowed).toEqual(['request_info', 'propose_solution', 'resolve', 'cancel']);
  });

  it('refuses an unknown actor and an unknown status', () => {
    const a = err(plan({ status: 'new', action: 'triage', actor: 'robot' as ActorKind }));
    expect(a.code).toBe('forbidden_actor');
    expect(a.message).toContain('Unknown actor "robot"');
    const s = err(plan({ status: 'open' as TicketStatus, action: 'triage', actor: 'agent' }));
    expect(s.code).toBe('forbidden_transition');
    expect(s.message).toContain('unknown status "open"');
    expect(s.allowed).toEqual([]);
  });

  it('tells the customer what it may do instead', () => {
    const e = err(
      plan({ status: 'in_progress', action: 'cancel', actor: 'customer', input: { reason: 'no longer needed' } }),
    );
    expect(e.code).toBe('forbidden_actor');
    expect(e.message).toBe(
      'A customer cannot "cancel" a ticket ("cancel" is for: agent, integration). Allowed from "in_progress" for customer: none.',
    );
    const r = err(plan({ status: 'resolved', action: 'auto_close', actor: 'customer' }));
    expect(r.message).toContain('Allowed from "resolved" for customer: confirm, reopen.');
  });

  it('flags invalid enum values', () => {
    const e = err(
      plan({
        status: 'in_progress',
        action: 'resolve',
        actor: 'agent',
        input: { ...FULL_INPUT, resolution_method: 'magic' },
      }),
    );
    expect(e.code).toBe('invalid_fields');
    expect(e.invalid).toEqual(['resolution_method']);
    expect(e.message).toContain('resolution_method must be one of remote, onsite, replacement, guidance, update');

    const t = err(plan({ status: 'new', action: 'triage', actor: 'agent', input: { type: 'bug', priority: 'P0' } }));
    expect(t.code).toBe('invalid_fields');
    expect(t.invalid).toEqual(['type', 'priority']);
  });
});

describe('actors', () => {
  it('integrations have the rights of agents', () => {
    for (const s of STATUSES) expect(allowedActions(s, 'integration')).toEqual(allowedActions(s, 'agent'));
  });

  it('agents may approve or reject a solution on the customer’s behalf', () => {
    for (const action of ['approve_solution', 'reject_solution'] as const) {
      for (const actor of ['customer', 'agent', 'integration'] as const) {
        expect(ok(plan({ status: 'solution_proposed', action, actor })).to).toBe('in_progress');
      }
    }
  });

  it('only the customer replies and confirms, only the system auto-closes', () => {
    expect(err(plan({ status: 'awaiting_customer', action: 'customer_reply', actor: 'agent' })).code).toBe(
      'forbidden_actor',
    );
    expect(err(plan({ status: 'resolved', action: 'confirm', actor: 'system' })).code).toBe('forbidden_actor');
    expect(ok(plan({ status: 'resolved', action: 'auto_close', actor: 'system' })).to).toBe('closed');
    expect(err(plan({ status: 'resolved', action: 'auto_close', actor: 'agent' })).code).toBe('forbidden_actor');
  });
});

describe('allowedActions', () => {
  it.each(STATUSES)('from %s, per actor and without actor', (status) => {
    expect(allowedActions(status)).toEqual(expectedAllowed(status));
    for (const actor of ACTORS) expect(allowedActions(status, actor)).toEqual(expectedAllowed(status, actor));
  });

  it('leaves out reopen of a closed ticket past its window when given the context', () => {
    const old = new Date(NOW.getTime() - 8 * DAY);
    expect(allowedActions('closed', 'customer', { closed_at: old, now: NOW })).toEqual([]);
    expect(allowedActions('closed', 'customer', { closed_at: old, now: NOW, reopenWindowDays: 10 })).toEqual([
      'reopen',
    ]);
    expect(allowedActions('closed', 'customer')).toEqual(['reopen']);
  });
});

describe('reopen window', () => {
  const closedAt = new Date('2026-03-01T08:00:00.000Z');
  const reopen = (now: Date, days?: number, closed_at: Date | string | null = closedAt) =>
    planTransition({
      status: 'closed',
      action: 'reopen',
      actor: 'customer',
      ticket: { type: 'fault', closed_at },
      now,
      reopenWindowDays: days,
    });

  it('allows reopening within 7 days by default, boundary included', () => {
    expect(ok(reopen(new Date(closedAt.getTime() + DAY))).to).toBe('in_progress');
    expect(ok(reopen(new Date(closedAt.getTime() + 7 * DAY))).to).toBe('in_progress');
  });

  it('refuses after the window with a clear error', () => {
    const e = err(reopen(new Date(closedAt.getTime() + 7 * DAY + 1)));
    expect(e.code).toBe('reopen_window_expired');
    expect(e.message).toContain('closed at 2026-03-01T08:00:00.000Z');
    expect(e.message).toContain('within 7 days');
    expect(e.message).toContain('until 2026-03-08T08:00:00.000Z');
    expect(e.message).toContain('Open a new ticket');
    expect(e.allowed).toEqual([]);
  });

  it('takes the window as a parameter', () => {
    const tenDays = new Date(closedAt.getTime() + 10 * DAY);
    expect(err(reopen(tenDays)).code).toBe('reopen_window_expired');
    expect(ok(reopen(tenDays, 30)).to).toBe('in_progress');
    const e = err(reopen(new Date(closedAt.getTime() + 1), 0));
    expect(e.message).toContain('within 0 days');
    const one = err(reopen(new Date(closedAt.getTime() + 2 * DAY), 1));
    expect(one.message).toContain('within 1 day of closing');
  });

  it('accepts closed_at as an ISO string', () => {
    expect(ok(reopen(new Date(closedAt.getTime() + DAY), undefined, closedAt.toISOString())).to).toBe('in_progress');
  });

  it('refuses when closed_at is unknown', () => {
    const e = err(reopen(NOW, undefined, null));
    expect(e.code).toBe('reopen_window_expired');
    expect(e.message).toContain('closed_at');
    expect(e.message).toContain('unknown');
  });

  it('does not apply to resolved tickets', () => {
    const p = ok(
      planTransition({
        status: 'resolved',
        action: 'reopen',
        actor: 'agent',
        ticket: { type: 'fault', closed_at: null },
        now: NOW,
      }),
    );
    expect(p.to).toBe('in_progress');
  });

  it('checks the actor before the window', () => {
    const e = err(
      planTransition({
        status: 'closed',
        action: 'reopen',
        actor: 'system',
        ticket: { closed_at: closedAt },
        now: new Date(closedAt.getTime() + 30 * DAY),
      }),
    );
    expect(e.code).toBe('forbidden_actor');
  });

  it('rejects a nonsensical window parameter', () => {
    expect(() => reopen(NOW, -1)).toThrow(RangeError);
    expect(() => reopen(NOW, Number.NaN)).toThrow(RangeError);
  });
});

describe('effects', () => {
  it('resolve stamps resolved_at, writes the resolution fields and sends the survey', () => {
    const p = ok(
      plan({ status: 'in_progress', action: 'resolve', actor: 'agent', input: FULL_INPUT, ticket: { type: 'fault' } }),
    );
    expect(p.clock).toBe('stop');
    expect(p.set).toEqual({
      resolved_at: NOW.toISOString(),
      resolution_method: 'replacement',
      solution: FULL_INPUT.solution,
      fault_category: 12,
      root_cause: FULL_INPUT.root_cause,
    });
    expect(p.increment).toEqual({});
    expect(p.sendSurvey).toBe(true);
    expect(p.firstResponse).toBe(true);
  });

  it('confirm and auto_close stamp closed_at', () => {
    for (const [action, actor] of [
      ['confirm', 'customer'],
      ['auto_close', 'system'],
    ] as const) {
      const p = ok(plan({ status: 'resolved', action, actor }));
      expect(p.set).toEqual({ closed_at: NOW.toISOString() });
      expect(p.sendSurvey).toBe(false);
    }
  });

  it('reopen increments reopen_count, clears resolved_at and closed_at, resumes the clock', () => {
    for (const status of ['resolved', 'closed'] as const) {
      const p = ok(plan({ status, action: 'reopen', actor: 'customer' }));
      expect(p.increment).toEqual({ reopen_count: 1 });
      expect(p.set).toEqual({ resolved_at: null, closed_at: null });
      expect(p.clock).toBe('resume');
    }
  });

  it('only request_info, propose_solution and resolve count as a first response', () => {
    for (const s of STATUSES) {
      for (const a of ACTIONS) {
        if (!TABLE[s][a]) continue;
        const p = ok(plan({ status: s, action: a, actor: WHO[a][0], input: FULL_INPUT }));
        expect(p.firstResponse).toBe(['request_info', 'propose_solution', 'resolve'].includes(a));
      }
    }
  });

  it('triage passes the classification through; other fields are ignored', () => {
    const p = ok(
      plan({
        status: 'new',
        action: 'triage',
        actor: 'agent',
        input: { type: 'fault', urgency: 'high', impact: 'low', priority: 'P2', group: 3, subject: 'ignored' },
      }),
    );
    expect(p.set).toEqual({ type: 'fault', urgency: 'high', impact: 'low', priority: 'P2', group: 3 });
    expect(ok(plan({ status: 'new', action: 'triage', actor: 'agent' })).set).toEqual({});
  });

  it('request_info and cancel write no ticket field (the text goes to the timeline)', () => {
    expect(ok(plan({ status: 'in_progress', action: 'request_info', actor: 'agent', input: FULL_INPUT })).set).toEqual(
      {},
    );
    expect(
      ok(plan({ status: 'triaged', action: 'cancel', actor: 'agent', input: { reason: 'spam call' } })).set,
    ).toEqual({});
  });
});

describe('fields taken from the ticket', () => {
  it('start uses the ticket’s assignee, unless the input clears it', () => {
    const ticket = { type: 'fault', assignee: { id: 4 } };
    const p = ok(plan({ status: 'triaged', action: 'start', actor: 'agent', input: {}, ticket }));
    expect(p.set).toEqual({});
    expect(
      err(plan({ status: 'triaged', action: 'start', actor: 'agent', input: { assignee: null }, ticket })).missing,
    ).toEqual(['assignee']);
    expect(
      err(
        plan({
          status: 'triaged',
          action: 'start',
          actor: 'agent',
          input: { assignee: { disconnect: [{ id: 4 }] } },
          ticket,
        }),
      ).missing,
    ).toEqual(['assignee']);
    expect(
      ok(plan({ status: 'triaged', action: 'start', actor: 'agent', input: { assignee: { connect: [] } }, ticket })).to,
    ).toBe('in_progress');
  });

  it('start accepts the Strapi relation input forms', () => {
    for (const assignee of [
      5,
      'abc123docid',
      { id: 5 },
      { documentId: 'abc' },
      { connect: [{ id: 5 }] },
      { set: [5] },
    ]) {
      const p = ok(plan({ status: 'triaged', action: 'start', actor: 'agent', input: { assignee }, ticket: {} }));
      expect(p.set).toEqual({ assignee });
    }
    for (const assignee of [null, '', { connect: [] }, { set: [] }, {}, []]) {
      expect(
        err(plan({ status: 'triaged', action: 'start', actor: 'agent', input: { assignee }, ticket: {} })).code,
      ).toBe('missing_fields');
    }
  });

  it('resolve uses the solution, method, category and root cause already on the ticket', () => {
    const ticket = {
      type: 'fault',
      solution: 'Proposed and approved fix',
      resolution_method: 'remote',
      fault_category: { id: 2 },
      root_cause: 'Misconfiguration',
    };
    const p = ok(plan({ status: 'in_progress', action: 'resolve', actor: 'agent', input: {}, ticket }));
    expect(p.set).toEqual({ resolved_at: NOW.toISOString() });
  });

  it('a type changed in the same write decides the resolve requirements', () => {
    const e = err(
      plan({
        status: 'in_progress',
        action: 'resolve',
        actor: 'agent',
        input: { type: 'fault', solution: 's', resolution_method: 'remote' },
        ticket: { type: 'consultation' },
      }),
    );
    expect(e.missing).toEqual(['fault_category', 'root_cause']);
    expect(
      ok(
        plan({
          status: 'in_progress',
          action: 'resolve',
          actor: 'agent',
          input: { type: 'consultation', solution: 's', resolution_method: 'guidance' },
          ticket: { type: 'fault' },
        }),
      ).to,
    ).toBe('resolved');
  });

  it('message and reason must come with the action', () => {
    expect(
      err(
        planTransition({
          status: 'in_progress',
          action: 'request_info',
          actor: 'agent',
          ticket: { message: 'old' } as never,
          now: NOW,
        }),
      ).missing,
    ).toEqual(['message']);
  });
});

describe('transitionForStatusChange', () => {
  const CHANGES: Record<string, A> = {
    'new>triaged': 'triage',
    'new>cancelled': 'cancel',
    'triaged>in_progress': 'start',
    'triaged>cancelled': 'cancel',
    'in_progress>awaiting_customer': 'request_info',
    'in_progress>solution_proposed': 'propose_solution',
    'in_progress>resolved': 'resolve',
    'in_progress>cancelled': 'cancel',
    'awaiting_customer>in_progress': 'customer_reply',
    'awaiting_customer>cancelled': 'cancel',
    'solution_proposed>in_progress': 'approve_solution',
    'resolved>closed': 'confirm',
    'resolved>in_progress': 'reopen',
    'closed>in_progress': 'reopen',
  };

  const pairs: Array<[S, S]> = [];
  for (const from of STATUSES) for (const to of STATUSES) pairs.push([from, to]);

  it.each(pairs)('%s → %s', (from, to) => {
    expect(transitionForStatusChange(from, to)).toBe(CHANGES[`${from}>${to}`] ?? null);
  });

  it('lists every action for a change and filters by actor', () => {
    expect(transitionsForStatusChange('solution_proposed', 'in_progress')).toEqual([
      'approve_solution',
      'reject_solution',
    ]);
    expect(transitionsForStatusChange('resolved', 'closed')).toEqual(['confirm', 'auto_close']);
    expect(transitionForStatusChange('resolved', 'closed', 'system')).toBe('auto_close');
    expect(transitionForStatusChange('resolved', 'closed', 'agent')).toBeNull();
    expect(transitionForStatusChange('awaiting_customer', 'in_progress', 'agent')).toBeNull();
    expect(transitionForStatusChange('closed', 'in_progress', 'agent')).toBe('reopen');
    expect(transitionForStatusChange('new', 'new')).toBeNull();
  });
});

describe('status helpers', () => {
  const OPEN: Record<S, boolean> = {
    new: true,
    triaged: true,
    in_progress: true,
    awaiting_customer: true,
    solution_proposed: true,
    resolved: false,
    closed: false,
    cancelled: false,
  };
  const PAUSED: Record<S, boolean> = {
    new: false,
    triaged: false,
    in_progress: false,
    awaiting_customer: true,
    solution_proposed: true,
    resolved: true,
    closed: false,
    cancelled: false,
  };

  it.each(STATUSES)('%s', (s) => {
    expect(isOpen(s)).toBe(OPEN[s]);
    expect(isClockPaused(s)).toBe(PAUSED[s]);
    expect(clockState(s)).toBe(PAUSED[s] ? 'paused' : OPEN[s] ? 'running' : 'stopped');
  });

  it('every status but cancelled has a way out', () => {
    for (const s of STATUSES) expect(allowedActions(s).length === 0).toBe(s === 'cancelled');
  });

  it('the clock effect of each action matches the pause state of its target', () => {
    for (const s of STATUSES) {
      for (const a of ACTIONS) {
        const to = TABLE[s][a];
        if (!to) continue;
        const c = CLOCK[a];
        if (c === 'pause') expect(isClockPaused(to)).toBe(true);
        if (c === 'resume') expect(isClockPaused(to)).toBe(false);
      }
    }
  });
});

describe('robustness', () => {
  it('never mutates its input and ticket', () => {
    const input = Object.freeze({ ...FULL_INPUT });
    const ticket = Object.freeze({ type: 'fault', closed_at: RECENTLY_CLOSED });
    expect(() =>
      planTransition({ status: 'in_progress', action: 'resolve', actor: 'agent', input, ticket, now: NOW }),
    ).not.toThrow();
  });

  it('defaults now to the current time and rejects an invalid one', () => {
    const before = Date.now();
    const p = ok(planTransition({ status: 'resolved', action: 'confirm', actor: 'customer' }));
    expect(Date.parse(p.set.closed_at as string)).toBeGreaterThanOrEqual(before);
    expect(() =>
      planTransition({ status: 'resolved', action: 'confirm', actor: 'customer', now: 'not a date' }),
    ).toThrow(RangeError);
  });

  it('treats a missing input and ticket as empty', () => {
    const e = err(
      planTransition({ status: 'in_progress', action: 'resolve', actor: 'agent', input: null, ticket: null, now: NOW }),
    );
    expect(e.missing).toEqual(['resolution_method', 'solution']);
  });
});
