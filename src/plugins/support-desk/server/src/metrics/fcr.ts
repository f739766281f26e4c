/**
 * First-contact resolution (pure). One definition, in JavaScript and as SQL:
 *
 * A ticket counts as **resolved at first contact** when it was resolved, never reopened
 * (`reopen_count = 0`), and the support side sent the customer **at most one public message before
 * the resolution** (`public_agent_messages ≤ 1`). Public messages are public comments of agents or
 * integrations and the texts of `request_info` and `propose_solution`; the resolution itself is not
 * counted. `public_agent_messages` is stored on the ticket when it is resolved (from the timeline).
 * The FCR rate is FCR tickets / tickets resolved in the period.
 */
export const FCR_MAX_PUBLIC_AGENT_MESSAGES = 1;

/** Timeline events that are a public message of the support side (visibility public). */
export const PUBLIC_AGENT_MESSAGE = {
  actorTypes: ['agent', 'integration'] as const,
  /** A public `comment`, or a transition into one of these states (its message goes to the customer). */
  transitionsTo: ['awaiting_customer', 'solution_proposed'] as const,
};

export interface FcrInput {
  resolved: boolean;
  reopenCount: number;
  publicAgentMessages: number | null;
}

export function isFirstContactResolution({ resolved, reopenCount, publicAgentMessages }: FcrInput): boolean {
  return resolved && reopenCount === 0 && publicAgentMessages !== null && publicAgentMessages <= FCR_MAX_PUBLIC_AGENT_MESSAGES;
}

/** `isFirstContactResolution` as a SQL condition over a ticket row of a resolved ticket (prefix = alias, e.g. `t.`). */
export const fcrSql = (prefix = '') =>
  `(${prefix}public_agent_messages IS NOT NULL AND ${prefix}public_agent_messages <= ${FCR_MAX_PUBLIC_AGENT_MESSAGES} AND ${prefix}reopen_count = 0)`;
