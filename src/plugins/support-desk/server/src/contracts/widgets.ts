/**
 * A ticket of the homepage widgets (GET /support-desk/widgets/sla-at-risk and /my-tickets,
 * services/widgets.ts): the one definition the server builds and the admin's widgets read
 * (`import type`). Types only, no Strapi import.
 */
import type { WidgetClock } from '../widgets/deadline';

export interface WidgetTicket {
  documentId: string;
  number: string;
  subject: string;
  priority: string;
  state: string;
  group: string | null;
  assignee: string | null;
  next_deadline: { clock: WidgetClock; due: string; minutes_left: number } | null;
}
