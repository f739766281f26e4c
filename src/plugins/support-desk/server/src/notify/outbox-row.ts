/**
 * A row of the notification outbox as the services read it (pure, no Strapi): the states, the row
 * type, and `fromRow`, which turns a raw knex row (snake-case columns, instants as Date, epoch text
 * or ISO text depending on the database) into it. Shared by services/notification-outbox.ts,
 * notification-dispatcher.ts and notification-admin.ts.
 */
import type { MessageLocale } from './locale';

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** A raw row as knex returns it. */
export type RawRow = Record<string, any>;

/** A notification row as the service reads it (column names; instants as ISO strings). */
export interface NotificationRow {
  id: number;
  documentId: string;
  recipient_email: string;
  recipient_name: string | null;
  recipient_time_zone: string | null;
  template: string;
  message_locale: MessageLocale;
  payload: Record<string, unknown> | null;
  state: NotificationStatus;
  attempts: number;
  next_attempt_at: string | null;
  claimed_at: string | null;
  claim_token: string | null;
  sent_at: string | null;
  dedupe_key: string;
  last_error: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** An instant (Date, ISO text, or epoch ms as number or digits) as ISO text; null when absent or invalid. */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function fromRow(r: RawRow): NotificationRow {
  let payload = r.payload ?? null;
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload);
    } catch {
      payload = null;
    }
  }
  return {
    id: Number(r.id),
    documentId: r.document_id,
    recipient_email: r.recipient_email,
    recipient_name: r.recipient_name ?? null,
    recipient_time_zone: r.recipient_time_zone ?? null,
    template: r.template,
    message_locale: r.message_locale,
    payload,
    state: r.state,
    attempts: Number(r.attempts ?? 0),
    next_attempt_at: toIso(r.next_attempt_at),
    claimed_at: toIso(r.claimed_at),
    claim_token: r.claim_token ?? null,
    sent_at: toIso(r.sent_at),
    dedupe_key: r.dedupe_key,
    last_error: r.last_error ?? null,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}
