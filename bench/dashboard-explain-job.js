'use strict';
// Child side of `bench/dashboard.js --explain`, run inside Strapi (no HTTP): calls the dashboard
// service once for each case with the queries it sends recorded, then runs every recorded SELECT
// again under EXPLAIN (ANALYZE, BUFFERS) one at a time and reports, per query: execution time,
// buffers hit/read, and the plan's top nodes — to see which sections dominate.
const { runJob } = require('./lib/in-strapi');

const topNodes = (plan, depth = 0, out = []) => {
  if (depth > 3) return out;
  out.push(`${'  '.repeat(depth)}${plan['Node Type']}${plan['Index Name'] ? ` ${plan['Index Name']}` : ''}${plan['Relation Name'] ? ` on ${plan['Relation Name']}` : ''} rows=${plan['Actual Rows']} ${Number(plan['Actual Total Time']).toFixed(1)} ms${plan['Heap Fetches'] !== undefined ? ` heap fetches=${plan['Heap Fetches']}` : ''}`);
  for (const child of plan.Plans || []) topNodes(child, depth + 1, out);
  return out;
};

runJob(async (strapi, { cases }) => {
  const knex = strapi.db.connection;
  const service = strapi.plugin('support-desk').service('dashboard');
  const report = [];
  for (const [label, params] of cases) {
    const recorded = [];
    const onQuery = (q) => {
      if (/^\s*select/i.test(q.sql)) recorded.push({ sql: q.sql, bindings: q.bindings || [] });
    };
    knex.on('query', onQuery);
    const now = new Date();
    const from = params.from ? new Date(`${params.from}T00:00:00Z`) : new Date(now.getTime() - 30 * 86400000);
    const query = { from, to: now, trend: params.trend || 'day', group: params.group || null, productLine: params.productLine || null };
    const group = params.group ? await service.findGroup(params.group) : null;
    const scope = { group, productLine: query.productLine, agents: null };
    const t0 = Date.now();
    await service.dashboard(query, scope);
    const serviceMs = Date.now() - t0;
    knex.removeListener('query', onQuery);
    const queries = [];
    for (const q of recorded) {
      // The recorded SQL is PostgreSQL's ($1, $2 …, numbered in order): back to knex placeholders.
      const [row] = (await knex.raw(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql.replace(/\$\d+/g, '?')}`, q.bindings)).rows;
      const plan = row['QUERY PLAN'][0];
      const b = plan.Plan;
      queries.push({
        ms: Number(plan['Execution Time'].toFixed(1)),
        hit: b['Shared Hit Blocks'],
        read: b['Shared Read Blocks'],
        sql: q.sql.slice(0, 160),
        plan: topNodes(b),
      });
    }
    queries.sort((a, b) => b.ms - a.ms);
    report.push({ label, serviceMs, totalMs: Number(queries.reduce((a, q) => a + q.ms, 0).toFixed(1)), queries });
  }
  return report;
});
