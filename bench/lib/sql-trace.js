'use strict';
// Preloaded into a Strapi child (`NODE_OPTIONS=--require bench/lib/sql-trace.js`, BENCH_SQL_TRACE=<file>)
// by bench/write-statements.js: appends one line per SQL statement knex sends (duration and text) and
// one per HTTP request (start, end with status and duration) to the file, so the bench can count the
// statements of one request. Diagnostic only: never loaded by the measured benches.
const fs = require('fs');
const http = require('http');

const file = process.env.BENCH_SQL_TRACE;
if (file) {
  const fd = fs.openSync(file, 'a');
  const write = (line) => fs.writeSync(fd, `${line}\n`);
  const ms = (t0) => (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(2);

  const Client = require('knex/lib/client');
  const query = Client.prototype.query;
  Client.prototype.query = function tracedQuery(connection, queryParam) {
    const t0 = process.hrtime.bigint();
    const sql = String(typeof queryParam === 'string' ? queryParam : queryParam?.sql ?? '').replace(/\s+/g, ' ');
    return query.call(this, connection, queryParam).then(
      (res) => {
        write(`Q\t${ms(t0)}\t${sql}`);
        return res;
      },
      (err) => {
        write(`Q\t${ms(t0)}\tERROR ${sql}`);
        throw err;
      },
    );
  };

  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function tracedEmit(event, req, res) {
    if (event === 'request') {
      const t0 = process.hrtime.bigint();
      write(`REQ\t${req.method} ${req.url}`);
      res.once('finish', () => write(`END\t${res.statusCode}\t${ms(t0)}`));
    }
    return emit.apply(this, arguments);
  };
}
