/**
 * Training capacity and waitlist (issue 11, item 6): parallel enrollments never overbook, the rest
 * are waitlisted in order; a cancellation promotes the first waitlisted and tells them by e-mail
 * (outbox, their locale, once); customer contacts enroll through the customer API; bad input (twice,
 * past or cancelled session, a staff training, someone else's enrollment) is a 4xx that writes nothing.
 */
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, customerLogin, fullAccessToken } from '../helpers/auth';
import { desk, uniq } from '../helpers/desk';

const TRAINING = 'api::training.training';
const SESSION = 'api::training-session.training-session';
const ENROLLMENT = 'api::enrollment.enrollment';
const DAY = 86_400_000;

let app: TestApp;
let d: ReturnType<typeof desk>;
let agent: { jwt: string; id: number };
let supervisor: { jwt: string; id: number };
let orgId: number;

beforeAll(async () => {
  app = await startApp();
  d = desk(app, await fullAccessToken(app.strapi));
  agent = await adminLogin(app.strapi, app.http, 'support-agent');
  supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
  orgId = (await app.strapi.db.query('api::organization.organization').create({ data: { name: 'Trainee Org', code: uniq('TO-').slice(0, 20) } })).id;
});
afterAll(async () => {
  await app?.stop();
});

const as = (jwt: string) => ({
  get: (url: string) => app.http().get(url).set('Authorization', `Bearer ${jwt}`),
  post: (url: string, body: object = {}) => app.http().post(url).set('Authorization', `Bearer ${jwt}`).send(body),
  put: (url: string, body: object) => app.http().put(url).set('Authorization', `Bearer ${jwt}`).send(body),
});

async function session(capacity: number, { audience = 'staff', startsInDays = 10, state = 'open', productLine = 'Network Switches' }: { audience?: string; startsInDays?: number; state?: string; productLine?: string } = {}) {
  const training = await d.docs(TRAINING).create({ data: { title: `Course ${uniq()}`, code: uniq('TR').slice(0, 20), audience, product_line: productLine, skills_granted: ['switching'] } });
  const start = Date.now() + startsInDays * DAY;
  return d.docs(SESSION).create({ data: { training: training.documentId, starts_at: new Date(start).toISOString(), ends_at: new Date(start + 4 * 3_600_000).toISOString(), capacity, state, location: 'Shanghai' } });
}
const enrollments = (sessionDocumentId: string) => app.strapi.db.query(ENROLLMENT).findMany({ where: { session: { documentId: sessionDocumentId } }, populate: ['attendee_admin', 'attendee_user'], orderBy: { id: 'asc' } });
const sessionRow = (documentId: string) => app.strapi.db.query(SESSION).findOne({ where: { documentId } });

