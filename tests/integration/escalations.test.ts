/**
 * Escalations: an agent escalates with a reason; escalation_level rises (with the ticket's version);
 * the department's contact gets an outbox row; the answer is recorded once; a ticket with an open
 * escalation cannot be resolved, on any path; bad input writes nothing.
 */
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';
import { desk } from '../helpers/desk';

let app: TestApp;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number; email: string };
let rdContact: any;

const ESCALATION = 'api::escalation.escalation';

beforeAll(async () => {
  app = await startApp();
  d = desk(app, await fullAccessToken(app.strapi));
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  await d.profile(agent.id, { display_name: 'Agent Ann', preferred_locale: 'zh-Hans' });
  rdContact = await d.admin('Qian');
  await d.profile(rdContact.id, { display_name: 'Qian Bo', department: 'rd', is_department_contact: true, preferred_locale: 'en', email: 'qian.bo@rd.example.test' });
  const rdOther = await d.admin('Rdmember');
  await d.profile(rdOther.id, { department: 'rd', is_department_contact: false });
});
afterAll(async () => {
  await app?.stop();
});

const escalate = (documentId: string, body: Record<string, unknown>) => d.as(agent.jwt).post(`/support-desk/tickets/${documentId}/escalations`, body);
const answer = (documentId: string, body: Record<string, unknown>) => d.as(agent.jwt).post(`/support-desk/escalations/${documentId}/answer`, body);

/** A consultation ticket in progress, assigned to the agent. */
async function workingTicket() {
  const t = await d.ticket({ type: 'consultation' });
  return d.walk(t.documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }]);
}

