/**
 * Attack class: account takeover through a reset token in an answer (issue 9). The chain as it
 * worked: a ticket is assigned to the super admin; anyone asks `POST /admin/forgot-password` for
 * them; a Support Agent reads the ticket (`GET /support-desk/tickets/:documentId`, or the answer of
 * assign / transitions) and finds `assignee.resetPasswordToken`; `POST /admin/reset-password` with it
 * makes the agent super admin. The same with a customer's token through `/api/auth/forgot-password`.
 * Now the answers carry the whitelisted user shapes only, and the reset cannot be done without the token.
 */
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';
import { desk } from '../helpers/desk';

const USER = 'plugin::users-permissions.user';
const SUPER_PASSWORD = 'Super-Admin-2026!';
const CUSTOMER_PASSWORD = 'Customer-Chain-2026!';

let app: TestApp;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number; email: string };
let root: { id: number; email: string };
let customer: { id: number; email: string };
let ticket: any;

beforeAll(async () => {
  app = await startApp();
  d = desk(app, await fullAccessToken(app.strapi));
  const superRole = await app.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' } });
  const created = await app.strapi.service('admin::user').create({
    email: 'root@chain.example.test', firstname: 'Root', lastname: 'Admin', password: SUPER_PASSWORD, isActive: true, registrationToken: null, roles: [superRole.id],
  });
  root = { id: created.id, email: 'root@chain.example.test' };
  agent = await adminLogin(app.strapi, app.http, 'support-agent');

  const org = (await d.api.post('/api/organizations', { data: { name: 'Chain Org', code: 'CHAIN' } })).body.data;
  const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
  const user = await app.strapi.plugin('users-permissions').service('user').add({
    username: 'chain.customer', email: 'chain.customer@customer.test', password: CUSTOMER_PASSWORD, provider: 'local', confirmed: true, blocked: false, role: role.id, organization: org.id,
  });
  customer = { id: user.id, email: 'chain.customer@customer.test' };

  const t = await d.systemTicket({ subject: 'Root owns this', type: 'consultation', urgency: 'medium', impact: 'medium', requester: customer.id, organization: org.id });
  ticket = await d.walk(t.documentId, [{ action: 'triage', assignee: root.id }, { action: 'start' }]);
});
afterAll(async () => {
  await app?.stop();
});

const adminRow = () => app.strapi.db.query('admin::user').findOne({ where: { id: root.id } });
const customerRow = () => app.strapi.db.query(USER).findOne({ where: { id: customer.id } });
const version = async () => (await d.row(ticket.documentId)).version;

/** Every answer an agent gets of the ticket, raw text (to search for the token under any key). */
async function agentAnswers() {
  const as = d.as(agent.jwt);
  const read = await as.get(`/support-desk/tickets/${ticket.documentId}`);
  const assign = await as.post(`/support-desk/tickets/${ticket.documentId}/assign`, { assignee: root.id, reason: 'Back to root', version: await version() });
  const transition = await as.post(`/support-desk/tickets/${ticket.documentId}/transitions`, { action: 'propose_solution', solution: 'Reboot it.', version: await version() });
  const back = await as.post(`/support-desk/tickets/${ticket.documentId}/transitions`, { action: 'reject_solution', reason: 'Still broken', version: await version() });
  const integration = await d.api.get(`/api/support-desk/tickets/${ticket.documentId}`);
  const answers = [read, assign, transition, back, integration];
  for (const res of answers) expect(res.status).toBe(200);
  return answers;
}

it('an agent who asks a reset for the super admin finds no token in the ticket, and cannot reset the password', async () => {
  const asked = await app.http().post('/admin/forgot-password').send({ email: root.email });
  expect(asked.status).toBeLessThan(300);
  // Strapi answers before it stores the token (on purpose: the answer time says nothing); wait for it.
  let token: string | null = null;
  for (let i = 0; i < 50 && !token; i++) {
    token = (await adminRow()).resetPasswordToken;
    if (!token) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(token).toEqual(expect.any(String)); // the precondition of the attack holds

  const answers = await agentAnswers();
  for (const res of answers) {
    expect(res.text).not.toContain(token);
    expect(res.text).not.toMatch(/resetPasswordToken|registrationToken|confirmationToken|"password"/);
  }
  // The assignee is a reference: who, and how to reach them — nothing else.
  expect(answers[0].body.data.assignee).toEqual({ id: root.id, documentId: expect.any(String), name: 'Root Admin', email: root.email });
  expect(answers[1].body.data.assignee).toEqual(answers[0].body.data.assignee);
  expect(answers[2].body.data).toMatchObject({ status: 'solution_proposed', assignee: { id: root.id } });

  // Without the token there is no reset; the super admin keeps their password.
  for (const guess of [undefined, '', 'x'.repeat(40), String(root.id), answers[0].body.data.assignee.documentId]) {
    const reset = await app.http().post('/admin/reset-password').send({ resetPasswordToken: guess, password: 'Taken-Over-2026!' });
    expect(reset.status).toBeGreaterThanOrEqual(400);
    expect(reset.status).toBeLessThan(500);
  }
  expect((await app.http().post('/admin/login').send({ email: root.email, password: 'Taken-Over-2026!' })).status).toBe(400);
  expect((await app.http().post('/admin/login').send({ email: root.email, password: SUPER_PASSWORD })).status).toBe(200);
  // The token is what the reset needs (so finding it would have been enough).
  const real = await app.http().post('/admin/reset-password').send({ resetPasswordToken: token, password: 'Owner-Reset-2026!' });
  expect(real.status).toBe(200);
});

it('an agent who asks a reset for the requester finds no token of the customer, and cannot reset it', async () => {
  const asked = await app.http().post('/api/auth/forgot-password').send({ email: customer.email });
  expect(asked.status).toBe(200);
  const stored = await customerRow();
  expect(stored.resetPasswordToken).toEqual(expect.any(String));

  const answers = await agentAnswers();
  for (const res of answers) {
    expect(res.text).not.toContain(stored.resetPasswordToken);
    expect(res.text).not.toContain(stored.password);
  }
  expect(answers[0].body.data.requester).toEqual({ id: customer.id, documentId: expect.any(String), username: 'chain.customer', name: 'chain.customer', email: customer.email, phone: null });

  const reset = await app.http().post('/api/auth/reset-password').send({ code: 'not-the-token', password: 'Taken-Over-2026!', passwordConfirmation: 'Taken-Over-2026!' });
  expect(reset.status).toBe(400);
  expect((await app.http().post('/api/auth/local').send({ identifier: customer.email, password: 'Taken-Over-2026!' })).status).toBe(400);
  expect((await app.http().post('/api/auth/local').send({ identifier: customer.email, password: CUSTOMER_PASSWORD })).status).toBe(200);
});
