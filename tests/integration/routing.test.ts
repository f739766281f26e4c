/**
 * Routing at triage with several agents and loads: group by product line and region (fallback),
 * agent by skills and load, round-robin on ties through the database cursor, unavailable and
 * full agents skipped; reassignment rules for agents and supervisor overrides.
 */
import { startApp, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';
import { desk, PROFILE } from '../helpers/desk';

let app: TestApp;
let d: ReturnType<typeof desk>;

beforeAll(async () => {
  app = await startApp();
  d = desk(app, await fullAccessToken(app.strapi));
});
afterAll(async () => {
  await app?.stop();
});

const triage = async (documentId: string, extra: Record<string, unknown> = {}) => {
  const res = await d.transition(documentId, { action: 'triage', version: 1, ...extra });
  expect(res.status).toBe(200);
  return d.row(documentId);
};
const assignmentEvent = async (ticketId: number) => (await d.events(ticketId, 'assignment')).at(-1);

describe('routing at triage', () => {
  let east: any;
  let fallback: any;
  let storage: any;
  const users: Record<string, any> = {};

  beforeAll(async () => {
    for (const name of ['Amy', 'Ben', 'Cai', 'Dan', 'Eve', 'Fay', 'Gus']) users[name] = await d.admin(name);
    east = await d.group({ product_line: 'Network Switches', region: 'East China', members: [users.Amy.id, users.Ben.id, users.Cai.id, users.Dan.id] });
    await d.group({ product_line: 'Network Switches', region: null, members: [users.Gus.id] });
    storage = await d.group({ product_line: 'Storage Arrays', region: null, members: [users.Eve.id, users.Fay.id] });
    fallback = await d.group({ name: 'Tier 1 fallback', product_line: null, region: null, is_fallback: true, members: [users.Gus.id] });
    // Dan is unavailable; Eve knows networks only; Fay knows storage and raid.
    for (const n of ['Amy', 'Ben', 'Cai']) await d.profile(users[n].id, { display_name: n, skills: ['network', 'switching'], groups: [east.documentId] });
    await d.profile(users.Dan.id, { display_name: 'Dan', skills: ['network'], available: false, groups: [east.documentId] });
    await d.profile(users.Eve.id, { skills: ['network'], groups: [storage.documentId] });
    await d.profile(users.Fay.id, { skills: ['Storage', 'raid'], groups: [storage.documentId] });
    await d.profile(users.Gus.id, { skills: ['network', 'storage', 'cameras'] });
  });

  it('picks the group of the product line and region, then the member with the fewest open tickets', async () => {
    // Loads: Amy 3, Ben 1, Cai 2, Dan (unavailable) 0.
    for (const [name, n] of [['Amy', 3], ['Ben', 1], ['Cai', 2]] as const) {
      for (let i = 0; i < n; i += 1) await d.systemTicket({ assignee: users[name].id });
    }
    const t = await d.ticket({ product_line: 'Network Switches', region: 'East China' });
    const after = await triage(t.documentId);
    expect(after.group.id).toBe(east.id);
    expect(after.assignee.id).toBe(users.Ben.id);
    const ev = await assignmentEvent(t.id);
    expect(ev.body).toMatch(/matches the ticket's product line and region/);
    expect(ev.body).toMatch(/Ben.*1 open ticket, the fewest of 3 eligible/);
    expect(ev.body).toMatch(/Skipped: Dan \(unavailable\)/);
    expect(ev.data).toMatchObject({ rule: 'routing', group_rule: 'product_line_and_region', agent_rule: 'fewest_open', required_skills: ['network'], skills_source: 'product_line' });
    expect(ev.data.skipped).toEqual([{ user: users.Dan.id, reason: 'unavailable' }]);
    expect(ev.data.to).toEqual({ assignee: users.Ben.id, group: east.id });
  });

  it('goes by load: the next two tickets go to Ben then Cai/Ben as their loads rise', async () => {
    // Now Amy 3, Ben 2, Cai 2: tie between Ben and Cai → the least recently assigned (Cai, never by routing).
    const t1 = await d.ticket({ product_line: 'Network Switches', region: 'East China' });
    const a1 = await triage(t1.documentId);
    expect(a1.assignee.id).toBe(users.Cai.id);
    expect((await assignmentEvent(t1.id)).data).toMatchObject({ agent_rule: 'round_robin', tied: 2 });
    // Amy 3, Ben 2, Cai 3 → Ben.
    const t2 = await d.ticket({ product_line: 'Network Switches', region: 'East China' });
    expect((await triage(t2.documentId)).assignee.id).toBe(users.Ben.id);
    // All at 3 → Amy, who was never assigned by routing (least recently assigned).
    const t3 = await d.ticket({ product_line: 'Network Switches', region: 'East China' });
    expect((await triage(t3.documentId)).assignee.id).toBe(users.Amy.id);
  });

  it('round-robins equal loads across consecutive triages (cursor in the database)', async () => {
    const members = await Promise.all(['Lea', 'Max', 'Ned'].map((n) => d.admin(n)));
    const g = await d.group({ product_line: 'Wireless', region: 'East China', members: members.map((m) => m.id) });
    for (const m of members) await d.profile(m.id, { skills: ['wifi'], groups: [g.documentId] });
    const picks: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const t = await d.ticket({ product_line: 'Wireless', region: 'East China' });
      const after = await triage(t.documentId);
      picks.push(after.assignee.id);
      // Cancel it so loads stay equal (0): only the round-robin cursor decides.
      const res = await d.transition(t.documentId, { action: 'cancel', version: after.version, reason: 'routing test' });
      expect(res.status).toBe(200);
    }
    const [a, b, c] = members.map((m) => m.id).sort((x, y) => x - y);
    expect(picks).toEqual([a, b, c, a, b, c]);
    const profiles = await app.strapi.db.query(PROFILE).findMany({ where: { user: { id: { $in: [a, b, c] } } } });
    expect(profiles.every((p: any) => p.last_assigned_at)).toBe(true);
  });

  it('skips an agent once marked unavailable, and one at max_open_tickets', async () => {
    const ben = await app.strapi.db.query(PROFILE).findOne({ where: { user: { id: users.Ben.id } } });
    const cai = await app.strapi.db.query(PROFILE).findOne({ where: { user: { id: users.Cai.id } } });
    await app.strapi.db.query(PROFILE).update({ where: { id: ben.id }, data: { available: false } });
    await app.strapi.db.query(PROFILE).update({ where: { id: cai.id }, data: { max_open_tickets: 1 } });
    try {
      const t = await d.ticket({ product_line: 'Network Switches', region: 'East China' });
      const after = await triage(t.documentId);
      expect(after.assignee.id).toBe(users.Amy.id);
      const ev = await assignmentEvent(t.id);
      expect(ev.data.skipped).toEqual(
        expect.arrayContaining([
          { user: users.Ben.id, reason: 'unavailable' },
          { user: users.Cai.id, reason: 'at_capacity' },
          { user: users.Dan.id, reason: 'unavailable' },
        ]),
      );
      expect(ev.body).toMatch(/the only eligible member/);
    } finally {
      await app.strapi.db.query(PROFILE).update({ where: { id: ben.id }, data: { available: true } });
      await app.strapi.db.query(PROFILE).update({ where: { id: cai.id }, data: { max_open_tickets: 20 } });
    }
  });

  it('needs the skills: the product line’s, or the ticket’s own skills_required', async () => {
    // Eve has no load but lacks "storage"; Fay has load but the skills.
    await d.systemTicket({ assignee: users.Fay.id });
    await d.systemTicket({ assignee: users.Fay.id });
    const t = await d.ticket({ product_line: 'Storage Arrays', region: 'North China' });
    const after = await triage(t.documentId);
    expect(after.group.id).toBe(storage.id);
    expect(after.assignee.id).toBe(users.Fay.id);
    const ev = await assignmentEvent(t.id);
    expect(ev.data).toMatchObject({ group_rule: 'product_line', required_skills: ['storage'] });
    expect(ev.data.skipped).toEqual([{ user: users.Eve.id, reason: 'missing_skills', missing: ['storage'] }]);

    const own = await d.ticket({ product_line: 'Storage Arrays', skills_required: ['network'] });
    const ownAfter = await triage(own.documentId);
    expect(ownAfter.assignee.id).toBe(users.Eve.id);
    expect((await assignmentEvent(own.id)).data).toMatchObject({ required_skills: ['network'], skills_source: 'ticket' });

    const nobody = await d.ticket({ product_line: 'Storage Arrays', skills_required: ['welding'] });
    const nobodyAfter = await triage(nobody.documentId);
    expect(nobodyAfter.group.id).toBe(storage.id);
    expect(nobodyAfter.assignee).toBeNull();
    expect((await assignmentEvent(nobody.id)).body).toMatch(/No member can take a ticket needing skills welding; it waits in the group queue/);
  });

  it('falls back to the is_fallback group, or the configured fallback group code', async () => {
    const t = await d.ticket({ product_line: 'Printers', region: 'West China' });
    const after = await triage(t.documentId);
    expect(after.group.id).toBe(fallback.id);
    expect(after.assignee.id).toBe(users.Gus.id);
    expect((await assignmentEvent(t.id)).data.group_rule).toBe('fallback_flag');

    const configured = app.strapi.config.get('plugin::support-desk.routing') as Record<string, unknown>;
    app.strapi.config.set('plugin::support-desk.routing', { ...configured, fallbackGroupCode: storage.code });
    try {
      const t2 = await d.ticket({ product_line: 'Printers' });
      const after2 = await triage(t2.documentId);
      expect(after2.group.id).toBe(storage.id);
      expect((await assignmentEvent(t2.id)).data.group_rule).toBe('fallback_config');
    } finally {
      app.strapi.config.set('plugin::support-desk.routing', configured);
    }
  });

  it('takes product line from the asset and region from the organization when the ticket has none', async () => {
    const org = await d.docs('api::organization.organization').create({ data: { name: `Org ${Date.now()}`, code: `O${Date.now().toString(36)}`.toUpperCase().slice(0, 20), region: 'East China' } });
    const asset = await d.docs('api::asset.asset').create({ data: { serial_number: `SN-${Date.now()}`, model: 'SW-9300', product_line: 'Network Switches', organization: org.documentId } });
    const t = await d.ticket({ organization: org.documentId, asset: asset.documentId });
    const after = await triage(t.documentId);
    expect(after.group.id).toBe(east.id);
    expect((await assignmentEvent(t.id)).data).toMatchObject({ product_line: 'Network Switches', region: 'East China' });
  });

  it('keeps an explicit assignee or group given at triage (routing only picks what is missing)', async () => {
    const t = await d.ticket({ product_line: 'Network Switches', region: 'East China' });
    const after = await triage(t.documentId, { assignee: users.Gus.id });
    expect(after.assignee.id).toBe(users.Gus.id);
    expect(after.group).toBeNull();

    const g = await d.ticket({ product_line: 'Network Switches', region: 'East China' });
    const gAfter = await triage(g.documentId, { group: storage.documentId });
    expect(gAfter.group.id).toBe(storage.id);
    expect([users.Eve.id, users.Fay.id]).toContain(gAfter.assignee.id);
    expect((await assignmentEvent(g.id)).data.group_rule).toBe('given');
  });

  it('routes on the raw path too (a PUT that sets status triaged)', async () => {
    const t = await d.ticket({ product_line: 'Network Switches', region: 'East China' });
    const res = await d.api.put(`/api/tickets/${t.documentId}`, { data: { state: 'triaged', version: 1 } });
    expect(res.status).toBe(200);
    const after = await d.row(t.documentId);
    expect(after.group.id).toBe(east.id);
    expect(after.assignee).not.toBeNull();
  });

  it('20 triages of a fresh group spread evenly over its members', async () => {
    const members = await Promise.all(['Han', 'Ida', 'Jon', 'Kim'].map((n) => d.admin(n)));
    const g = await d.group({ product_line: 'Routers', region: 'Tibet', members: members.map((m) => m.id) });
    for (const m of members) await d.profile(m.id, { skills: ['routing'], groups: [g.documentId] });
    const counts = new Map<number, number>();
    for (let i = 0; i < 20; i += 1) {
      const t = await d.ticket({ product_line: 'Routers', region: 'Tibet' });
      const after = await triage(t.documentId);
      counts.set(after.assignee.id, (counts.get(after.assignee.id) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([5, 5, 5, 5]);
  });
});

describe('reassignment: agents within the rules, supervisors override', () => {
  let agent: { jwt: string; id: number };
  let supervisor: { jwt: string; id: number };
  let group: any;
  let busy: any;
  let away: any;
  let free: any;
  let outsider: any;

  beforeAll(async () => {
    agent = await adminLogin(app.strapi, app.http, 'support-agent');
    supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
    busy = await d.admin('Busy');
    away = await d.admin('Away');
    free = await d.admin('Free');
    outsider = await d.admin('Outsider');
    group = await d.group({ product_line: 'Firewalls', region: 'North China', members: [agent.id, busy.id, away.id, free.id] });
    await d.profile(agent.id, { skills: ['security'], groups: [group.documentId] });
    await d.profile(busy.id, { skills: ['security'], groups: [group.documentId], max_open_tickets: 1 });
    await d.profile(away.id, { skills: ['security'], groups: [group.documentId], available: false });
    await d.profile(free.id, { skills: ['security'], groups: [group.documentId] });
    await d.profile(outsider.id, { skills: ['security'] });
    await d.systemTicket({ assignee: busy.id });
  });

  /** A ticket of the group, assigned (by an integration) to the supervisor, who is no member. */
  const ticketInGroup = async () => {
    const t = await d.ticket({ product_line: 'Firewalls', region: 'North China' });
    await triage(t.documentId, { group: group.documentId, assignee: supervisor.id });
    return d.row(t.documentId);
  };
  const assign = (jwt: string, documentId: string, body: Record<string, unknown>) => d.as(jwt).post(`/support-desk/tickets/${documentId}/assign`, body);

  it('an agent may reassign to an available member of the group with capacity', async () => {
    const t = await ticketInGroup();
    const res = await assign(agent.jwt, t.documentId, { version: t.version, assignee: free.id, reason: 'Free knows this site' });
    expect(res.status).toBe(200);
    expect((await d.row(t.documentId)).assignee.id).toBe(free.id);
    expect(await assignmentEvent(t.id)).toMatchObject({ body: 'Free knows this site', actor_type: 'agent', actor_id: agent.id });
  });

  it('an agent may take a ticket themselves', async () => {
    const t = await ticketInGroup();
    const res = await assign(agent.jwt, t.documentId, { version: t.version, assignee: agent.id });
    expect(res.status).toBe(200);
  });

  it.each([
    ['unavailable', () => away, /is marked unavailable\. Pick an available member of group .*, or ask a supervisor to override/],
    ['at capacity', () => busy, /already has 1 open tickets \(max 1\)/],
    ['not in the group', () => outsider, /is not a member of group/],
  ])('an agent cannot reassign to a member who is %s; nothing is written', async (_label, target, message) => {
    const t = await ticketInGroup();
    const res = await assign(agent.jwt, t.documentId, { version: t.version, assignee: target().id });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.details.errors[0].path).toEqual(['assignee']);
    const after = await d.row(t.documentId);
    expect(after.version).toBe(t.version);
    expect(after.assignee.id).toBe(t.assignee.id);
  });

  it('a supervisor overrides: unavailable or full agents can be assigned, noted on the event', async () => {
    const t = await ticketInGroup();
    const res = await assign(supervisor.jwt, t.documentId, { version: t.version, assignee: away.id, reason: 'Only Away knows this customer' });
    expect(res.status).toBe(200);
    expect((await d.row(t.documentId)).assignee.id).toBe(away.id);
    const ev = await assignmentEvent(t.id);
    expect(ev.body).toBe('Only Away knows this customer');
    expect(ev.data).toMatchObject({ rule: 'override', by: 'supervisor' });
    expect(ev.data.overrides).toMatch(/unavailable/);
  });

  it('an unknown assignee is a 400 naming the field, and a stale version a 409', async () => {
    const t = await ticketInGroup();
    const unknown = await assign(supervisor.jwt, t.documentId, { version: t.version, assignee: 987654 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/No admin user 987654/);
    const stale = await assign(agent.jwt, t.documentId, { version: t.version - 1, assignee: free.id });
    expect(stale.status).toBe(409);
  });
});
