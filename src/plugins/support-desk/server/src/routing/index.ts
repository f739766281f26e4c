/**
 * Ticket routing at triage (ARCHITECTURE.md, "triage: routes to a group and an agent (skills, load)").
 *
 * Pure module: no Strapi import, no I/O. The routing service loads groups, agent profiles and open
 * ticket counts, calls `pickGroup` and `pickAgent`, and writes the result; the explanation goes on
 * the ticket's `assignment` event.
 *
 * Rules:
 * - Group: the best score (`scoreGroup`) among groups whose region fits and whose product line is
 *   the ticket's own (when it names one): the ticket's product line (+4) outweighs the asset's (+2),
 *   the region adds 1, and the share of the ticket's needed skills the group's available members
 *   have adds up to 3.5 (more than the asset's product line and the region together) — so a network question about a site whose asset is a camera goes to the
 *   network group. A group with neither product line nor region is never matched (it can only be a
 *   fallback). Comparison is trimmed and case-insensitive. Ties: lowest id.
 *   No match: the configured fallback group code (`routing.fallbackGroupCode`), else the group
 *   flagged `is_fallback` (lowest id), else no group.
 * - Needed skills: the ticket's own `skills_required` when it lists any, else the skills configured
 *   for its product line (`routing.productLineSkills`), else none.
 * - Agent: a member of the group that has an agent profile, is available, has every needed skill
 *   and fewer open tickets than its `max_open_tickets`. The one with the fewest open tickets wins;
 *   ties go to the least recently assigned (`last_assigned_at`, never assigned first), then the
 *   lowest user id. `last_assigned_at` lives in the database, so consecutive triages on any
 *   instance rotate through tied agents (round-robin).
 * - Reassignment: supervisors (and integrations, system) may assign anyone; an agent may take a
 *   ticket themselves, or give it to an available member of the ticket's group with capacity left.
 */

export interface GroupCandidate {
  id: number;
  documentId?: string;
  code: string;
  name?: string | null;
  product_line?: string | null;
  region?: string | null;
  is_fallback?: boolean | null;
}

export interface RoutableTicket {
  /** The ticket's own product line (set by whoever opened or triaged it). */
  product_line?: string | null;
  region?: string | null;
  skills_required?: unknown;
  /**
   * The product line of the ticket's asset. Weaker than the ticket's own: a question about the
   * network of a site whose asset is a camera is a network question (issue 15).
   */
  asset_product_line?: string | null;
}

export type GroupRule = 'product_line_and_region' | 'product_line' | 'region' | 'skills' | 'fallback_config' | 'fallback_flag';

export type GroupPick =
  | { group: GroupCandidate; rule: GroupRule; explanation: string; score?: GroupScore }
  | { group: null; rule: 'none'; explanation: string };

const norm = (v: unknown): string => (typeof v === 'string' ? v.trim().toLowerCase() : '');

function describeTicket(t: RoutableTicket): string {
  const pl = t.product_line ? `product line "${t.product_line}"` : t.asset_product_line ? `asset product line "${t.asset_product_line}"` : 'no product line';
  const skills = normalizeSkills(t.skills_required);
  return [pl, t.region ? `region "${t.region}"` : 'no region', ...(skills.length ? [`skills ${skills.join(', ')}`] : [])].join(', ');
}

const groupLabel = (g: GroupCandidate) => (g.name ? `${g.code} (${g.name})` : g.code);

/** Weights of the group score: the ticket's own product line outweighs the asset's, skills outweigh both but the ticket's product line. */
export const GROUP_WEIGHTS = { ticketProductLine: 4, assetProductLine: 2, region: 1, skills: 3.5 } as const;

export interface GroupScore {
  total: number;
  productLine: 'ticket' | 'asset' | null;
  region: boolean;
  /** Share (0–1) of the ticket's needed skills some available member of the group has. */
  skillCoverage: number;
}

