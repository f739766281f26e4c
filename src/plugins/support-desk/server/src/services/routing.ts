/**
 * Routing at triage and the rules of reassignment, on top of the pure core in routing/.
 *
 * Called by the ticket-workflow middleware inside the ticket's write transaction (after the version
 * claim, before the write), so every path — transition endpoint, Content Manager, core REST, API
 * tokens — routes and checks the same way:
 * - `triage` without an explicit assignee routes: group by the ticket's product line, needed skills
 *   and region (its asset's product line weighs less than its own; its organization's region when
 *   it has none; routing/scoreGroup), then the agent (skills, load, round-robin). An existing or given group is kept and only the agent is picked.
 * - An explicit assignee change by an agent is checked (routing/checkAssignment); supervisors
 *   (support-supervisor, super admin), integrations and the system override.
 * The round-robin cursor is `agent-profile.last_assigned_at`, written in the same transaction. On
 * PostgreSQL the candidates' profile rows are locked (FOR UPDATE, in id order) so that concurrent
 * triages for one group serialize and see each other's assignments; SQLite has a single writer.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Actor } from '../workflow/actor';
import { OPEN_STATUSES, type TransitionPlan } from '../workflow/state-machine';
import { checkAssignment, normalizeSkills, pickAgent, pickGroup, requiredSkillsFor, type AgentCandidate, type GroupCandidate, type RoutableTicket } from '../routing';
import { SUPERVISOR_ROLE_CODE, ADMIN_USER_UID, AGENT_PROFILE_UID, GROUP_UID, TICKET_UID } from '../constants';
import { pluginConfig } from '../utils/plugin-config';
import { relationTarget, type RelationTarget } from '../utils/relations';

const SUPER_ADMIN_ROLE_CODE = 'strapi-super-admin';

type Row = Record<string, any>;

export interface RoutingConfig {
  /** Code of the group that gets tickets no group serves; default: the group flagged is_fallback. */
  fallbackGroupCode?: string | null;
  /** Skills a ticket of a product line needs when it does not list its own `skills_required`. */
  productLineSkills?: Record<string, string[]>;
}

/** What routing did to a write: the explanation and data go on the ticket's `assignment` event. */
export interface RoutingNote {
  reason: string;
  data: Record<string, unknown>;
}

const fullName = (u: Row | null | undefined) => (u ? [u.firstname, u.lastname].filter(Boolean).join(' ') || u.email || `user #${u.id}` : null);

