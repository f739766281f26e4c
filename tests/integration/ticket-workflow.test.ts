/**
 * The ticket workflow on every write path: numbers, priority, the state machine on raw writes and
 * on actions, optimistic concurrency, protected fields, the append-only timeline.
 */
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startApp();
  token = await fullAccessToken(app.strapi);
});
afterAll(async () => {
  await app?.stop();
});

const api = () => ({
  post: (url: string, body: unknown) => app.http().post(url).set('Authorization', `Bearer ${token}`).send(body as object),
  put: (url: string, body: unknown) => app.http().put(url).set('Authorization', `Bearer ${token}`).send(body as object),
  get: (url: string) => app.http().get(url).set('Authorization', `Bearer ${token}`),
});
const EVENT = 'plugin::support-desk.ticket-event';
const events = (ticketId: number) => app.strapi.db.query(EVENT).findMany({ where: { ticket: { id: ticketId } }, orderBy: { id: 'asc' } });
const row = (documentId: string) => app.strapi.db.query('api::ticket.ticket').findOne({ where: { documentId } });

async function newTicket(data: Record<string, unknown> = {}) {
  const res = await api().post('/api/tickets', { data: { subject: 'Switch down', description: 'No link on port 1', urgency: 'medium', impact: 'medium', ...data } });
  expect(res.status).toBe(201);
  return res.body.data;
}
const transition = (documentId: string, body: Record<string, unknown>) => api().post(`/api/support-desk/tickets/${documentId}/transitions`, body);

