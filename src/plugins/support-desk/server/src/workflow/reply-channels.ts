/** How a customer's reply reached the support desk when an agent records it (POST /tickets/:documentId/customer-reply). Pure. */
export const REPLY_CHANNELS = ['phone', 'in_person', 'email', 'chat', 'other'] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];