describe('capacity and waitlist', () => {
  it('30 parallel enrollments for 10 seats: 10 enrolled, 20 waitlisted in order, never overbooked', async () => {
    const s = await session(10);
    const staff = await Promise.all(Array.from({ length: 30 }, (_, i) => d.admin(`Trainee${i}`)));
    const results = await Promise.all(staff.map((u) => as(supervisor.jwt).post(`/support-desk/training-sessions/${s.documentId}/enrollments`, { attendee_admin: u.id })));
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    const states = results.map((r) => r.body.data.state);
    expect(states.filter((x) => x === 'enrolled')).toHaveLength(10);
    expect(states.filter((x) => x === 'waitlisted')).toHaveLength(20);
    const positions = results.filter((r) => r.body.data.state === 'waitlisted').map((r) => r.body.meta.waitlistPosition).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const rows = await enrollments(s.documentId);
    expect(rows.filter((e: any) => e.state === 'enrolled')).toHaveLength(10);
    expect(new Set(rows.map((e: any) => e.attendee_admin.id)).size).toBe(30);
    expect((await sessionRow(s.documentId)).state).toBe('full');
  });

  it('a cancellation promotes the first waitlisted and tells them once, in their language', async () => {
    const s = await session(2);
    const [a, b, c, e] = await Promise.all(['Ann', 'Bo', 'Cai', 'Du'].map((n) => d.admin(n)));
    await d.profile(c.id, { preferred_locale: 'zh-Hans' });
    for (const u of [a, b, c, e]) expect((await as(supervisor.jwt).post(`/support-desk/training-sessions/${s.documentId}/enrollments`, { attendee_admin: u.id })).status).toBe(201);
    const [ea] = await enrollments(s.documentId);
    const cancelled = await as(supervisor.jwt).post(`/support-desk/enrollments/${ea.documentId}/cancel`);
    expect(cancelled.status).toBe(200);
    const rows = await enrollments(s.documentId);
    expect(rows.map((r: any) => [r.attendee_admin.id, r.state])).toEqual([[a.id, 'cancelled'], [b.id, 'enrolled'], [c.id, 'enrolled'], [e.id, 'waitlisted']]);
    expect(cancelled.body.meta.promoted).toEqual([rows[2].documentId]);
    const mails = await d.notifications({ template: 'training_promoted' });
    const mine = mails.filter((m: any) => m.recipient_email === c.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ message_locale: 'zh-Hans', dedupe_key: `enrollment:${rows[2].id}:promoted` });
    expect(mine[0].payload).toMatchObject({ location: 'Shanghai' });
    // Cancelling again is refused; nothing else changes.
    expect((await as(supervisor.jwt).post(`/support-desk/enrollments/${ea.documentId}/cancel`)).status).toBe(400);
    expect((await d.notifications({ template: 'training_promoted' })).filter((m: any) => m.recipient_email === c.email)).toHaveLength(1);
    expect((await sessionRow(s.documentId)).state).toBe('full');
  });

  it('agents enroll themselves, not others; twice is refused', async () => {
    const s = await session(5);
    const other = await d.admin('Other');
    const forOther = await as(agent.jwt).post(`/support-desk/training-sessions/${s.documentId}/enrollments`, { attendee_admin: other.id });
    expect(forOther.status).toBe(403);
    const self = await as(agent.jwt).post(`/support-desk/training-sessions/${s.documentId}/enrollments`, {});
    expect(self.status).toBe(201);
    expect(self.body.data).toMatchObject({ state: 'enrolled', attendee_admin: { id: agent.id } });
    const twice = await as(agent.jwt).post(`/support-desk/training-sessions/${s.documentId}/enrollments`, {});
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toMatch(/Already enrolled on this session: one enrollment per person/);
    expect(await enrollments(s.documentId)).toHaveLength(1);
  });

  it('Content Manager / REST: over capacity is waitlisted, waitlisted → enrolled by hand is refused, capacity rules', async () => {
    const s = await session(1);
    const [a, b] = await Promise.all([d.admin('Cm1'), d.admin('Cm2')]);
    const cm = `/content-manager/collection-types/${ENROLLMENT}`;
    const first = await as(supervisor.jwt).post(cm, { session: { connect: [{ documentId: s.documentId }] }, attendee_admin: { connect: [{ id: a.id }] } });
    expect(first.status).toBe(201);
    expect(first.body.data.state).toBe('enrolled');
    const second = await as(supervisor.jwt).post(cm, { session: { connect: [{ documentId: s.documentId }] }, attendee_admin: { connect: [{ id: b.id }] } });
    expect(second.status).toBe(201);
    expect(second.body.data.state).toBe('waitlisted');
    const forced = await as(supervisor.jwt).put(`${cm}/${second.body.data.documentId}`, { state: 'enrolled' });
    expect(forced.status).toBe(400);
    expect(forced.body.error.message).toMatch(/gets a seat automatically/);
    const shrink = await d.api.put(`/api/training-sessions/${s.documentId}`, { data: { capacity: 0 } });
    expect(shrink.status).toBe(400);
    const grow = await d.api.put(`/api/training-sessions/${s.documentId}`, { data: { capacity: 2 } });
    expect(grow.status).toBe(200);
    expect((await enrollments(s.documentId)).map((e: any) => e.state)).toEqual(['enrolled', 'enrolled']);
    expect((await sessionRow(s.documentId)).state).toBe('full');
  });
});

