import path from 'path';

export default async function globalSetup() {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  const started = Date.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildServer } = require(path.resolve(__dirname, '../scripts/build-server.js'));
  buildServer();
  console.log(`[global-setup] plugin and app compiled in ${Date.now() - started} ms`);
}
