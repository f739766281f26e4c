/**
 * Who is changing a ticket, and with which intent. Pure: no Strapi import.
 *
 * Services that know the intent (a transition endpoint, the auto-close job) run their writes inside
 * `runWithIntent`, so the ticket document middleware sees the action, the actor and the version the
 * caller based its change on. Writes without an intent (Content Manager, core REST, seed) get an
 * actor derived from the request (see `actorFromAuth`) or the system actor.
 */
import { AsyncLocalStorage } from 'async_hooks';
import type { ActorKind, TicketAction, TransitionInput } from './state-machine';

export interface Actor {
  kind: ActorKind;
  /** Admin user id, users-permissions user id or API token id; absent for the system. */
  id?: number;
  name?: string;
}

export interface WriteIntent {
  actor: Actor;
  /** The workflow action the write performs (a status change), if any. */
  action?: TicketAction;
  /** Texts and fields that belong to the action but not to the ticket (message, reason, …). */
  input?: TransitionInput;
  /** The ticket version the caller read; a different current version is a conflict (409). */
  expectedVersion?: number;
  /** Timeline visibility of the action's message. */
  visibility?: 'public' | 'internal';
  /**
   * Ticket fields the service set itself from the caller's identity, not from the request (a
   * customer's organization and requester on create): exempt from the caller's closed fields.
   */
  serverSet?: readonly string[];
  /**
   * Extra structured data for the transition's timeline event (e.g. a customer reply an agent
   * recorded: its channel and who recorded it).
   */
  eventData?: Record<string, unknown>;
  /**
   * A change of the ticket's links (related KB articles, CC contacts, follow-up of; POST
   * /tickets/:documentId/links): per field what was added and removed, the data of its `field_change`
   * event (relations are not compared by the planner).
   */
  links?: Record<string, unknown>;
}

const storage = new AsyncLocalStorage<WriteIntent>();

export function runWithIntent<T>(intent: WriteIntent, fn: () => Promise<T>): Promise<T> {
  return storage.run(intent, fn);
}

export function currentIntent(): WriteIntent | undefined {
  return storage.getStore();
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', name: 'system' };

/** Strapi's auth state on a request (`ctx.state.auth`), reduced to what we need. */
export interface AuthState {
  strategy?: { name?: string } | null;
  credentials?: {
    id: number;
    name?: string | null;
    firstname?: string | null;
    lastname?: string | null;
    username?: string | null;
    email?: string | null;
  } | null;
}

export function actorFromAuth(auth: AuthState | undefined): Actor {
  const who = auth?.credentials;
  if (!who) return SYSTEM_ACTOR;
  switch (auth?.strategy?.name) {
    case 'admin':
      return { kind: 'agent', id: who.id, name: [who.firstname, who.lastname].filter(Boolean).join(' ') || who.email || undefined };
    case 'content-api-token':
    case 'api-token':
    case 'admin-token':
      return { kind: 'integration', id: who.id, name: who.name ?? 'API token' };
    case 'users-permissions':
      return { kind: 'customer', id: who.id, name: who.username ?? who.email ?? undefined };
    default:
      return SYSTEM_ACTOR;
  }
}
