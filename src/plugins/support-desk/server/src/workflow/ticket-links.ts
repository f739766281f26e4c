/**
 * A ticket's links edited from the Workflow panel (POST /support-desk/tickets/:documentId/links):
 * related KB articles, CC contacts and the ticket it follows up. Pure, no Strapi import: reading the
 * request (`parseLinksRequest`) and deciding, against the ticket's current links and the targets the
 * service looked up, what to connect and disconnect and what the timeline event says
 * (`planLinks`). A refusal is a value naming the field (`path`) with a message a person can act on;
 * the service answers it with 400 and writes nothing.
 *
 * Body: `{ version, related_articles?: { add?: [{ documentId, locale }], remove?: [...] },
 * cc_contacts?: { add?: [documentId], remove?: [documentId] }, follow_up_of?: "<ticket number>" | null }`.
 */

import { KB_LOCALES, type KbLocale } from '../kb/params';

/** The languages of KB articles (an article is linked in one of them). */
export const LINK_ARTICLE_LOCALES = KB_LOCALES;
export type LinkLocale = KbLocale;
/** At most this many entries per add or remove list (a panel sends one at a time). */
export const MAX_LINK_CHANGES = 20;
const DOCUMENT_ID = /^[a-z0-9]{1,64}$/i;
/** The ticket number format (content type regex), case-insensitive on input. */
const TICKET_NUMBER = /^[A-Z]{2,5}-\d{6,}$/;

export interface ArticleKey {
  documentId: string;
  locale: LinkLocale;
}

export type FollowUpChange = { kind: 'unchanged' } | { kind: 'clear' } | { kind: 'set'; number: string };

export interface LinksRequest {
  ok: true;
  articles: { add: ArticleKey[]; remove: ArticleKey[] } | null;
  contacts: { add: string[]; remove: string[] } | null;
  followUp: FollowUpChange;
}

export interface LinkProblem {
  ok: false;
  path: string[];
  message: string;
}

const problem = (path: string[], message: string): LinkProblem => ({ ok: false, path, message });
const isProblem = (v: unknown): v is LinkProblem => typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const articleKey = (a: ArticleKey) => `${a.documentId}|${a.locale}`;

const ALLOWED_KEYS = ['version', 'related_articles', 'cc_contacts', 'follow_up_of'];

function listOf<T>(value: unknown, path: string[], item: (v: unknown, p: string[]) => T | LinkProblem): T[] | LinkProblem {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return problem(path, `${path.join('.')} must be a list.`);
  if (value.length > MAX_LINK_CHANGES) return problem(path, `${path.join('.')} may hold at most ${MAX_LINK_CHANGES} entries.`);
  const out: T[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const parsed = item(value[i], [...path, String(i)]);
    if (isProblem(parsed)) return parsed;
    out.push(parsed);
  }
  return out;
}

const parseDocumentId = (v: unknown, path: string[], what: string): string | LinkProblem =>
  typeof v === 'string' && DOCUMENT_ID.test(v) ? v : problem(path, `${path.join('.')} must be the documentId of ${what}.`);

function parseArticle(v: unknown, path: string[]): ArticleKey | LinkProblem {
  if (!isObject(v)) return problem(path, `${path.join('.')} must be an article: { "documentId": "…", "locale": "en" | "zh-Hans" }.`);
  const documentId = parseDocumentId(v.documentId, [...path, 'documentId'], 'a KB article');
  if (typeof documentId !== 'string') return documentId;
  if (!(LINK_ARTICLE_LOCALES as readonly unknown[]).includes(v.locale)) return problem([...path, 'locale'], `${path.join('.')}.locale must be one of ${LINK_ARTICLE_LOCALES.join(', ')}.`);
  return { documentId, locale: v.locale as LinkLocale };
}

