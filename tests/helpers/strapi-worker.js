'use strict';
/**
 * A second Strapi instance in its own process (forked by tests/helpers/worker.ts): boots on the
 * database and SMTP settings in its environment and runs plugin service calls sent over IPC, so
 * that tests can run instances truly in parallel and kill one (SIGKILL) in the middle of its work.
 *
 * Messages: { id, service, method, args } → { id, ok, result | error }; { id, cmd: 'exit' }.
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
  process.on('message', async (msg) => {
    try {
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
  process.send({ ready: true });
}

main().catch((error) => {
  // The parent learns why the start failed (e.g. a setting refused at startup), then the process ends.
  process.send({ failed: String((error && error.message) || error) }, () => process.exit(1));
});