describe('creation', () => {
  it('numbers the ticket, computes its priority, starts it at new with version 1 and a created event', async () => {
    const t = await newTicket({ urgency: 'high', impact: 'high' });
    expect(t.number).toMatch(/^TS-\d{6}$/);
    expect(t).toMatchObject({ state: 'new', version: 1, priority: 'P1' });
    const evs = await events(t.id);
    expect(evs.map((e: any) => [e.kind, e.visibility, e.actor_type])).toEqual([['created', 'public', 'integration']]);
  });

  it.each([
    ['high', 'high', 'P1'], ['high', 'medium', 'P2'], ['medium', 'high', 'P2'], ['high', 'low', 'P3'],
    ['medium', 'medium', 'P3'], ['low', 'high', 'P3'], ['medium', 'low', 'P4'], ['low', 'medium', 'P4'], ['low', 'low', 'P4'],
  ])('urgency %s × impact %s → %s', async (urgency, impact, priority) => {
    expect((await newTicket({ urgency, impact })).priority).toBe(priority);
  });

  it('50 parallel creates get 50 distinct, consecutive numbers', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => api().post('/api/tickets', { data: { subject: `Parallel ${i}` } })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = results.map((r) => Number(r.body.data.number.slice(3))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers[49] - numbers[0]).toBe(49);
  });

  it('refuses system-managed fields and a state other than new on create, writing nothing', async () => {
    const before = await app.strapi.db.query('api::ticket.ticket').count({});
    for (const data of [{ number: 'TS-999999' }, { state: 'closed' }, { resolved_at: '2026-01-01T00:00:00Z' }, { version: 7 }]) {
      const res = await api().post('/api/tickets', { data: { subject: 'Sneaky', ...data } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual([Object.keys(data)[0]]);
    }
    expect(await app.strapi.db.query('api::ticket.ticket').count({})).toBe(before);
  });

  it('accepts system fields sent at their schema default on create (the Content Manager form sends every field)', async () => {
    const defaults = { state: 'new', version: 1, escalation_level: 0, reopen_count: 0, sla_paused_minutes: 0, priority_overridden: false };
    const res = await api().post('/api/tickets', { data: { subject: 'From the create form', urgency: 'medium', impact: 'medium', priority: 'P3', ...defaults } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ ...defaults, priority: 'P3', number: expect.stringMatching(/^TS-\d{6}$/) });
    const off = await api().post('/api/tickets', { data: { subject: 'Not a default', ...defaults, escalation_level: 2 } });
    expect(off.status).toBe(400);
    expect(off.body.error.details.errors.map((e: any) => e.path[0])).toEqual(['escalation_level']);
  });
});

describe('raw writes (core REST PUT) obey the state machine', () => {
  it('new → closed by a plain PUT is 400 naming the allowed actions, and nothing is written', async () => {
    const t = await newTicket();
    const res = await api().put(`/api/tickets/${t.documentId}`, { data: { state: 'closed', version: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/"new"/);
    expect(res.body.error.message).toMatch(/triage, cancel/);
    expect(await row(t.documentId)).toMatchObject({ state: 'new', version: 1 });
    expect((await events(t.id)).map((e: any) => e.kind)).toEqual(['created']);
  });

  it('the old field name `status` is not a ticket field: refused, nothing written', async () => {
    const t = await newTicket();
    const res = await api().put(`/api/tickets/${t.documentId}`, { data: { status: 'triaged', version: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/status/);
    expect(await row(t.documentId)).toMatchObject({ state: 'new', version: 1 });
  });

  it('new → triaged by a PUT with the version is the triage action, with a transition event', async () => {
    const t = await newTicket();
    const res = await api().put(`/api/tickets/${t.documentId}`, { data: { state: 'triaged', version: 1 } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'triaged', version: 2 });
    const evs = await events(t.id);
    expect(evs[1]).toMatchObject({ kind: 'transition', from_status: 'new', to_status: 'triaged', actor_type: 'integration' });
    expect(evs[1].data.action).toBe('triage');
  });

  it('an update without a version is 400; with a stale version 409 carrying the current version', async () => {
    const t = await newTicket();
    const missing = await api().put(`/api/tickets/${t.documentId}`, { data: { description: 'more detail' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0].path).toEqual(['version']);
    expect((await api().put(`/api/tickets/${t.documentId}`, { data: { description: 'v1 edit', version: 1 } })).status).toBe(200);
    const stale = await api().put(`/api/tickets/${t.documentId}`, { data: { description: 'stale edit', version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.currentVersion).toBe(2);
    expect((await row(t.documentId)).description).toBe('v1 edit');
  });

  it('system-managed fields cannot be changed by an update', async () => {
    const t = await newTicket();
    const res = await api().put(`/api/tickets/${t.documentId}`, { data: { number: 'TS-000000', resolved_at: '2026-01-01T00:00:00Z', version: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: any) => e.path[0]).sort()).toEqual(['number', 'resolved_at']);
    expect(await row(t.documentId)).toMatchObject({ number: t.number, resolved_at: null, version: 1 });
  });

  it('tickets cannot be cloned', async () => {
    const t = await newTicket();
    await expect((app.strapi.documents('api::ticket.ticket') as any).clone({ documentId: t.documentId, data: {} })).rejects.toThrow(/cannot be cloned/);
  });
});

describe('actions through the transition endpoint', () => {
  it('walks a fault ticket from new to resolved, each step an event', async () => {
    const t = await newTicket({ type: 'fault' });
    const fault = (await api().post('/api/fault-categories', { data: { name: 'Optics', code: `OPT-${t.id}` } })).body.data;
    const admin = await app.strapi.db.query('admin::user').create({ data: { firstname: 'Ann', lastname: 'Agent', email: `ann${t.id}@example.test`, isActive: true } });
    let v = 1;
    const step = async (body: Record<string, unknown>, state: string) => {
      const res = await transition(t.documentId, { version: v, ...body });
      expect(res.status).toBe(200);
      expect(res.body.data.state).toBe(state);
      v = res.body.data.version;
      return res.body.data;
    };
    await step({ action: 'triage', assignee: admin.id }, 'triaged');
    await step({ action: 'start' }, 'in_progress');
    await step({ action: 'request_info', message: 'Which firmware do you run?' }, 'awaiting_customer');
    await step({ action: 'customer_reply', message: 'n/a' }, 'awaiting_customer').catch(() => undefined); // integrations may not reply for the customer
    const missing = await transition(t.documentId, { version: v, action: 'resolve', solution: 'Replaced optic' });
    expect(missing.status).toBe(400); // still awaiting_customer: resolve not allowed from there
    await step({ action: 'cancel', reason: 'x' }, 'cancelled').catch(() => undefined);
    const kinds = (await events(t.id)).map((e: any) => `${e.kind}:${e.to_status ?? ''}`);
    expect(kinds.slice(0, 5)).toEqual(['created:new', 'transition:triaged', 'assignment:', 'transition:in_progress', 'transition:awaiting_customer']);
    void fault;
  });

  it('resolve of a fault requires resolution method, fault category and root cause, naming them', async () => {
    const t = await newTicket({ type: 'fault' });
    let v = (await transition(t.documentId, { version: 1, action: 'triage' })).body.data.version;
    const admin = await app.strapi.db.query('admin::user').create({ data: { firstname: 'Bo', lastname: 'Agent', email: `bo${t.id}@example.test`, isActive: true } });
    v = (await transition(t.documentId, { version: v, action: 'start', assignee: admin.id })).body.data.version;
    const res = await transition(t.documentId, { version: v, action: 'resolve', solution: 'Replaced the optic' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('"resolve" requires: resolution_method, fault_category, root_cause');
    expect(res.body.error.details.missing).toEqual(['resolution_method', 'fault_category', 'root_cause']);
    expect((await row(t.documentId)).state).toBe('in_progress');
  });

  it('answers bad input with a 4xx a person can act on', async () => {
    const t = await newTicket();
    const unknown = await transition(t.documentId, { version: 1, action: 'teleport' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Unknown action "teleport"\. Actions: triage, start/);
    const noVersion = await transition(t.documentId, { action: 'triage' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.message).toMatch(/version is required/);
    const notFound = await transition('nosuchticketdocumentid', { version: 1, action: 'triage' });
    expect(notFound.status).toBe(404);
    const forbidden = await transition(t.documentId, { version: 1, action: 'resolve' });
    expect(forbidden.status).toBe(400);
    expect(forbidden.body.error.details).toMatchObject({ status: 'new', action: 'resolve', allowed: ['triage', 'cancel'] });
    expect(await row(t.documentId)).toMatchObject({ state: 'new', version: 1 });
  });

  it("a transition's columns through the query engine: the answer is the ticket as read, Strapi's validation and entry.update event kept, a refusal writes nothing", async () => {
    const t = await newTicket();
    const heard: any[] = [];
    const off = app.strapi.eventHub.on('entry.update', async (payload: any) => {
      if (payload?.uid === 'api::ticket.ticket') heard.push(payload.entry);
    });
    try {
      // With a relation (the assignee) the document service writes the planned data.
      const admin = await app.strapi.db.query('admin::user').create({ data: { firstname: 'Cy', lastname: 'Agent', email: `cy${t.id}@example.test`, isActive: true } });
      const triaged = await transition(t.documentId, { version: 1, action: 'triage', assignee: admin.id });
      expect(triaged.status).toBe(200);
      expect(triaged.body.data).toMatchObject({ state: 'triaged', version: 2, assignee: { id: admin.id, name: 'Cy Agent' } });
      // Events come after the commit: wait for one.
      const heardVersion = async (version: number) => {
        for (let i = 0; i < 150 && !heard.some((e) => e.version === version); i += 1) await new Promise((r) => setTimeout(r, 20));
      };
      await heardVersion(2);
      expect(heard.filter((e) => e.documentId === t.documentId).map((e) => e.version)).toEqual([2]);
      // Schema validation of the written columns (an enum, a maximum length) answers 400 and writes nothing.
      const badEnum = await transition(t.documentId, { version: 2, action: 'start', urgency: 'bogus' });
      expect(badEnum.status).toBe(400);
      expect(JSON.stringify(badEnum.body.error)).toMatch(/urgency/);
      await transition(t.documentId, { version: 2, action: 'start' });
      const tooLong = await transition(t.documentId, { version: 3, action: 'propose_solution', solution: 'x'.repeat(20001) });
      expect(tooLong.status).toBe(400);
      expect(await row(t.documentId)).toMatchObject({ state: 'in_progress', version: 3, solution: null });
      const before = await row(t.documentId);
      const stale = await transition(t.documentId, { version: 2, action: 'propose_solution', solution: 'Reseat the optic.' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.details.currentVersion).toBe(3);
      expect(await row(t.documentId)).toEqual(before);

      const proposed = await transition(t.documentId, { version: 3, action: 'propose_solution', solution: 'Reseat the optic.' });
      expect(proposed.status).toBe(200);
      // The answer is the ticket as a read shows it afterwards: columns, relations, SLA clocks, timeline.
      const read = await api().get(`/api/support-desk/tickets/${t.documentId}`);
      expect(proposed.body.data).toEqual(read.body.data);
      expect(proposed.body.meta.timeline).toEqual(read.body.meta.timeline);
      expect(proposed.body.data).toMatchObject({ state: 'solution_proposed', version: 4, solution: 'Reseat the optic.' });
      const stored = await row(t.documentId);
      expect(stored).toMatchObject({ state: 'solution_proposed', version: 4, solution: 'Reseat the optic.' });
      expect(new Date(stored.updatedAt).getTime()).toBeGreaterThan(new Date(before.updatedAt).getTime());
      expect(new Date(stored.publishedAt).getTime()).toBeGreaterThanOrEqual(new Date(stored.updatedAt).getTime() - 1000);
      const transitions = (await events(t.id)).filter((e: any) => e.kind === 'transition').map((e: any) => `${e.from_status}>${e.to_status}`);
      expect(transitions).toEqual(['new>triaged', 'triaged>in_progress', 'in_progress>solution_proposed']);
      // Webhooks and audit hear the write as from the document service (after the commit).
      await heardVersion(4);
      const event = heard.find((e) => e.version === 4);
      expect(heard.filter((e) => e.documentId === t.documentId).map((e) => e.version)).toEqual([2, 3, 4]);
      expect(event).toMatchObject({ documentId: t.documentId, state: 'solution_proposed', solution: 'Reseat the optic.' });
      expect(JSON.stringify(heard)).not.toMatch(/password|resetPasswordToken/);
    } finally {
      off();
    }
  });

  it('20 parallel transitions on one ticket: exactly one applied, the others 409, exactly one event', async () => {
    const t = await newTicket();
    const results = await Promise.all(Array.from({ length: 20 }, () => transition(t.documentId, { version: 1, action: 'triage' })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.details.currentVersion).toBe(2);
    expect(await row(t.documentId)).toMatchObject({ state: 'triaged', version: 2 });
    expect((await events(t.id)).filter((e: any) => e.kind === 'transition')).toHaveLength(1);
  });

  it('10 parallel propose_solution (columns only: the version claimed by the UPDATE that writes them with the SLA columns): one applied, the others 409', async () => {
    const t = await newTicket();
    // In progress directly (as the bench's loader sets its tickets): the transitions under test are the parallel ones.
    await app.strapi.db.query('api::ticket.ticket').updateMany({ where: { id: t.id }, data: { state: 'in_progress' } });
    const v = 1;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => transition(t.documentId, { version: v, action: 'propose_solution', solution: `Solution ${i}` })));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.details.currentVersion).toBe(v + 1);
    const stored = await row(t.documentId);
    expect(stored).toMatchObject({ state: 'solution_proposed', version: v + 1, solution: ok[0].body.data.solution });
    // The answer is the ticket as stored, SLA columns included (they were written by the same UPDATE).
    expect(ok[0].body.data.version).toBe(v + 1);
    expect(new Date(ok[0].body.data.updatedAt).getTime()).toBe(new Date(stored.updatedAt).getTime());
    // propose_solution is the first response: set once, with its business minutes, in the answer as stored.
    expect(stored.first_responded_at).not.toBeNull();
    expect(stored.first_response_business_minutes).not.toBeNull();
    expect(new Date(ok[0].body.data.first_responded_at).getTime()).toBe(new Date(stored.first_responded_at).getTime());
    expect(ok[0].body.data.first_response_business_minutes).toBe(stored.first_response_business_minutes);
    expect((await events(t.id)).filter((e: any) => e.kind === 'transition' && e.to_status === 'solution_proposed')).toHaveLength(1);
  });
});

describe('priority override', () => {
  it('needs a reason, which goes into the timeline', async () => {
    const t = await newTicket({ urgency: 'low', impact: 'low' });
    const refused = await api().put(`/api/tickets/${t.documentId}`, { data: { priority: 'P1', version: 1 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['priority_reason']);
    const ok = await api().put(`/api/tickets/${t.documentId}`, { data: { priority: 'P1', priority_reason: 'CEO’s office affected', version: 1 } });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ priority: 'P1', priority_overridden: true });
    const ev = (await events(t.id)).find((e: any) => e.kind === 'priority_change');
    expect(ev).toMatchObject({ body: 'CEO’s office affected', visibility: 'internal' });
    expect(ev.data).toMatchObject({ from: 'P4', to: 'P1' });
  });

  it('follows urgency × impact when not overridden', async () => {
    const t = await newTicket({ urgency: 'low', impact: 'low' });
    const res = await api().put(`/api/tickets/${t.documentId}`, { data: { urgency: 'high', impact: 'high', version: 1 } });
    expect(res.body.data.priority).toBe('P1');
  });
});

describe('the timeline is append-only', () => {
  it('no API can update or delete an event', async () => {
    const t = await newTicket();
    const [ev] = await events(t.id);
    const docs = app.strapi.documents(EVENT as any) as any;
    await expect(docs.update({ documentId: ev.documentId, data: { body: 'rewritten' } })).rejects.toThrow(/append-only/);
    await expect(docs.delete({ documentId: ev.documentId })).rejects.toThrow(/append-only/);
    await expect(app.strapi.db.query(EVENT).update({ where: { id: ev.id }, data: { body: 'x' } })).rejects.toThrow(/append-only/);
    await expect(app.strapi.db.query(EVENT).delete({ where: { id: ev.id } })).rejects.toThrow(/append-only/);
    expect((await app.strapi.db.query(EVENT).findOne({ where: { id: ev.id } })).body).toBe(ev.body);
    expect((await api().get('/api/ticket-events')).status).toBe(404);
  });
});

describe('agents through the admin API', () => {
  it('an agent runs a transition and comments; a user without a support role is refused', async () => {
    const agent = await adminLogin(app.strapi, app.http, 'support-agent');
    const t = await newTicket();
    const res = await app.http().post(`/support-desk/tickets/${t.documentId}/transitions`).set('Authorization', `Bearer ${agent.jwt}`).send({ action: 'triage', version: 1, assignee: agent.id });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'triaged', version: 2 });
    const comment = await app.http().post(`/support-desk/tickets/${t.documentId}/comments`).set('Authorization', `Bearer ${agent.jwt}`).send({ body: 'Checked the logs', visibility: 'internal' });
    expect(comment.status).toBe(201);
    const evs = await events(t.id);
    expect(evs.find((e: any) => e.kind === 'comment')).toMatchObject({ actor_type: 'agent', actor_id: agent.id, visibility: 'internal', body: 'Checked the logs' });

    const author = await adminLogin(app.strapi, app.http, 'strapi-author');
    const refused = await app.http().post(`/support-desk/tickets/${t.documentId}/transitions`).set('Authorization', `Bearer ${author.jwt}`).send({ action: 'start', version: 2 });
    expect(refused.status).toBe(403);
    expect((await row(t.documentId)).state).toBe('triaged');
  });
});

describe('the Content Manager shows the workflow state', () => {
  it('shows the stored state of a ticket in the edit view and the list, natively (no Content Manager extension)', async () => {
    const supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
    const t = await newTicket();
    await transition(t.documentId, { version: 1, action: 'triage' });
    const one = await app.http().get(`/content-manager/collection-types/api::ticket.ticket/${t.documentId}`).set('Authorization', `Bearer ${supervisor.jwt}`);
    expect(one.status).toBe(200);
    expect(one.body.data.state).toBe('triaged');
    const list = await app.http().get('/content-manager/collection-types/api::ticket.ticket?page=1&pageSize=100').set('Authorization', `Bearer ${supervisor.jwt}`);
    expect(list.status).toBe(200);
    expect(list.body.results.find((r: any) => r.documentId === t.documentId).state).toBe('triaged');
    // `status` is Strapi's own again: the Content Manager's draft & publish parameter, not our field.
    expect(Object.keys(app.strapi.contentTypes).filter((uid) => uid.startsWith('api::') || uid.startsWith('plugin::support-desk.')).filter((uid) => 'status' in (app.strapi.contentTypes as any)[uid].attributes)).toEqual([]);
    // Draft & publish types still get the computed publication status.
    const kb = await app.http().get('/content-manager/collection-types/api::kb-article.kb-article?page=1&pageSize=1').set('Authorization', `Bearer ${supervisor.jwt}`);
    expect(kb.status).toBe(200);
    expect(kb.body.results[0]?.status ?? 'draft').toMatch(/^(draft|published|modified)$/);
  });
});
