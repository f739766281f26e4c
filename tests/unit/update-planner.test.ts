/**
 * The ticket update planner restated as rules (docs/architecture.md, "Ticket states and actions"):
 * who may set which field, the version rule, state changes through the state machine, the priority
 * matrix and its override, and the events an accepted change appends.
 */
import {
  CUSTOMER_CLOSED_FIELDS,
  SYSTEM_FIELDS,
  eventsAfterCreate,
  eventsAfterUpdate,
  planCreate,
  planUpdate,
  type CreatePlan,
  type Data,
  type PlanUpdateParams,
  type PlannedEvent,
  type Refusal,
  type StoredTicket,
  type UpdatePlan,
} from '../../src/plugins/support-desk/server/src/workflow/update-planner';
import type { Actor } from '../../src/plugins/support-desk/server/src/workflow/actor';

const AGENT: Actor = { kind: 'agent', id: 1, name: 'Ann Agent' };
const INTEGRATION: Actor = { kind: 'integration', id: 2, name: 'phone system' };
const CUSTOMER: Actor = { kind: 'customer', id: 11, name: 'carl' };
const SYSTEM: Actor = { kind: 'system', name: 'system' };
const NOW = new Date('2026-03-10T08:00:00Z');

const ticket = (over: Data = {}): StoredTicket => ({
  id: 7,
  documentId: 'doc7',
  number: 'TS-000007',
  state: 'new',
  version: 3,
  type: 'consultation',
  subject: 'Printer jams',
  urgency: 'medium',
  impact: 'medium',
  priority: 'P3',
  priority_overridden: false,
  reopen_count: 0,
  escalation_level: 0,
  external_ref: 'A-1',
  closed_at: null,
  resolved_at: null,
  assignee: null,
  group: null,
  requester: { id: 11, documentId: 'req11' },
  organization: { id: 5, documentId: 'org5' },
  ...over,
});

const update = (p: Partial<PlanUpdateParams> & { data: Data }) =>
  planUpdate({ before: ticket(), actor: AGENT, now: NOW, reopenWindowDays: 7, ...p });

function accepted(result: UpdatePlan | Refusal): UpdatePlan;
function accepted(result: CreatePlan | Refusal): CreatePlan;
function accepted(result: UpdatePlan | CreatePlan | Refusal) {
  if (result.ok === false) throw new Error(`expected a plan, got refusal ${result.status}: ${result.message}`);
  return result;
}
const refused = (result: UpdatePlan | CreatePlan | Refusal): Refusal => {
  if (result.ok !== false) throw new Error(`expected a refusal, got a plan writing ${JSON.stringify(result.data)}`);
  return result;
};
const paths = (r: Refusal) => (r.details.errors as { path: string[] }[]).map((e) => e.path.join('.'));

