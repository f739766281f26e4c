'use strict';
/**
 * The SLA sweep's partial indexes hold open tickets only (2026.11.27T00.00.00.support-desk-queue-indexes.js
 * creates `tickets_open_*_idx` with the open states in their predicate); this drops the ones they
 * replace. Those had only "not yet marked" in their predicate, so they also held every resolved and
 * closed ticket that met its deadline: the sweep's scan in deadline order walked that whole history
 * before it found the few open tickets due (bench/sla-sweep.js --due 100: 111 ms at 100k tickets).
 *
 * Idempotent (DROP INDEX IF EXISTS), so the plugin may run it again after every schema sync.
 */
const { SUPERSEDED } = require('./2026.11.27T00.00.00.support-desk-queue-indexes.js');

async function up(knex) {
  for (const name of SUPERSEDED) await knex.raw('DROP INDEX IF EXISTS ??', [name]);
}

async function down() {
  // The superseded indexes are not recreated: the queue-index migration no longer defines them.
}

module.exports = { up, down, idempotent: true };
