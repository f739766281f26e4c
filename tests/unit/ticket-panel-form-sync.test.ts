/**
 * The ticket panel's form sync (admin/src/components/ticket-panel/form-sync.ts, issue 15 item 2):
 * after a panel action only what changed is set into the Content Manager's edit form, relations
 * whose target changed are read again, and the agent's unsaved edits are kept.
 */
import { formPatch, formReset, unsavedEdits } from '../../src/plugins/support-desk/admin/src/components/ticket-panel/form-sync';

/** The edit view's document as the Content Manager gives it: relations as counts. */
const document = {
  id: 7,
  documentId: 'doc7',
  state: 'triaged',
  version: 3,
  priority: 'P2',
  resolution_due_at: '2026-12-02T08:00:00.000Z',
  parts_cost: '12.50',
  skills_required: ['network'],
  assignee: { count: 1 },
  group: { count: 1 },
  fault_category: { count: 0 },
};
const before = { state: 'triaged', version: 3, assignee: { id: 5, name: 'Lin Xiaoyu' }, group: { id: 2, name: 'Network East' }, fault_category: null };

describe('formPatch', () => {
  it('sets only the values that changed; a decimal given as text equal to the number is unchanged', () => {
    const after = { ...before, state: 'in_progress', version: 4, priority: 'P2', resolution_due_at: '2026-12-02T09:00:00.000Z', parts_cost: 12.5, skills_required: ['network'] };
    expect(formPatch(document, before, after)).toEqual({ values: { state: 'in_progress', version: 4, resolution_due_at: '2026-12-02T09:00:00.000Z' }, relations: [] });
  });

  it('names the relations whose target changed (not those that stayed), never writes a relation as a value', () => {
    const after = { ...before, version: 4, assignee: { id: 9, name: 'Wang Jun' }, group: { id: 2, name: 'Network East' }, fault_category: { id: 1, name: 'Port' } };
    const patch = formPatch(document, before, after);
    expect(patch.relations).toEqual(['assignee', 'fault_category']);
    expect(patch.values).toEqual({ version: 4 });
  });

  it('an unassigned ticket: null to a person and back', () => {
    expect(formPatch(document, { ...before, assignee: null }, { ...before, assignee: { id: 5 } }).relations).toEqual(['assignee']);
    expect(formPatch(document, before, { ...before, assignee: null }).relations).toEqual(['assignee']);
  });

  it('fields the form does not hold are left out; no document yet: relations only', () => {
    expect(formPatch(document, before, { ...before, cancel_reason: 'x', version: 3 }).values).toEqual({});
    expect(formPatch(null, before, { ...before, state: 'resolved', assignee: null })).toEqual({ values: {}, relations: ['assignee'] });
  });
});

describe('formPatch against the form', () => {
  it("compares with the form's initial values: relations there are connect/disconnect lists, never a value", () => {
    const form = { state: 'triaged', version: 3, external_ref: null, assignee: { connect: [], disconnect: [] } };
    const after = { ...before, state: 'in_progress', version: 4, external_ref: null, assignee: { id: 9, name: 'Wang Jun' } };
    expect(formPatch(form, before, after)).toEqual({ values: { state: 'in_progress', version: 4 }, relations: ['assignee'] });
  });
});

describe('unsavedEdits', () => {
  it('keeps what the agent typed and did not save, except the fields the action changed', () => {
    const initial = { subject: 'Ports flapping', external_ref: null, state: 'triaged', skills_required: ['network'], assignee: { connect: [], disconnect: [] } };
    const values = { ...initial, external_ref: 'CRM-1', state: 'triaged', skills_required: ['network', 'routing'] };
    expect(unsavedEdits(values, initial, ['state', 'version'])).toEqual({ external_ref: 'CRM-1', skills_required: ['network', 'routing'] });
    expect(unsavedEdits({ ...values, state: 'x' }, initial, ['state'])).toEqual({ external_ref: 'CRM-1', skills_required: ['network', 'routing'] });
    expect(unsavedEdits(initial, initial, [])).toEqual({});
  });
});

describe('formReset', () => {
  const organization = { connect: [], disconnect: [] };
  const assignee = { connect: [], disconnect: [] };
  const initial = { subject: 'Ports flapping', external_ref: null, state: 'triaged', version: 3, organization, assignee };

  it('sets only the changed scalars as the initial values; every other field keeps its very object (relations read nothing again)', () => {
    const patch = { values: { state: 'in_progress', version: 4, closed_at: '2026-12-02T09:00:00.000Z' }, relations: [] as const };
    const next = formReset(initial, { ...initial }, { values: patch.values, relations: [] });
    // A field the form does not hold (closed_at here) is not added: the form equals what the edit view computes.
    expect(next.initial).toEqual({ ...initial, state: 'in_progress', version: 4 });
    expect(next.initial.organization).toBe(organization);
    expect(next.initial.assignee).toBe(assignee);
    expect(next.values).toBeNull();
    expect(initial.version).toBe(3);
  });

  it("keeps the agent's unsaved edits on top, with the action's new version", () => {
    const connected = { connect: [{ id: 4 }], disconnect: [] };
    const values = { ...initial, external_ref: 'CRM-1', organization: connected };
    const next = formReset(initial, values, { values: { version: 4 }, relations: [] });
    expect(next.initial).toEqual({ ...initial, version: 4 });
    expect(next.values).toEqual({ ...initial, version: 4, external_ref: 'CRM-1', organization: connected });
    expect(next.values!.organization).toBe(connected);
    expect(next.values!.assignee).toBe(assignee);
  });

  it('drops an unsaved edit of a relation the action changed (the server chose the target)', () => {
    const values = { ...initial, assignee: { connect: [{ id: 9 }], disconnect: [] } };
    const next = formReset(initial, values, { values: { version: 4 }, relations: ['assignee'] });
    expect(next.values).toBeNull();
    expect(next.initial.assignee).toBe(assignee);
  });
});
