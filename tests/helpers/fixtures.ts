/**
 * Minimal valid REST payloads for every domain content type, created through the API with a token,
 * so that tests of one type can get the records it needs (required relations) without the seed.
 */
import type { TestApp } from './strapi';

export type Rest = {
  create: (plural: string, data: Record<string, unknown>, query?: string) => Promise<any>;
  /** A customer contact (users-permissions user), made directly: REST has no plain user create. */
  contact: () => Promise<{ id: number; documentId: string }>;
};

let counter = 0;
const uniq = () => `${Date.now().toString(36).toUpperCase()}${(counter++).toString(36).toUpperCase()}`;

export function rest(app: TestApp, token: string): Rest {
  return {
    async create(plural, data, query = '') {
      const res = await app.http().post(`/api/${plural}${query}`).set('Authorization', `Bearer ${token}`).send({ data });
      if (res.status !== 201 && res.status !== 200) throw new Error(`POST /api/${plural} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.data;
    },
    async contact() {
      const name = `contact${uniq().toLowerCase()}`;
      return app.strapi.db.query('plugin::users-permissions.user').create({ data: { username: name, email: `${name}@example.test`, provider: 'local', confirmed: true, blocked: false } });
    },
  };
}

/** Builders: plural REST name, a valid payload (relations created on demand), and a field to update. */
export interface TypeCase {
  uid: string;
  plural: string;
  build: (r: Rest) => Promise<Record<string, unknown>>;
  update: Record<string, unknown>;
  /** Updates must carry the version they are based on (optimistic concurrency). */
  versioned?: boolean;
  /** History records: created and read, never updated or deleted (405). */
  appendOnly?: boolean;
  /** Updated but never deleted (405): tickets keep their number and timeline. */
  neverDeleted?: boolean;
}

export const TYPE_CASES: TypeCase[] = [
  { uid: 'api::organization.organization', plural: 'organizations', build: async () => ({ name: 'Acme Ltd', code: `ORG-${uniq()}`.slice(0, 20), region: 'East China' }), update: { region: 'North China' } },
  {
    uid: 'api::asset.asset', plural: 'assets',
    build: async (r) => ({ serial_number: `SN-${uniq()}`, model: 'SW-9300-48P', product_line: 'Network Switches', organization: (await r.create('organizations', { name: 'Asset Org', code: `AO-${uniq()}`.slice(0, 20) })).documentId }),
    update: { model: 'SW-5200-24T' },
  },
  { uid: 'api::business-calendar.business-calendar', plural: 'business-calendars', build: async () => ({ name: `Cal ${uniq()}`, timezone: 'Asia/Shanghai', working_intervals: [{ weekday: 'mon', start: '09:00', end: '12:00' }], holidays: [{ date: '2026-10-01', name: 'National Day' }] }), update: { timezone: 'Europe/Berlin' } },
  { uid: 'api::sla-contract.sla-contract', plural: 'sla-contracts', build: async () => ({ name: `Contract ${uniq()}`, code: `C${uniq()}`.slice(0, 20), targets: [{ priority: 'P1', first_response_minutes: 30, resolution_minutes: 240 }] }), update: { warn_at_percent: 80 } },
  { uid: 'api::support-group.support-group', plural: 'support-groups', build: async () => ({ name: `Group ${uniq()}`, code: `G-${uniq()}`.slice(0, 20), product_line: 'Storage Arrays' }), update: { region: 'South China' } },
  { uid: 'api::agent-profile.agent-profile', plural: 'agent-profiles', build: async () => ({ display_name: 'Agent Smith', email: `agent.${uniq().toLowerCase()}@example.com`, skills: ['network'] }), update: { available: false } },
  { uid: 'api::ticket.ticket', plural: 'tickets', build: async () => ({ subject: 'Printer jam', description: 'Paper stuck', channel: 'phone', type: 'fault', urgency: 'high', impact: 'low' }), update: { description: 'Paper stuck in tray 2' }, versioned: true, neverDeleted: true },
  {
    uid: 'api::escalation.escalation', plural: 'escalations',
    build: async (r) => ({ ticket: (await r.create('tickets', { subject: 'Needs R&D' })).documentId, department: 'rd', reason: 'Firmware defect suspected', level: 1, state: 'open' }),
    update: { answer: 'Fixed in 5.2.3', state: 'answered' },
  },
  {
    uid: 'api::onsite-visit.onsite-visit', plural: 'onsite-visits',
    build: async (r) => ({ ticket: (await r.create('tickets', { subject: 'Needs a visit' })).documentId, state: 'scheduled', scheduled_start: '2026-12-01T01:00:00.000Z', scheduled_end: '2026-12-01T03:00:00.000Z', address: 'Shanghai' }),
    update: { report: 'Replaced PSU' },
  },
  {
    uid: 'api::satisfaction-survey.satisfaction-survey', plural: 'satisfaction-surveys',
    build: async (r) => ({ ticket: (await r.create('tickets', { subject: 'Survey me' })).documentId }),
    update: { rating: 5, comment: 'Great' },
  },
  { uid: 'api::fault-category.fault-category', plural: 'fault-categories', build: async () => ({ name: 'Power supply', code: `F-${uniq()}`.slice(0, 20) }), update: { description: 'PSU faults' } },
  { uid: 'api::kb-category.kb-category', plural: 'kb-categories', build: async () => ({ name: `Troubleshooting ${uniq()}` }), update: { sort_order: 3 } },
  { uid: 'api::kb-article.kb-article', plural: 'kb-articles', build: async () => ({ title: `Reset a switch ${uniq()}`, body: 'Hold the reset button for 15 s.', visibility: 'public' }), update: { summary: 'How to reset' } },
  { uid: 'api::part.part', plural: 'parts', build: async () => ({ sku: `SKU-${uniq()}`, name: '650 W PSU', on_hand: 5, reserved: 0 }), update: { location: 'SH-A-01' } },
  {
    uid: 'api::stock-movement.stock-movement', plural: 'stock-movements',
    build: async (r) => ({ part: (await r.create('parts', { sku: `SKU-${uniq()}`, name: 'Fan' })).documentId, kind: 'receive', quantity: 3, on_hand_delta: 3, reserved_delta: 0 }),
    update: { note: 'Delivery note 42' },
    appendOnly: true,
  },
  {
    uid: 'api::update-notice.update-notice', plural: 'update-notices',
    build: async () => ({ version: `1.${uniq()}`.slice(0, 50), title_en: 'Switch firmware update', title_zh: '交换机固件更新', product_lines: ['Network Switches'] }),
    update: { notes_en: 'Upgrade in a maintenance window.' },
  },
  { uid: 'api::training.training', plural: 'trainings', build: async () => ({ title: 'Switch basics', code: `TR-${uniq()}`.slice(0, 20), audience: 'customer' }), update: { duration_hours: 4 } },
  {
    uid: 'api::training-session.training-session', plural: 'training-sessions',
    build: async (r) => ({ training: (await r.create('trainings', { title: 'Storage', code: `TR-${uniq()}`.slice(0, 20), audience: 'staff' })).documentId, starts_at: '2026-12-08T01:00:00.000Z', ends_at: '2026-12-08T05:00:00.000Z', capacity: 10, state: 'open' }),
    update: { location: 'Online' },
  },
  {
    uid: 'api::enrollment.enrollment', plural: 'enrollments',
    build: async (r) => {
      const training = await r.create('trainings', { title: 'Cameras', code: `TR-${uniq()}`.slice(0, 20), audience: 'customer' });
      // Enrollment is open until a session starts: a session a month ahead.
      const start = Date.now() + 30 * 86_400_000;
      const session = await r.create('training-sessions', { training: training.documentId, starts_at: new Date(start).toISOString(), ends_at: new Date(start + 2 * 3_600_000).toISOString(), capacity: 5, state: 'open' });
      return { session: session.documentId, attendee_user: (await r.contact()).id, state: 'enrolled' };
    },
    update: { state: 'cancelled' },
  },
];