/**
 * How well a group fits a ticket, or null when it cannot take it. A group's empty product line or
 * region means "any"; one with neither is never scored (it can only be a fallback).
 * - region: must equal the ticket's when the group has one (+1);
 * - product line: must equal the ticket's own when the ticket names one (+4); else the asset's
 *   product line counts less (+2), and a group of another product line is still possible when its
 *   members have the needed skills (the asset does not decide alone);
 * - skills: +3.5 × the share of the ticket's needed skills the group's available members have.
 */
export function scoreGroup(g: GroupCandidate, ticket: RoutableTicket, groupSkills?: ReadonlySet<string>): GroupScore | null {
  const gpl = norm(g.product_line);
  const grg = norm(g.region);
  if (!gpl && !grg) return null;
  if (grg && grg !== norm(ticket.region)) return null;
  const need = normalizeSkills(ticket.skills_required);
  const coverage = need.length && groupSkills ? need.filter((s) => groupSkills.has(s)).length / need.length : 0;
  let productLine: GroupScore['productLine'] = null;
  if (gpl) {
    const own = norm(ticket.product_line);
    const asset = norm(ticket.asset_product_line);
    if (own) {
      if (gpl !== own) return null;
      productLine = 'ticket';
    } else if (asset && gpl === asset) {
      productLine = 'asset';
    } else if (coverage === 0) {
      return null;
    }
  }
  const total =
    (productLine === 'ticket' ? GROUP_WEIGHTS.ticketProductLine : productLine === 'asset' ? GROUP_WEIGHTS.assetProductLine : 0) +
    (grg ? GROUP_WEIGHTS.region : 0) +
    GROUP_WEIGHTS.skills * coverage;
  return { total, productLine, region: Boolean(grg), skillCoverage: coverage };
}

/**
 * The group a ticket goes to: the best `scoreGroup` (ties: lowest id), else the fallback; see the
 * module comment. `groupSkills` maps a group id to the skills of its available members.
 */
export function pickGroup(
  groups: readonly GroupCandidate[],
  ticket: RoutableTicket,
  options: { fallbackGroupCode?: string | null; groupSkills?: ReadonlyMap<number, ReadonlySet<string>> } = {},
): GroupPick {
  let best: { group: GroupCandidate; score: GroupScore } | null = null;
  for (const g of groups) {
    const score = scoreGroup(g, ticket, options.groupSkills?.get(g.id));
    if (!score) continue;
    if (!best || score.total > best.score.total || (score.total === best.score.total && g.id < best.group.id)) best = { group: g, score };
  }
  if (best) {
    const { score } = best;
    const rule: GroupRule = score.productLine && score.region ? 'product_line_and_region' : score.productLine ? 'product_line' : score.skillCoverage > 0 ? 'skills' : 'region';
    const productLine = score.productLine === 'ticket' ? "the ticket's product line" : score.productLine === 'asset' ? "the asset's product line" : '';
    const fit = [productLine, score.region ? 'region' : ''].filter(Boolean).join(' and ');
    const skillText = score.skillCoverage > 0 ? `${Math.round(score.skillCoverage * 100)} % of the needed skills among its available members` : '';
    const why = [fit && (productLine ? fit : `the ticket's ${fit}`), skillText].filter(Boolean).join(', and ');
    return { group: best.group, rule, score, explanation: `Group ${groupLabel(best.group)} matches ${why} (${describeTicket(ticket)}).` };
  }

  const noMatch = `No group serves ${describeTicket(ticket)}`;
  const code = norm(options.fallbackGroupCode);
  if (code) {
    const configured = groups.find((g) => norm(g.code) === code);
    if (configured) return { group: configured, rule: 'fallback_config', explanation: `${noMatch}: routed to the configured fallback group ${groupLabel(configured)}.` };
  }
  const flagged = groups.filter((g) => g.is_fallback).sort((a, b) => a.id - b.id)[0];
  if (flagged) {
    const missing = code ? ` (the configured fallback group "${options.fallbackGroupCode}" does not exist)` : '';
    return { group: flagged, rule: 'fallback_flag', explanation: `${noMatch}: routed to the fallback group ${groupLabel(flagged)}${missing}.` };
  }
  return {
    group: null,
    rule: 'none',
    explanation: `${noMatch} and there is no fallback group: mark a support group "is_fallback" or set ROUTING_FALLBACK_GROUP.`,
  };
}

