/**
 * Technical update notices: customers list and read the ones concerning their organization's assets
 * (customer API, org-scoped like tickets); agents see the notices of a ticket's or an asset's
 * equipment (admin routes). Writing and publishing is the Content Manager's (supervisors).
 */
import type { Context } from 'koa';
import { customerOf } from '../utils/caller';
import { getService } from '../utils/get-service';
import { toAgentUpdateNotice, toCustomerUpdateNotice, toNoticeAssetRef } from '../contracts/update-notice';
import { USER_UID } from '../constants';

/** The contact's language (their profile), else the request's Accept-Language. */
async function readerLocale(ctx: Context, userId: number): Promise<string | null> {
  const user = await strapi.db.query(USER_UID).findOne({ where: { id: userId }, select: ['preferred_locale'] });
  return user?.preferred_locale ?? (ctx.acceptsLanguages('zh-Hans', 'zh', 'en') || null);
}

export default () => ({
  async customerList(ctx: Context) {
    const me = customerOf(ctx);
    const locale = await readerLocale(ctx, me.userId);
    const list = await getService('update-notices').forOrganization(me.organizationId);
    ctx.body = { data: list.map(({ notice, assets }) => toCustomerUpdateNotice(notice, assets, locale)) };
  },

  async customerFindOne(ctx: Context) {
    const me = customerOf(ctx);
    const { notice, assets } = await getService('update-notices').oneForOrganization(me.organizationId, ctx.params.documentId);
    ctx.body = { data: toCustomerUpdateNotice(notice, assets, await readerLocale(ctx, me.userId)) };
  },

  async forTicket(ctx: Context) {
    const { ticket, notices } = await getService('update-notices').forTicket(ctx.params.documentId);
    ctx.body = { data: notices.map(toAgentUpdateNotice), meta: { ticket: { documentId: ticket.documentId, number: ticket.number }, asset: ticket.asset ? toNoticeAssetRef(ticket.asset) : null } };
  },

  async forAsset(ctx: Context) {
    const { asset, notices } = await getService('update-notices').forAssetDocument(ctx.params.documentId);
    ctx.body = { data: notices.map(toAgentUpdateNotice), meta: { asset: toNoticeAssetRef(asset) } };
  },
});