describe('customer contacts (customer API)', () => {
  it('list upcoming customer trainings, enroll, see their enrollments, cancel; bad input writes nothing', async () => {
    const contact = await customerLogin(app.strapi, app.http, orgId);
    const other = await customerLogin(app.strapi, app.http, orgId);
    const line = `Line ${uniq()}`;
    const s = await session(3, { audience: 'customer', productLine: line });
    const staff = await session(3, { audience: 'staff', productLine: line });
    const past = await session(3, { audience: 'customer', startsInDays: -1, productLine: line });
    const cancelledSession = await session(3, { audience: 'customer', state: 'cancelled', productLine: line });

    const list = await as(contact.jwt).get(`/api/support-desk/customer/trainings?product_line=${encodeURIComponent(line)}`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: any) => x.documentId)).toEqual([s.documentId]);
    expect(list.body.data[0]).toMatchObject({ capacity: 3, seats_left: 3, status: 'open', training: { product_line: line } });

    const enrolled = await as(contact.jwt).post(`/api/support-desk/customer/trainings/${s.documentId}/enroll`);
    expect(enrolled.status).toBe(201);
    expect(enrolled.body.data).toMatchObject({ status: 'enrolled', session: { documentId: s.documentId } });
    const before = await app.strapi.db.query(ENROLLMENT).count({});
    const cases: Array<[string, number, RegExp]> = [
      [s.documentId, 400, /Already enrolled/],
      [past.documentId, 400, /started on .*enrollments close when a session starts/],
      [cancelledSession.documentId, 400, /is cancelled: it takes no enrollments/],
      [staff.documentId, 404, /No training session/],
      ['no-such-session', 404, /No training session/],
    ];
    for (const [id, status, message] of cases) {
      const res = await as(contact.jwt).post(`/api/support-desk/customer/trainings/${id}/enroll`);
      expect({ id, status: res.status }).toEqual({ id, status });
      expect(res.body.error.message).toMatch(message);
    }
    expect((await as(contact.jwt).post(`/api/support-desk/customer/trainings/${s.documentId}/enroll`, { state: 'enrolled' })).status).toBe(400);
    expect(await app.strapi.db.query(ENROLLMENT).count({})).toBe(before);

    const mine = await as(contact.jwt).get('/api/support-desk/customer/enrollments');
    expect(mine.body.data.map((e: any) => e.documentId)).toEqual([enrolled.body.data.documentId]);
    expect(JSON.stringify(mine.body)).not.toMatch(/password|attendee/);
    // Another contact cannot cancel it (404), the owner can.
    expect((await as(other.jwt).post(`/api/support-desk/customer/enrollments/${enrolled.body.data.documentId}/cancel`)).status).toBe(404);
    const cancel = await as(contact.jwt).post(`/api/support-desk/customer/enrollments/${enrolled.body.data.documentId}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.data.status).toBe('cancelled');
    // Enrolling again after a cancellation is allowed.
    expect((await as(contact.jwt).post(`/api/support-desk/customer/trainings/${s.documentId}/enroll`)).status).toBe(201);
  });
});

describe('completion grants skills that routing uses', () => {
  it('an agent who completes a staff training gets its skills and then receives the matching ticket', async () => {
    const line = `Arrays ${uniq()}`;
    const [amy, ben] = await Promise.all([d.admin('Amy'), d.admin('Ben')]);
    const group = await d.group({ product_line: line, region: null, members: [amy.id, ben.id] });
    await d.profile(amy.id, { display_name: 'Amy', skills: ['storage'], groups: [group.documentId] });
    await d.profile(ben.id, { display_name: 'Ben', skills: ['storage', 'raid'], groups: [group.documentId] });
    for (let i = 0; i < 2; i += 1) await d.systemTicket({ assignee: ben.id }); // Ben has more load
    const triaged = async () => {
      const t = await d.ticket({ product_line: line, skills_required: ['raid'] });
      expect((await d.transition(t.documentId, { action: 'triage', version: 1 })).status).toBe(200);
      return (await d.row(t.documentId)).assignee?.id;
    };
    expect(await triaged()).toBe(ben.id); // only Ben knows raid

    const training = await d.docs(TRAINING).create({ data: { title: 'RAID recovery', code: uniq('RAID').slice(0, 20), audience: 'staff', skills_granted: ['RAID', 'rebuild'] } });
    const start = Date.now() + 5 * DAY;
    const s = await d.docs(SESSION).create({ data: { training: training.documentId, starts_at: new Date(start).toISOString(), ends_at: new Date(start + 3_600_000).toISOString(), capacity: 5, state: 'open' } });
    const enrolled = await as(supervisor.jwt).post(`/support-desk/training-sessions/${s.documentId}/enrollments`, { attendee_admin: amy.id });
    expect(enrolled.status).toBe(201);
    const attendance = (body: object) => as(supervisor.jwt).post(`/support-desk/enrollments/${enrolled.body.data.documentId}/attendance`, body);
    const early = await attendance({ outcome: 'attended', score: 90 });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toMatch(/record attendance once it has started/);
    expect((await as(agent.jwt).post(`/support-desk/enrollments/${enrolled.body.data.documentId}/attendance`, { outcome: 'attended' })).status).toBe(403);
    // The session takes place (its start is now in the past).
    await app.strapi.db.query(SESSION).update({ where: { documentId: s.documentId }, data: { starts_at: new Date(Date.now() - 3_600_000), ends_at: new Date() } });
    expect((await attendance({ outcome: 'attended', score: 120 })).status).toBe(400);
    const done = await attendance({ outcome: 'attended', score: 90 });
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({ state: 'attended', score: 90 });
    expect(done.body.meta.skillsGranted).toEqual(['RAID', 'rebuild']);
    const profile = await app.strapi.db.query('api::agent-profile.agent-profile').findOne({ where: { user: { id: amy.id } } });
    expect(profile.skills).toEqual(['storage', 'RAID', 'rebuild']);
    expect(await triaged()).toBe(amy.id); // now Amy knows raid too and has fewer open tickets
  });
});

describe('reminders and the customer catalogue', () => {
  it('enrolled attendees get one reminder in their language within the lead time; the waitlist and later sessions none', async () => {
    const s = await session(1, { startsInDays: 1 });
    const later = await session(5, { startsInDays: 9 });
    const [a, b] = await Promise.all([d.admin('Rem1'), d.admin('Rem2')]);
    await d.profile(a.id, { preferred_locale: 'en' });
    for (const u of [a, b]) expect((await as(supervisor.jwt).post(`/support-desk/training-sessions/${s.documentId}/enrollments`, { attendee_admin: u.id })).status).toBe(201);
    expect((await as(supervisor.jwt).post(`/support-desk/training-sessions/${later.documentId}/enrollments`, { attendee_admin: a.id })).status).toBe(201);
    const trainings = app.strapi.plugin('support-desk').service('trainings');
    const mine = async () => (await d.notifications({ template: 'training_reminder' })).filter((m: any) => [a.email, b.email].includes(m.recipient_email));
    const first = await trainings.sendReminders({ leadHours: 48 });
    expect(first).toBeGreaterThanOrEqual(1);
    const again = await trainings.sendReminders({ leadHours: 48 });
    expect(again).toBe(0);
    const mails = await mine();
    expect(mails.map((m: any) => [m.recipient_email, m.message_locale])).toEqual([[a.email, 'en']]); // b is waitlisted
    expect(mails[0].payload).toMatchObject({ starts_at: new Date((await sessionRow(s.documentId)).starts_at).toISOString() });
  });

  it('without a filter, customers see trainings of their organization’s product lines and general ones', async () => {
    const line = `Cams ${uniq()}`;
    const org = await app.strapi.db.query('api::organization.organization').create({ data: { name: 'Catalogue Org', code: uniq('CO-').slice(0, 20) } });
    await app.strapi.db.query('api::asset.asset').create({ data: { serial_number: uniq('SN-'), model: 'CAM-IPX', product_line: line, organization: org.id } });
    const contact = await customerLogin(app.strapi, app.http, org.id);
    const ours = await session(3, { audience: 'customer', productLine: line });
    const general = await session(3, { audience: 'customer', productLine: '' });
    const other = await session(3, { audience: 'customer', productLine: `Other ${uniq()}` });
    const res = await as(contact.jwt).get('/api/support-desk/customer/trainings');
    expect({ status: res.status, error: res.body.error ?? null }).toEqual({ status: 200, error: null });
    const ids = res.body.data.map((x: any) => x.documentId);
    expect(ids).toEqual(expect.arrayContaining([ours.documentId, general.documentId]));
    expect(ids).not.toContain(other.documentId);
  });
});

describe('skill gaps', () => {
  it('supervisors and agents see which skills a team lacks and the trainings that grant them', async () => {
    const line = `Gap ${uniq()}`;
    const cy = await d.admin('Cy');
    const group = await d.group({ product_line: line, region: null, members: [cy.id] });
    await d.profile(cy.id, { display_name: 'Cy', skills: ['storage'], groups: [group.documentId] });
    await d.systemTicket({ group: group.id, skills_required: ['fibre-splicing'], state: 'triaged' });
    const code = uniq('FS').slice(0, 20);
    await d.docs(TRAINING).create({ data: { title: 'Fibre splicing', code, audience: 'staff', skills_granted: ['fibre-splicing'] } });
    const res = await as(agent.jwt).get(`/support-desk/trainings/skill-gaps?group=${group.documentId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({ group: { documentId: group.documentId }, lacking: ['fibre-splicing'], members: [{ id: cy.id, name: 'Cy', missing: ['fibre-splicing'] }] });
    expect(res.body.data[0].suggestedTrainings).toEqual([{ code, title: 'Fibre splicing', grants: ['fibre-splicing'] }]);
    expect((await as(agent.jwt).get('/support-desk/trainings/skill-gaps?group=no-such-group')).status).toBe(404);
  });
});