/** Lower-cased, trimmed, de-duplicated skill names from a json value (array of strings); anything else gives []. */
export function normalizeSkills(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((s): s is string => typeof s === 'string').map(norm).filter(Boolean))];
}

/** The skills a ticket needs: its own `skills_required`, else its product line's configured skills, else none. */
export function requiredSkillsFor(ticket: RoutableTicket, productLineSkills: Readonly<Record<string, readonly string[]>> = {}): { skills: string[]; source: 'ticket' | 'product_line' | 'none' } {
  const own = normalizeSkills(ticket.skills_required);
  if (own.length) return { skills: own, source: 'ticket' };
  const pl = norm(ticket.product_line) || norm(ticket.asset_product_line);
  if (pl) {
    const entry = Object.entries(productLineSkills).find(([k]) => norm(k) === pl);
    const skills = normalizeSkills(entry?.[1]);
    if (skills.length) return { skills, source: 'product_line' };
  }
  return { skills: [], source: 'none' };
}

export interface AgentCandidate {
  userId: number;
  name?: string | null;
  /** Whether the admin user has an agent profile; without one it is not routed to. */
  hasProfile: boolean;
  skills: readonly string[];
  available: boolean;
  maxOpenTickets: number;
  openTickets: number;
  lastAssignedAt?: Date | string | number | null;
}

export type SkipReason = 'no_profile' | 'unavailable' | 'missing_skills' | 'at_capacity';

export interface SkippedAgent {
  userId: number;
  name?: string | null;
  reason: SkipReason;
  missingSkills?: string[];
}

export type AgentRule = 'fewest_open' | 'round_robin' | 'none';

export interface AgentPick {
  agent: AgentCandidate | null;
  rule: AgentRule;
  explanation: string;
  /** Eligible agents, best first. */
  eligible: AgentCandidate[];
  skipped: SkippedAgent[];
  /** How many eligible agents had the winner's open-ticket count (1 = no tie). */
  tied: number;
}

const time = (v: AgentCandidate['lastAssignedAt']): number => {
  if (v === null || v === undefined || v === '') return -Infinity; // never assigned: first in line
  const t = v instanceof Date ? v.getTime() : new Date(v).getTime();
  return Number.isNaN(t) ? -Infinity : t;
};

const agentLabel = (a: { userId: number; name?: string | null }) => a.name || `user #${a.userId}`;

/** Why an agent cannot take a ticket needing `skills`, or null when it can. */
export function ineligibility(a: AgentCandidate, skills: readonly string[]): SkippedAgent | null {
  if (!a.hasProfile) return { userId: a.userId, name: a.name, reason: 'no_profile' };
  if (!a.available) return { userId: a.userId, name: a.name, reason: 'unavailable' };
  const have = new Set(normalizeSkills(a.skills));
  const missing = skills.map(norm).filter((s) => !have.has(s));
  if (missing.length) return { userId: a.userId, name: a.name, reason: 'missing_skills', missingSkills: missing };
  if (a.openTickets >= a.maxOpenTickets) return { userId: a.userId, name: a.name, reason: 'at_capacity' };
  return null;
}

/** Least loaded, then least recently assigned, then lowest user id. */
export function compareAgents(a: AgentCandidate, b: AgentCandidate): number {
  return a.openTickets - b.openTickets || time(a.lastAssignedAt) - time(b.lastAssignedAt) || a.userId - b.userId;
}

function describeSkip(s: SkippedAgent): string {
  switch (s.reason) {
    case 'no_profile':
      return `${agentLabel(s)} (no agent profile)`;
    case 'unavailable':
      return `${agentLabel(s)} (unavailable)`;
    case 'missing_skills':
      return `${agentLabel(s)} (lacks ${s.missingSkills!.join(', ')})`;
    case 'at_capacity':
      return `${agentLabel(s)} (at max open tickets)`;
  }
}

