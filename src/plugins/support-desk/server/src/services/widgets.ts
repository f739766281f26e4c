/**
 * Homepage widgets and the dashboard's side lists (docs/architecture.md, "Dashboard pages and
 * homepage widgets"): small aggregate reads with explicit field lists.
 * - atRisk: open tickets with a running SLA clock, nearest deadline first (widgets/deadline.ts),
 *   scoped to the caller's support groups (member or lead) and tickets assigned to them; a super
 *   admin sees all.
 * - myOpen: open tickets assigned to the caller, most urgent first, and their count.
 * - partsBelowReorder: parts short of stock as inventory/ledger.ts `stockLevel` says: a reorder point
 *   above 0 and available (on hand − reserved) below it.
 * - upcomingSessions: training sessions starting from now, not cancelled or completed.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ADMIN_USER_UID, GROUP_UID, PART_UID, TICKET_UID, TRAINING_SESSION_UID, TRAINING_UID } from '../constants';
import { OPEN_STATUSES } from '../workflow/state-machine';
import { NEXT_DUE_SQL, nextDeadline } from '../widgets/deadline';
import type { WidgetTicket } from '../contracts/widgets';
import type { PartBelowReorder, UpcomingSession } from '../contracts/dashboard';

type Row = Record<string, any>;

export type { WidgetTicket } from '../contracts/widgets';

const createWidgetsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const table = (uid: string) => strapi.db.metadata.get(uid).tableName;
  const link = (uid: string, attribute: string) => {
    const jt = (strapi.db.metadata.get(uid).attributes as Row)[attribute].joinTable;
    return { table: jt.name as string, own: jt.joinColumn.name as string, other: jt.inverseJoinColumn.name as string };
  };

  /** Open tickets with their group and assignee names (whitelisted columns). */
  function openTickets(): Knex.QueryBuilder {
    const gl = link(TICKET_UID, 'group');
    const al = link(TICKET_UID, 'assignee');
    return knex()({ t: table(TICKET_UID) })
      .leftJoin({ gl: gl.table }, `gl.${gl.own}`, 't.id')
      .leftJoin({ g: table(GROUP_UID) }, 'g.id', `gl.${gl.other}`)
      .leftJoin({ al: al.table }, `al.${al.own}`, 't.id')
      .leftJoin({ u: table(ADMIN_USER_UID) }, 'u.id', `al.${al.other}`)
      .whereIn('t.state', OPEN_STATUSES as string[])
      .select('t.document_id', 't.number', 't.subject', 't.priority', 't.state', 't.first_response_due_at', 't.first_responded_at', 't.resolution_due_at', 'g.name AS group_name', 'u.firstname', 'u.lastname');
  }

  const shape = (r: Row, now: Date): WidgetTicket => {
    const next = nextDeadline(r as any, now);
    return {
      documentId: r.document_id,
      number: r.number,
      subject: r.subject,
      priority: r.priority,
      state: r.state,
      group: r.group_name ?? null,
      assignee: [r.firstname, r.lastname].filter(Boolean).join(' ') || null,
      next_deadline: next ? { clock: next.clock, due: next.due.toISOString(), minutes_left: next.minutes_left } : null,
    };
  };

  /** Ids of the support groups the user belongs to or leads. */
  async function groupsOf(userId: number): Promise<number[]> {
    const ml = link(GROUP_UID, 'members');
    const ll = link(GROUP_UID, 'lead');
    const rows: Row[] = [
      ...(await knex().select(`${ml.own} AS g`).from(ml.table).where(ml.other, userId)),
      ...(await knex().select(`${ll.own} AS g`).from(ll.table).where(ll.other, userId)),
    ];
    return [...new Set(rows.map((r) => Number(r.g)))];
  }

  return {
    async atRisk(user: { id: number; superAdmin: boolean }, limit: number, now: Date) {
      const q = openTickets().whereRaw(`(${NEXT_DUE_SQL}) IS NOT NULL`);
      if (!user.superAdmin) {
        const groups = await groupsOf(user.id);
        const al = link(TICKET_UID, 'assignee');
        q.andWhere((w) => {
          w.where(`al.${al.other}`, user.id);
          if (groups.length) w.orWhereIn(`g.id`, groups);
        });
      }
      const rows: Row[] = await q.orderByRaw(`${NEXT_DUE_SQL} ASC, t.id ASC`).limit(limit);
      return rows.map((r) => shape(r, now));
    },

    async myOpen(userId: number, limit: number, now: Date) {
      const al = link(TICKET_UID, 'assignee');
      const rows: Row[] = await openTickets()
        .where(`al.${al.other}`, userId)
        .orderBy([{ column: 't.priority', order: 'asc' }])
        // Tickets with no running deadline last on both databases (SQLite sorts NULL first, PostgreSQL last).
        .orderByRaw(`CASE WHEN (${NEXT_DUE_SQL}) IS NULL THEN 1 ELSE 0 END, ${NEXT_DUE_SQL} ASC, t.id ASC`)
        .limit(limit);
      const [count] = await knex()({ t: table(TICKET_UID) })
        .join({ al: al.table }, `al.${al.own}`, 't.id')
        .where(`al.${al.other}`, userId)
        .whereIn('t.state', OPEN_STATUSES as string[])
        .count({ n: '*' });
      return { total: Number(count?.n ?? 0), tickets: rows.map((r) => shape(r, now)) };
    },

    async partsBelowReorder(limit = 20): Promise<PartBelowReorder[]> {
      const rows: Row[] = await knex()(table(PART_UID))
        .where('reorder_point', '>', 0)
        .whereRaw('(COALESCE(on_hand, 0) - COALESCE(reserved, 0)) < reorder_point')
        .select('document_id', 'sku', 'name', 'on_hand', 'reserved', 'reorder_point', 'reorder_quantity', 'location')
        .orderByRaw('(COALESCE(on_hand, 0) - COALESCE(reserved, 0)) - reorder_point ASC, sku ASC')
        .limit(limit);
      return rows.map((r) => ({
        documentId: r.document_id as string,
        sku: r.sku as string,
        name: r.name as string,
        available: Number(r.on_hand ?? 0) - Number(r.reserved ?? 0),
        reorder_point: Number(r.reorder_point),
        reorder_quantity: r.reorder_quantity === null ? null : Number(r.reorder_quantity),
        location: (r.location as string | null) ?? null,
      }));
    },

    async upcomingSessions(now: Date, limit = 10): Promise<UpcomingSession[]> {
      const tl = link(TRAINING_SESSION_UID, 'training');
      const rows: Row[] = await knex()({ s: table(TRAINING_SESSION_UID) })
        .leftJoin({ tl: tl.table }, `tl.${tl.own}`, 's.id')
        .leftJoin({ tr: table(TRAINING_UID) }, 'tr.id', `tl.${tl.other}`)
        .where('s.starts_at', '>=', now)
        .whereNotIn('s.state', ['cancelled', 'completed'])
        .select('s.document_id', 's.starts_at', 's.ends_at', 's.location', 's.capacity', 's.state', 'tr.title', 'tr.code')
        .orderBy([{ column: 's.starts_at' }, { column: 's.id' }])
        .limit(limit);
      const date = (v: unknown) => (v === null || v === undefined ? null : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v as any)).toISOString());
      return rows.map((r) => ({
        documentId: r.document_id as string,
        training: (r.title as string | null) ?? null,
        code: (r.code as string | null) ?? null,
        starts_at: date(r.starts_at),
        ends_at: date(r.ends_at),
        location: (r.location as string | null) ?? null,
        capacity: r.capacity === null ? null : Number(r.capacity),
        state: r.state as string,
      }));
    },
  };
};

export type WidgetsService = ReturnType<typeof createWidgetsService>;
export default createWidgetsService;
