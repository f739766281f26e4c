'use strict';
// Parts and tickets for the part-reservations benchmark, and the check of what the load wrote.
//
// Parent side:  const info = await loadParts(db, { parts: 1000, tickets: 50, secrets });
//               const check = await verifyParts(db, { secrets });
// Child side:   this file run by app.runInStrapi() (createStrapi().load(), no HTTP server).
//
// Parts are created through the document service (the opening stock is a receive movement each,
// as in production); one more part is the hot one. Tickets are in_progress (set directly: the
// workflow is not what is measured). A full-access API token drives the load.
const PART_UID = 'api::part.part';
const MOVE_UID = 'api::stock-movement.stock-movement';
const TICKET_UID = 'api::ticket.ticket';
const STOCK = 1000000;

async function loadParts(db, { parts = 1000, tickets = 50, batch = Number(process.env.BENCH_BATCH || 50), secrets } = {}) {
  const { runInStrapi } = require('./app');
  return runInStrapi(db, __filename, { mode: 'load', parts, tickets, batch }, { secrets });
}

async function verifyParts(db, { secrets } = {}) {
  const { runInStrapi } = require('./app');
  return runInStrapi(db, __filename, { mode: 'verify' }, { secrets });
}

async function load(strapi, { parts, tickets, batch }) {
  const t0 = Date.now();
  const docs = strapi.documents(PART_UID);
  const stamp = Date.now().toString(36).toUpperCase();
  const out = [];
  for (let start = 0; start <= parts; start += batch) {
    await strapi.db.transaction(async () => {
      for (let i = start; i < Math.min(start + batch, parts + 1); i += 1) {
        const p = await docs.create({ data: { sku: `B${stamp}-${String(i).padStart(5, '0')}`, name: i === 0 ? 'Hot part' : `Bench part ${i}`, on_hand: STOCK, unit_cost: 10 } });
        out.push(p.documentId);
      }
    });
  }
  const admin = await strapi.db.query('admin::user').create({ data: { firstname: 'Bench', lastname: 'Agent', email: `bench.parts.${Date.now()}@example.test`, isActive: true } });
  const ticketIds = [];
  const service = strapi.plugin('support-desk').service('tickets');
  for (let i = 0; i < tickets; i += 1) {
    const t = await service.create({ subject: `Repair ${i}`, type: 'fault', urgency: 'medium', impact: 'medium', channel: 'api' }, { kind: 'agent', id: admin.id, name: 'Bench Agent' });
    await strapi.db.query(TICKET_UID).update({ where: { id: t.id }, data: { state: 'in_progress', assignee: admin.id } });
    ticketIds.push(t.documentId);
  }
  const token = await strapi.service('admin::api-token').create({ name: `bench-parts-${Date.now()}`, type: 'full-access', lifespan: null });
  return { hot: out[0], parts: out.slice(1), tickets: ticketIds, token: token.accessKey, ms: Date.now() - t0 };
}

/** Every part: counts equal the ledger's sums; reserved ≤ on_hand; reserve movements in total. */
async function verify(strapi) {
  const knex = strapi.db.connection;
  const parts = strapi.db.metadata.get(PART_UID).tableName;
  const moves = strapi.db.metadata.get(MOVE_UID);
  const link = moves.attributes.part.joinTable;
  const sums = await knex(moves.tableName)
    .join(link.name, `${link.name}.${link.joinColumn.name}`, `${moves.tableName}.id`)
    .select(`${link.name}.${link.inverseJoinColumn.name} as part_id`)
    .sum({ on_hand: 'on_hand_delta', reserved: 'reserved_delta' })
    .groupBy(`${link.name}.${link.inverseJoinColumn.name}`);
  const byPart = new Map(sums.map((s) => [Number(s.part_id), { on_hand: Number(s.on_hand), reserved: Number(s.reserved) }]));
  const rows = await knex(parts).select('id', 'on_hand', 'reserved');
  const mismatches = rows.filter((r) => {
    const s = byPart.get(r.id) || { on_hand: 0, reserved: 0 };
    return s.on_hand !== Number(r.on_hand) || s.reserved !== Number(r.reserved) || Number(r.reserved) > Number(r.on_hand);
  });
  const reserves = await knex(moves.tableName).where({ kind: 'reserve' }).count({ n: '*' });
  return { parts: rows.length, mismatches: mismatches.length, reserveMovements: Number(reserves[0].n), reservedTotal: rows.reduce((n, r) => n + Number(r.reserved), 0) };
}

async function childMain(strapi, args) {
  if (args.mode === 'load') return load(strapi, args);
  if (args.mode === 'verify') return verify(strapi);
  throw new Error(`unknown mode ${args.mode}`);
}

module.exports = { loadParts, verifyParts };

if (require.main === module) require('./in-strapi').runJob(childMain);
