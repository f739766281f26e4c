'use strict';
// Child side of bench/dashboard.js, run inside Strapi (createStrapi().load(), no HTTP): grows the
// tickets table to `size` with generate_series — a year of tickets, 80 % resolved with business
// minutes, CSAT on a third of those, 6 groups, 30 agents, 20 fault categories, 500 assets, an
// escalation on 1 in 20 and a visit on 1 in 33 — and creates a super admin to log in with.
const { runJob } = require('./lib/in-strapi');
const { LINKS, backfill } = require('../database/migrations/2026.12.17T00.00.00.ticket-link-columns.js');

runJob(async (strapi, { size, have = 0, email, password }) => {
  const knex = strapi.db.connection;
  const t0 = Date.now();
  const q = (uid) => strapi.db.query(uid);
  let agents = (await q('admin::user').findMany({ where: { email: { $startsWith: 'bench.agent.' } }, select: ['id'] })).map((u) => u.id);
  if (!agents.length) {
    for (let i = 0; i < 30; i += 1) agents.push((await q('admin::user').create({ data: { firstname: 'Agent', lastname: String(i), email: `bench.agent.${i}@example.test`, isActive: true } })).id);
  }
  let groups = (await q('api::support-group.support-group').findMany({ select: ['id'] })).map((g) => g.id);
  if (!groups.length) {
    for (let i = 0; i < 6; i += 1) groups.push((await q('api::support-group.support-group').create({ data: { name: `Bench group ${i}`, code: `BG${i}`, members: agents.filter((_, j) => j % 6 === i) } })).id);
  }
  let categories = (await q('api::fault-category.fault-category').findMany({ select: ['id'] })).map((c) => c.id);
  if (!categories.length) {
    for (let i = 0; i < 20; i += 1) categories.push((await q('api::fault-category.fault-category').create({ data: { name: `Fault ${i}`, code: `BF${i}` } })).id);
  }
  let assets = (await q('api::asset.asset').findMany({ select: ['id'] })).map((a) => a.id);
  if (!assets.length) {
    await knex.raw(
      `INSERT INTO assets (document_id, serial_number, model, product_line, created_at, updated_at)
       SELECT 'basset' || g, 'BSN-' || g, 'MODEL-' || (g % 50), (ARRAY['Network Switches','Storage Arrays','Surveillance Cameras'])[1 + g % 3], now(), now() FROM generate_series(1, 500) g`,
    );
    assets = (await knex('assets').select('id')).map((a) => a.id);
  }
  const arr = (ids) => `ARRAY[${ids.map(Number).join(',')}]`;

  await knex.raw(
    `INSERT INTO tickets (document_id, number, subject, state, priority, urgency, impact, channel, type, version, escalation_level, reopen_count, sla_paused_minutes,
       created_at, updated_at, first_response_due_at, first_responded_at, first_response_business_minutes, resolution_due_at, resolved_at, resolution_business_minutes,
       public_agent_messages, csat_rating, product_line, root_cause)
     SELECT 'bench' || g, 'TS-' || lpad(g::text, 8, '0'), 'Bench ticket ' || g,
       CASE WHEN r1 < 800 THEN (ARRAY['resolved','closed','closed','closed'])[1 + g % 4] WHEN r1 < 810 THEN 'cancelled' ELSE (ARRAY['new','triaged','in_progress','awaiting_customer','solution_proposed'])[1 + g % 5] END,
       (ARRAY['P1','P2','P3','P4'])[1 + r2 % 4], 'medium', 'medium', (ARRAY['phone','email','web','portal','api','onsite'])[1 + r3 % 6],
       CASE WHEN r2 % 3 = 0 THEN 'consultation' ELSE 'fault' END, 1, 0, CASE WHEN r1 % 20 = 0 THEN 1 ELSE 0 END, 0,
       c, c, c + interval '60 minutes', CASE WHEN r1 < 990 THEN c + (r3 % 120) * interval '1 minute' END, CASE WHEN r1 < 990 THEN r3 % 120 END,
       c + interval '2 days', CASE WHEN r1 < 800 THEN c + (r2 % 4000) * interval '1 minute' END, CASE WHEN r1 < 800 THEN r2 % 4000 END,
       CASE WHEN r1 < 800 THEN r3 % 4 END, CASE WHEN r1 < 800 AND r3 % 3 = 0 THEN 1 + r2 % 5 END,
       (ARRAY['Network Switches','Storage Arrays','Surveillance Cameras'])[1 + r1 % 3], CASE WHEN r1 < 800 THEN 'root cause ' || (r3 % 30) END
     FROM (SELECT g, now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute' AS c, ((g::bigint * 7919) % 1000)::int AS r1, ((g::bigint * 104729) % 10007)::int AS r2, ((g::bigint * 1299709) % 997)::int AS r3
           FROM generate_series(?::int, ?::int) g) s`,
    [have + 1, size],
  );
  const fresh = `t.document_id IN (SELECT 'bench' || g FROM generate_series(${have + 1}, ${size}) g)`;
  // The link tables' triggers copy each link onto its ticket row (one UPDATE per link row:
  // 2026.12.17T00.00.00.ticket-link-columns.js); for a bulk load they are off and the copy is made
  // in one pass afterwards, by the migration's own backfill.
  for (const l of LINKS) await knex.raw(`ALTER TABLE "${l.table}" DISABLE TRIGGER USER`);
  await knex.raw(`INSERT INTO tickets_group_lnk (ticket_id, support_group_id) SELECT t.id, (${arr(groups)})[1 + t.id % ${groups.length}] FROM tickets t WHERE ${fresh}`);
  await knex.raw(`INSERT INTO tickets_assignee_lnk (ticket_id, user_id) SELECT t.id, (${arr(agents)})[1 + (t.id / 7) % ${agents.length}] FROM tickets t WHERE ${fresh} AND t.state <> 'new'`);
  await knex.raw(`INSERT INTO tickets_fault_category_lnk (ticket_id, fault_category_id) SELECT t.id, (${arr(categories)})[1 + (t.id * 13) % ${categories.length}] FROM tickets t WHERE ${fresh} AND t.type = 'fault' AND t.resolved_at IS NOT NULL`);
  await knex.raw(`INSERT INTO tickets_asset_lnk (ticket_id, asset_id) SELECT t.id, (${arr(assets)})[1 + (t.id * 31) % ${assets.length}] FROM tickets t WHERE ${fresh} AND t.id % 10 < 7`);
  await backfill(knex, LINKS);
  for (const l of LINKS) await knex.raw(`ALTER TABLE "${l.table}" ENABLE TRIGGER USER`);
  await knex.raw(
    `INSERT INTO escalations (document_id, department, state, reason, level, answered_at, created_at, updated_at)
     SELECT 'besc' || t.id, (ARRAY['rd','product','qa','tier2'])[1 + t.id % 4], CASE WHEN t.id % 3 = 0 THEN 'open' ELSE 'answered' END, 'bench', 1,
            CASE WHEN t.id % 3 = 0 THEN NULL ELSE t.created_at + interval '1 day' END, t.created_at + interval '1 hour', now()
     FROM tickets t WHERE ${fresh} AND t.id % 20 = 0`,
  );
  await knex.raw(`INSERT INTO escalations_ticket_lnk (escalation_id, ticket_id) SELECT e.id, t.id FROM escalations e JOIN tickets t ON e.document_id = 'besc' || t.id WHERE ${fresh}`);
  await knex.raw(
    `INSERT INTO onsite_visits (document_id, state, scheduled_start, scheduled_end, address, created_at, updated_at)
     SELECT 'bvis' || t.id, (ARRAY['scheduled','completed','completed','cancelled'])[1 + t.id % 4], t.created_at + interval '1 day', t.created_at + interval '26 hours', 'bench', now(), now()
     FROM tickets t WHERE ${fresh} AND t.id % 33 = 0`,
  );
  await knex.raw(`INSERT INTO onsite_visits_ticket_lnk (onsite_visit_id, ticket_id) SELECT v.id, t.id FROM onsite_visits v JOIN tickets t ON v.document_id = 'bvis' || t.id WHERE ${fresh}`);
  await knex.raw('VACUUM ANALYZE');
  const loadMs = Date.now() - t0;

  if (!(await q('admin::user').findOne({ where: { email } }))) {
    const role = await q('admin::role').findOne({ where: { code: 'strapi-super-admin' } });
    await strapi.service('admin::user').create({ email, firstname: 'Bench', lastname: 'Admin', password, isActive: true, registrationToken: null, roles: [role.id] });
  }
  const [{ n }] = await knex('tickets').count({ n: '*' });
  return { loadMs, tickets: Number(n), groupCode: 'BG1' };
});
