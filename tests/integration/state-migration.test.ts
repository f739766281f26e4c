/**
 * The `status` → `state` migration (database/migrations/2026.12.08T00.00.00.status-to-state.js) on a
 * database made by the previous schema.
 *
 * The old database is the real thing, made by Strapi: the app boots with the content-type
 * definitions as they were before the rename (tests/fixtures/schema-before-state/*.schema.json,
 * copies of the schema files at the commit before it, attribute `status`, ticket fields
 * `resolution_summary` and `under_warranty`), so Strapi's own schema sync creates the tables, the
 * Content Manager its stored views and the plugin its roles; the old queue-index migration
 * (tests/fixtures/schema-before-state/queue-indexes.js) adds the indexes named after `status`.
 * Rows in every state of every renamed type are written, then the current app boots on that
 * database: the migration runs before the schema sync, and every value must still be there.
 */
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { appDir, startApp, testDb, type TestApp } from '../helpers/strapi';
import { SHIPPED_TYPES } from '../../src/plugins/support-desk/server/src/cm-config/shipped';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'schema-before-state');
const MIGRATION = '2026.12.08T00.00.00.status-to-state.js';

/** The renamed types: the fixture of their old schema, their current schema file, their table. */
const TYPES = [
  { uid: 'api::ticket.ticket', fixture: 'ticket', current: 'src/api/ticket/content-types/ticket/schema.json', table: 'tickets' },
  { uid: 'api::escalation.escalation', fixture: 'escalation', current: 'src/api/escalation/content-types/escalation/schema.json', table: 'escalations' },
  { uid: 'api::onsite-visit.onsite-visit', fixture: 'onsite-visit', current: 'src/api/onsite-visit/content-types/onsite-visit/schema.json', table: 'onsite_visits' },
  { uid: 'api::training-session.training-session', fixture: 'training-session', current: 'src/api/training-session/content-types/training-session/schema.json', table: 'training_sessions' },
  { uid: 'api::enrollment.enrollment', fixture: 'enrollment', current: 'src/api/enrollment/content-types/enrollment/schema.json', table: 'enrollments' },
  { uid: 'plugin::support-desk.notification', fixture: 'notification', current: 'src/plugins/support-desk/server/src/content-types/notification/schema.json', table: 'support_desk_notifications' },
] as const;
type Uid = (typeof TYPES)[number]['uid'];

const OLD_INDEXES = [
  'tickets_status_idx',
  'tickets_status_first_response_due_idx',
  'tickets_status_resolution_due_idx',
  'tickets_status_resolved_at_idx',
  'tickets_status_updated_idx',
  'support_desk_notifications_status_next_idx',
];
const NEW_INDEXES = OLD_INDEXES.map((n) => n.replace('_status_', '_state_'));
const SWEEP_INDEXES = ['tickets_open_first_response_due_idx', 'tickets_open_first_response_warn_idx', 'tickets_open_resolution_due_idx', 'tickets_open_resolution_warn_idx'];
/** Made by the fixture's queue indexes (without the open states), dropped by 2026.12.09T00.00.00.sla-open-ticket-indexes.js. */
const SUPERSEDED_SWEEP_INDEXES = ['tickets_first_response_due_open_idx', 'tickets_first_response_warn_open_idx', 'tickets_resolution_due_open_idx', 'tickets_resolution_warn_open_idx'];

type Attributes = Record<string, { type: string; enum?: string[] }>;
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const oldSchema = (fixture: string): { attributes: Attributes } => readJson(path.join(FIXTURES, `${fixture}.schema.json`));
const statesOf = (fixture: string) => oldSchema(fixture).attributes.status.enum!;

/**
 * Between register and bootstrap: each renamed type gets its old attributes back (Strapi's own
 * additions — timestamps, documentId, createdBy … — are kept as Strapi made them).
 */
function withOldSchemas(strapi: Core.Strapi) {
  for (const t of TYPES) {
    const ct = (strapi.contentTypes as Record<string, { attributes: Attributes }>)[t.uid];
    const declared = Object.keys(readJson(path.join(appDir, t.current)).attributes);
    const added = Object.fromEntries(Object.entries(ct.attributes).filter(([name]) => !declared.includes(name)));
    ct.attributes = { ...oldSchema(t.fixture).attributes, ...added };
  }
}

let oldApp: TestApp | undefined;
let app: TestApp | undefined;
/** id → the state written under the old schema, per type. */
const written = new Map<Uid, Map<number, string>>();
const oldLayouts: Record<string, { edit: string[][]; list: string[] }> = {};

