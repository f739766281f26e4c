/**
 * Article lifecycle: revisions kept on every publish (who, when, full snapshot) and their comparison,
 * drafts created from resolved tickets, and review reminders (review_due_at) through the outbox.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { compareSnapshots } from '../kb/diff';
import { KB_LOCALES, type KbLocale } from '../kb/params';
import { getService } from '../utils/get-service';
import { requestActor } from '../utils/caller';
import { ARTICLE_UID, REVISION_UID, TICKET_UID } from '../constants';

export const SNAPSHOT_FIELDS = ['title', 'slug', 'summary', 'body', 'category', 'tags', 'product_lines', 'visibility', 'review_due_at', 'responsible_editor'];

type Row = Record<string, any>;

export interface RevisionAuthor {
  kind: 'admin' | 'api-token' | 'system';
  id?: number;
  name?: string;
}

/** Who is writing, from the request being served (Content Manager, API token) or the system. */
export function currentAuthor(strapi: Core.Strapi): RevisionAuthor {
  const actor = requestActor(strapi);
  if (actor.kind === 'integration') return { kind: 'api-token', id: actor.id, name: `API token ${actor.name ?? ''}`.trim() };
  if (actor.kind === 'agent') return { kind: 'admin', id: actor.id, name: actor.name };
  return { kind: 'system', name: 'system' };
}