const createRoutingService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = (): RoutingConfig => pluginConfig(strapi).routing ?? {};
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  /** Runs `fn` with the current transaction's knex (joins the caller's transaction when there is one). */
  const withTrx = <T>(fn: (trx: any) => Promise<T>): Promise<T> => strapi.db.transaction(({ trx }) => fn(trx)) as Promise<T>;

  async function loadGroups(): Promise<GroupCandidate[]> {
    const rows = await strapi.db.query(GROUP_UID).findMany({ select: ['id', 'documentId', 'code', 'name', 'product_line', 'region', 'is_fallback'], orderBy: { id: 'asc' } });
    return rows as GroupCandidate[];
  }

  async function findGroup(target: RelationTarget): Promise<Row | null> {
    if (target.kind !== 'set') return null;
    return strapi.db.query(GROUP_UID).findOne({ where: target.id !== undefined ? { id: target.id } : { documentId: target.documentId } });
  }

  /** User ids of a group's members: the group's `members` and the agent profiles that list the group. */
  async function memberIds(groupId: number): Promise<number[]> {
    const group = await strapi.db.query(GROUP_UID).findOne({ where: { id: groupId }, populate: { members: { select: ['id', 'isActive', 'blocked'] } } });
    const profiles = await strapi.db.query(AGENT_PROFILE_UID).findMany({ where: { groups: { id: groupId } }, populate: { user: { select: ['id', 'isActive', 'blocked'] } } });
    const users: Row[] = [...(group?.members ?? []), ...profiles.map((p: Row) => p.user).filter(Boolean)];
    return [...new Set(users.filter((u) => u.isActive !== false && !u.blocked).map((u) => u.id as number))].sort((a, b) => a - b);
  }

  /** Open tickets per assignee (this ticket left out), in one query over the assignee link table. */
  async function openCounts(userIds: number[], excludeTicketId?: number): Promise<Map<number, number>> {
    const counts = new Map<number, number>(userIds.map((id) => [id, 0]));
    if (!userIds.length) return counts;
    const meta = strapi.db.metadata.get(TICKET_UID) as any;
    const link = meta.attributes.assignee.joinTable;
    const userCol = `${link.name}.${link.inverseJoinColumn.name}`;
    const rows: Row[] = await withTrx((trx) => {
      const q = trx(link.name)
        .join(meta.tableName, `${meta.tableName}.id`, `${link.name}.${link.joinColumn.name}`)
        .whereIn(userCol, userIds)
        .whereIn(`${meta.tableName}.state`, [...OPEN_STATUSES]);
      if (excludeTicketId !== undefined) q.whereNot(`${meta.tableName}.id`, excludeTicketId);
      return q.groupBy(userCol).select(`${userCol} as user_id`).count('* as n');
    });
    for (const r of rows) counts.set(Number(r.user_id), Number(r.n));
    return counts;
  }

  /** Routing view of admin users: profile (skills, availability, capacity, cursor) and open load. */
  async function candidates(userIds: number[], { excludeTicketId, lock = false }: { excludeTicketId?: number; lock?: boolean } = {}): Promise<AgentCandidate[]> {
    if (!userIds.length) return [];
    const users: Row[] = await strapi.db.query(ADMIN_USER_UID).findMany({ where: { id: { $in: userIds } }, select: ['id', 'firstname', 'lastname', 'email'] });
    const profiles: Row[] = await strapi.db.query(AGENT_PROFILE_UID).findMany({ where: { user: { id: { $in: userIds } } }, populate: { user: { select: ['id'] } }, orderBy: { id: 'asc' } });
    if (lock && isPostgres() && profiles.length) {
      const { tableName } = strapi.db.metadata.get(AGENT_PROFILE_UID);
      await withTrx((trx) => trx(tableName).whereIn('id', profiles.map((p) => p.id)).orderBy('id').forUpdate().select('id'));
    }
    // Re-read after the lock: another triage may have moved the cursor meanwhile.
    const fresh: Row[] = lock && profiles.length ? await strapi.db.query(AGENT_PROFILE_UID).findMany({ where: { id: { $in: profiles.map((p) => p.id) } }, populate: { user: { select: ['id'] } } }) : profiles;
    const profileOf = new Map(fresh.map((p) => [p.user?.id as number, p]));
    const counts = await openCounts(userIds, excludeTicketId);
    return users.map((u) => {
      const p = profileOf.get(u.id);
      return {
        userId: u.id,
        name: p?.display_name || fullName(u),
        hasProfile: Boolean(p),
        skills: Array.isArray(p?.skills) ? p.skills : [],
        available: p ? p.available !== false : false,
        maxOpenTickets: p?.max_open_tickets ?? 20,
        openTickets: counts.get(u.id) ?? 0,
        lastAssignedAt: p?.last_assigned_at ?? null,
      };
    });
  }

  async function isSupervisor(actor: Actor): Promise<boolean> {
    if (actor.kind === 'integration' || actor.kind === 'system') return true;
    if (actor.kind !== 'agent' || actor.id === undefined) return false;
    const user = await strapi.db.query(ADMIN_USER_UID).findOne({ where: { id: actor.id }, populate: { roles: { select: ['code'] } } });
    return Boolean(user?.roles?.some((r: Row) => r.code === SUPERVISOR_ROLE_CODE || r.code === SUPER_ADMIN_ROLE_CODE));
  }

  /** Moves the round-robin cursor of the assignee's profile (no-op without a profile). */
  async function touch(userId: number, now = new Date()) {
    // By id: the query engine's updateMany with a relation filter runs outside the transaction.
    const profile = await strapi.db.query(AGENT_PROFILE_UID).findOne({ where: { user: { id: userId } }, select: ['id'] });
    if (profile) await strapi.db.query(AGENT_PROFILE_UID).update({ where: { id: profile.id }, data: { last_assigned_at: now } });
  }

  /**
   * Product line and region of a ticket: its own; its asset's product line apart (it weighs less,
   * routing/scoreGroup), and its organization's region when it has none.
   */
  async function routingFacts(before: Row, data: Row) {
    const productLine: string | null = data.product_line ?? before.product_line ?? null;
    let region: string | null = data.region ?? before.region ?? null;
    const full = await strapi.db.query(TICKET_UID).findOne({ where: { id: before.id }, populate: { asset: { select: ['product_line'] }, organization: { select: ['region'] } } });
    region ||= full?.organization?.region ?? null;
    return { product_line: productLine, asset_product_line: full?.asset?.product_line ?? null, region, skills_required: data.skills_required ?? before.skills_required ?? null };
  }

  /** Per group id, the skills of its available members with an agent profile (members or profiles listing the group). */
  async function skillsByGroup(): Promise<Map<number, Set<string>>> {
    const groups: Row[] = await strapi.db.query(GROUP_UID).findMany({ select: ['id'], populate: { members: { select: ['id', 'isActive', 'blocked'] } } });
    const profiles: Row[] = await strapi.db.query(AGENT_PROFILE_UID).findMany({ select: ['id', 'skills', 'available'], populate: { user: { select: ['id', 'isActive', 'blocked'] }, groups: { select: ['id'] } } });
    const byUser = new Map(profiles.filter((p) => p.user && p.available !== false && p.user.isActive !== false && !p.user.blocked).map((p) => [p.user.id as number, p]));
    const result = new Map<number, Set<string>>();
    const add = (groupId: number, p: Row | undefined) => {
      if (!p) return;
      const set = result.get(groupId) ?? new Set<string>();
      for (const skill of normalizeSkills(p.skills)) set.add(skill);
      result.set(groupId, set);
    };
    for (const g of groups) for (const m of g.members ?? []) add(g.id, byUser.get(m.id));
    for (const p of byUser.values()) for (const g of p.groups ?? []) add(g.id, p);
    return result;
  }

  return {
    candidates,
    memberIds,
    isSupervisor,
    touch,

    /** What routing would do for a ticket (group, needed skills, agent), without writing anything. */
    async preview(facts: RoutableTicket, options: { groupId?: number; excludeTicketId?: number; lock?: boolean } = {}) {
      const cfg = config();
      const groups = await loadGroups();
      const groupPick = options.groupId !== undefined
        ? { group: groups.find((g) => g.id === options.groupId) ?? null, rule: 'kept' as const, explanation: '' }
        : pickGroup(groups, facts, { fallbackGroupCode: cfg.fallbackGroupCode, groupSkills: normalizeSkills(facts.skills_required).length ? await skillsByGroup() : undefined });
      const skills = requiredSkillsFor(facts, cfg.productLineSkills ?? {});
      const members = groupPick.group ? await memberIds(groupPick.group.id) : [];
      const agents = await candidates(members, { excludeTicketId: options.excludeTicketId, lock: options.lock });
      const agentPick = groupPick.group ? pickAgent(agents, skills.skills) : null;
      return { group: groupPick, skills, agent: agentPick };
    },

    /**
     * The middleware's hook, inside the ticket's write transaction before the write: routes at
     * triage and checks explicit reassignments. Mutates `data` (group, assignee); returns the
     * explanation for the assignment event, or null when routing did nothing.
     */
    async beforeTicketUpdate({ before, data, actor, plan }: { before: Row; data: Row; actor: Actor; plan: TransitionPlan | null }): Promise<RoutingNote | null> {
      const assigneeTarget = relationTarget(data.assignee);
      const groupTarget = relationTarget(data.group);
      const currentAssignee: number | null = before.assignee?.id ?? null;
      const assigneeChanges =
        assigneeTarget.kind === 'clear' ? currentAssignee !== null : assigneeTarget.kind === 'set' ? assigneeTarget.id === undefined || assigneeTarget.id !== currentAssignee : false;

      // 1. An explicit new assignee: agents are held to the rules, supervisors override.
      if (assigneeChanges && assigneeTarget.kind === 'set') {
        const target = assigneeTarget.id !== undefined
          ? await strapi.db.query(ADMIN_USER_UID).findOne({ where: { id: assigneeTarget.id }, select: ['id'] })
          : await strapi.db.query(ADMIN_USER_UID).findOne({ where: { documentId: assigneeTarget.documentId }, select: ['id'] });
        if (!target) {
          throw new errors.ValidationError(`No admin user ${JSON.stringify(assigneeTarget.id ?? assigneeTarget.documentId)} to assign: give the id of an agent's admin user.`, {
            errors: [{ path: ['assignee'], message: 'unknown user', name: 'ValidationError' }],
          });
        }
        const supervisor = await isSupervisor(actor);
        const groupRow = groupTarget.kind === 'set' ? await findGroup(groupTarget) : groupTarget.kind === 'clear' ? null : (before.group ?? null);
        const [candidate] = await candidates([target.id], { excludeTicketId: before.id });
        const check = checkAssignment({
          role: 'agent',
          assignerId: actor.id,
          target: candidate,
          groupMemberIds: groupRow ? await memberIds(groupRow.id) : null,
          groupLabel: groupRow ? groupRow.code : null,
        });
        if (check.ok === false && !supervisor) {
          throw new errors.ValidationError(`Cannot assign ${before.number} to ${candidate.name}: ${check.message}`, {
            errors: [{ path: ['assignee'], message: check.message, name: 'ValidationError' }],
          });
        }
        await touch(target.id);
        if (check.ok === false) return { reason: '', data: { rule: 'override', by: actor.kind === 'agent' ? 'supervisor' : actor.kind, overrides: check.message } };
        return null;
      }

      // 2. Routing at triage, unless the ticket already has (or is given) its assignee.
      if (plan?.action !== 'triage' || assigneeTarget.kind !== 'unchanged' || currentAssignee !== null) return null;
      const facts = await routingFacts(before, data);
      let groupId: number | undefined;
      if (groupTarget.kind === 'set') {
        const given = await findGroup(groupTarget);
        if (!given) {
          throw new errors.ValidationError(`No support group ${JSON.stringify(groupTarget.id ?? groupTarget.documentId)}: give the documentId of a support group.`, {
            errors: [{ path: ['group'], message: 'unknown group', name: 'ValidationError' }],
          });
        }
        groupId = given.id;
      } else if (groupTarget.kind === 'unchanged' && before.group) {
        groupId = before.group.id;
      } else if (groupTarget.kind === 'clear') {
        return null;
      }
      const result = await this.preview(facts, { groupId, excludeTicketId: before.id, lock: true });
      const group = result.group.group;
      if (!group) {
        strapi.log.info(`[support-desk] routing ${before.number}: ${result.group.explanation}`);
        return null;
      }
      const groupReason = groupId !== undefined ? `Group ${group.code} ${groupTarget.kind === 'set' ? 'given at triage' : 'already set'}.` : result.group.explanation;
      if (groupId === undefined) data.group = group.documentId ?? group.id;
      const agent = result.agent?.agent ?? null;
      if (agent) {
        data.assignee = agent.userId;
        await touch(agent.userId);
      }
      const skillsText = result.skills.skills.length ? ` Needed skills (${result.skills.source === 'ticket' ? "the ticket's" : 'from the product line'}): ${result.skills.skills.join(', ')}.` : '';
      return {
        reason: `Routed at triage. ${groupReason}${skillsText} ${result.agent?.explanation ?? ''}`.trim(),
        data: {
          rule: 'routing',
          group_rule: groupId !== undefined ? (groupTarget.kind === 'set' ? 'given' : 'kept') : result.group.rule,
          agent_rule: result.agent?.rule ?? 'none',
          required_skills: result.skills.skills,
          skills_source: result.skills.source,
          product_line: facts.product_line ?? facts.asset_product_line,
          region: facts.region,
          tied: result.agent?.tied ?? 0,
          open_tickets: agent?.openTickets ?? null,
          skipped: (result.agent?.skipped ?? []).map((s) => ({ user: s.userId, reason: s.reason, ...(s.missingSkills ? { missing: s.missingSkills } : {}) })),
        },
      };
    },
  };
};

export type RoutingService = ReturnType<typeof createRoutingService>;
export default createRoutingService;
