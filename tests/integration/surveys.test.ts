/**
 * Satisfaction surveys end to end: the invitation at resolve (outbox, the requester's language, a
 * token stored only as its SHA-256, expiring after SURVEY_EXPIRY_DAYS), the public lookup and answer
 * endpoints (once; csat_rating and a timeline event), and every refusal writing nothing: bad input
 * 400, unknown 404, expired 410, answered 409. The token never appears in an answer.
 */
import crypto from 'crypto';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, customerLogin, fullAccessToken } from '../helpers/auth';
import { desk } from '../helpers/desk';

const SURVEY = 'api::satisfaction-survey.satisfaction-survey';
const DAY = 86_400_000;
/** The domain of our Message-IDs (the default From address's). */
const DOMAIN = 'example.com';
let app: TestApp;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number };
let customer: { jwt: string; id: number; email: string };
let apiToken: string;

beforeAll(async () => {
  app = await startApp({ env: { SURVEY_EXPIRY_DAYS: '14', SURVEY_ANSWER_LIMIT: '1000' } });
  apiToken = await fullAccessToken(app.strapi);
  d = desk(app, apiToken);
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  const org = await app.strapi.db.query('api::organization.organization').create({ data: { name: 'Survey Co', code: 'SURVEYCO' } });
  customer = await customerLogin(app.strapi, app.http, org.id);
  await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: customer.id }, data: { preferred_locale: 'zh-Hans', full_name: '王芳' } });
});
afterAll(async () => {
  await app?.stop();
});

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const lookup = (body: unknown) => app.http().post('/api/support-desk/surveys/lookup').send(body as object);
const answer = (body: unknown) => app.http().post('/api/support-desk/surveys/answer').send(body as object);

/** A customer's ticket resolved by the agent; returns the ticket row, the resolved mails to the requester and the survey token they carry. */
async function resolvedTicket(subject = 'Switch reboots nightly') {
  const created = await d.as(customer.jwt).post('/api/support-desk/customer/tickets', { subject, description: 'Every night at 2 am.', type: 'consultation' });
  expect(created.status).toBe(201);
  const documentId = created.body.data.documentId;
  await d.walk(documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }, { action: 'resolve', resolution_method: 'guidance', solution: 'Disable the nightly reboot schedule' }]);
  const ticket = await d.row(documentId);
  const invitations = (await d.notifications({ template: 'ticket_resolved', ticket: { id: ticket.id } })).filter((n: any) => n.recipient_email === customer.email);
  return { ticket, invitations, token: invitations.at(-1)?.payload?.survey_token as string };
}

const surveyOf = (ticketId: number) => app.strapi.db.query(SURVEY).findOne({ where: { ticket: { id: ticketId } } });

