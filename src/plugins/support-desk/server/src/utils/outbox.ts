/**
 * The one way features reach the notification outbox (`notification-outbox` `enqueue`, inside the
 * caller's transaction), and the mail domain of our Message-IDs. The outbox service's name is
 * written here once.
 */
import type { Core } from '@strapi/strapi';
import { getServiceOf } from './get-service';
import type { EnqueueResult, NotificationMessage } from '../services/notification-outbox';

export const outbox = (strapi: Core.Strapi) => getServiceOf(strapi, 'notification-outbox');

/** Queues e-mails in the caller's transaction (surveys, monthly report, stock alerts, trainings). */
export function enqueueMail(strapi: Core.Strapi, messages: NotificationMessage | NotificationMessage[]): Promise<EnqueueResult> {
  return outbox(strapi).enqueue(messages);
}

/** The domain of our From address (Message-IDs `<…@domain>`), as the outbox's dispatcher uses it. */
export function mailDomain(strapi: Core.Strapi): string {
  const from = String(strapi.config.get('plugin::email.settings.defaultFrom', '') ?? '');
  const match = /@([A-Za-z0-9.-]+)/.exec(from);
  return match ? match[1].toLowerCase() : 'support-desk.local';
}

/** Our From address, bare and lower-case ('' when unknown). */
export function fromAddress(strapi: Core.Strapi): string {
  const from = String(strapi.config.get('plugin::email.settings.defaultFrom', '') ?? '');
  const match = /<([^<>\s]+@[^<>\s]+)>/.exec(from) ?? /^([^\s<>]+@[^\s<>]+)$/.exec(from.trim());
  return match ? match[1].toLowerCase() : '';
}