describe('closed fields', () => {
  it('system fields are closed to agents and integrations on update; customers also may not choose who they are or how the ticket is handled', () => {
    expect(SYSTEM_FIELDS).toEqual(expect.arrayContaining(['number', 'resolved_at', 'closed_at', 'reopen_count', 'escalation_level', 'priority_overridden', 'first_response_due_at']));
    expect(SYSTEM_FIELDS).toContain('csat_rating'); // the survey sets it
    expect(CUSTOMER_CLOSED_FIELDS).toEqual(expect.arrayContaining([...SYSTEM_FIELDS, 'state', 'version', 'requester', 'organization', 'priority', 'assignee', 'group', 'sla_contract']));
    for (const actor of [AGENT, INTEGRATION]) {
      const r = refused(update({ actor, data: { version: 3, number: 'TS-999999' } }));
      expect(r.status).toBe(400);
      expect(r.message).toBe('An update cannot set number on a ticket: this is managed by the support desk.');
      expect(paths(r)).toEqual(['number']);
    }
  });

  it('names every offending field, in the plural', () => {
    const r = refused(update({ data: { version: 3, reopen_count: 5, escalation_level: 2 } }));
    expect(r.message).toBe('An update cannot set escalation_level, reopen_count on a ticket: these are managed by the support desk.');
    expect(paths(r)).toEqual(['escalation_level', 'reopen_count']);
  });

  it('an unchanged value passes (a form sends every field back)', () => {
    const plan = accepted(update({ data: { version: 3, number: 'TS-000007', reopen_count: 0, closed_at: null, escalation_level: '0' } }));
    expect(plan.data.number).toBe('TS-000007');
    const dated = ticket({ resolved_at: '2026-03-01T10:00:00.000Z', state: 'resolved' });
    accepted(update({ before: dated, data: { version: 3, resolved_at: new Date('2026-03-01T10:00:00Z') } }));
    expect(refused(update({ before: dated, data: { version: 3, resolved_at: '2026-03-01T10:00:01.000Z' } })).message).toMatch(/cannot set resolved_at/);
  });

  it('a customer may not change requester, organization, assignee, group or state, but the same relation in any form passes', () => {
    for (const [field, value] of [['requester', 99], ['organization', { documentId: 'other' }], ['assignee', 4], ['group', { connect: [{ id: 3 }] }], ['state', 'closed']] as const) {
      const r = refused(update({ actor: CUSTOMER, data: { version: 3, [field]: value } }));
      expect(r.message).toBe(`A customer cannot set ${field} on a ticket: this is managed by the support desk.`);
    }
    for (const same of [11, '11', 'req11', { id: 11 }, { documentId: 'req11' }, { connect: [] }]) {
      accepted(update({ actor: CUSTOMER, data: { version: 3, requester: same } }));
    }
    expect(refused(update({ actor: CUSTOMER, data: { version: 3, requester: null } })).message).toMatch(/cannot set requester/);
  });

  it('a customer may write state when the service runs an action for them; fields the service set itself are exempt', () => {
    const before = ticket({ state: 'awaiting_customer' });
    const plan = accepted(update({ before, actor: CUSTOMER, intent: { action: 'customer_reply', expectedVersion: 3 }, data: { state: 'in_progress' } }));
    expect(plan.data.state).toBe('in_progress');
    accepted(update({ actor: AGENT, intent: { expectedVersion: 3, serverSet: ['escalation_level'] }, data: { escalation_level: 1 } }));
    expect(refused(update({ actor: AGENT, intent: { expectedVersion: 3 }, data: { escalation_level: 1 } })).message).toMatch(/escalation_level/);
  });

  it('the system may set system fields', () => {
    expect(accepted(update({ actor: SYSTEM, data: { escalation_level: 2 } })).data.escalation_level).toBe(2);
  });

  it('on create a schema default is no choice for agents, another value is refused; customers get no such leeway', () => {
    const defaults = { state: 'new', version: 1, escalation_level: 0, reopen_count: 0 };
    const plan = accepted(planCreate({ actor: AGENT, data: { subject: 'x', state: 'new', version: 1, escalation_level: 0, number: '' }, defaults }));
    expect(plan.data).toMatchObject({ state: 'new', version: 1 });
    const r = refused(planCreate({ actor: AGENT, data: { subject: 'x', state: 'closed', version: 4 }, defaults }));
    expect(r.message).toBe('A new ticket cannot set state, version on a ticket: these are managed by the support desk.');
    expect(refused(planCreate({ actor: CUSTOMER, data: { subject: 'x', state: 'new' }, defaults })).message).toBe(
      'A customer cannot set state on a ticket: this is managed by the support desk.',
    );
    accepted(planCreate({ actor: CUSTOMER, intent: { serverSet: ['organization', 'requester'] }, data: { subject: 'x', organization: 5, requester: 11 }, defaults }));
    expect(refused(planCreate({ actor: CUSTOMER, data: { subject: 'x', organization: 5 }, defaults })).message).toMatch(/A customer cannot set organization/);
  });
});

