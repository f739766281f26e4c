import {
  checkAssignment,
  normalizeSkills,
  pickAgent,
  pickGroup,
  requiredSkillsFor,
  scoreGroup,
  GROUP_WEIGHTS,
  type AgentCandidate,
  type GroupCandidate,
} from '../../src/plugins/support-desk/server/src/routing';

const GROUPS: GroupCandidate[] = [
  { id: 1, code: 'NET-EAST', name: 'Network · East', product_line: 'Network Switches', region: 'East China' },
  { id: 2, code: 'NET-NORTH', name: 'Network · North', product_line: 'Network Switches', region: 'North China' },
  { id: 3, code: 'STO-ALL', product_line: 'Storage Arrays', region: null },
  { id: 4, code: 'SOUTH', product_line: null, region: 'South China' },
  { id: 5, code: 'TIER1', product_line: null, region: null, is_fallback: true },
  { id: 6, code: 'VIP', product_line: null, region: null },
];

describe('pickGroup', () => {
  it.each([
    ['Network Switches', 'East China', 'NET-EAST', 'product_line_and_region'],
    ['network switches ', ' EAST CHINA', 'NET-EAST', 'product_line_and_region'],
    ['Storage Arrays', 'North China', 'STO-ALL', 'product_line'],
    ['Storage Arrays', null, 'STO-ALL', 'product_line'],
    ['Surveillance Cameras', 'South China', 'SOUTH', 'region'],
    ['Network Switches', 'West China', 'TIER1', 'fallback_flag'],
    [null, null, 'TIER1', 'fallback_flag'],
  ])('%s / %s → %s (%s)', (product_line, region, code, rule) => {
    const pick = pickGroup(GROUPS, { product_line, region });
    expect(pick.group?.code).toBe(code);
    expect(pick.rule).toBe(rule);
    expect(pick.explanation).toContain(code);
  });

  it('prefers product line + region over product line only, and product line over region', () => {
    const groups: GroupCandidate[] = [
      { id: 1, code: 'REGION', product_line: null, region: 'East China' },
      { id: 2, code: 'PL', product_line: 'Network Switches', region: null },
      { id: 3, code: 'BOTH', product_line: 'Network Switches', region: 'East China' },
    ];
    expect(pickGroup(groups, { product_line: 'Network Switches', region: 'East China' }).group?.code).toBe('BOTH');
    expect(pickGroup(groups.slice(0, 2), { product_line: 'Network Switches', region: 'East China' }).group?.code).toBe('PL');
  });

  it('breaks ties between equally specific groups by lowest id', () => {
    const groups: GroupCandidate[] = [
      { id: 9, code: 'B', product_line: 'X', region: null },
      { id: 4, code: 'A', product_line: 'X', region: null },
    ];
    expect(pickGroup(groups, { product_line: 'X' }).group?.code).toBe('A');
  });

  it('uses the configured fallback code before the is_fallback flag, and says when it is missing', () => {
    expect(pickGroup(GROUPS, { product_line: 'Printers' }, { fallbackGroupCode: 'vip' })).toMatchObject({ rule: 'fallback_config', group: { code: 'VIP' } });
    const missing = pickGroup(GROUPS, { product_line: 'Printers' }, { fallbackGroupCode: 'NOPE' });
    expect(missing).toMatchObject({ rule: 'fallback_flag', group: { code: 'TIER1' } });
    expect(missing.explanation).toMatch(/"NOPE" does not exist/);
  });

  it('gives no group, with an actionable explanation, when nothing matches and there is no fallback', () => {
    const pick = pickGroup(GROUPS.filter((g) => !g.is_fallback), { product_line: 'Printers' });
    expect(pick.group).toBeNull();
    expect(pick.explanation).toMatch(/is_fallback.*ROUTING_FALLBACK_GROUP/);
  });
});

