/**
 * The one way this plugin's features put e-mails into the notification outbox (enqueue, inside the
 * caller's transaction). The outbox service is being split (notification-outbox / -dispatcher /
 * -admin): when that lands, this is the one line to change.
 */
import { getService } from './get-service';
import type { EnqueueResult, NotificationMessage } from '../services/notifications';

export function enqueueNotifications(messages: NotificationMessage | NotificationMessage[]): Promise<EnqueueResult> {
  return getService('notifications').enqueue(messages);
}
