/**
 * Prometheus metrics (prom-client), one registry per Strapi instance, served by `GET /metrics`
 * (middlewares/ops.ts, bearer METRICS_TOKEN). What an operator of several instances watches:
 *
 * - `http_request_duration_seconds{method,route,status}` (histogram): request rate and latency per
 *   route *pattern* (never the raw URL);
 * - `support_desk_outbox_backlog{state}` and `support_desk_outbox_oldest_pending_age_seconds`: the
 *   notification outbox, read from its table at scrape time (pending and sending rows; the oldest
 *   pending row's age since it was queued);
 * - `support_desk_sla_sweep_duration_seconds` (histogram of this instance's sweep runs) and
 *   `support_desk_sla_sweep_lag_seconds`: how far the sweep is behind the deadlines — the age of the
 *   oldest warning or breach that is due and not yet recorded (0 when none), read at scrape time;
 * - `support_desk_mail_import_delay_seconds{mailbox}` (histogram): from a message's arrival in the
 *   mailbox (its IMAP internal date) to its import on this instance — the IMAP import lag — and
 *   `support_desk_mail_import_last_success_timestamp_seconds{mailbox}`: when this instance last read
 *   the mailbox without an error (alert on `time() - max(...)` across instances);
 * - `support_desk_unhandled_rejections_total{database_unavailable}`: rejections logged instead of
 *   exiting (utils/process-guard.ts);
 * - prom-client's default process metrics (`process_resident_memory_bytes`,
 *   `nodejs_eventloop_lag_seconds`, heap, GC, handles).
 * Scrape-time queries that fail (database down) leave those gauges out of that scrape; the rest is
 * still answered.
 */
import type { Core } from '@strapi/strapi';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { NOTIFICATION_UID, TICKET_UID } from '../constants';
import { OPEN_STATUSES } from '../workflow/state-machine';
import { rejectionCounts } from '../utils/process-guard';
import { SLA_MARKS } from './sla';

const createMetricsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status: count (rate) and duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const sweepDuration = new Histogram({
    name: 'support_desk_sla_sweep_duration_seconds',
    help: 'Duration of this instance\'s SLA sweep runs',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60],
    registers: [registry],
  });

  const mailImportDelay = new Histogram({
    name: 'support_desk_mail_import_delay_seconds',
    help: 'Time from a message reaching the support mailbox (IMAP internal date) to its import, per mailbox',
    labelNames: ['mailbox'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 900, 3600],
    registers: [registry],
  });
  const mailboxReadAt = new Gauge({
    name: 'support_desk_mail_import_last_success_timestamp_seconds',
    help: 'When this instance last read the mailbox without an error (Unix time)',
    labelNames: ['mailbox'],
    registers: [registry],
  });

  const rowsOf = (r: unknown) => (Array.isArray(r) ? r : ((r as { rows?: unknown[] })?.rows ?? [])) as Array<Record<string, unknown>>;
  const ageSeconds = (v: unknown) => (v ? Math.max(0, (Date.now() - new Date(v as string).getTime()) / 1000) : 0);

  new Gauge({
    name: 'support_desk_outbox_backlog',
    help: 'Notifications waiting in the outbox, by state (pending, sending)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { tableName } = strapi.db.metadata.get(NOTIFICATION_UID);
      const rows = await strapi.db.connection(tableName).whereIn('state', ['pending', 'sending']).select('state').count({ n: '*' }).groupBy('state');
      this.reset();
      for (const state of ['pending', 'sending']) this.set({ state }, Number(rows.find((r) => r.state === state)?.n ?? 0));
    },
  });
  new Gauge({
    name: 'support_desk_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest pending notification (0 when none)',
    registers: [registry],
    async collect() {
      const { tableName } = strapi.db.metadata.get(NOTIFICATION_UID);
      const row = await strapi.db.connection(tableName).where('state', 'pending').min({ oldest: 'created_at' }).first();
      this.set(ageSeconds(row?.oldest));
    },
  });
  new Gauge({
    name: 'support_desk_sla_sweep_lag_seconds',
    help: 'Age of the oldest SLA warning or breach that is due and not yet recorded (0 when none)',
    registers: [registry],
    async collect() {
      const { tableName } = strapi.db.metadata.get(TICKET_UID);
      const now = new Date();
      let oldest = 0;
      for (const m of SLA_MARKS) {
        const q = strapi.db.connection(tableName).whereIn('state', OPEN_STATUSES as string[]).where(m.due, '<=', now).whereNull(m.mark);
        if (m.clock === 'first_response') q.whereNull('first_responded_at');
        else q.whereNull('sla_paused_at');
        const row = rowsOf([await q.min({ oldest: m.due }).first()])[0];
        oldest = Math.max(oldest, ageSeconds(row?.oldest));
      }
      this.set(oldest);
    },
  });
  new Gauge({
    name: 'support_desk_unhandled_rejections_total',
    help: 'Unhandled promise rejections logged instead of ending the process',
    labelNames: ['database_unavailable'],
    registers: [registry],
    collect() {
      this.set({ database_unavailable: 'true' }, rejectionCounts.databaseUnavailable);
      this.set({ database_unavailable: 'false' }, rejectionCounts.other);
    },
  });

  return {
    observeRequest(method: string, route: string, status: number, seconds: number) {
      httpDuration.observe({ method, route, status: String(status) }, seconds);
    },
    observeSweep(seconds: number) {
      sweepDuration.observe(seconds);
    },
    /** A message imported from `mailbox`, which arrived there at `arrivedAt`. */
    observeMailImported(mailbox: string, arrivedAt: Date, importedAt: Date) {
      mailImportDelay.observe({ mailbox }, Math.max(0, (importedAt.getTime() - arrivedAt.getTime()) / 1000));
    },
    observeMailboxRead(mailbox: string, at: Date) {
      mailboxReadAt.set({ mailbox }, at.getTime() / 1000);
    },
    contentType: registry.contentType,
    /** The exposition text; a gauge whose query fails is left out (logged once per scrape). */
    async render(): Promise<string> {
      const parts: string[] = [];
      for (const metric of registry.getMetricsAsArray()) {
        try {
          parts.push(`${await registry.getSingleMetricAsString(metric.name)}\n`);
        } catch (error) {
          strapi.log.warn(`[support-desk] metric ${metric.name} not collected: ${(error as Error).message}`);
        }
      }
      return parts.join('');
    },
  };
};

export type MetricsService = ReturnType<typeof createMetricsService>;
export default createMetricsService;