function addRemove<T>(value: unknown, field: string, item: (v: unknown, p: string[]) => T | LinkProblem, key: (t: T) => string): { add: T[]; remove: T[] } | null | LinkProblem {
  if (value === undefined) return null;
  if (!isObject(value)) return problem([field], `${field} must be { "add": [...], "remove": [...] }.`);
  const extra = Object.keys(value).filter((k) => k !== 'add' && k !== 'remove');
  if (extra.length) return problem([field, extra[0]], `${field} takes only "add" and "remove"; "${extra[0]}" is not one of them.`);
  const add = listOf(value.add, [field, 'add'], item);
  if (isProblem(add)) return add;
  const remove = listOf(value.remove, [field, 'remove'], item);
  if (isProblem(remove)) return remove;
  const dedupe = (list: T[]) => [...new Map(list.map((t) => [key(t), t])).values()];
  const a = dedupe(add);
  const r = dedupe(remove);
  const both = a.find((t) => r.some((u) => key(u) === key(t)));
  if (both) return problem([field], `${field}: ${key(both).replace('|', ' ')} is both added and removed.`);
  return { add: a, remove: r };
}

/** Reads the request body (the version is checked by the caller, as on every ticket endpoint). */
export function parseLinksRequest(body: unknown): LinksRequest | LinkProblem {
  if (!isObject(body)) return problem([], 'Send a JSON object: { "version", "related_articles", "cc_contacts", "follow_up_of" }.');
  const unknown = Object.keys(body).find((k) => !ALLOWED_KEYS.includes(k));
  if (unknown) return problem([unknown], `"${unknown}" cannot be changed here; send ${ALLOWED_KEYS.slice(1).join(', ')}.`);
  const articles = addRemove(body.related_articles, 'related_articles', parseArticle, articleKey);
  if (isProblem(articles)) return articles;
  const contacts = addRemove(body.cc_contacts, 'cc_contacts', (v, p) => parseDocumentId(v, p, 'a contact'), (s: string) => s);
  if (isProblem(contacts)) return contacts;
  let followUp: FollowUpChange = { kind: 'unchanged' };
  if (body.follow_up_of === null || body.follow_up_of === '') followUp = { kind: 'clear' };
  else if (body.follow_up_of !== undefined) {
    const number = typeof body.follow_up_of === 'string' ? body.follow_up_of.trim().toUpperCase() : '';
    if (!TICKET_NUMBER.test(number)) return problem(['follow_up_of'], 'follow_up_of must be a ticket number (e.g. "TS-000123") or null to clear it.');
    followUp = { kind: 'set', number };
  }
  const a = articles;
  const c = contacts;
  const changes = (a?.add.length ?? 0) + (a?.remove.length ?? 0) + (c?.add.length ?? 0) + (c?.remove.length ?? 0) + (followUp.kind === 'unchanged' ? 0 : 1);
  if (!changes) return problem([], 'Nothing to change: add or remove a related article or a CC contact, or set follow_up_of.');
  return { ok: true, articles: a, contacts: c, followUp };
}

// --- deciding against the stored links ---------------------------------------------------------------

export interface LinkedArticle extends ArticleKey {
  title: string | null;
}
export interface LinkedContact {
  id: number;
  documentId: string;
  name: string | null;
}
export interface LinkedTicket {
  id: number;
  documentId: string;
  number: string | null;
}

/** The ticket as stored, with what the service looked up for the request. */
export interface LinksContext {
  ticket: { id: number; number: string | null; organizationId: number | null; requesterId: number | null };
  current: { articles: LinkedArticle[]; contacts: LinkedContact[]; followUp: LinkedTicket | null };
  /** The articles of `add` found (any status), one per documentId and locale. */
  articles: LinkedArticle[];
  /** The contacts of `add` found, with their organization and whether they are blocked. */
  contacts: Array<LinkedContact & { organizationId: number | null; blocked: boolean }>;
  /** The ticket `follow_up_of` names (null: no such number), with the chain of tickets it follows up, nearest first. */
  followUp: (LinkedTicket & { organizationId: number | null; chain: number[] }) | null;
}

/** The write and the timeline event's data (`links`); per field, what was added and removed. */
export interface LinksPlan {
  ok: true;
  data: Record<string, unknown>;
  event: Record<string, unknown>;
}

const refName = (c: LinkedContact) => ({ id: c.id, name: c.name });
const articleRef = (a: LinkedArticle) => ({ documentId: a.documentId, locale: a.locale, title: a.title });