async function indexes(knex: Core.Strapi['db']['connection']): Promise<Record<string, string>> {
  const rows =
    testDb === 'postgres'
      ? (await knex.raw(`SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema()`)).rows
      : await knex.raw(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`);
  return Object.fromEntries(rows.map((r: { name: string; sql: string }) => [r.name, r.sql]));
}

async function cmLayout(strapi: Core.Strapi, uid: string) {
  const config = await strapi.store.get({ type: 'plugin', name: 'content_manager_configuration', key: `content_types::${uid}` });
  const value = config as { layouts: { edit: { name: string }[][]; list: string[] } };
  return { edit: value.layouts.edit.map((row) => row.map((f) => f.name)), list: value.layouts.list };
}

beforeAll(async () => {
  // 1. The database as the previous schema made it, with rows in every state.
  const old = (oldApp = await startApp({ beforeBootstrap: withOldSchemas }));
  try {
    const s = old.strapi;
    const knex = s.db.connection;
    expect(await knex.schema.hasColumn('tickets', 'status')).toBe(true);
    expect(await knex.schema.hasColumn('tickets', 'state')).toBe(false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await knex.transaction((trx) => require(path.join(FIXTURES, 'queue-indexes.js')).up(trx));
    // The old app never knew the rename migration (here it ran on the empty database at boot).
    await knex('strapi_migrations').where({ name: MIGRATION }).del();

    const q = (uid: Uid) => s.db.query(uid);
    const record = (uid: Uid, id: number, state: string) => {
      if (!written.has(uid)) written.set(uid, new Map());
      written.get(uid)!.set(id, state);
    };
    const base = Date.UTC(2026, 11, 1, 1, 0);
    const tickets: number[] = [];
    for (const [i, status] of statesOf('ticket').entries()) {
      const t = await q('api::ticket.ticket').create({
        data: {
          documentId: `old-ticket-${i}`, number: `TS-9${String(i).padStart(5, '0')}`, subject: `Old ticket ${status}`, channel: 'phone', type: 'fault',
          urgency: 'medium', impact: 'medium', priority: 'P3', status, version: 1, escalation_level: 0, reopen_count: 0, sla_paused_minutes: 0,
          resolution_summary: i % 2 ? null : 'never read', under_warranty: i % 2 === 0, first_response_due_at: new Date(base + i * 3600_000),
        },
      });
      tickets.push(t.id);
      record('api::ticket.ticket', t.id, status);
    }
    for (const [i, status] of statesOf('escalation').entries()) {
      const e = await q('api::escalation.escalation').create({ data: { documentId: `old-esc-${i}`, ticket: tickets[i], department: 'rd', reason: 'Firmware', level: 1, status } });
      record('api::escalation.escalation', e.id, status);
    }
    for (const [i, status] of statesOf('onsite-visit').entries()) {
      const v = await q('api::onsite-visit.onsite-visit').create({
        data: { documentId: `old-visit-${i}`, ticket: tickets[i], status, scheduled_start: new Date(base + i * 86400_000), scheduled_end: new Date(base + i * 86400_000 + 7200_000) },
      });
      record('api::onsite-visit.onsite-visit', v.id, status);
    }
    const training = await s.db.query('api::training.training').create({ data: { documentId: 'old-training', title: 'Storage basics', code: 'TR-OLD-1', audience: 'staff' } });
    const sessions: number[] = [];
    for (const [i, status] of statesOf('training-session').entries()) {
      const t = await q('api::training-session.training-session').create({
        data: { documentId: `old-session-${i}`, training: training.id, starts_at: new Date(base + i * 86400_000), ends_at: new Date(base + i * 86400_000 + 3600_000), capacity: 10, status },
      });
      sessions.push(t.id);
      record('api::training-session.training-session', t.id, status);
    }
    for (const [i, status] of statesOf('enrollment').entries()) {
      const e = await q('api::enrollment.enrollment').create({ data: { documentId: `old-enrollment-${i}`, session: sessions[i], status } });
      record('api::enrollment.enrollment', e.id, status);
    }
    for (const [i, status] of statesOf('notification').entries()) {
      const n = await q('plugin::support-desk.notification').create({
        data: { documentId: `old-notification-${i}`, recipient_email: `n${i}@old.test`, template: 'ticket_created', message_locale: 'en', status, attempts: i, dedupe_key: `old:${i}` },
      });
      record('plugin::support-desk.notification', n.id, status);
    }
    expect(Object.keys(await indexes(knex))).toEqual(expect.arrayContaining(OLD_INDEXES));
    for (const t of TYPES) oldLayouts[t.uid] = await cmLayout(s, t.uid);
  } finally {
    await old.shutdown();
  }

  // 2. The current app on that database.
  app = await startApp({ reuseDatabase: old.env });
});

afterAll(async () => {
  await app?.shutdown();
  await oldApp?.dropDatabase();
});

describe('a database made before the rename, booted by the current app', () => {
  it('keeps every row in every state of every renamed type, now in `state`', async () => {
    const knex = app!.strapi.db.connection;
    for (const t of TYPES) {
      const expected = written.get(t.uid)!;
      const fixture = TYPES.find((x) => x.uid === t.uid)!.fixture;
      expect({ uid: t.uid, states: [...new Set(expected.values())].sort() }).toEqual({ uid: t.uid, states: [...statesOf(fixture)].sort() });
      const rows: { id: number; state: string }[] = await app!.strapi.db.query(t.uid).findMany({ select: ['id', 'state'], where: { id: { $in: [...expected.keys()] } } });
      expect({ uid: t.uid, rows: Object.fromEntries(rows.map((r) => [r.id, r.state])) }).toEqual({ uid: t.uid, rows: Object.fromEntries(expected) });
      expect({ table: t.table, status: await knex.schema.hasColumn(t.table, 'status'), state: await knex.schema.hasColumn(t.table, 'state') }).toEqual({ table: t.table, status: false, state: true });
    }
  });

  it('renames the queue indexes with the column, and the workflow reads the migrated rows', async () => {
    const knex = app!.strapi.db.connection;
    const found = await indexes(knex);
    expect(Object.keys(found)).toEqual(expect.arrayContaining(NEW_INDEXES));
    for (const old of OLD_INDEXES) expect(found[old]).toBeUndefined();
    for (const name of NEW_INDEXES) expect({ name, sql: found[name] }).toEqual({ name, sql: expect.stringMatching(/\(\s*["`]?state["`]?/) });
    // The SLA sweep's partial indexes hold open tickets only (made once `state` exists); the ones they replaced are gone.
    for (const name of SWEEP_INDEXES) expect({ name, sql: found[name] }).toEqual({ name, sql: expect.stringMatching(/state\S*\s+IN\s*\(|state\S* = ANY/i) });
    for (const name of SUPERSEDED_SWEEP_INDEXES) expect(found[name]).toBeUndefined();
    // The overview counts by the renamed column: one ticket in each state.
    const overview = await app!.strapi.plugin('support-desk').service('overview').ticketsByState();
    expect(Object.values(overview.byState)).toEqual(statesOf('ticket').map(() => 1));
  });

  it('drops the dead ticket fields resolution_summary and under_warranty', async () => {
    const knex = app!.strapi.db.connection;
    expect(await knex.schema.hasColumn('tickets', 'resolution_summary')).toBe(false);
    expect(await knex.schema.hasColumn('tickets', 'under_warranty')).toBe(false);
  });

  it('keeps the field where it was in the Content Manager views, and in the roles', async () => {
    for (const t of TYPES) {
      const before = oldLayouts[t.uid];
      const after = await cmLayout(app!.strapi, t.uid);
      const at = (layout: string[][], name: string) => {
        const row = layout.findIndex((r) => r.includes(name));
        return row < 0 ? null : [row, layout[row].indexOf(name)];
      };
      expect({ uid: t.uid, old: at(before.edit, 'status') }).toEqual({ uid: t.uid, old: expect.any(Array) });
      // The list columns: where `status` was, unless the project ships list columns for the type
      // (cm-config/shipped.ts), which a database that never had them takes over once.
      const shippedList = SHIPPED_TYPES[t.uid]?.list;
      const listAt = shippedList ? shippedList.indexOf('state') : before.list.indexOf('status');
      expect({ uid: t.uid, edit: at(after.edit, 'state'), list: after.list.indexOf('state') }).toEqual({ uid: t.uid, edit: at(before.edit, 'status'), list: listAt });
    }
    const agent = await app!.strapi.db.query('admin::role').findOne({ where: { code: 'support-agent' }, populate: ['permissions'] });
    const ticketRead = agent.permissions.find((p: any) => p.action === 'plugin::content-manager.explorer.read' && p.subject === 'api::ticket.ticket');
    expect(ticketRead.properties.fields).toContain('state');
    expect(ticketRead.properties.fields).not.toContain('status');
  });

  it('is recorded once, and running it again changes nothing', async () => {
    const knex = app!.strapi.db.connection;
    expect(Number((await knex('strapi_migrations').where({ name: MIGRATION }).count({ n: '*' }).first())!.n)).toBe(1);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const migration = require(path.join(appDir, 'database', 'migrations', MIGRATION));
    await knex.transaction((trx) => migration.up(trx));
    const rows = await app!.strapi.db.query('api::ticket.ticket').findMany({ select: ['id', 'state'] });
    expect(Object.fromEntries(rows.map((r: any) => [r.id, r.state]))).toEqual(Object.fromEntries(written.get('api::ticket.ticket')!));
  });
});
