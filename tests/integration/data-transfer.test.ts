/**
 * Strapi's own data transfer (`strapi export` / `strapi import`) carries the demo data into an
 * empty database despite the append-only guards (timeline events, stock movements, tickets that are
 * never deleted): the same providers and options as the CLI, every support content type's row count
 * the same on both sides. The guards keep refusing API and Content Manager writes
 * (security-write-paths.test.ts).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startApp, appDir, type TestApp } from '../helpers/strapi';
import { SUPPORT_CONTENT_TYPES } from '../../src/plugins/support-desk/server/src/constants';

/* eslint-disable @typescript-eslint/no-require-imports */
const dataTransfer = require('@strapi/data-transfer');
const cliTransfer = require(path.join(appDir, 'node_modules/@strapi/strapi/dist/src/cli/utils/data-transfer.js'));
const { seed } = require(path.join(appDir, 'dist/src/seed'));
/* eslint-enable @typescript-eslint/no-require-imports */

// Strapi's transfer never carries admin users (getIgnoredOfficialTransferTypes), so they are not compared.
const COUNTED = [...SUPPORT_CONTENT_TYPES, 'plugin::support-desk.kb-revision', 'plugin::support-desk.sequence', 'plugin::users-permissions.user'];

async function countAll(app: TestApp) {
  const counts: Record<string, number> = {};
  for (const uid of COUNTED) counts[uid] = await app.strapi.db.query(uid as any).count({});
  return counts;
}

/** Warnings the transfer engine reports (Strapi's CLI prints them; a test must not lose them). */
function collectWarnings(engine: any): string[] {
  const warnings: string[] = [];
  engine.diagnostics.on('warning', ({ details }: { details: { message: string; origin?: string } }) => warnings.push(`${details.origin ?? ''}: ${details.message}`));
  return warnings;
}

/** The row counts once they equal `expected`, or the last ones read after `timeoutMs`. */
async function countsOnceCommitted(app: TestApp, expected: Record<string, number>, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let counts = await countAll(app);
  while (JSON.stringify(counts) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    counts = await countAll(app);
  }
  return counts;
}

let dir: string;
let source: TestApp | undefined;
let target: TestApp | undefined;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-transfer-'));
});
afterAll(async () => {
  await source?.stop().catch(() => undefined);
  await target?.stop().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('exports the demo data and imports it into an empty database with the same counts', async () => {
  source = await startApp();
  await seed(source.strapi, { log: () => undefined });
  const before = await countAll(source);
  expect(before['api::ticket.ticket']).toBeGreaterThan(0);
  expect(before['plugin::support-desk.ticket-event']).toBeGreaterThan(0);
  expect(before['api::stock-movement.stock-movement']).toBeGreaterThan(0);

  // strapi export --no-encrypt --no-compress -f <file>
  const file = path.join(dir, 'export');
  const exportEngine = dataTransfer.engine.createTransferEngine(
    dataTransfer.strapi.providers.createLocalStrapiSourceProvider({ getStrapi: async () => source!.strapi, autoDestroy: false }),
    dataTransfer.file.providers.createLocalFileDestinationProvider({ file: { path: file }, encryption: { enabled: false }, compression: { enabled: false } }),
    { versionStrategy: 'ignore', schemaStrategy: 'ignore', exclude: ['files'], only: [], throttle: 0, transforms: cliTransfer.buildTransferTransforms({}) },
  );
  const exportWarnings = collectWarnings(exportEngine);
  const exported = await exportEngine.transfer();
  // A read that fails mid-way is only a warning to Strapi (the rest of that type is skipped).
  expect(exportWarnings).toEqual([]);
  const archive: string = exported.destination?.file?.path;
  expect(fs.existsSync(archive)).toBe(true);
  await source.stop();
  source = undefined;

  // strapi import -f <file> --force, into a fresh database
  target = await startApp();
  const strapi = target.strapi;
  const importEngine = dataTransfer.engine.createTransferEngine(
    dataTransfer.file.providers.createLocalFileSourceProvider({ file: { path: archive }, encryption: { enabled: false }, compression: { enabled: false } }),
    dataTransfer.strapi.providers.createLocalStrapiDestinationProvider({
      getStrapi: async () => strapi,
      autoDestroy: false,
      strategy: 'restore',
      // --exclude files: the demo has no uploads, and a restore of assets would back up public/uploads.
      restore: cliTransfer.parseRestoreFromOptions({ exclude: ['files'] }, strapi),
    }),
    { versionStrategy: 'ignore', schemaStrategy: 'strict', exclude: ['files'], only: [], throttle: 0, transforms: cliTransfer.buildTransferTransforms({}) },
  );
  importEngine.onSchemaDiff(cliTransfer.getDiffHandler(importEngine, { force: true, action: 'import' }));
  const importWarnings = collectWarnings(importEngine);
  await importEngine.transfer();
  expect(importWarnings).toEqual([]);
  // transfer() resolves before the destination's transaction has committed (the provider's close()
  // ends it without waiting for the COMMIT), so on a busy PostgreSQL the first read can still see
  // the empty database: wait for the commit, then compare.
  expect(await countsOnceCommitted(target, before)).toEqual(before);

  // The guards still hold after the import: a timeline event cannot be changed through the query engine.
  const event = await strapi.db.query('plugin::support-desk.ticket-event').findOne({});
  await expect(strapi.db.query('plugin::support-desk.ticket-event').update({ where: { id: event.id }, data: { body: 'x' } })).rejects.toThrow(/append-only/);
}, 600000);
