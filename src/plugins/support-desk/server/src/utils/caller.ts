/**
 * Who is calling: the one place that turns a request (or the write being served) into an `Actor`
 * (workflow/actor.ts). Controllers use `actorOf(ctx)` and `customerOf(ctx)`; document middlewares
 * and services that run inside a request use `currentActor(strapi)`.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { actorFromAuth, currentIntent, type Actor, type AuthState } from '../workflow/actor';
import type { CustomerIdentity } from '../services/customer-tickets';

/** The caller of an HTTP request, from Strapi's auth state. */
export const actorOf = (ctx: { state?: { auth?: unknown } } | Context | undefined): Actor => actorFromAuth(ctx?.state?.auth as AuthState | undefined);

/** The customer contact the is-customer policy established (customer routes only). */
export const customerOf = (ctx: Context): CustomerIdentity => ctx.state.customer as CustomerIdentity;

/** The caller of the request being served (Content Manager, REST, API token), else the system. */
export const requestActor = (strapi: Core.Strapi): Actor => actorOf(strapi.requestContext.get() as { state?: { auth?: unknown } } | undefined);

/** Actor of the current write: the service's declared intent, else the request's caller, else system. */
export function currentActor(strapi: Core.Strapi): Actor {
  return currentIntent()?.actor ?? requestActor(strapi);
}
