/**
 * Canned replies: the ticket placeholders a reply body may hold and their rendering. Pure module (no
 * Strapi import), shared by the server (GET /support-desk/tickets/:documentId/canned-replies) and
 * the admin panel's preview.
 *
 * Rules: `{{ name }}` (spaces inside the braces allowed) is replaced by the value of a known
 * placeholder; an unknown placeholder, or one whose value is missing on this ticket, stays visible
 * as written so the agent sees what to fill in. Replacement is one pass: a value that itself
 * contains `{{…}}` is inserted literally, never expanded. Values are plain text: control characters
 * are removed and they are cut at 500 characters; `escape` (e.g. for an HTML body) is applied to
 * each value, never to the template.
 */

export const CANNED_PLACEHOLDERS = [
  'ticket.number',
  'ticket.subject',
  'ticket.state',
  'ticket.priority',
  'requester.name',
  'requester.email',
  'organization.name',
  'agent.name',
  'agent.email',
] as const;
export type CannedPlaceholder = (typeof CANNED_PLACEHOLDERS)[number];
export type CannedValues = Partial<Record<CannedPlaceholder, string | number | null | undefined>>;

export const CANNED_LOCALES = ['en', 'zh-Hans'] as const;
export type CannedLocale = (typeof CANNED_LOCALES)[number];

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const MAX_VALUE = 500;

const isKnown = (name: string): name is CannedPlaceholder => (CANNED_PLACEHOLDERS as readonly string[]).includes(name);

/** The placeholders a body names, known or not, in order of first appearance. */
export function placeholdersOf(body: string): string[] {
  const out: string[] = [];
  for (const m of String(body ?? '').matchAll(PLACEHOLDER)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

export interface RenderResult {
  text: string;
  /** Placeholders left as written: unknown names, or known ones without a value on this ticket. */
  unresolved: string[];
}

export function renderCanned(body: string, values: CannedValues, escape: (v: string) => string = (v) => v): RenderResult {
  const unresolved: string[] = [];
  const text = String(body ?? '').replace(PLACEHOLDER, (whole, name: string) => {
    const raw = isKnown(name) ? values[name] : undefined;
    if (raw === undefined || raw === null || String(raw).trim() === '') {
      if (!unresolved.includes(name)) unresolved.push(name);
      return whole;
    }
    return escape(String(raw).replace(CONTROL, '').slice(0, MAX_VALUE));
  });
  return { text, unresolved };
}

/** The ticket's placeholder values (a ticket as contracts/agent.ts shows it, and the agent). */
export function cannedValuesOf(
  ticket: { number?: unknown; subject?: unknown; state?: unknown; priority?: unknown; requester?: { name?: string | null; email?: string | null } | null; organization?: { name?: string | null } | null },
  agent: { name?: string | null; email?: string | null } | null,
): CannedValues {
  const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    'ticket.number': s(ticket.number),
    'ticket.subject': s(ticket.subject),
    'ticket.state': s(ticket.state),
    'ticket.priority': s(ticket.priority),
    'requester.name': ticket.requester?.name ?? null,
    'requester.email': ticket.requester?.email ?? null,
    'organization.name': ticket.organization?.name ?? null,
    'agent.name': agent?.name ?? null,
    'agent.email': agent?.email ?? null,
  };
}