describe('version', () => {
  it('is required from every writer but the system', () => {
    for (const actor of [AGENT, INTEGRATION, CUSTOMER]) {
      const r = refused(update({ actor, data: { subject: 'new subject' } }));
      expect(r.status).toBe(400);
      expect(r.message).toBe('Send the ticket version your change is based on (current version of TS-000007: 3).');
      expect(r.details.currentVersion).toBe(3);
      expect(paths(r)).toEqual(['version']);
    }
    expect(accepted(update({ actor: SYSTEM, data: { subject: 'x' } })).data.version).toBe(4);
  });

  it('a stale or invalid version is a conflict naming the current one', () => {
    const stale = refused(update({ data: { version: 2, subject: 'x' } }));
    expect(stale.status).toBe(409);
    expect(stale.message).toBe('Ticket TS-000007 was changed by someone else: your change is based on version 2, the current version is 3. Reload the ticket and try again.');
    expect(stale.details).toEqual({ currentVersion: 3 });
    for (const bad of [3.5, 2.999]) {
      const r = refused(update({ intent: { expectedVersion: bad }, data: {} }));
      expect(r.status).toBe(409);
      expect(r.message).toContain(`based on version ${bad},`);
      expect(r.details).toEqual({ currentVersion: 3 });
    }
    expect(refused(update({ intent: { expectedVersion: 4 }, data: {} })).status).toBe(409);
  });

  it('the current version is accepted, from the data or the intent, and the write makes the next one', () => {
    expect(accepted(update({ data: { version: 3 } })).data.version).toBe(4);
    expect(accepted(update({ intent: { expectedVersion: 3 }, data: {} })).data.version).toBe(4);
  });

  it('a conflict is found before a closed field', () => {
    expect(refused(update({ data: { version: 1, number: 'TS-1' } })).status).toBe(409);
  });
});

describe('state changes', () => {
  it('a raw state write is the action that makes that change', () => {
    const plan = accepted(update({ data: { version: 3, state: 'triaged' } }));
    expect(plan.transition).toMatchObject({ action: 'triage', from: 'new', to: 'triaged', clock: 'none' });
    expect(plan.data.state).toBe('triaged');
  });

  it('a raw state write no action makes is refused with what is allowed', () => {
    const r = refused(update({ data: { version: 3, state: 'closed' } }));
    expect(r.status).toBe(400);
    expect(r.message).toBe('Cannot change state of TS-000007 from "new" to "closed": no workflow action does that for agents. Allowed from "new": triage, cancel.');
    expect(r.details).toMatchObject({ state: 'new', requested: 'closed', allowed: ['triage', 'cancel'] });
    expect(paths(r)).toEqual(['state']);
    // confirm is the customer's: an agent's resolved → closed finds no action.
    const resolved = refused(update({ before: ticket({ state: 'resolved' }), data: { version: 3, state: 'closed' } }));
    expect(resolved.details.allowed).toEqual(['reopen']);
  });

  it('an unknown state is refused', () => {
    const r = refused(update({ data: { version: 3, state: 'done' } }));
    expect(r.message).toBe('state must be one of the ticket states; got "done".');
  });

  it('the same state is no transition', () => {
    const plan = accepted(update({ data: { version: 3, state: 'new', subject: 'x' } }));
    expect(plan.transition).toBeNull();
  });

  it('an action missing its required fields is refused with the state machine details', () => {
    const r = refused(update({ before: ticket({ state: 'in_progress' }), intent: { action: 'resolve', expectedVersion: 3, input: {} }, data: {} }));
    expect(r.status).toBe(400);
    expect(r.details).toMatchObject({ code: 'missing_fields', action: 'resolve', status: 'in_progress', missing: ['resolution_method', 'solution'] });
    expect(paths(r)).toEqual(['resolution_method', 'solution']);
  });

  it('an action by the wrong actor is refused', () => {
    const r = refused(update({ before: ticket({ state: 'in_progress' }), actor: CUSTOMER, intent: { action: 'cancel', expectedVersion: 3, input: { reason: 'not needed' } }, data: {} }));
    expect(r.details).toMatchObject({ code: 'forbidden_actor', action: 'cancel' });
  });

  it('resolve sets resolved_at, stops the clock, counts as first response and asks for the open-escalation check', () => {
    const plan = accepted(
      update({ before: ticket({ state: 'in_progress' }), intent: { action: 'resolve', expectedVersion: 3, input: { solution: 'Replaced roller', resolution_method: 'onsite' } }, data: {} }),
    );
    expect(plan.data).toMatchObject({ state: 'resolved', resolved_at: NOW.toISOString(), solution: 'Replaced roller', resolution_method: 'onsite', version: 4 });
    expect(plan.effects).toEqual({ assertNoOpenEscalation: true, clock: 'stop', firstResponse: true });
  });

  it('no other action asks for the open-escalation check', () => {
    const plan = accepted(update({ intent: { action: 'cancel', expectedVersion: 3, input: { reason: 'Duplicate of TS-000006' } }, data: {} }));
    expect(plan.effects.assertNoOpenEscalation).toBe(false);
    expect(plan.data).toMatchObject({ state: 'cancelled', cancel_reason: 'Duplicate of TS-000006' });
  });

  it('reopen counts, clears the closure and resumes the clock; past the window it is refused', () => {
    const closed = ticket({ state: 'closed', closed_at: '2026-03-05T08:00:00.000Z', resolved_at: '2026-03-04T08:00:00.000Z', reopen_count: 2 });
    const plan = accepted(update({ before: closed, actor: CUSTOMER, intent: { action: 'reopen', expectedVersion: 3 }, data: {} }));
    expect(plan.data).toMatchObject({ state: 'in_progress', reopen_count: 3, closed_at: null, resolved_at: null });
    expect(plan.effects.clock).toBe('resume');
    const late = refused(update({ before: closed, actor: CUSTOMER, intent: { action: 'reopen', expectedVersion: 3 }, data: {}, reopenWindowDays: 2 }));
    expect(late.details.code).toBe('reopen_window_expired');
  });
});