describe('escalating', () => {
  it('creates an open escalation, raises escalation_level and the version, records an internal event and notifies the contact', async () => {
    const t = await workingTicket();
    const res = await escalate(t.documentId, { department: 'rd', reason: 'Firmware 5.2.1 crashes on LLDP frames', version: t.version });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ department: 'rd', level: 1, state: 'open', reason: 'Firmware 5.2.1 crashes on LLDP frames' });
    expect(res.body.data.raised_by.id).toBe(agent.id);
    expect(res.body.data.contact.id).toBe(rdContact.id);
    expect(res.body.meta.ticket).toEqual({ documentId: t.documentId, version: t.version + 1, escalation_level: 1 });
    expect(res.body.meta.notified).toEqual([{ id: rdContact.id, name: 'Qian Bo' }]);

    const row = await d.row(t.documentId);
    expect(row).toMatchObject({ escalation_level: 1, version: t.version + 1, state: 'in_progress' });
    const [ev] = await d.events(t.id, 'escalation');
    expect(ev).toMatchObject({ visibility: 'internal', actor_type: 'agent', actor_id: agent.id, body: 'Firmware 5.2.1 crashes on LLDP frames' });
    expect(ev.data).toMatchObject({ escalation: res.body.data.documentId, department: 'rd', level: 1, notified: [rdContact.id] });
    expect(await d.events(t.id, 'field_change')).toHaveLength(0);

    const outbox = await d.notifications({ template: 'escalation_raised', ticket: { id: t.id } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ recipient_email: 'qian.bo@rd.example.test', message_locale: 'en', state: 'pending', dedupe_key: `escalation:${res.body.data.id}:raised:${rdContact.id}` });
    expect(outbox[0].payload).toMatchObject({ number: row.number, department: 'rd', level: 1, reason: 'Firmware 5.2.1 crashes on LLDP frames' });

    // A second escalation, to sales (no contact yet): level 2, a warning that nobody was notified.
    const second = await escalate(t.documentId, { department: 'sales', reason: 'Customer asks for a discount', version: t.version + 1 });
    expect(second.status).toBe(201);
    expect(second.body.data).toMatchObject({ level: 2, contact: null });
    expect(second.body.meta.warning).toMatch(/No contact is set up for Sales: nobody was notified/);
    expect((await d.row(t.documentId)).escalation_level).toBe(2);
  });

  it('answers bad input with an actionable 4xx and writes nothing', async () => {
    const t = await workingTicket();
    const count = () => app.strapi.db.query(ESCALATION).count({});
    const before = await count();
    const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
      [t.documentId, { department: 'legal', reason: 'x', version: t.version }, 400, /department must be one of rd, product, qa, sales, management, tier2/],
      [t.documentId, { department: 'qa', reason: '   ', version: t.version }, 400, /reason is required/],
      [t.documentId, { department: 'qa', reason: 'Flaky test rig' }, 400, /version is required/],
      [t.documentId, { department: 'qa', reason: 'Flaky test rig', version: t.version - 1 }, 409, /changed by someone else/],
      ['nosuchticket', { department: 'qa', reason: 'Flaky', version: 1 }, 404, /No ticket with id "nosuchticket"/],
    ];
    for (const [id, body, status, message] of cases) {
      const res = await escalate(id, body);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await count()).toBe(before);
    expect(await d.row(t.documentId)).toMatchObject({ escalation_level: 0, version: t.version });
    expect(await d.notifications({ ticket: { id: t.id } })).toHaveLength(0);
  });

  it('refuses to escalate a ticket that is not open', async () => {
    const t = await d.ticket({ type: 'consultation' });
    const cancelled = await d.walk(t.documentId, [{ action: 'cancel', reason: 'duplicate' }]);
    const res = await escalate(t.documentId, { department: 'rd', reason: 'x', version: cancelled.version });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/is cancelled: only open tickets/);
  });

  it('escalation_level cannot be written directly (system field), but the service can', async () => {
    const t = await workingTicket();
    const res = await d.api.put(`/api/tickets/${t.documentId}`, { data: { escalation_level: 3, version: t.version } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['escalation_level']);
    expect((await d.row(t.documentId)).escalation_level).toBe(0);
  });

  it('an integration escalates through the content API (no raiser)', async () => {
    const t = await workingTicket();
    const res = await d.api.post(`/api/support-desk/tickets/${t.documentId}/escalations`, { department: 'tier2', reason: 'Needs a tier 2 engineer', version: t.version });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ department: 'tier2', level: 1, raised_by: null });
    const list = await d.api.get(`/api/support-desk/tickets/${t.documentId}/escalations`);
    expect(list.body.data.map((e: any) => e.department)).toEqual(['tier2']);
  });

  it('an escalation created in the Content Manager is raised like one from the API: level, event, contact notified', async () => {
    const t = await workingTicket();
    const cm = `/content-manager/collection-types/${ESCALATION}`;
    const res = await d.as(agent.jwt).post(cm, { ticket: { connect: [{ documentId: t.documentId }] }, department: 'rd', reason: 'LLDP crash, logs attached' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ department: 'rd', level: 1, state: 'open', reason: 'LLDP crash, logs attached' });
    expect(await d.row(t.documentId)).toMatchObject({ escalation_level: 1, version: t.version + 1 });
    const [ev] = await d.events(t.id, 'escalation');
    expect(ev).toMatchObject({ actor_type: 'agent', actor_id: agent.id, body: 'LLDP crash, logs attached' });
    expect(await d.notifications({ template: 'escalation_raised', ticket: { id: t.id } })).toHaveLength(1);
    // The same rules as the API: a reason is required, nothing is written without one.
    const bad = await d.as(agent.jwt).post(cm, { ticket: { connect: [{ documentId: t.documentId }] }, department: 'rd' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/reason is required/);
    const noTicket = await d.as(agent.jwt).post(cm, { department: 'rd', reason: 'x' });
    expect(noTicket.status).toBe(400);
    expect(noTicket.body.error.message).toMatch(/ticket is required/);
    expect(await app.strapi.db.query(ESCALATION).count({ where: { ticket: { id: t.id } } })).toBe(1);
    expect((await d.row(t.documentId)).escalation_level).toBe(1);
  });

  it('an admin user without a support role cannot escalate', async () => {
    const author = await adminLogin(app.strapi, app.http, 'strapi-author');
    const t = await workingTicket();
    const res = await d.as(author.jwt).post(`/support-desk/tickets/${t.documentId}/escalations`, { department: 'rd', reason: 'x', version: t.version });
    expect(res.status).toBe(403);
  });
});

