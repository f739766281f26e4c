'use strict';
// Child side of bench/sla-sweep.js, run inside Strapi (createStrapi().load(), no HTTP): grows the
// tickets table to each size with generate_series, 0.1 % of them past their deadlines, and times one
// SLA sweep per size (median of `repeats`, marks, events and notifications reset in between).
const { runJob } = require('./lib/in-strapi');

const MARK_COLUMNS = ['first_response_warned_at', 'first_response_breached_at', 'resolution_warned_at', 'resolution_breached_at'];

runJob(async (strapi, { sizes, dueEvery, repeats }) => {
  const knex = strapi.db.connection;
  const admin = await strapi.db.query('admin::user').create({ data: { firstname: 'Bench', lastname: 'Agent', email: `bench.${Date.now()}@example.test`, isActive: true } });
  const sla = strapi.plugin('support-desk').service('sla');
  const results = [];
  let have = 0;
  for (const size of sizes) {
    const t0 = Date.now();
    // Rows have[+1 … size]; every dueEvery-th one is overdue on both clocks, the rest due in a week.
    await knex.raw(
      `INSERT INTO tickets (document_id, number, subject, state, priority, urgency, impact, channel, type, version, escalation_level, reopen_count, sla_paused_minutes,
         first_response_due_at, first_response_warn_at, resolution_due_at, resolution_warn_at, created_at, updated_at)
       SELECT 'bench' || g, 'TS-' || lpad(g::text, 7, '0'), 'Bench ticket ' || g,
              (ARRAY['new','triaged','in_progress','in_progress','awaiting_customer','resolved','closed','closed'])[1 + g % 8],
              'P3', 'medium', 'medium', 'api', 'fault', 1, 0, 0, 0,
              CASE WHEN g % ? = 0 THEN now() - interval '2 hours' ELSE now() + interval '7 days' END,
              CASE WHEN g % ? = 0 THEN now() - interval '3 hours' ELSE now() + interval '5 days' END,
              CASE WHEN g % ? = 0 THEN now() - interval '1 hour' ELSE now() + interval '14 days' END,
              CASE WHEN g % ? = 0 THEN now() - interval '2 hours' ELSE now() + interval '10 days' END,
              now() - interval '1 day', now()
       FROM generate_series(?::int, ?::int) AS g`,
      [dueEvery, dueEvery, dueEvery, dueEvery, have + 1, size],
    );
    // Overdue tickets are open and assigned (so the sweep notifies someone).
    await knex.raw(`UPDATE tickets SET state = 'in_progress' WHERE document_id IN (SELECT 'bench' || g FROM generate_series(?::int, ?::int) g WHERE g % ? = 0)`, [have + 1, size, dueEvery]);
    await knex.raw(
      `INSERT INTO tickets_assignee_lnk (ticket_id, user_id) SELECT t.id, ? FROM tickets t WHERE t.document_id IN (SELECT 'bench' || g FROM generate_series(?::int, ?::int) g WHERE g % ? = 0)`,
      [admin.id, have + 1, size, dueEvery],
    );
    have = size;
    await knex.raw('VACUUM ANALYZE tickets');
    const loadMs = Date.now() - t0;

    const timings = [];
    let marked;
    for (let r = 0; r < repeats; r += 1) {
      await knex.raw(`UPDATE tickets SET ${MARK_COLUMNS.map((c) => `${c} = NULL`).join(', ')}, escalation_level = 0 WHERE escalation_level > 0 OR first_response_warned_at IS NOT NULL`);
      await knex.raw('TRUNCATE support_desk_notifications, support_desk_notifications_ticket_lnk, support_desk_ticket_events, support_desk_ticket_events_ticket_lnk');
      const started = process.hrtime.bigint();
      marked = await sla.sweep({ batchSize: 500 });
      timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    timings.sort((a, b) => a - b);
    const plan = (await knex.raw(`EXPLAIN SELECT id FROM tickets WHERE state IN ('new','triaged','in_progress','awaiting_customer','solution_proposed') AND resolution_due_at <= now() AND resolution_breached_at IS NULL AND sla_paused_at IS NULL ORDER BY resolution_due_at LIMIT 500`)).rows
      .map((row) => row['QUERY PLAN'])
      .join(' | ');
    results.push({ size, due: Math.floor(size / dueEvery), loadMs, sweepMs: timings[Math.floor(timings.length / 2)], timings, marked, plan });
  }
  return { results };
});
