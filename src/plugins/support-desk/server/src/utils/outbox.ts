/**
 * The one way the management features (surveys, monthly report) put e-mails into the notification
 * outbox: `notification-outbox` `enqueue`, inside the caller's transaction.
 */
import { getService } from './get-service';
import type { EnqueueResult, NotificationMessage } from '../services/notification-outbox';

export function enqueueNotifications(messages: NotificationMessage | NotificationMessage[]): Promise<EnqueueResult> {
  return getService('notification-outbox').enqueue(messages);
}
