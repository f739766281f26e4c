/**
 * Notification outbox, the writing side: `enqueue` validates messages and writes them as `pending`
 * rows in the caller's transaction. services/notification-dispatcher.ts sends them;
 * services/notification-admin.ts lists and retries them. Templates are the pure core in `../notify`.
 *
 * Dedupe key: `enqueue` inserts with ON CONFLICT (dedupe_key) DO NOTHING, so a change that is
 * replayed (a retried request, a second instance running the same sweep) cannot queue the same
 * message twice.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { InvalidPayloadError, isValidTimeZone, resolveLocale, UnknownTemplateError, validateMessage } from '../notify';
import type { RawRow } from '../notify/outbox-row';
import { outboxTable, type Knex } from '../utils/outbox-table';
import { insertLinked } from '../utils/links';
import { createClock } from '../utils/clock';
import { NOTIFICATION_UID } from '../constants';
import { newDocumentId as newModelDocumentId } from '../utils/model-table';

export interface NotificationRecipient {
  email: string;
  name?: string | null;
  /** Any BCP 47-ish tag (`zh-Hans`, `zh-CN`, `en`, `en-US` …); unknown → zh-Hans. */
  locale?: string | null;
  /** IANA zone in which instants are shown (else payload.time_zone, else the configured default). */
  timeZone?: string | null;
}

export interface NotificationMessage {
  to: NotificationRecipient;
  /** A template of `../notify/templates` (unknown → ValidationError). */
  template: string;
  payload?: Record<string, unknown> | null;
  /** Unique per message; a second enqueue with the same key is ignored. */
  dedupeKey: string;
  ticketId?: number | null;
}

export interface EnqueueResult {
  /** Ids of the rows written (duplicates of an existing dedupe key are not written). */
  ids: number[];
  inserted: number;
  ignored: number;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

const createNotificationOutboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  const clock = createClock();
  const newDocumentId = (): string => newModelDocumentId(strapi, NOTIFICATION_UID);

  /** Validates and turns a message into a row; throws ValidationError on a programming error. */
  function toRow(m: NotificationMessage, now: Date): RawRow {
    if (!m || typeof m !== 'object') throw new errors.ValidationError('notification: a message must be an object');
    const dedupeKey = typeof m.dedupeKey === 'string' ? m.dedupeKey.trim() : '';
    if (!dedupeKey || dedupeKey.length > 255) throw new errors.ValidationError('notification: dedupeKey must be a non-empty string of at most 255 characters', { dedupeKey: m.dedupeKey });
    const email = typeof m.to?.email === 'string' ? m.to.email.trim() : '';
    if (!email) throw new errors.ValidationError('notification: to.email is required', { dedupeKey });
    try {
      validateMessage(m.template, m.payload);
    } catch (error) {
      if (error instanceof UnknownTemplateError) throw new errors.ValidationError(error.message, { template: m.template, dedupeKey });
      if (error instanceof InvalidPayloadError) throw new errors.ValidationError(error.message, { template: m.template, missing: error.missing, dedupeKey });
      throw error;
    }
    let payloadJson: string;
    try {
      payloadJson = JSON.stringify(m.payload ?? {});
    } catch {
      throw new errors.ValidationError('notification: payload must be serializable to JSON', { dedupeKey });
    }
    // A malformed address must not roll back the change that caused the message: the row is
    // written dead, with the reason, where an admin sees it.
    const badAddress = !EMAIL.test(email) || email.length > 255;
    return {
      document_id: newDocumentId(),
      recipient_email: email.slice(0, 255),
      recipient_name: m.to.name ? String(m.to.name).slice(0, 200) : null,
      recipient_time_zone: isValidTimeZone(m.to.timeZone) ? m.to.timeZone : null,
      template: m.template,
      message_locale: resolveLocale(m.template, m.to.locale),
      payload: payloadJson,
      state: badAddress ? 'dead' : 'pending',
      attempts: 0,
      next_attempt_at: badAddress ? null : now,
      dedupe_key: dedupeKey,
      last_error: badAddress ? `invalid recipient address: ${email.slice(0, 255)}` : null,
      created_at: now,
      updated_at: now,
      published_at: now,
    };
  }

  return {
    /** Pins the clock of the rows' instants (created, first due) at epoch ms `at`; null = the system clock. */
    pinClock: (at: number | null) => clock.pin(at),

    /**
     * Queues messages. Joins the caller's `strapi.db.transaction(...)` when there is one (Strapi's
     * transaction context is an AsyncLocalStorage; a nested `strapi.db.transaction` reuses it and
     * neither commits nor rolls back), so the rows commit or roll back with the change that caused
     * them. A dedupe key that exists already is ignored (INSERT … ON CONFLICT DO NOTHING: no error,
     * and on PostgreSQL no aborted transaction either).
     */
    async enqueue(messages: NotificationMessage | NotificationMessage[]): Promise<EnqueueResult> {
      const list = Array.isArray(messages) ? messages : [messages];
      if (!list.length) return { ids: [], inserted: 0, ignored: 0 };
      const now = new Date(clock.now());
      const byKey = new Map<string, { row: RawRow; ticketId: number | null }>();
      for (const m of list) {
        const row = toRow(m, now);
        if (!byKey.has(row.dedupe_key)) byKey.set(row.dedupe_key, { row, ticketId: m.ticketId ?? null });
      }
      const entries = [...byKey.values()];
      return strapi.db.transaction(async ({ trx }) => {
        const inserted: RawRow[] = [];
        // Chunks keep SQLite under its bound-parameter limit. The rows and their ticket links in one
        // statement on PostgreSQL (a skipped duplicate gets no link).
        for (let i = 0; i < entries.length; i += 100) {
          const chunk = entries.slice(i, i + 100);
          const targets = new Map(chunk.flatMap((e) => (typeof e.ticketId === 'number' ? [[e.row.dedupe_key as string, e.ticketId] as const] : [])));
          const insert = outboxTable(strapi, trx as unknown as Knex).insert(chunk.map((e) => e.row)).onConflict('dedupe_key').ignore().returning(['id', 'dedupe_key']);
          inserted.push(...((await insertLinked(strapi, trx, insert as any, { uid: NOTIFICATION_UID, attribute: 'ticket', key: 'dedupe_key', targets })) as RawRow[]));
        }
        return { ids: inserted.map((r) => Number(r.id)), inserted: inserted.length, ignored: list.length - inserted.length };
      });
    },
  };
};

export type NotificationOutboxService = ReturnType<typeof createNotificationOutboxService>;
export default createNotificationOutboxService;