describe('answering, and resolving with open escalations', () => {
  it('refuses to resolve while an escalation is open, naming it; the answer is recorded once; then resolve works', async () => {
    const t = await workingTicket();
    const esc = (await escalate(t.documentId, { department: 'rd', reason: 'Need a fix', version: t.version })).body.data;
    let version = t.version + 1;

    const refused = await d.transition(t.documentId, { action: 'resolve', version, resolution_method: 'update', solution: 'Upgrade to 5.2.3' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(new RegExp(`Cannot resolve ${t.number}: an escalation is still open: R&D \\(level 1, ${esc.documentId}`));
    expect(refused.body.error.message).toMatch(/escalations\/:documentId\/answer/);
    expect(refused.body.error.details).toMatchObject({ code: 'open_escalations', escalations: [{ documentId: esc.documentId, department: 'rd', level: 1 }] });
    expect(await d.row(t.documentId)).toMatchObject({ state: 'in_progress', version });

    // The raw path is refused as well.
    const raw = await d.api.put(`/api/tickets/${t.documentId}`, { data: { state: 'resolved', resolution_method: 'update', solution: 'x', version } });
    expect(raw.status).toBe(400);
    expect(raw.body.error.message).toMatch(/escalation is still open/);

    const missing = await answer(esc.documentId, { answer: ' ' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/answer is required/);

    const ok = await answer(esc.documentId, { answer: 'Fixed in firmware 5.2.3' });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ state: 'answered', answer: 'Fixed in firmware 5.2.3' });
    expect(ok.body.data.answered_at).toBeTruthy();
    const [ev] = await d.events(t.id, 'escalation_answer');
    expect(ev).toMatchObject({ visibility: 'internal', body: 'Fixed in firmware 5.2.3', actor_id: agent.id });
    expect(ev.data).toMatchObject({ escalation: esc.documentId, state: 'answered' });
    const told = await d.notifications({ template: 'escalation_answered', ticket: { id: t.id } });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ recipient_email: agent.email, message_locale: 'zh-Hans' });

    const again = await answer(esc.documentId, { answer: 'Second answer' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already answered/);
    expect((await app.strapi.db.query(ESCALATION).findOne({ where: { id: esc.id } })).answer).toBe('Fixed in firmware 5.2.3');

    const resolved = await d.transition(t.documentId, { action: 'resolve', version, resolution_method: 'update', solution: 'Upgrade to 5.2.3' });
    expect(resolved.status).toBe(200);
    version = resolved.body.data.version;
    expect(resolved.body.data.state).toBe('resolved');
  });

  it('an escalation no longer needed can be closed with a reason, which also unblocks resolve', async () => {
    const t = await workingTicket();
    const esc = (await escalate(t.documentId, { department: 'product', reason: 'Feature request?', version: t.version })).body.data;
    const noReason = await d.as(agent.jwt).post(`/support-desk/escalations/${esc.documentId}/close`, {});
    expect(noReason.status).toBe(400);
    const closed = await d.as(agent.jwt).post(`/support-desk/escalations/${esc.documentId}/close`, { reason: 'Customer found the setting' });
    expect(closed.status).toBe(200);
    expect(closed.body.data.state).toBe('closed');
    expect((await answer(esc.documentId, { answer: 'late' })).status).toBe(409);
    const resolved = await d.transition(t.documentId, { action: 'resolve', version: t.version + 1, resolution_method: 'guidance', solution: 'Showed the setting' });
    expect(resolved.status).toBe(200);
  });

  it('two parallel answers: exactly one recorded', async () => {
    const t = await workingTicket();
    const esc = (await escalate(t.documentId, { department: 'rd', reason: 'Race', version: t.version })).body.data;
    const results = await Promise.all([answer(esc.documentId, { answer: 'A' }), answer(esc.documentId, { answer: 'B' }), answer(esc.documentId, { answer: 'C' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await d.events(t.id, 'escalation_answer')).toHaveLength(1);
  });

  it('answering an unknown escalation is 404', async () => {
    const res = await answer('nosuchescalation', { answer: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/No escalation with id "nosuchescalation"/);
  });
});
