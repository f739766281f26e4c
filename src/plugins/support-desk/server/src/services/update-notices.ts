/**
 * Technical update notices (the rules: notices/index.ts). Supervisors write and publish them in the
 * Content Manager (draft & publish; documents/update-notice-writes.ts checks the product lines and
 * models and calls `announce` in the publishing transaction). `announce` tells the contacts of every
 * organization owning a concerned asset by e-mail through the outbox, in their language, once per
 * contact and notice (dedupe key) whatever is re-published; organizations with
 * `mail_on_update_notice` off are skipped. Customers list the notices of their organization's assets
 * (customer API); agents see the notices of a ticket's asset.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { concernedAssets, planNoticeMails, targetsOf, type NoticeContact, type NoticeOrganization, type NoticeTargets } from '../notices';
import { enqueueMail } from '../utils/outbox';
import { ASSET_UID, TICKET_UID, UPDATE_NOTICE_UID, USER_UID } from '../constants';

type Row = Record<string, any>;

/** Newest notices considered per list (notices are few; each is matched against the assets in memory). */
const NOTICE_LIMIT = 500;
const BATCH = 500;

const createUpdateNoticeService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** Published versions of the notices, newest first. */
  async function published(where: Row = {}): Promise<Row[]> {
    return strapi.db.query(UPDATE_NOTICE_UID).findMany({ where: { publishedAt: { $notNull: true }, ...where }, orderBy: [{ first_published_at: 'desc' }, { id: 'desc' }], limit: NOTICE_LIMIT });
  }

  /** Assets (with their organization) whose product line or model the targets name. */
  async function assetsConcerned(targets: NoticeTargets): Promise<Row[]> {
    const or = [...targets.product_lines.map((l) => ({ product_line: { $eqi: l } })), ...targets.models.map((m) => ({ model: { $eqi: m } }))];
    if (!or.length) return [];
    const rows: Row[] = await strapi.db.query(ASSET_UID).findMany({
      where: { $or: or, organization: { id: { $notNull: true } } },
      select: ['id', 'serial_number', 'model', 'product_line'],
      populate: { organization: { select: ['id', 'mail_on_update_notice'] } },
    });
    return concernedAssets(targets, rows);
  }

  return {
    /**
     * After a publish (same transaction): records the first publication and queues the mails. Returns
     * how many organizations are concerned, how many contacts were planned and how many mails are new.
     */
    async announce(documentId: string, now = new Date()): Promise<{ organizations: number; contacts: number; queued: number }> {
      const notice = (await published({ documentId }))[0];
      if (!notice) return { organizations: 0, contacts: 0, queued: 0 };
      if (!notice.first_published_at) {
        await strapi.db.query(UPDATE_NOTICE_UID).updateMany({ where: { documentId, first_published_at: { $null: true } }, data: { first_published_at: now } });
      }
      const byOrg = new Map<number, NoticeOrganization>();
      for (const a of await assetsConcerned(targetsOf(notice))) {
        const org = byOrg.get(a.organization.id) ?? { id: a.organization.id, mail_on_update_notice: a.organization.mail_on_update_notice, assets: [] };
        org.assets.push({ serial_number: a.serial_number, model: a.model, product_line: a.product_line });
        byOrg.set(org.id, org);
      }
      const orgIds = [...byOrg.keys()];
      const contacts: NoticeContact[] = [];
      for (let i = 0; i < orgIds.length; i += BATCH) {
        const users: Row[] = await strapi.db.query(USER_UID).findMany({
          where: { organization: { id: { $in: orgIds.slice(i, i + BATCH) } } },
          select: ['id', 'email', 'username', 'full_name', 'preferred_locale', 'blocked'],
          populate: { organization: { select: ['id'] } },
        });
        for (const u of users) contacts.push({ id: u.id, email: u.email, name: u.full_name || u.username || null, locale: u.preferred_locale ?? null, blocked: u.blocked, organizationId: u.organization?.id ?? null });
      }
      const planned = planNoticeMails(documentId, [...byOrg.values()], contacts);
      let queued = 0;
      for (let i = 0; i < planned.length; i += BATCH) {
        const result = await enqueueMail(
          strapi,
          planned.slice(i, i + BATCH).map((m) => ({
            to: m.to,
            template: 'update_notice',
            payload: {
              version: notice.version,
              severity: notice.severity ?? 'recommended',
              title_en: notice.title_en,
              title_zh: notice.title_zh,
              notes_en: notice.notes_en ?? null,
              notes_zh: notice.notes_zh ?? null,
              product_lines: targetsOf(notice).product_lines.join(', '),
              models: targetsOf(notice).models.join(', '),
              assets: m.serials.join(', '),
            },
            dedupeKey: m.dedupeKey,
          })),
        );
        queued += result.inserted;
      }
      return { organizations: byOrg.size, contacts: planned.length, queued };
    },

    /** Published notices concerning an organization's assets, each with those assets. */
    async forOrganization(organizationId: number): Promise<Array<{ notice: Row; assets: Row[] }>> {
      const assets: Row[] = await strapi.db.query(ASSET_UID).findMany({ where: { organization: { id: organizationId } }, select: ['id', 'serial_number', 'model', 'product_line'], limit: 5000 });
      if (!assets.length) return [];
      const out = [];
      for (const notice of await published()) {
        const mine = concernedAssets(targetsOf(notice), assets);
        if (mine.length) out.push({ notice, assets: mine });
      }
      return out;
    },

    /** One notice of the organization's (404 when unknown, unpublished or not concerning its assets). */
    async oneForOrganization(organizationId: number, documentId: string): Promise<{ notice: Row; assets: Row[] }> {
      const notice = (await published({ documentId: String(documentId).slice(0, 100) }))[0];
      const notFound = () => new errors.NotFoundError(`No update notice "${String(documentId).slice(0, 100)}" concerning your organization's equipment.`);
      if (!notice) throw notFound();
      const assets = await assetsConcerned(targetsOf(notice));
      const mine = assets.filter((a) => a.organization?.id === organizationId);
      if (!mine.length) throw notFound();
      return { notice, assets: mine };
    },

    /** Published notices concerning one asset (an agent's view of a ticket's or an asset's notices). */
    async forAsset(asset: Row | null | undefined): Promise<Row[]> {
      if (!asset) return [];
      return (await published()).filter((n) => concernedAssets(targetsOf(n), [asset]).length > 0);
    },

    /** The notices of a ticket's asset (404 for an unknown ticket; [] without an asset). */
    async forTicket(ticketDocumentId: string): Promise<{ ticket: Row; notices: Row[] }> {
      const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { documentId: ticketDocumentId }, select: ['id', 'documentId', 'number'], populate: { asset: { select: ['id', 'documentId', 'serial_number', 'model', 'product_line'] } } });
      if (!ticket) throw new errors.NotFoundError(`No ticket with id "${String(ticketDocumentId).slice(0, 100)}".`);
      return { ticket, notices: await this.forAsset(ticket.asset) };
    },

    async forAssetDocument(assetDocumentId: string): Promise<{ asset: Row; notices: Row[] }> {
      const asset = await strapi.db.query(ASSET_UID).findOne({ where: { documentId: assetDocumentId }, select: ['id', 'documentId', 'serial_number', 'model', 'product_line'] });
      if (!asset) throw new errors.NotFoundError(`No asset with id "${String(assetDocumentId).slice(0, 100)}".`);
      return { asset, notices: await this.forAsset(asset) };
    },
  };
};

export type UpdateNoticeService = ReturnType<typeof createUpdateNoticeService>;
export default createUpdateNoticeService;
