'use strict';
// Child side of bench/sla-sweep.js, run inside Strapi (createStrapi().load(), no HTTP): grows the
// tickets table to each size with generate_series and times one SLA sweep per size (median of
// `repeats`, marks, events and notifications reset in between). Two shapes of table:
// - `dueEvery` (default): 1 in dueEvery tickets past its deadlines, the rest open and due in a week;
// - `fixedDue` (`--due N`): exactly N tickets past their deadlines at every size, spread over the
//   table; the rest is a support desk's history — 95 % resolved or closed in the past year with their
//   deadlines met and long past, 5 % open and due in a week.
const { runJob } = require('./lib/in-strapi');

const MARK_COLUMNS = ['first_response_warned_at', 'first_response_breached_at', 'resolution_warned_at', 'resolution_breached_at'];

/** Rows have+1 … size of a support desk's history (see above); none of them due. */
async function insertHistory(knex, from, to) {
  await knex.raw(
    `INSERT INTO tickets (document_id, number, subject, state, priority, urgency, impact, channel, type, version, escalation_level, reopen_count, sla_paused_minutes,
       first_response_due_at, first_response_warn_at, resolution_due_at, resolution_warn_at, first_responded_at, resolved_at, created_at, updated_at)
     SELECT 'bench' || g, 'TS-' || lpad(g::text, 7, '0'), 'Bench ticket ' || g,
            CASE WHEN g % 20 = 0 THEN (ARRAY['new','triaged','in_progress','awaiting_customer'])[1 + (g / 20) % 4] WHEN g % 3 = 0 THEN 'resolved' ELSE 'closed' END,
            'P3', 'medium', 'medium', 'api', 'fault', 1, 0, 0, 0,
            CASE WHEN g % 20 = 0 THEN now() + interval '7 days' ELSE c + interval '4 hours' END,
            CASE WHEN g % 20 = 0 THEN now() + interval '5 days' ELSE c + interval '3 hours' END,
            CASE WHEN g % 20 = 0 THEN now() + interval '14 days' ELSE c + interval '3 days' END,
            CASE WHEN g % 20 = 0 THEN now() + interval '10 days' ELSE c + interval '2 days' END,
            CASE WHEN g % 20 = 0 AND (g / 20) % 4 = 0 THEN NULL ELSE c + interval '1 hour' END,
            CASE WHEN g % 20 = 0 THEN NULL ELSE c + interval '1 day' END,
            c, c + interval '1 day'
     FROM (SELECT g, now() - ((g % 365) + 1) * interval '1 day' AS c FROM generate_series(?::int, ?::int) AS g) AS s`,
    [from, to],
  );
}

/** Exactly `count` tickets overdue on both clocks (open, assigned), every size/count-th row; the previous ones back to history. */
async function placeDue(knex, { count, size, adminId }) {
  await knex.raw(
    `UPDATE tickets SET state = 'closed', first_responded_at = created_at + interval '1 hour', resolved_at = created_at + interval '1 day',
       first_response_due_at = created_at + interval '4 hours', first_response_warn_at = created_at + interval '3 hours',
       resolution_due_at = created_at + interval '3 days', resolution_warn_at = created_at + interval '2 days',
       ${MARK_COLUMNS.map((c) => `${c} = NULL`).join(', ')}, escalation_level = 0
     WHERE state = 'in_progress' AND resolution_due_at <= now() AND resolved_at IS NULL`,
  );
  const step = Math.floor(size / count);
  await knex.raw(
    `UPDATE tickets SET state = 'in_progress', first_responded_at = NULL, resolved_at = NULL,
       first_response_due_at = now() - interval '2 hours', first_response_warn_at = now() - interval '3 hours',
       resolution_due_at = now() - interval '1 hour', resolution_warn_at = now() - interval '2 hours'
     WHERE document_id IN (SELECT 'bench' || (k * ?) FROM generate_series(1, ?) AS k)`,
    [step, count],
  );
  await knex.raw(
    `INSERT INTO tickets_assignee_lnk (ticket_id, user_id)
     SELECT t.id, ? FROM tickets t WHERE t.document_id IN (SELECT 'bench' || (k * ?) FROM generate_series(1, ?) AS k)
       AND NOT EXISTS (SELECT 1 FROM tickets_assignee_lnk l WHERE l.ticket_id = t.id)`,
    [adminId, step, count],
  );
}

/**
 * The sweep's two queries for each of its four marks (as services/sla.ts builds them): the batch it
 * claims, in deadline order, and the plain look for anything still due after a short batch.
 */
const SWEEP_QUERIES = [
  ['first_response_warn_at', 'first_response_warned_at', 'first_responded_at'],
  ['first_response_due_at', 'first_response_breached_at', 'first_responded_at'],
  ['resolution_warn_at', 'resolution_warned_at', 'sla_paused_at'],
  ['resolution_due_at', 'resolution_breached_at', 'sla_paused_at'],
].flatMap(([due, mark, open]) => {
  const where = `state IN ('new','triaged','in_progress','awaiting_customer','solution_proposed') AND ${due} <= now() AND ${mark} IS NULL AND ${open} IS NULL`;
  return [`SELECT id FROM tickets WHERE ${where} ORDER BY ${due} LIMIT 500 FOR UPDATE SKIP LOCKED`, `SELECT id FROM tickets WHERE ${where} ORDER BY ${due} LIMIT 1`];
});

runJob(async (strapi, { sizes, dueEvery, fixedDue, repeats }) => {
  const knex = strapi.db.connection;
  const admin = await strapi.db.query('admin::user').create({ data: { firstname: 'Bench', lastname: 'Agent', email: `bench.${Date.now()}@example.test`, isActive: true } });
  const sla = strapi.plugin('support-desk').service('sla');
  const results = [];
  let have = 0;
  for (const size of sizes) {
    const t0 = Date.now();
    if (fixedDue) {
      await insertHistory(knex, have + 1, size);
      await placeDue(knex, { count: fixedDue, size, adminId: admin.id });
    } else {
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
    }
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
    // The plans with their buffers, after a reset (as the sweep finds the table), in a rolled-back transaction.
    await knex.raw(`UPDATE tickets SET ${MARK_COLUMNS.map((c) => `${c} = NULL`).join(', ')}, escalation_level = 0 WHERE escalation_level > 0 OR first_response_warned_at IS NOT NULL`);
    const plans = [];
    await knex
      .transaction(async (trx) => {
        for (const q of SWEEP_QUERIES) plans.push((await trx.raw(`EXPLAIN (ANALYZE, BUFFERS) ${q}`)).rows.map((row) => row['QUERY PLAN']).join('\n'));
        throw new Error('rollback');
      })
      .catch((err) => {
        if (err.message !== 'rollback') throw err;
      });
    const due = fixedDue || Math.floor(size / dueEvery);
    results.push({ size, due, loadMs, sweepMs: timings[Math.floor(timings.length / 2)], timings, marked, plan: plans[6].split('\n')[0], plans });
  }
  return { results };
});
