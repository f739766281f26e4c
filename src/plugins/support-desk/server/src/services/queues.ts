/**
 * The agent's workspace in the admin (issue 15): ticket queues, the agent list of the assignee
 * picker, bulk assignment and tickets taken by phone. The rules (queues, visibility, SLA figure,
 * input checks) are queues/index.ts; this shell runs the queries and calls the ticket service for
 * every write, so the workflow middleware, routing rules, SLA and timeline apply as on every path.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  compareDue,
  orderByFor,
  queueWhere,
  queuesFor,
  staffName,
  toQueueRow,
  visibilityWhere,
  type BulkAssignInput,
  type PhoneTicketInput,
  type QueueName,
  type QueueQuery,
  type Viewer,
} from '../queues';
import { OPEN_STATUSES } from '../workflow/state-machine';
import type { Actor } from '../workflow/actor';
import { getService } from '../utils/get-service';
import { isHttpError } from '../utils/errors';
import { adminCan } from '../utils/admin-permissions';
import { actionId } from '../permissions';
import { toAgentTicket, toContactRef } from '../contracts/agent';
import { ADMIN_USER_UID, AGENT_PROFILE_UID, AGENT_ROLE_CODE, ASSET_UID, GROUP_UID, ORGANIZATION_UID, SUPERVISOR_ROLE_CODE, TICKET_UID, USER_UID } from '../constants';

type Row = Record<string, any>;

const SUPER_ADMIN_ROLE_CODE = 'strapi-super-admin';
const DUE_FIELDS = ['id', 'state', 'first_response_due_at', 'first_responded_at', 'resolution_due_at', 'sla_paused_at', 'resolution_remaining_minutes'];
const ROW_SELECT = ['id', 'documentId', 'number', 'subject', 'state', 'priority', 'channel', 'version', 'createdAt', 'updatedAt', ...DUE_FIELDS.slice(2)];
const ROW_POPULATE = {
  organization: { select: ['documentId', 'name'] },
  group: { select: ['documentId', 'name', 'code'] },
  assignee: { select: ['id', 'firstname', 'lastname'] },
};

export interface BulkRowResult {
  documentId: string;
  number: string | null;
  status: number;
  message?: string;
  ticket?: { documentId: string; version: number; assignee: { id: number; name: string | null } | null; group: { documentId: string; name: string | null } | null };
}

const createQueueService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const link = (uid: string, attribute: string) => {
    const jt = (strapi.db.metadata.get(uid).attributes as Row)[attribute].joinTable;
    return { table: jt.name as string, own: jt.joinColumn.name as string, other: jt.inverseJoinColumn.name as string };
  };

  /** Ids of the support groups of an admin user: member, lead, or listed in their agent profile. */
  async function groupIdsOf(userId: number): Promise<number[]> {
    const ml = link(GROUP_UID, 'members');
    const ll = link(GROUP_UID, 'lead');
    const pu = link(AGENT_PROFILE_UID, 'user');
    const pg = link(AGENT_PROFILE_UID, 'groups');
    const rows: Row[] = [
      ...(await knex().select(`${ml.own} AS g`).from(ml.table).where(ml.other, userId)),
      ...(await knex().select(`${ll.own} AS g`).from(ll.table).where(ll.other, userId)),
      ...(await knex().select(`pg.${pg.other} AS g`).from({ pg: pg.table }).join({ pu: pu.table }, `pu.${pu.own}`, `pg.${pg.own}`).where(`pu.${pu.other}`, userId)),
    ];
    return [...new Set(rows.map((r) => Number(r.g)))].sort((a, b) => a - b);
  }

  async function viewerOf(userId: number): Promise<Viewer> {
    const user = await strapi.db.query(ADMIN_USER_UID).findOne({ where: { id: userId }, populate: { roles: { select: ['code'] } } });
    const codes: string[] = (user?.roles ?? []).map((r: Row) => r.code);
    const role: Viewer['role'] = codes.includes(SUPER_ADMIN_ROLE_CODE) ? 'admin' : codes.includes(SUPERVISOR_ROLE_CODE) ? 'supervisor' : 'agent';
    return { userId, role, groupIds: role === 'admin' ? [] : await groupIdsOf(userId) };
  }

  async function displayNames(userIds: number[]): Promise<Map<number, string>> {
    if (!userIds.length) return new Map();
    const profiles: Row[] = await strapi.db.query(AGENT_PROFILE_UID).findMany({ where: { user: { id: { $in: userIds } } }, select: ['display_name'], populate: { user: { select: ['id'] } } });
    return new Map(profiles.filter((p) => p.user && p.display_name).map((p) => [p.user.id as number, p.display_name as string]));
  }

  async function rowsOf(tickets: Row[], now: Date) {
    const names = await displayNames([...new Set(tickets.map((t) => t.assignee?.id).filter(Boolean))] as number[]);
    return tickets.map((t) => toQueueRow(t, now, names));
  }

  /** Ticket ids (in order) of one queue page, and the total. */
  async function pageIds(where: Row, q: QueueQuery, now: Date): Promise<{ ids: number[]; total: number }> {
    const query = strapi.db.query(TICKET_UID);
    const offset = (q.page - 1) * q.pageSize;
    if (q.sort === 'due') {
      // The next deadline is computed per row (first response or resolution, paused clocks): sorted here.
      const all: Row[] = await query.findMany({ where, select: DUE_FIELDS });
      all.sort(compareDue(q.order, now) as (a: Row, b: Row) => number);
      return { ids: all.slice(offset, offset + q.pageSize).map((r) => r.id), total: all.length };
    }
    const [rows, total] = await Promise.all([
      query.findMany({ where, select: ['id'], orderBy: orderByFor(q.sort, q.order) as any, offset, limit: q.pageSize }),
      query.count({ where }),
    ]);
    return { ids: rows.map((r: Row) => r.id), total: Number(total) };
  }

  return {
    viewerOf,
    groupIdsOf,

    /** One page of a queue. An agent asking for all-open gets 403. */
    async list(viewer: Viewer, q: QueueQuery, now = new Date()) {
      if (!queuesFor(viewer).includes(q.queue)) throw new errors.ForbiddenError(`The "${q.queue}" queue is for supervisors; use all-open only as a supervisor.`);
      const { ids, total } = await pageIds(queueWhere(q.queue, viewer, now), q, now);
      const loaded: Row[] = ids.length ? await strapi.db.query(TICKET_UID).findMany({ where: { id: { $in: ids } }, select: ROW_SELECT, populate: ROW_POPULATE }) : [];
      const byId = new Map(loaded.map((r) => [r.id, r]));
      const rows = await rowsOf(ids.map((id) => byId.get(id)).filter(Boolean) as Row[], now);
      return {
        data: rows,
        meta: {
          queue: q.queue,
          sort: q.sort,
          order: q.order,
          now: now.toISOString(),
          pagination: { page: q.page, pageSize: q.pageSize, total, pageCount: Math.ceil(total / q.pageSize) },
        },
      };
    },

    /** The queues the viewer has, with the number of tickets in each. */
    async summary(viewer: Viewer, now = new Date()) {
      const names = queuesFor(viewer);
      const counts = await Promise.all(names.map((name: QueueName) => strapi.db.query(TICKET_UID).count({ where: queueWhere(name, viewer, now) })));
      return {
        data: names.map((name, i) => ({ queue: name, count: Number(counts[i]) })),
        meta: {
          role: viewer.role,
          groups: viewer.groupIds.length,
          // What the page offers (the routes check the same actions).
          can: {
            bulkAssign: await adminCan(strapi, viewer.userId, actionId('tickets.bulk-assign')),
            createTicket: await adminCan(strapi, viewer.userId, actionId('tickets.create')),
          },
        },
      };
    },

    /**
     * Agents for the assignee picker: admin users of the viewer's groups (everyone in a support
     * group or with an agent profile, for a super admin), each as id, name, groups and open load.
     */
    async agents(viewer: Viewer) {
      const groupWhere = viewer.role === 'admin' ? {} : { id: { $in: viewer.groupIds } };
      const groups: Row[] = await strapi.db.query(GROUP_UID).findMany({
        where: groupWhere,
        select: ['id', 'documentId', 'name', 'code'],
        populate: { members: { select: ['id'] }, lead: { select: ['id'] }, agent_profiles: { select: ['id'], populate: { user: { select: ['id'] } } } },
        orderBy: { name: 'asc' },
      });
      const groupsOf = new Map<number, Array<{ documentId: string; name: string; code: string }>>();
      const add = (userId: number | undefined, g: Row) => {
        if (!userId) return;
        const list = groupsOf.get(userId) ?? [];
        if (!list.some((x) => x.documentId === g.documentId)) list.push({ documentId: g.documentId, name: g.name, code: g.code });
        groupsOf.set(userId, list);
      };
      for (const g of groups) {
        for (const m of g.members ?? []) add(m.id, g);
        add(g.lead?.id, g);
        for (const p of g.agent_profiles ?? []) add(p.user?.id, g);
      }
      let userIds = [...groupsOf.keys()];
      if (viewer.role === 'admin') {
        const staff: Row[] = await strapi.db.query(ADMIN_USER_UID).findMany({ where: { roles: { code: { $in: [AGENT_ROLE_CODE, SUPERVISOR_ROLE_CODE] } } }, select: ['id'] });
        userIds = [...new Set([...userIds, ...staff.map((u) => u.id as number)])];
      }
      if (!userIds.length) return { data: [] };
      const users: Row[] = await strapi.db.query(ADMIN_USER_UID).findMany({ where: { id: { $in: userIds }, isActive: true, blocked: false }, select: ['id', 'firstname', 'lastname'] });
      const profiles: Row[] = await strapi.db.query(AGENT_PROFILE_UID).findMany({ where: { user: { id: { $in: userIds } } }, select: ['display_name', 'available', 'max_open_tickets'], populate: { user: { select: ['id'] } } });
      const profileOf = new Map(profiles.filter((p) => p.user).map((p) => [p.user.id as number, p]));
      const al = link(TICKET_UID, 'assignee');
      const loads: Row[] = await knex()
        .from({ l: al.table })
        .join({ t: strapi.db.metadata.get(TICKET_UID).tableName }, 't.id', `l.${al.own}`)
        .whereIn(`l.${al.other}`, userIds)
        .whereIn('t.state', [...OPEN_STATUSES])
        .groupBy(`l.${al.other}`)
        .select(`l.${al.other} AS u`)
        .count({ n: '*' });
      const loadOf = new Map(loads.map((r) => [Number(r.u), Number(r.n)]));
      const data = users
        .map((u) => {
          const p = profileOf.get(u.id);
          return {
            id: u.id as number,
            name: staffName(u, p?.display_name) ?? `#${u.id}`,
            groups: groupsOf.get(u.id) ?? [],
            open: loadOf.get(u.id) ?? 0,
            available: p ? p.available !== false : true,
            capacity: p?.max_open_tickets ?? null,
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
      return { data };
    },

    /**
     * Assigns several tickets (one request), each through the ticket service's assign (version
     * check, routing rules, timeline, SLA). Per row: 200, or 403 (outside the viewer's groups),
     * 404, 409 (changed meanwhile), 400 (refused by the workflow), with the message.
     */
    async bulkAssign(viewer: Viewer, input: BulkAssignInput, actor: Actor): Promise<BulkRowResult[]> {
      if (typeof input.assignee === 'number') {
        const user = await strapi.db.query(ADMIN_USER_UID).findOne({ where: { id: input.assignee }, select: ['id', 'isActive', 'blocked'] });
        if (!user || !user.isActive || user.blocked) {
          throw new errors.ValidationError(`assignee ${input.assignee} is not an active admin user; pick one from GET /support-desk/agents.`, {
            errors: [{ path: ['assignee'], message: 'unknown assignee', name: 'ValidationError' }],
          });
        }
      }
      if (typeof input.group === 'string') {
        const group = await strapi.db.query(GROUP_UID).findOne({ where: { documentId: input.group }, select: ['id'] });
        if (!group) throw new errors.ValidationError(`group "${input.group}" is not a support group.`, { errors: [{ path: ['group'], message: 'unknown group', name: 'ValidationError' }] });
        if (viewer.role !== 'admin' && !viewer.groupIds.includes(group.id)) {
          throw new errors.ForbiddenError(`group "${input.group}" is not one of your support groups.`);
        }
      }
      const visible = visibilityWhere(viewer);
      const results: BulkRowResult[] = [];
      for (const item of input.tickets) {
        const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { documentId: item.documentId }, select: ['id', 'number'] });
        if (!ticket) {
          results.push({ documentId: item.documentId, number: null, status: 404, message: `No ticket with id "${item.documentId}".` });
          continue;
        }
        if (visible && !(await strapi.db.query(TICKET_UID).count({ where: { $and: [{ id: ticket.id }, visible] } }))) {
          results.push({ documentId: item.documentId, number: ticket.number, status: 403, message: `Ticket ${ticket.number} is not in your support groups.` });
          continue;
        }
        try {
          const request = { version: item.version, reason: input.reason, ...(input.assignee !== undefined ? { assignee: input.assignee } : {}), ...(input.group !== undefined ? { group: input.group } : {}) };
          const updated = (await getService('tickets').assign(item.documentId, request, actor)) as Row;
          const names = await displayNames(updated.assignee ? [updated.assignee.id] : []);
          results.push({
            documentId: item.documentId,
            number: ticket.number,
            status: 200,
            ticket: {
              documentId: updated.documentId,
              version: updated.version,
              assignee: updated.assignee ? { id: updated.assignee.id, name: staffName(updated.assignee, names.get(updated.assignee.id)) } : null,
              group: updated.group ? { documentId: updated.group.documentId, name: updated.group.name ?? null } : null,
            },
          });
        } catch (err) {
          const status = isHttpError(err) ? err.status : (err as { status?: number }).status;
          if (!status || status >= 500) throw err;
          results.push({ documentId: item.documentId, number: ticket.number, status, message: (err as Error).message });
        }
      }
      return results;
    },

    /** Organizations for the phone-ticket form (name or code contains `q`). */
    async organizations(q: string) {
      const where = q ? { $or: [{ name: { $containsi: q } }, { code: { $containsi: q } }] } : {};
      const rows: Row[] = await strapi.db.query(ORGANIZATION_UID).findMany({ where, select: ['documentId', 'name', 'code'], orderBy: { name: 'asc' }, limit: 20 });
      return { data: rows.map((r) => ({ documentId: r.documentId, name: r.name, code: r.code })) };
    },

    /** The contacts and assets of an organization, for the phone-ticket form. */
    async organizationContacts(documentId: string, q: string) {
      const org = await strapi.db.query(ORGANIZATION_UID).findOne({ where: { documentId }, select: ['id'] });
      if (!org) throw new errors.NotFoundError(`No organization with id "${documentId}".`);
      const match = q ? { $or: [{ full_name: { $containsi: q } }, { username: { $containsi: q } }, { email: { $containsi: q } }, { phone: { $containsi: q } }] } : {};
      const contacts: Row[] = await strapi.db.query(USER_UID).findMany({
        where: { $and: [{ organization: { id: org.id } }, { blocked: false }, match] },
        select: ['id', 'documentId', 'username', 'full_name', 'email', 'phone'],
        orderBy: { full_name: 'asc' },
        limit: 50,
      });
      const assets: Row[] = await strapi.db.query(ASSET_UID).findMany({ where: { organization: { id: org.id } }, select: ['documentId', 'serial_number', 'model', 'product_line'], orderBy: { serial_number: 'asc' }, limit: 200 });
      return {
        data: {
          contacts: contacts.map((c) => toContactRef(c)),
          assets: assets.map((a) => ({ documentId: a.documentId, serial_number: a.serial_number, model: a.model ?? null, product_line: a.product_line ?? null })),
        },
      };
    },

    /** A ticket taken by phone for a contact, created through the ticket service (number, SLA, timeline). */
    async createPhoneTicket(input: PhoneTicketInput, actor: Actor) {
      const refuse = (path: string, message: string): never => {
        throw new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });
      };
      const org = await strapi.db.query(ORGANIZATION_UID).findOne({ where: { documentId: input.organization }, select: ['id', 'documentId', 'region'] });
      if (!org) refuse('organization', `organization "${input.organization}" does not exist; pick one from the list.`);
      const contact = await strapi.db.query(USER_UID).findOne({ where: { documentId: input.requester }, select: ['id', 'documentId', 'blocked'], populate: { organization: { select: ['id'] } } });
      if (!contact || contact.organization?.id !== org.id) refuse('requester', 'the contact is not a contact of this organization; pick one of its contacts.');
      if (contact.blocked) refuse('requester', 'the contact is blocked; unblock it or pick another contact.');
      let asset: Row | null = null;
      if (input.asset) {
        asset = await strapi.db.query(ASSET_UID).findOne({ where: { documentId: input.asset, organization: { id: org.id } }, select: ['documentId', 'product_line'] });
        if (!asset) refuse('asset', 'the asset is not an asset of this organization; pick one of its assets or none.');
      }
      const data: Row = {
        subject: input.subject,
        description: input.description,
        channel: 'phone',
        urgency: input.urgency,
        impact: input.impact,
        ...(input.type ? { type: input.type } : {}),
        organization: org.documentId,
        requester: contact.documentId,
        ...(asset ? { asset: asset.documentId, ...(asset.product_line ? { product_line: asset.product_line } : {}) } : {}),
        ...(org.region ? { region: org.region } : {}),
        // The agent who took the call is the creator, as in the Content Manager (its ticket scope condition).
        ...(actor.id ? { createdBy: actor.id, updatedBy: actor.id } : {}),
      };
      const created = (await getService('tickets').create(data, actor)) as Row;
      return toAgentTicket(created);
    },

    /** The RBAC condition of the Content Manager's ticket read for agents (bootstrap/ticket-scope.ts). */
    async ticketScopeQuery(userId: number) {
      const ids = await groupIdsOf(userId);
      const groups = [...(ids.length ? [{ 'group.id': { $in: ids } }] : []), { 'group.id': null }];
      return { $or: [...groups, { 'assignee.id': userId }, { 'createdBy.id': userId }] };
    },
  };
};

export type QueueService = ReturnType<typeof createQueueService>;
export default createQueueService;