describe('priority', () => {
  it('follows urgency × impact on create', () => {
    const cases: [string, string, string][] = [
      ['high', 'high', 'P1'],
      ['high', 'low', 'P3'],
      ['medium', 'high', 'P2'],
      ['low', 'low', 'P4'],
    ];
    for (const [urgency, impact, expected] of cases) {
      const plan = accepted(planCreate({ actor: AGENT, data: { urgency, impact } }));
      expect(plan.data).toMatchObject({ priority: expected, priority_overridden: false });
    }
    expect(accepted(planCreate({ actor: AGENT, data: {} })).data.priority).toBe('P3');
  });

  it('follows a change of urgency or impact on update, unless an agent pinned the priority', () => {
    const plan = accepted(update({ data: { version: 3, urgency: 'high', impact: 'high' } }));
    expect(plan.data).toMatchObject({ priority: 'P1', priority_overridden: false });
    const pinned = accepted(update({ before: ticket({ priority: 'P1', priority_overridden: true }), data: { version: 3, urgency: 'low' } }));
    expect(pinned.priority).toBeNull();
    expect('priority' in pinned.data).toBe(false);
  });

  it('an override needs a reason', () => {
    const r = refused(update({ data: { version: 3, priority: 'P1' } }));
    expect(r.status).toBe(400);
    expect(r.message).toBe(
      'Overriding the priority from P3 to P1 requires a reason of at least 5 characters. Set priority_reason to say why priority differs from P3 (urgency medium × impact medium).',
    );
    expect(paths(r)).toEqual(['priority_reason']);
    expect(refused(update({ data: { version: 3, priority: 'P1', priority_reason: '  ab ' } })).message).toContain('(got 2)');
  });

  it('an override with a reason is kept, trimmed, and marked overridden; one back to the matrix is not', () => {
    const plan = accepted(update({ data: { version: 3, priority: 'P1', priority_reason: '  line down at the plant ' } }));
    expect(plan.data).toMatchObject({ priority: 'P1', priority_overridden: true, priority_reason: 'line down at the plant' });
    const viaIntent = accepted(update({ intent: { expectedVersion: 3, input: { priority_reason: 'VIP customer' } }, data: { priority: 'P2' } }));
    expect(viaIntent.data).toMatchObject({ priority: 'P2', priority_overridden: true, priority_reason: 'VIP customer' });
    const back = accepted(update({ before: ticket({ priority: 'P1', priority_overridden: true }), data: { version: 3, priority: 'P3', priority_reason: 'back to normal' } }));
    expect(back.data).toMatchObject({ priority: 'P3', priority_overridden: false });
  });

  it('the current priority sent again is no override: its reason is dropped', () => {
    const plan = accepted(update({ data: { version: 3, priority: 'P3', priority_reason: 'unchanged anyway' } }));
    expect(plan.priority).toBeNull();
    expect('priority_reason' in plan.data).toBe(false);
  });

  it('a customer may not set the priority, even where the service lets the field through', () => {
    expect(refused(update({ actor: CUSTOMER, data: { version: 3, priority: 'P1' } })).message).toBe('A customer cannot set priority on a ticket: this is managed by the support desk.');
    const r = refused(planCreate({ actor: CUSTOMER, intent: { serverSet: ['priority', 'priority_reason'] }, data: { priority: 'P1', priority_reason: 'urgent please' } }));
    expect(r.message).toBe('A customer cannot set priority on a ticket: this is managed by the support desk.');
    expect(paths(r)).toEqual(['priority']);
  });

  it('an override at create is allowed to agents with a reason', () => {
    expect(refused(planCreate({ actor: AGENT, data: { priority: 'P1' } })).message).toMatch(/^Overriding the priority from P3 to P1 requires a reason/);
    const plan = accepted(planCreate({ actor: AGENT, data: { priority: 'P1', priority_reason: 'production stopped' } }));
    expect(plan.data).toMatchObject({ priority: 'P1', priority_overridden: true });
  });
});

