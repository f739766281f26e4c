/** Admin-panel KB endpoints (admin JWT + plugin RBAC): revisions and drafts from tickets. */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { actorOf } from '../utils/caller';
import { toAgentKbDraft, toAgentKbRevision } from '../contracts/agent';

const positiveId = (v: unknown, name: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new errors.ValidationError(`"${name}" must be a revision id (a whole number ≥ 1).`);
  return n;
};

export default () => ({
  async revisions(ctx: Context) {
    const locale = typeof ctx.query.locale === 'string' ? ctx.query.locale : undefined;
    ctx.body = { data: await getService('kbEditorial').list(String(ctx.params.documentId), locale) };
  },

  async revision(ctx: Context) {
    ctx.body = { data: toAgentKbRevision(await getService('kbEditorial').get(positiveId(ctx.params.id, 'id'))) };
  },

  async compare(ctx: Context) {
    ctx.body = { data: await getService('kbEditorial').compare(positiveId(ctx.query.from, 'from'), positiveId(ctx.query.to, 'to')) };
  },

  async fromTicket(ctx: Context) {
    const b = ((ctx.request as unknown as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    const caller = actorOf(ctx);
    const article = await getService('kbEditorial').createFromTicket(String(ctx.params.ticketDocumentId), {
      locale: typeof b.locale === 'string' ? b.locale : undefined,
      editorId: caller.kind === 'agent' ? caller.id : undefined,
    });
    ctx.status = 201;
    ctx.body = { data: toAgentKbDraft(article as Record<string, any>) };
  },
});
