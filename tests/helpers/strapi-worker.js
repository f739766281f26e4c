'use strict';
/**
 * A second Strapi instance in its own process (forked by tests/helpers/worker.ts): boots on the
 * database and SMTP settings in its environment and runs plugin service calls sent over IPC, so
 * that tests can run instances truly in parallel and kill one (SIGKILL) in the middle of its work.
 *
 * Messages: { id, service, method, args } → { id, ok, result | error }; { id, cmd: 'exit' };
 * { id, cmd: 'reject', message } leaves a promise rejection nothing handles (the process must survive it).
 * With WORKER_HTTP=true it also serves HTTP on an ephemeral port of 127.0.0.1 (sent as `port` in the ready message).
 */
const path = require('path');

const appDir = path.resolve(__dirname, '..', '..');

/** Dates travel as { $date: iso } over IPC. */
const revive = (value) => {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    if (typeof value.$date === 'string') return new Date(value.$date);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
};

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
  let port;
  if (process.env.WORKER_HTTP === 'true') {
    strapi.server.mount();
    await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    port = strapi.server.httpServer.address().port;
  }
  process.on('message', async (msg) => {
    try {
      if (msg.cmd === 'reject') {
        Promise.reject(Object.assign(new Error(msg.message), { code: msg.code }));
        process.send({ id: msg.id, ok: true, result: null });
        return;
      }
      if (msg.cmd === 'exit') {
        await strapi.destroy();
        process.send({ id: msg.id, ok: true }, () => process.exit(0));
        return;
      }
      const service = strapi.plugin('support-desk').service(msg.service);
      const result = await service[msg.method](...revive(msg.args ?? []));
      process.send({ id: msg.id, ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
    } catch (error) {
      process.send({ id: msg.id, ok: false, error: String((error && error.stack) || error) });
    }
  });
  process.send({ ready: true, port });
}

main().catch((error) => {
  // The parent learns why the start failed (e.g. a setting refused at startup), then the process ends.
  process.send({ failed: String((error && error.message) || error) }, () => process.exit(1));
});