const createKbEditorialService = ({ strapi }: { strapi: Core.Strapi }) => {
  const revisions = () => strapi.db.query(REVISION_UID);

  const service = {
    /** Snapshots the published rows of a document (the locales given, or all) as new revisions. */
    async recordPublish(documentId: string, locales: string[] | '*', author: RevisionAuthor) {
      const where: Row = { documentId, publishedAt: { $notNull: true } };
      if (locales !== '*') where.locale = { $in: locales };
      const rows: Row[] = await strapi.db.query(ARTICLE_UID).findMany({
        where,
        populate: { category: { select: ['documentId', 'name'] }, responsible_editor: { select: ['id', 'email', 'firstname', 'lastname'] } },
      });
      const created: Row[] = [];
      for (const row of rows) {
        const last: Row | null = await revisions().findOne({ where: { article_document_id: documentId, article_locale: row.locale }, orderBy: { revision: 'desc' }, select: ['revision'] });
        const snapshot: Row = {};
        for (const f of SNAPSHOT_FIELDS) snapshot[f] = row[f] ?? null;
        // Relations as their identity plus a name, so a revision reads the same after a rename or deletion.
        snapshot.category = row.category ? { documentId: row.category.documentId, name: row.category.name ?? null } : null;
        const editor = row.responsible_editor;
        snapshot.responsible_editor = editor ? { id: editor.id, email: editor.email, name: [editor.firstname, editor.lastname].filter(Boolean).join(' ') || null } : null;
        created.push(await revisions().create({
          data: {
            article_document_id: documentId,
            article_locale: row.locale,
            revision: (last?.revision ?? 0) + 1,
            title: String(row.title ?? '').slice(0, 200),
            snapshot,
            author_kind: author.kind,
            author_id: author.id ?? null,
            author_name: author.name ?? null,
            published_at_snapshot: row.publishedAt,
          },
        }));
      }
      return created;
    },

    async list(documentId: string, locale?: string) {
      const where: Row = { article_document_id: documentId };
      if (locale) where.article_locale = locale;
      const rows: Row[] = await revisions().findMany({ where, orderBy: [{ article_locale: 'asc' }, { revision: 'desc' }] });
      return rows.map((r) => ({
        id: r.id, documentId: r.documentId, locale: r.article_locale, revision: r.revision, title: r.title,
        author: { kind: r.author_kind, id: r.author_id, name: r.author_name }, publishedAt: r.published_at_snapshot, createdAt: r.createdAt,
      }));
    },

    async get(id: number) {
      const r: Row | null = await revisions().findOne({ where: { id } });
      if (!r) throw new errors.NotFoundError(`No KB revision ${id}.`);
      return r;
    },

    /** Field-by-field comparison of two revisions of the same article (line diff for long text). */
    async compare(fromId: number, toId: number) {
      const [a, b] = [await service.get(fromId), await service.get(toId)];
      if (a.article_document_id !== b.article_document_id) throw new errors.ValidationError('Both revisions must belong to the same article.');
      return {
        from: { id: a.id, revision: a.revision, locale: a.article_locale, author: a.author_name, publishedAt: a.published_at_snapshot },
        to: { id: b.id, revision: b.revision, locale: b.article_locale, author: b.author_name, publishedAt: b.published_at_snapshot },
        changes: compareSnapshots(a.snapshot ?? {}, b.snapshot ?? {}, SNAPSHOT_FIELDS),
      };
    },

    /**
     * A draft article pre-filled from a resolved (or closed) ticket: its subject, the problem
     * (description) and the solution (+ root cause), linked to the ticket. Internal until an editor
     * decides otherwise (ticket texts may name the customer).
     */
    async createFromTicket(ticketDocumentId: string, opts: { locale?: string; editorId?: number }) {
      const locale = (opts.locale ?? 'en') as KbLocale;
      if (!KB_LOCALES.includes(locale)) throw new errors.ValidationError(`Unknown locale "${String(opts.locale).slice(0, 40)}"; use one of ${KB_LOCALES.join(', ')}.`);
      const ticket: Row | null = await strapi.db.query(TICKET_UID).findOne({ where: { documentId: ticketDocumentId } });
      if (!ticket) throw new errors.NotFoundError(`No ticket ${ticketDocumentId.slice(0, 100)}.`);
      if (!['resolved', 'closed'].includes(ticket.state)) {
        throw new errors.ValidationError(`Ticket ${ticket.number ?? ticketDocumentId} is "${ticket.state}": only resolved or closed tickets can become articles, once their solution is known.`);
      }
      if (!ticket.solution || !String(ticket.solution).trim()) throw new errors.ValidationError(`Ticket ${ticket.number ?? ticketDocumentId} has no solution text to turn into an article.`);
      const problem = String(ticket.description ?? ticket.subject).trim();
      const zh = locale === 'zh-Hans';
      const body = [
        zh ? '## 问题' : '## Problem', '', problem, '',
        ...(ticket.root_cause ? [zh ? '## 原因' : '## Cause', '', String(ticket.root_cause).trim(), ''] : []),
        zh ? '## 解决方法' : '## Solution', '', String(ticket.solution).trim(),
      ].join('\n');
      const data: Row = {
        title: String(ticket.subject).slice(0, 200),
        summary: problem.replace(/\s+/g, ' ').slice(0, 300),
        body,
        visibility: 'internal',
        tags: [],
        product_lines: ticket.product_line ? [ticket.product_line] : [],
        source_tickets: [ticketDocumentId],
      };
      if (opts.editorId) data.responsible_editor = opts.editorId;
      const article = await strapi.documents(ARTICLE_UID).create({ locale, status: 'draft', data: data as any, populate: { source_tickets: { fields: ['documentId', 'number', 'subject'] } } as any });
      return article;
    },

    /** Published articles whose review date has passed, with their responsible editor. */
    async dueForReview(now = new Date()) {
      const rows: Row[] = await strapi.db.query(ARTICLE_UID).findMany({
        where: { review_due_at: { $lte: now }, publishedAt: { $notNull: true } },
        select: ['documentId', 'locale', 'title', 'slug', 'review_due_at'],
        populate: { responsible_editor: { select: ['id', 'email', 'firstname', 'lastname'] } },
      });
      return rows;
    },

    /**
     * Review reminders through the notification outbox (template kb_review_due), one per article
     * locale, review date and editor: the dedupe key makes a re-run, or a second instance, add nothing.
     */
    async sendReviewReminders(now = new Date()) {
      const due = await service.dueForReview(now);
      const messages = due
        .filter((a) => a.responsible_editor?.email)
        .map((a) => {
          const editor = a.responsible_editor;
          const dueAt = new Date(a.review_due_at).toISOString();
          return {
            to: { email: editor.email as string, name: [editor.firstname, editor.lastname].filter(Boolean).join(' ') || null, locale: a.locale as string },
            template: 'kb_review_due',
            payload: { title: a.title, review_due_at: dueAt, locale: a.locale, document_id: a.documentId },
            dedupeKey: `kb-review:${a.documentId}:${a.locale}:${dueAt}:${editor.id}`,
          };
        });
      const result = messages.length ? await getService('notification-outbox').enqueue(messages) : { inserted: 0, ignored: 0 };
      return { due: due.length, enqueued: result.inserted, duplicates: result.ignored };
    },
  };
  return service;
};

export type KbEditorialService = ReturnType<typeof createKbEditorialService>;
export default createKbEditorialService;
