/**
 * The one place where the after-sales features queue an e-mail: the outbox's enqueue, in the
 * caller's transaction (deduplicated by key). When the outbox service is split or renamed, this is
 * the line to change.
 */
import type { Core } from '@strapi/strapi';
import type { NotificationMessage } from '../services/notification-outbox';
import { getServiceOf } from './get-service';

export function enqueueMail(strapi: Core.Strapi, messages: NotificationMessage | NotificationMessage[]) {
  return getServiceOf(strapi, 'notification-outbox').enqueue(messages);
}