describe('requiredSkillsFor', () => {
  const map = { 'Network Switches': ['network'], 'Storage Arrays': ['Storage', ' raid '] };
  it('takes the ticket’s own list first, then the product line’s, else none', () => {
    expect(requiredSkillsFor({ skills_required: ['Onsite', 'onsite', 3], product_line: 'Network Switches' }, map)).toEqual({ skills: ['onsite'], source: 'ticket' });
    expect(requiredSkillsFor({ skills_required: [], product_line: 'storage arrays' }, map)).toEqual({ skills: ['storage', 'raid'], source: 'product_line' });
    expect(requiredSkillsFor({ product_line: 'Printers' }, map)).toEqual({ skills: [], source: 'none' });
    expect(requiredSkillsFor({ skills_required: 'network' }, {})).toEqual({ skills: [], source: 'none' });
  });
  it('normalizes skills', () => {
    expect(normalizeSkills([' A ', 'a', 'b', null, 1])).toEqual(['a', 'b']);
    expect(normalizeSkills({})).toEqual([]);
  });
});

const agent = (userId: number, over: Partial<AgentCandidate> = {}): AgentCandidate => ({
  userId,
  name: `Agent ${userId}`,
  hasProfile: true,
  skills: ['network'],
  available: true,
  maxOpenTickets: 10,
  openTickets: 0,
  lastAssignedAt: null,
  ...over,
});