describe('invitation at resolve', () => {
  it('rides on the resolved mail to the requester (no mail of its own) in their language, with a token stored only as its hash, expiring after SURVEY_EXPIRY_DAYS', async () => {
    const { ticket, invitations, token } = await resolvedTicket();
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({ recipient_email: customer.email, message_locale: 'zh-Hans', state: 'pending' });
    expect(invitations[0].payload.mail_thread.inReplyTo).toBe(`<ticket.${ticket.documentId}@${DOMAIN}>`);
    expect(await d.notifications({ template: 'survey_invitation', ticket: { id: ticket.id } })).toHaveLength(0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const survey = await surveyOf(ticket.id);
    expect(survey.token).toBe(sha256(token));
    expect(survey.token).not.toContain(token);
    expect(new Date(survey.expires_at).getTime() - new Date(survey.sent_at).getTime()).toBe(14 * DAY);
    expect(survey.answered_at).toBeNull();
  });

  it('a ticket without a requester gets no invitation (and no survey)', async () => {
    const t = await d.ticket({ type: 'consultation', subject: 'Phone call, no contact' });
    await d.walk(t.documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }, { action: 'resolve', resolution_method: 'guidance', solution: 'Explained' }]);
    expect(await d.notifications({ template: 'survey_invitation', ticket: { id: t.id } })).toHaveLength(0);
    expect(await surveyOf(t.id)).toBeNull();
  });

  it('after a reopen and a new resolution an unanswered survey gets a new token; the old link stops working', async () => {
    const { ticket, token } = await resolvedTicket('Reopened later');
    await d.walk(ticket.documentId, [{ action: 'reopen', reason: 'It happened again' }, { action: 'resolve', resolution_method: 'remote', solution: 'Replaced the config' }]);
    const invitations = (await d.notifications({ template: 'ticket_resolved', ticket: { id: ticket.id } })).filter((n: any) => n.recipient_email === customer.email);
    expect(invitations).toHaveLength(2);
    const fresh = invitations[1].payload.survey_token;
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(token);
    expect((await lookup({ token })).status).toBe(404);
    expect((await lookup({ token: fresh })).status).toBe(200);
  });

  it('an answered survey is not sent again after a reopen: the next resolved mail has no link', async () => {
    const { ticket, token } = await resolvedTicket('Answered then reopened');
    expect((await answer({ token, rating: 5 })).status).toBe(200);
    await d.walk(ticket.documentId, [{ action: 'reopen', reason: 'Again' }, { action: 'resolve', resolution_method: 'remote', solution: 'Fixed for good' }]);
    const mails = (await d.notifications({ template: 'ticket_resolved', ticket: { id: ticket.id } })).filter((n: any) => n.recipient_email === customer.email);
    expect(mails).toHaveLength(2);
    expect(mails[1].payload.survey_token).toBeUndefined();
    expect(await d.notifications({ template: 'survey_invitation', ticket: { id: ticket.id } })).toHaveLength(0);
  });

  it('an organization that switched resolved mails off gets the survey in a mail of its own, once per resolution', async () => {
    const org = await app.strapi.db.query('api::organization.organization').create({ data: { name: 'Quiet Co', code: 'QUIETCO', mail_on_resolved: false } });
    const other = await customerLogin(app.strapi, app.http, org.id);
    const created = await d.as(other.jwt).post('/api/support-desk/customer/tickets', { subject: 'Quiet one', description: 'x', type: 'consultation' });
    const documentId = created.body.data.documentId;
    await d.walk(documentId, [{ action: 'triage', assignee: agent.id }, { action: 'start' }, { action: 'resolve', resolution_method: 'guidance', solution: 'Done' }]);
    const ticket = await d.row(documentId);
    expect(await d.notifications({ template: 'ticket_resolved', ticket: { id: ticket.id } })).toHaveLength(0);
    const invitations = await d.notifications({ template: 'survey_invitation', ticket: { id: ticket.id } });
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({ recipient_email: other.email, dedupe_key: `survey:${ticket.id}:0` });
    expect(invitations[0].payload.mail_thread.inReplyTo).toBe(`<ticket.${documentId}@${DOMAIN}>`);
    expect((await lookup({ token: invitations[0].payload.token })).status).toBe(200);
  });
});