export function planLinks(request: LinksRequest, ctx: LinksContext): LinksPlan | LinkProblem {
  const data: Record<string, unknown> = {};
  const event: Record<string, unknown> = {};
  const ticketName = ctx.ticket.number ?? 'this ticket';

  if (request.articles) {
    const linked = new Map(ctx.current.articles.map((a) => [articleKey(a), a]));
    const found = new Map(ctx.articles.map((a) => [articleKey(a), a]));
    const added: LinkedArticle[] = [];
    for (const [i, a] of request.articles.add.entries()) {
      const article = found.get(articleKey(a));
      if (!article) return problem(['related_articles', 'add', String(i)], `No KB article ${a.documentId} in ${a.locale}: pick one from the search.`);
      if (linked.has(articleKey(a))) return problem(['related_articles', 'add', String(i)], `"${article.title ?? a.documentId}" (${a.locale}) is already a related article of ${ticketName}.`);
      added.push(article);
    }
    const removed: LinkedArticle[] = [];
    for (const [i, a] of request.articles.remove.entries()) {
      const article = linked.get(articleKey(a));
      if (!article) return problem(['related_articles', 'remove', String(i)], `KB article ${a.documentId} (${a.locale}) is not a related article of ${ticketName}.`);
      removed.push(article);
    }
    if (added.length || removed.length) {
      data.related_articles = { connect: added.map((a) => ({ documentId: a.documentId, locale: a.locale })), disconnect: removed.map((a) => ({ documentId: a.documentId, locale: a.locale })) };
      event.related_articles = { added: added.map(articleRef), removed: removed.map(articleRef) };
    }
  }

  if (request.contacts) {
    const linked = new Map(ctx.current.contacts.map((c) => [c.documentId, c]));
    const found = new Map(ctx.contacts.map((c) => [c.documentId, c]));
    const added: LinkedContact[] = [];
    for (const [i, id] of request.contacts.add.entries()) {
      const path = ['cc_contacts', 'add', String(i)];
      const contact = found.get(id);
      if (ctx.ticket.organizationId === null) return problem(path, `${ticketName} has no organization: set its organization before copying its contacts.`);
      if (!contact || contact.organizationId !== ctx.ticket.organizationId) return problem(path, `Contact ${id} is not a contact of the ticket's organization: pick one of its contacts.`);
      if (contact.blocked) return problem(path, `${contact.name ?? id} is blocked: unblock the contact or pick another one.`);
      if (contact.id === ctx.ticket.requesterId) return problem(path, `${contact.name ?? id} is the requester of ${ticketName}: the requester gets the mail anyway.`);
      if (linked.has(id)) return problem(path, `${contact.name ?? id} is already copied on ${ticketName}.`);
      added.push(contact);
    }
    const removed: LinkedContact[] = [];
    for (const [i, id] of request.contacts.remove.entries()) {
      const contact = linked.get(id);
      if (!contact) return problem(['cc_contacts', 'remove', String(i)], `Contact ${id} is not copied on ${ticketName}.`);
      removed.push(contact);
    }
    if (added.length || removed.length) {
      data.cc_contacts = { connect: added.map((c) => ({ documentId: c.documentId })), disconnect: removed.map((c) => ({ documentId: c.documentId })) };
      event.cc_contacts = { added: added.map(refName), removed: removed.map(refName) };
    }
  }

  if (request.followUp.kind === 'clear') {
    if (!ctx.current.followUp) return problem(['follow_up_of'], `${ticketName} follows up no ticket: nothing to clear.`);
    data.follow_up_of = null;
    event.follow_up_of = { from: ctx.current.followUp.number, to: null };
  } else if (request.followUp.kind === 'set') {
    const target = ctx.followUp;
    const { number } = request.followUp;
    if (!target) return problem(['follow_up_of'], `No ticket ${number}: give the number of an existing ticket.`);
    if (target.id === ctx.ticket.id) return problem(['follow_up_of'], `${ticketName} cannot follow up itself.`);
    if (target.chain.includes(ctx.ticket.id)) return problem(['follow_up_of'], `${number} already follows up ${ticketName} (directly or through others): the follow-ups would go round in a circle.`);
    if (ctx.ticket.organizationId !== null && target.organizationId !== null && target.organizationId !== ctx.ticket.organizationId) {
      return problem(['follow_up_of'], `${number} belongs to another organization: a ticket follows up one of its own organization.`);
    }
    if (ctx.current.followUp?.id === target.id) return problem(['follow_up_of'], `${ticketName} already follows up ${number}.`);
    data.follow_up_of = target.documentId;
    event.follow_up_of = { from: ctx.current.followUp?.number ?? null, to: target.number };
  }

  return { ok: true, data, event };
}
