'use strict';
// The ceiling for `GET /api/kb-articles`: a bare Node `http` server that answers the same page of
// published articles straight from the database (better-sqlite3 or pg), in Strapi's JSON shape
// `{ data: [...], meta: { pagination } }`, doing the same database work as Strapi's core `find`
// (one page query, then one count query) and nothing else: no routing table, no middlewares, no
// permission check, no sanitizing.
//
// Runs as a child of the bench (app.startChildServer) so that, like Strapi, it has a process and an
// event loop of its own and does not share one with the load generator.
//
// BENCH_ARGS (JSON): { client: 'sqlite'|'postgres', filename?, url?, table, fields: [{ key, column, type }],
//                      path, locale, pageSize, orderBy?: string[] }
const http = require('http');

const args = JSON.parse(process.env.BENCH_ARGS || '{}');
const port = Number(process.env.PORT);
const q = (id) => `"${String(id).replace(/"/g, '""')}"`;

const columns = args.fields.map((f) => `${q(f.column)} AS ${q(f.key)}`).join(', ');
const order = args.orderBy && args.orderBy.length ? ` ORDER BY ${args.orderBy.map(q).join(', ')}` : '';
const where = `${q('published_at')} IS NOT NULL AND ${q('locale')} = $1`;
const pageSql = `SELECT ${columns} FROM ${q(args.table)} WHERE ${where}${order} LIMIT $2 OFFSET $3`;
const countSql = `SELECT count(*) AS total FROM ${q(args.table)} WHERE ${where}`;

// Per-type conversions from what the driver returns to what Strapi's REST answer contains.
const toIso = (v) => (v == null ? v : new Date(v).toISOString());
const converters = {
  datetime: toIso,
  timestamp: toIso,
  json: (v) => (typeof v === 'string' ? JSON.parse(v) : v),
  boolean: (v) => (v == null ? v : Boolean(v)),
  decimal: (v) => (v == null ? v : Number(v)),
  float: (v) => (v == null ? v : Number(v)),
};
const convert = args.fields.filter((f) => converters[f.type]).map((f) => [f.key, converters[f.type]]);
function shape(row) {
  for (const [key, fn] of convert) row[key] = fn(row[key]);
  return row;
}

let db; // { page(locale, limit, offset) -> Promise<rows>, count(locale) -> Promise<number>, close() }
if (args.client === 'sqlite') {
  const Database = require('better-sqlite3');
  const conn = new Database(args.filename, { fileMustExist: true });
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  const page = conn.prepare(pageSql.replace(/\$\d/g, '?'));
  const count = conn.prepare(countSql.replace(/\$\d/g, '?'));
  db = {
    page: async (locale, limit, offset) => page.all(locale, limit, offset),
    count: async (locale) => count.get(locale).total,
    close: async () => conn.close(),
  };
} else if (args.client === 'postgres') {
  const pg = require('pg');
  pg.types.setTypeParser(1082, (v) => v); // date: keep 'YYYY-MM-DD' as Strapi returns it
  // Same pool size as the app's (config/database.ts: DATABASE_POOL_MAX default 10).
  const pool = new pg.Pool({ connectionString: args.url, max: 10 });
  db = {
    page: async (locale, limit, offset) => (await pool.query({ name: 'page', text: pageSql, values: [locale, limit, offset] })).rows,
    count: async (locale) => Number((await pool.query({ name: 'count', text: countSql, values: [locale] })).rows[0].total),
    close: () => pool.end(),
  };
} else {
  throw new Error(`unknown client ${args.client}`);
}

function send(res, status, body) {
  const buf = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': buf.length });
  res.end(buf);
}

const server = http.createServer(async (req, res) => {
  const qs = req.url.indexOf('?');
  const pathname = qs === -1 ? req.url : req.url.slice(0, qs);
  if (req.method === 'GET' && pathname === args.path) {
    try {
      const params = new URLSearchParams(qs === -1 ? '' : req.url.slice(qs + 1));
      const pageNo = Math.max(1, Number(params.get('pagination[page]')) || 1);
      const pageSize = Math.min(100, Math.max(1, Number(params.get('pagination[pageSize]')) || args.pageSize));
      const locale = params.get('locale') || args.locale;
      const rows = await db.page(locale, pageSize, (pageNo - 1) * pageSize);
      const total = await db.count(locale);
      send(res, 200, {
        data: rows.map(shape),
        meta: { pagination: { page: pageNo, pageSize, pageCount: Math.ceil(total / pageSize), total } },
      });
    } catch (err) {
      send(res, 500, { error: { status: 500, message: err.message } });
    }
    return;
  }
  if (pathname === '/_ready') {
    res.writeHead(200).end();
    return;
  }
  send(res, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } });
});
server.listen(port, process.env.HOST || '127.0.0.1');

const shutdown = () => {
  server.close(() => db.close().finally(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