describe('answering', () => {
  it('lookup shows the ticket; a valid answer is taken once, fills csat_rating and the timeline', async () => {
    const { ticket, token } = await resolvedTicket('Printer offline');
    const seen = await lookup({ token });
    expect(seen.status).toBe(200);
    expect(seen.body.data).toEqual({ ticket: { number: ticket.number, subject: 'Printer offline' }, locale: 'zh-Hans', expires_at: expect.any(String) });

    const ok = await answer({ token, rating: 4, comment: '响应很快' });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ ticket: { number: ticket.number }, rating: 4, answered_at: expect.any(String) });
    expect(JSON.stringify(ok.body)).not.toContain(token);
    const survey = await surveyOf(ticket.id);
    expect(survey).toMatchObject({ rating: 4, comment: '响应很快' });
    expect(survey.answered_at).not.toBeNull();
    expect((await d.row(ticket.documentId)).csat_rating).toBe(4);
    const [event] = await d.events(ticket.id, 'survey');
    expect(event).toMatchObject({ visibility: 'public', actor_type: 'customer', actor_id: customer.id, body: null });
    expect(event.data).toEqual({ rating: 4, comment: '响应很快' });
    // The customer sees it on their timeline, in their language (zh-Hans).
    const timeline = await d.as(customer.jwt).get(`/api/support-desk/customer/tickets/${ticket.documentId}`);
    expect(timeline.body.meta.timeline.find((e: any) => e.kind === 'survey')).toMatchObject({ body: '满意度 4/5。\n响应很快' });

    const again = await answer({ token, rating: 1, comment: 'changed my mind' });
    expect(again.status).toBe(409);
    expect((await surveyOf(ticket.id)).rating).toBe(4);
    expect((await d.row(ticket.documentId)).csat_rating).toBe(4);
    expect(await d.events(ticket.id, 'survey')).toHaveLength(1);
    expect((await lookup({ token })).status).toBe(409);
  });

  it('bad input is 400 naming the field; unknown and malformed tokens 404; nothing is written', async () => {
    const { ticket, token } = await resolvedTicket('Bad answers');
    for (const [body, field] of [
      [{ token, rating: 6 }, 'rating'],
      [{ token, rating: 0 }, 'rating'],
      [{ token, rating: '5' }, 'rating'],
      [{ token, rating: 4.5 }, 'rating'],
      [{ token }, 'rating'],
      [{ token, rating: 3, comment: 'x'.repeat(2001) }, 'comment'],
      [{ token, rating: 3, comment: { $ne: null } }, 'comment'],
      [{ rating: 3 }, 'token'],
      [{ token: 42, rating: 3 }, 'token'],
    ] as const) {
      const res = await answer(body);
      expect([JSON.stringify(body).slice(0, 60), res.status]).toEqual([JSON.stringify(body).slice(0, 60), 400]);
      expect(res.body.error.details.errors[0].path).toEqual([field]);
    }
    expect((await lookup({})).status).toBe(400);
    for (const bad of ['A'.repeat(43), 'short', sha256(token), `${token}x`]) {
      expect((await answer({ token: bad, rating: 5 })).status).toBe(404);
      expect((await lookup({ token: bad })).status).toBe(404);
    }
    const survey = await surveyOf(ticket.id);
    expect(survey).toMatchObject({ rating: null, comment: null, answered_at: null });
    expect((await d.row(ticket.documentId)).csat_rating).toBeNull();
  });

  it('an expired survey is 410 and takes no answer', async () => {
    const { ticket, token } = await resolvedTicket('Expired');
    const survey = await surveyOf(ticket.id);
    await app.strapi.db.query(SURVEY).update({ where: { id: survey.id }, data: { expires_at: new Date(Date.now() - 60_000) } });
    const seen = await lookup({ token });
    expect(seen.status).toBe(410);
    expect(seen.body.error.message).toMatch(/expired/);
    expect(seen.body.error.details).toEqual({ status: 'expired', locale: 'zh-Hans' });
    expect((await answer({ token, rating: 5 })).status).toBe(410);
    expect(await surveyOf(ticket.id)).toMatchObject({ rating: null, answered_at: null });
    expect((await d.row(ticket.documentId)).csat_rating).toBeNull();
  });
});

describe('the token stays secret', () => {
  it('appears in no answer: core REST, the agent notification list, the ticket', async () => {
    const { ticket, token } = await resolvedTicket('Secret token');
    const hash = sha256(token);
    const answers = [
      await d.api.get('/api/satisfaction-surveys?populate=*'),
      await d.api.get(`/api/tickets/${ticket.documentId}?populate=*`),
      await app.http().get('/support-desk/notifications?template=ticket_resolved').set('Authorization', `Bearer ${agent.jwt}`),
      await app.http().get(`/support-desk/tickets/${ticket.documentId}`).set('Authorization', `Bearer ${agent.jwt}`),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(token);
      expect(JSON.stringify(res.body)).not.toContain(hash);
    }
  });

  it('a survey created by hand (API token) cannot choose its token and cannot be answered', async () => {
    const t = await d.ticket({ subject: 'Hand-made survey' });
    const res = await d.api.post('/api/satisfaction-surveys', { data: { ticket: t.documentId, token: 'A'.repeat(43) } });
    expect(res.status).toBe(201);
    expect((await answer({ token: 'A'.repeat(43), rating: 5 })).status).toBe(404);
    const row = await surveyOf(t.id);
    expect(row.token).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token).not.toBe(sha256('A'.repeat(43)));
  });
});
