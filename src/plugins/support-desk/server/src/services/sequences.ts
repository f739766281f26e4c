import type { Core } from '@strapi/strapi';
import { RMA_UID, SEQUENCE_UID, TICKET_UID } from '../constants';
import { RMA_NUMBER } from '../rma/state-machine';
import { formatNumber, TICKET_NUMBER } from '../workflow/numbers';

/** The human numbers the desk hands out: which table holds them and how a value is written. */
const NUMBERED = {
  ticket: { uid: TICKET_UID, shape: TICKET_NUMBER },
  rma: { uid: RMA_UID, shape: RMA_NUMBER },
} as const;
export type NumberedKind = keyof typeof NUMBERED;

type Knex = any;
const rowsOf = (result: any): any[] => (Array.isArray(result) ? result : result.rows);

/**
 * Named counters for human numbers (TS-000123, RMA-000007).
 *
 * - **SQLite** (one writer at a time anyway): one atomic UPDATE … RETURNING on the counter row, in
 *   the caller's transaction; a value from a rolled-back transaction was never seen by anyone.
 * - **PostgreSQL**: a native sequence per name (`support_desk_seq_<name>`), `nextval` in the
 *   caller's transaction. nextval never waits for another transaction, so ticket creations on
 *   every instance run side by side instead of queueing behind one locked counter row until each
 *   creating transaction commits. The price: a rolled-back creation leaves a gap in the numbers.
 *   The sequence starts after the counter row's value and the highest number in use (an existing
 *   database keeps counting).
 * On both, if the counter is ever behind the numbers in the table (rows written around it, data
 * imported into a running instance), `nextNumber` finds its number taken and moves the counter past
 * the highest one in use.
 */
const createSequenceService = ({ strapi }: { strapi: Core.Strapi }) => {
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const sequenceName = (name: string) => `support_desk_seq_${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  const prepared = new Set<string>();

  /** The highest number of `kind` in use (reads every row: only when a sequence is created or behind). */
  async function highestInUse(db: Knex, kind: string): Promise<number> {
    const spec = NUMBERED[kind as NumberedKind];
    if (!spec) return 0;
    const { tableName } = strapi.db.metadata.get(spec.uid);
    let highest = 0;
    // The digits after the prefix; parsed here, as SQLite has no regular-expression substring.
    for (const row of await db(tableName).whereNotNull('number').select('number')) {
      const digits = /(\d+)$/.exec(String(row.number));
      if (digits) highest = Math.max(highest, Number(digits[1]));
    }
    return highest;
  }

  async function counterRowValue(db: Knex, name: string): Promise<number> {
    const { tableName } = strapi.db.metadata.get(SEQUENCE_UID);
    const row = await db(tableName).where({ name }).first('value');
    return Number(row?.value ?? 0);
  }

  /**
   * Creates the PostgreSQL sequence of `name` if this database has none, in its own short
   * transaction (DDL must not ride on a caller's transaction that may roll back); an advisory lock
   * keeps two instances from creating it at once.
   */
  async function prepare(name: string): Promise<void> {
    if (!isPostgres() || prepared.has(name)) return;
    const seq = sequenceName(name);
    await strapi.db.connection.transaction(async (t: Knex) => {
      await t.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [seq]);
      const exists = rowsOf(await t.raw('SELECT to_regclass(?) IS NOT NULL AS present', [seq]))[0].present;
      if (exists) return;
      const start = Math.max(await counterRowValue(t, name), await highestInUse(t, name));
      await t.raw('CREATE SEQUENCE ?? AS bigint MINVALUE 1', [seq]);
      if (start > 0) await t.raw('SELECT setval(?::regclass, ?)', [seq, start]);
    });
    prepared.add(name);
  }

  async function tableNext(trx: Knex, name: string): Promise<number> {
    const { tableName } = strapi.db.metadata.get(SEQUENCE_UID);
    const bump = async () => rowsOf(await trx.raw(`UPDATE ?? SET value = value + 1, updated_at = ? WHERE name = ? RETURNING value`, [tableName, new Date(), name])) as { value: number | string }[];
    let rows = await bump();
    if (!rows.length) {
      // First use; a concurrent first user may insert it too, hence DO NOTHING.
      await trx.raw(`INSERT INTO ?? (document_id, name, value, created_at, updated_at) VALUES (?, ?, 0, ?, ?) ON CONFLICT (name) DO NOTHING`, [
        tableName,
        `sequence-${name}`,
        name,
        new Date(),
        new Date(),
      ]);
      rows = await bump();
    }
    return Number(rows[0].value);
  }

  const service = {
    isNative: isPostgres,
    /** Creates the database sequences of the desk's numbers up front (bootstrap), not on a first creation under load. */
    async prepareAll(): Promise<void> {
      for (const name of Object.keys(NUMBERED)) await prepare(name);
    },

    /** The next value of counter `name`, inside the caller's transaction when there is one. */
    async next(name: string): Promise<number> {
      await prepare(name);
      return strapi.db.transaction(async ({ trx }) => {
        if (!isPostgres()) return tableNext(trx, name);
        return Number(rowsOf(await trx.raw('SELECT nextval(?::regclass) AS value', [sequenceName(name)]))[0].value);
      });
    },

    /** The next free human number of `kind` (e.g. `TS-000124`). */
    async nextNumber(kind: NumberedKind): Promise<string> {
      const spec = NUMBERED[kind];
      const format = (n: number) => formatNumber(spec.shape, n);
      const meta = strapi.db.metadata.get(spec.uid) as any;
      const { tableName } = meta;
      const column: string = meta.attributes.number?.columnName ?? 'number';
      if (isPostgres()) await prepare(kind);
      return strapi.db.transaction(async ({ trx }) => {
        let number: string;
        if (isPostgres()) {
          // The value and whether its number is taken in one round trip (the number written as
          // formatNumber writes it: lpad would cut a longer value, hence GREATEST).
          const [row] = rowsOf(
            await trx.raw(`SELECT s.value, EXISTS (SELECT 1 FROM ?? WHERE ?? = ? || lpad(s.value::text, GREATEST(?, length(s.value::text)), '0')) AS taken FROM (SELECT nextval(?::regclass) AS value) s`, [
              tableName,
              column,
              spec.shape.prefix,
              spec.shape.digits,
              sequenceName(kind),
            ]),
          );
          number = format(Number(row.value));
          if (!row.taken) return number;
        } else {
          number = format(await service.next(kind));
          if (!(await trx(tableName).where({ [column]: number }).first('id'))) return number;
        }
        // The counter is behind the numbers in the table (data imported or written around it): move it past them once.
        const highest = await highestInUse(trx, kind);
        if (isPostgres()) {
          const seq = sequenceName(kind);
          await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [seq]);
          await trx.raw('SELECT setval(?::regclass, GREATEST(?, (SELECT last_value FROM ??)))', [seq, highest, seq]);
        } else {
          const { tableName: counters } = strapi.db.metadata.get(SEQUENCE_UID);
          await trx(counters).where({ name: kind }).andWhere('value', '<', highest).update({ value: highest, updated_at: new Date() });
        }
        strapi.log.warn(`[support-desk] ${kind} numbers: the counter was behind ${format(highest)}; moved past it`);
        return format(await service.next(kind));
      });
    },
  };
  return service;
};

export type SequenceService = ReturnType<typeof createSequenceService>;
export default createSequenceService;