describe('pickAgent', () => {
  it('picks the eligible agent with the fewest open tickets', () => {
    const pick = pickAgent([agent(1, { openTickets: 3 }), agent(2, { openTickets: 1 }), agent(3, { openTickets: 2 })], ['network']);
    expect(pick.agent?.userId).toBe(2);
    expect(pick.rule).toBe('fewest_open');
    expect(pick.eligible.map((a) => a.userId)).toEqual([2, 3, 1]);
    expect(pick.explanation).toMatch(/Agent 2.*1 open ticket, the fewest of 3 eligible/);
  });

  it('skips unavailable agents, agents without the skills or profile, and agents at capacity, saying why', () => {
    const pick = pickAgent(
      [
        agent(1, { available: false }),
        agent(2, { skills: ['storage'] }),
        agent(3, { openTickets: 10, maxOpenTickets: 10 }),
        agent(4, { hasProfile: false }),
        agent(5, { openTickets: 7, skills: ['Network', 'onsite'] }),
      ],
      ['network'],
    );
    expect(pick.agent?.userId).toBe(5);
    expect(pick.skipped.map((s) => [s.userId, s.reason])).toEqual([
      [1, 'unavailable'], [2, 'missing_skills'], [3, 'at_capacity'], [4, 'no_profile'],
    ]);
    expect(pick.skipped[1].missingSkills).toEqual(['network']);
    expect(pick.explanation).toMatch(/Agent 1 \(unavailable\); Agent 2 \(lacks network\); Agent 3 \(at max open tickets\); Agent 4 \(no agent profile\)/);
  });

  it('requires every needed skill (subset), case-insensitively', () => {
    const pick = pickAgent([agent(1, { skills: ['network'] }), agent(2, { skills: ['NETWORK', 'Onsite'] })], ['network', 'onsite']);
    expect(pick.agent?.userId).toBe(2);
    expect(pickAgent([agent(1, { skills: [] })], []).agent?.userId).toBe(1);
  });

  it('round-robins ties by least recent assignment (never assigned first), then user id', () => {
    const a = agent(1, { lastAssignedAt: '2026-11-27T10:00:00Z' });
    const b = agent(2, { lastAssignedAt: '2026-11-27T09:00:00Z' });
    const c = agent(3, { lastAssignedAt: null });
    expect(pickAgent([a, b, c], []).agent?.userId).toBe(3);
    const ab = pickAgent([a, b], []);
    expect(ab).toMatchObject({ rule: 'round_robin', tied: 2, agent: { userId: 2 } });
    expect(ab.explanation).toMatch(/round-robin/);
    expect(pickAgent([agent(7), agent(4)], []).agent?.userId).toBe(4);
  });

  it('simulated consecutive triages rotate through tied agents and then follow load', () => {
    const pool = [agent(1), agent(2), agent(3)];
    const picks: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const p = pickAgent(pool, ['network']).agent!;
      picks.push(p.userId);
      p.openTickets += 1;
      p.lastAssignedAt = new Date(Date.UTC(2026, 0, 1, 0, i));
    }
    expect(picks).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('returns no agent when nobody qualifies, explaining it', () => {
    const pick = pickAgent([agent(1, { available: false })], ['network']);
    expect(pick.agent).toBeNull();
    expect(pick.rule).toBe('none');
    expect(pick.explanation).toMatch(/waits in the group queue.*unavailable/);
    expect(pickAgent([], []).explanation).toMatch(/no members/);
  });

  it('ignores duplicate candidates', () => {
    expect(pickAgent([agent(1), agent(1)], []).eligible).toHaveLength(1);
  });
});

describe('checkAssignment', () => {
  const members = [1, 2, 3];
  it('lets supervisors assign anyone and anyone unassign', () => {
    expect(checkAssignment({ role: 'supervisor', target: agent(9, { available: false }), groupMemberIds: members })).toEqual({ ok: true });
    expect(checkAssignment({ role: 'agent', assignerId: 1, target: null, groupMemberIds: members })).toEqual({ ok: true });
  });
  it('lets an agent take a ticket themselves', () => {
    expect(checkAssignment({ role: 'agent', assignerId: 9, target: agent(9, { hasProfile: false }), groupMemberIds: null })).toEqual({ ok: true });
  });
  it('lets an agent reassign only to an available group member with capacity', () => {
    expect(checkAssignment({ role: 'agent', assignerId: 1, target: agent(2), groupMemberIds: members })).toEqual({ ok: true });
    const cases: Array<[AgentCandidate, number[] | null, RegExp]> = [
      [agent(8), members, /not a member of group NET/],
      [agent(2, { available: false }), members, /marked unavailable/],
      [agent(2, { openTickets: 5, maxOpenTickets: 5 }), members, /already has 5 open tickets \(max 5\)/],
      [agent(2, { hasProfile: false }), members, /no agent profile/],
      [agent(2), null, /no group/],
    ];
    for (const [target, ids, message] of cases) {
      const r = checkAssignment({ role: 'agent', assignerId: 1, target, groupMemberIds: ids, groupLabel: 'NET-EAST' });
      expect(r.ok).toBe(false);
      expect((r as { message: string }).message).toMatch(message);
    }
  });
});

describe('group scoring: the ticket’s product line and skills over the asset alone (issue 15)', () => {
  const DEMO: GroupCandidate[] = [
    { id: 1, code: 'NET-EAST', product_line: 'Network Switches', region: 'East China' },
    { id: 2, code: 'NET-NORTH', product_line: 'Network Switches', region: 'North China' },
    { id: 3, code: 'STO-ALL', product_line: 'Storage Arrays', region: null },
    { id: 4, code: 'CAM-SOUTH', product_line: 'Surveillance Cameras', region: 'South China' },
    { id: 5, code: 'CAM-ALL', product_line: 'Surveillance Cameras', region: null },
    { id: 6, code: 'TIER1', product_line: null, region: null, is_fallback: true },
  ];
  const skills = new Map<number, Set<string>>([
    [1, new Set(['network', 'switching'])],
    [2, new Set(['network', 'switching', 'onsite'])],
    [3, new Set(['storage', 'raid', 'network'])],
    [4, new Set(['cameras', 'video'])],
    [5, new Set(['cameras'])],
    [6, new Set(['network', 'storage', 'cameras'])],
  ]);

  it('a VLAN question about a site whose asset is a camera goes to the network group of its region', () => {
    // Only the asset says "camera"; the ticket needs network skills.
    const pick = pickGroup(DEMO, { asset_product_line: 'Surveillance Cameras', region: 'North China', skills_required: ['network'] }, { groupSkills: skills });
    expect(pick.group?.code).toBe('NET-NORTH');
    expect(pick.rule).toBe('skills');
    expect(pick.explanation).toMatch(/100 % of the needed skills/);
    // With the ticket's own product line it is decided by that alone.
    expect(pickGroup(DEMO, { product_line: 'Network Switches', asset_product_line: 'Surveillance Cameras', region: 'North China' }).group?.code).toBe('NET-NORTH');
  });

  it('the ticket’s own product line excludes other product lines, whatever the asset', () => {
    expect(scoreGroup(DEMO[4], { product_line: 'Network Switches', asset_product_line: 'Surveillance Cameras', region: 'North China' })).toBeNull();
    expect(scoreGroup(DEMO[1], { product_line: 'Network Switches', region: 'North China' })).toEqual({ total: GROUP_WEIGHTS.ticketProductLine + GROUP_WEIGHTS.region, productLine: 'ticket', region: true, skillCoverage: 0 });
  });

  it('the asset’s product line counts less than the ticket’s, and decides when nothing else does', () => {
    const byAsset = scoreGroup(DEMO[4], { asset_product_line: 'Surveillance Cameras', region: 'South China' })!;
    const byTicket = scoreGroup(DEMO[4], { product_line: 'Surveillance Cameras', region: 'South China' })!;
    expect(byAsset.total).toBeLessThan(byTicket.total);
    expect(pickGroup(DEMO, { asset_product_line: 'Surveillance Cameras', region: 'South China' }).group?.code).toBe('CAM-SOUTH');
  });

  it('skills outweigh the asset’s product line, and partial coverage scores in proportion', () => {
    const t = { asset_product_line: 'Surveillance Cameras', region: 'South China', skills_required: ['network', 'raid'] };
    expect(scoreGroup(DEMO[2], t, skills.get(3))!.skillCoverage).toBe(1);
    expect(scoreGroup(DEMO[3], t, skills.get(4))).toMatchObject({ productLine: 'asset', skillCoverage: 0 });
    expect(scoreGroup(DEMO[2], t, skills.get(3))!.total).toBeGreaterThan(scoreGroup(DEMO[3], t, skills.get(4))!.total);
    expect(pickGroup(DEMO, t, { groupSkills: skills }).group?.code).toBe('STO-ALL');
    // A group of another product line without any needed skill is not a candidate.
    expect(scoreGroup(DEMO[0], { asset_product_line: 'Storage Arrays', region: 'East China', skills_required: ['raid'] }, skills.get(1))).toBeNull();
  });

  it('needed skills fall back to the asset’s product line when the ticket has neither', () => {
    expect(requiredSkillsFor({ asset_product_line: 'Storage Arrays' }, { 'Storage Arrays': ['raid'] })).toEqual({ skills: ['raid'], source: 'product_line' });
  });
});

describe('group explanation', () => {
  it('names what matched', () => {
    const groups: GroupCandidate[] = [{ id: 1, code: 'NET', product_line: 'Network Switches', region: 'East China' }, { id: 2, code: 'SOUTH', region: 'South China' }];
    expect(pickGroup(groups, { product_line: 'Network Switches', region: 'East China' }).explanation).toMatch(/^Group NET matches the ticket's product line and region \(/);
    expect(pickGroup(groups, { asset_product_line: 'Network Switches', region: 'East China' }).explanation).toMatch(/^Group NET matches the asset's product line and region \(/);
    expect(pickGroup(groups, { region: 'South China' }).explanation).toMatch(/^Group SOUTH matches the ticket's region \(/);
    const bySkills = pickGroup(groups, { region: 'South China', skills_required: ['cameras'] }, { groupSkills: new Map([[2, new Set(['cameras'])]]) });
    expect(bySkills.explanation).toMatch(/^Group SOUTH matches the ticket's region, and 100 % of the needed skills among its available members \(/);
  });
});
