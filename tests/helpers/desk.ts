/**
 * Helpers for the ticket-operation tests (routing, escalations, visits, auto-close): REST calls
 * with an integration token, and agents, groups, profiles and tickets made directly.
 */
import type { TestApp } from './strapi';

export const TICKET = 'api::ticket.ticket';
export const EVENT = 'plugin::support-desk.ticket-event';
export const GROUP = 'api::support-group.support-group';
export const PROFILE = 'api::agent-profile.agent-profile';
export const NOTIFICATION = 'plugin::support-desk.notification';

let seq = 0;
export const uniq = (prefix = '') => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}`.toUpperCase();

export function desk(app: TestApp, token: string) {
  const docs = (uid: string) => app.strapi.documents(uid as any) as any;
  const api = {
    post: (url: string, body: unknown) => app.http().post(url).set('Authorization', `Bearer ${token}`).send(body as object),
    put: (url: string, body: unknown) => app.http().put(url).set('Authorization', `Bearer ${token}`).send(body as object),
    get: (url: string) => app.http().get(url).set('Authorization', `Bearer ${token}`),
  };
  const as = (jwt: string) => ({
    post: (url: string, body: unknown) => app.http().post(url).set('Authorization', `Bearer ${jwt}`).send(body as object),
    get: (url: string) => app.http().get(url).set('Authorization', `Bearer ${jwt}`),
  });

  return {
    api,
    as,
    docs,
    row: (documentId: string) => app.strapi.db.query(TICKET).findOne({ where: { documentId }, populate: ['assignee', 'group'] }),
    events: (ticketId: number, kind?: string) =>
      app.strapi.db.query(EVENT).findMany({ where: { ticket: { id: ticketId }, ...(kind ? { kind } : {}) }, orderBy: { id: 'asc' } }),
    notifications: (where: Record<string, unknown>) => app.strapi.db.query(NOTIFICATION).findMany({ where, orderBy: { id: 'asc' } }),

    /** An admin user (no login) to route to. */
    async admin(first: string, extra: Record<string, unknown> = {}) {
      return app.strapi.db.query('admin::user').create({ data: { firstname: first, lastname: 'Test', email: `${first.toLowerCase()}.${uniq()}@example.test`.toLowerCase(), isActive: true, ...extra } });
    },
    async group(data: Record<string, unknown>) {
      return docs(GROUP).create({ data: { name: `Group ${uniq()}`, code: uniq('G-').slice(0, 20), ...data } });
    },
    async profile(userId: number, data: Record<string, unknown> = {}) {
      return docs(PROFILE).create({ data: { user: userId, display_name: `Agent ${userId}`, skills: [], available: true, max_open_tickets: 20, department: 'support', preferred_locale: 'en', ...data } });
    },
    /** A ticket through core REST (integration). */
    async ticket(data: Record<string, unknown> = {}) {
      const res = await api.post('/api/tickets', { data: { subject: 'Switch down', urgency: 'medium', impact: 'medium', ...data } });
      if (res.status !== 201) throw new Error(`ticket create ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.data;
    },
    /** A ticket written by the system (relations to admin users allowed), e.g. to give an agent load. */
    async systemTicket(data: Record<string, unknown> = {}) {
      return docs(TICKET).create({ data: { subject: 'Load', ...data } });
    },
    transition: (documentId: string, body: Record<string, unknown>) => api.post(`/api/support-desk/tickets/${documentId}/transitions`, body),
    async walk(documentId: string, steps: Array<Record<string, unknown>>) {
      let version = (await app.strapi.db.query(TICKET).findOne({ where: { documentId } })).version;
      let last: any;
      for (const step of steps) {
        const res = await api.post(`/api/support-desk/tickets/${documentId}/transitions`, { version, ...step });
        if (res.status !== 200) throw new Error(`${step.action} → ${res.status} ${JSON.stringify(res.body)}`);
        last = res.body.data;
        version = last.version;
      }
      return last;
    },
  };
}