describe('the planner does not touch its input', () => {
  it('returns new data', () => {
    const data = { version: 3, state: 'triaged', priority: 'P1', priority_reason: 'a good reason' };
    const copy = JSON.parse(JSON.stringify(data));
    const before = ticket();
    const beforeCopy = JSON.parse(JSON.stringify(before));
    accepted(update({ before, data }));
    expect(data).toEqual(copy);
    expect(before).toEqual(beforeCopy);
  });
});

describe('events', () => {
  const kinds = (events: PlannedEvent[]) => events.map((e) => e.kind);

  it('create: created, and priority_change when the creator overrode the priority', () => {
    const plan = accepted(planCreate({ actor: AGENT, data: { subject: 'Printer jams', channel: 'phone', priority: 'P1', priority_reason: 'production stopped' } }));
    const events = eventsAfterCreate(42, { ...plan.data, number: 'TS-000042' }, plan, AGENT);
    expect(kinds(events)).toEqual(['created', 'priority_change']);
    expect(events[0]).toMatchObject({ ticketId: 42, visibility: 'public', to: 'new', body: 'Printer jams', data: { number: 'TS-000042', channel: 'phone', priority: 'P1' } });
    expect(events[1]).toMatchObject({ visibility: 'internal', body: 'production stopped', data: { to: 'P1' } });
    const plain = accepted(planCreate({ actor: CUSTOMER, data: { subject: 'x' } }));
    expect(kinds(eventsAfterCreate(43, plain.data, plain, CUSTOMER))).toEqual(['created']);
  });

  it('a transition carries from, to, action, clock, the message and the intent visibility', () => {
    const before = ticket({ state: 'in_progress' });
    const plan = accepted(update({ before, intent: { action: 'request_info', expectedVersion: 3, input: { message: 'Which model?' }, visibility: 'public' }, data: {} }));
    const events = eventsAfterUpdate(before, { ...before, ...plan.data }, plan, { written: plan.data });
    expect(events).toEqual([
      { ticketId: 7, kind: 'transition', actor: AGENT, visibility: 'public', from: 'in_progress', to: 'awaiting_customer', body: 'Which model?', data: { action: 'request_info', clock: 'pause' } },
    ]);
  });

  it('resolve without a message records the solution; an internal action is internal', () => {
    const before = ticket({ state: 'in_progress' });
    const plan = accepted(update({ before, intent: { action: 'resolve', expectedVersion: 3, input: { solution: 'Replaced roller', resolution_method: 'onsite' }, visibility: 'internal' }, data: {} }));
    const [event] = eventsAfterUpdate(before, { ...before, ...plan.data }, plan, { written: plan.data });
    expect(event).toMatchObject({ kind: 'transition', visibility: 'internal', body: 'Replaced roller' });
  });

  it('a priority change records from, to, overridden and the reason', () => {
    const before = ticket();
    const plan = accepted(update({ before, data: { version: 3, priority: 'P1', priority_reason: 'line down at the plant' } }));
    const events = eventsAfterUpdate(before, { ...before, ...plan.data }, plan, { written: plan.data });
    expect(kinds(events)).toEqual(['priority_change']);
    expect(events[0]).toMatchObject({ visibility: 'internal', body: 'line down at the plant', data: { from: 'P3', to: 'P1', overridden: true } });
  });

  it('an assignment is recorded when the assignee or group changed, with the routing note', () => {
    const before = ticket();
    const plan = accepted(update({ before, data: { version: 3, state: 'triaged' } }));
    const after = { ...before, ...plan.data, assignee: { id: 4, firstname: 'Bo', lastname: 'Li' }, group: { id: 2 } };
    const events = eventsAfterUpdate(before, after, plan, { written: plan.data, routing: { reason: 'Routed at triage.', data: { rule: 'routing' } } });
    expect(kinds(events)).toEqual(['transition', 'assignment']);
    expect(events[1]).toMatchObject({
      visibility: 'internal',
      body: 'Routed at triage.',
      data: { rule: 'routing', from: { assignee: null, group: null }, to: { assignee: 4, group: 2 }, assignee_name: 'Bo Li' },
    });
    // Same assignee and group: no assignment event.
    expect(kinds(eventsAfterUpdate(before, { ...before, ...plan.data }, plan, { written: plan.data }))).toEqual(['transition']);
  });

  it('a field change lists the plain fields that changed, not those with their own event or unchanged ones', () => {
    const before = ticket();
    const plan = accepted(update({ before, data: { version: 3, subject: 'Printer jams daily', external_ref: 'A-1', urgency: 'high' } }));
    const events = eventsAfterUpdate(before, { ...before, ...plan.data }, plan, { written: plan.data });
    expect(kinds(events)).toEqual(['priority_change', 'field_change']);
    expect(events[1]).toMatchObject({ visibility: 'internal', data: { fields: ['subject', 'urgency'] } });
    // Fields the transition itself set (triage takes urgency) belong to the transition event.
    const triage = accepted(update({ before, intent: { action: 'triage', expectedVersion: 3, input: { urgency: 'high' } }, data: { subject: 'Printer jams daily' } }));
    const triaged = eventsAfterUpdate(before, { ...before, ...triage.data }, triage, { written: triage.data });
    expect(kinds(triaged)).toEqual(['transition', 'priority_change', 'field_change']);
    expect(triaged[2].data).toEqual({ fields: ['subject'] });
  });

  it('a links change (intent.links) is a field change naming its relations, with what was added and removed', () => {
    const before = ticket();
    const links = { related_articles: { added: [{ documentId: 'a1', locale: 'en', title: 'VLAN basics' }], removed: [] }, follow_up_of: { from: null, to: 'TS-000003' } };
    const plan = accepted(update({ before, intent: { expectedVersion: 3, links }, data: { related_articles: { connect: [{ documentId: 'a1', locale: 'en' }], disconnect: [] }, follow_up_of: 'doc3' } }));
    expect(plan.data.version).toBe(4);
    const events = eventsAfterUpdate(before, { ...before, ...plan.data }, plan, { written: plan.data });
    expect(events).toEqual([{ ticketId: 7, kind: 'field_change', actor: AGENT, visibility: 'internal', data: { fields: ['related_articles', 'follow_up_of'], links } }]);
    // Without the intent's links a relation write is no field change (the ticket read after the write
    // holds only the planner's relations: this one is not compared).
    const bare = accepted(update({ before, data: { version: 3, follow_up_of: 'doc3' } }));
    expect(eventsAfterUpdate(before, { ...before, version: 4 }, bare, { written: bare.data })).toEqual([]);
  });

  it('fields a service set itself are not listed; nothing changed is no event', () => {
    const before = ticket();
    const plan = accepted(update({ before, intent: { expectedVersion: 3, serverSet: ['escalation_level'] }, data: { escalation_level: 1 } }));
    expect(eventsAfterUpdate(before, { ...before, escalation_level: 1 }, plan, { written: plan.data })).toEqual([]);
    const same = accepted(update({ before, data: { version: 3, subject: 'Printer jams' } }));
    expect(eventsAfterUpdate(before, { ...before, ...same.data }, same, { written: same.data })).toEqual([]);
  });
});
