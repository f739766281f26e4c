/** The Message-ID of the mail that is opening a ticket, while the importer creates it (so the first customer mail about the ticket answers it). */
import { AsyncLocalStorage } from 'async_hooks';

const opening = new AsyncLocalStorage<string>();

export const withOpeningMessage = <T>(messageId: string | null, fn: () => Promise<T>): Promise<T> => opening.run(messageId ?? '', fn);
export const openingMessageId = (): string | null => opening.getStore() || null;