/** The agent a ticket needing `skills` goes to among `candidates`; see the module comment. */
export function pickAgent(candidates: readonly AgentCandidate[], skills: readonly string[]): AgentPick {
  const need = normalizeSkills([...skills]);
  const skipped: SkippedAgent[] = [];
  const eligible: AgentCandidate[] = [];
  const seen = new Set<number>();
  for (const c of candidates) {
    if (seen.has(c.userId)) continue;
    seen.add(c.userId);
    const why = ineligibility(c, need);
    if (why) skipped.push(why);
    else eligible.push(c);
  }
  eligible.sort(compareAgents);
  const skillText = need.length ? `skills ${need.join(', ')}` : 'no particular skills';
  const skippedText = skipped.length ? ` Skipped: ${skipped.map(describeSkip).join('; ')}.` : '';
  const winner = eligible[0];
  if (!winner) {
    return {
      agent: null,
      rule: 'none',
      explanation: `No member can take a ticket needing ${skillText}${candidates.length ? '' : ' (the group has no members)'}; it waits in the group queue.${skippedText}`,
      eligible,
      skipped,
      tied: 0,
    };
  }
  const tied = eligible.filter((e) => e.openTickets === winner.openTickets).length;
  const rule: AgentRule = tied > 1 ? 'round_robin' : 'fewest_open';
  const load = `${winner.openTickets} open ticket${winner.openTickets === 1 ? '' : 's'}`;
  const why =
    tied > 1
      ? `${load}, tied with ${tied - 1} other${tied > 2 ? 's' : ''}; least recently assigned (round-robin)`
      : eligible.length > 1
        ? `${load}, the fewest of ${eligible.length} eligible members`
        : `${load}, the only eligible member`;
  return {
    agent: winner,
    rule,
    explanation: `Assigned to ${agentLabel(winner)}: available, has ${skillText}, ${why}.${skippedText}`,
    eligible,
    skipped,
    tied,
  };
}

export type AssignerRole = 'supervisor' | 'agent';

export interface AssignmentCheck {
  /** Who assigns. Supervisors override every rule. */
  role: AssignerRole;
  assignerId?: number;
  /** The new assignee (null = unassign). */
  target: AgentCandidate | null;
  /** Members (user ids) of the group the ticket will be in; null when it has no group. */
  groupMemberIds: readonly number[] | null;
  groupLabel?: string | null;
}

/** Whether the assigner may give the ticket to `target`; a refusal says what to do instead. */
export function checkAssignment(c: AssignmentCheck): { ok: true } | { ok: false; message: string } {
  if (c.role === 'supervisor' || c.target === null) return { ok: true };
  const t = c.target;
  if (c.assignerId !== undefined && t.userId === c.assignerId) return { ok: true }; // taking it oneself
  const who = agentLabel(t);
  if (!c.groupMemberIds) {
    return { ok: false, message: `The ticket has no group, so an agent can only assign it to themselves. Set its group first, or ask a supervisor to assign ${who}.` };
  }
  const group = c.groupLabel ? `group ${c.groupLabel}` : "the ticket's group";
  if (!c.groupMemberIds.includes(t.userId)) {
    return { ok: false, message: `${who} is not a member of ${group}: an agent can reassign only to members of the ticket's group. Pick a member, or ask a supervisor to override.` };
  }
  if (!t.hasProfile) return { ok: false, message: `${who} has no agent profile, so their availability is unknown. Ask a supervisor to assign them.` };
  if (!t.available) return { ok: false, message: `${who} is marked unavailable. Pick an available member of ${group}, or ask a supervisor to override.` };
  if (t.openTickets >= t.maxOpenTickets) {
    return { ok: false, message: `${who} already has ${t.openTickets} open tickets (max ${t.maxOpenTickets}). Pick another member of ${group}, or ask a supervisor to override.` };
  }
  return { ok: true };
}
