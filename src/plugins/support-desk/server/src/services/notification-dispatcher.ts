/**
 * Notification dispatcher: the cron-driven sender of the outbox (services/notification-outbox.ts
 * writes the rows). `dispatch` claims due rows and sends them through Strapi's email plugin
 * (nodemailer provider), retrying with backoff and giving up ("dead") after `maxAttempts`. Templates
 * and the retry schedule are the pure core in `../notify`.
 *
 * Delivery guarantees — what "a restart in the middle of a batch sends nothing twice" rests on:
 * 1. Claim. A batch is taken with ONE atomic statement that moves rows from `pending` (due) to
 *    `sending` and stamps them with this run's random `claim_token` and `claimed_at`. On PostgreSQL
 *    the candidate rows are chosen with `FOR UPDATE SKIP LOCKED`, so concurrent claimers (other
 *    instances) each get disjoint rows without waiting; on SQLite the single UPDATE … RETURNING runs
 *    under SQLite's one-writer lock, which serializes claimers. Two instances never hold one row.
 * 2. Per-row state, written right after each send. A row becomes `sent` (or is rescheduled / dead)
 *    immediately after its own SMTP exchange, and only by the holder of its claim token
 *    (`WHERE id = ? AND claim_token = ? AND state = 'sending'`). A restart therefore never re-sends
 *    a row already marked `sent`; rows of the interrupted batch that were still `sending` are taken
 *    again (crash recovery) once their claim is older than `staleClaimMs`, and rows not yet tried are
 *    simply sent then.
 * 3. Dedupe key (the outbox): a replayed change cannot queue the same message twice.
 * What is NOT guaranteed — honestly at-least-once: if the process dies after the SMTP server
 * accepted a message and before the `sent` update committed (one round trip to the database), that
 * message is sent again after `staleClaimMs`. No outbox can close this window without the SMTP
 * server taking part; it is kept to that single UPDATE per message (at most `sendConcurrency`
 * messages are in it at any moment; 1 makes it a single message), and the Message-ID is derived
 * from the row (`<documentId@domain>`) so a duplicate is recognizable downstream. A live instance
 * never loses its claim to another: it stops sending a batch once half of `staleClaimMs` has passed
 * and hands the rest back, and on shutdown (plugin destroy) it hands back what it has not sent.
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { afterFailure, InvalidPayloadError, renderNotification, UnknownTemplateError, type BackoffPolicy, type RenderedMessage } from '../notify';
import { fromRow, type NotificationRow, type RawRow } from '../notify/outbox-row';
import type { NotificationsConfig } from '../config';
import { mailDomain } from '../utils/outbox';
import { threadMailOptions } from '../mail/headers';
import { pluginConfig } from '../utils/plugin-config';
import { scheduleTask } from '../utils/cron';
import { outboxTable } from '../utils/outbox-table';

export const NOTIFICATION_CRON_TASK = 'support-desk-notifications';

export interface DispatchOptions {
  batchSize?: number;
  /** The clock (tests): which rows are due, and how old a claim must be to be taken over. */
  now?: Date;
}

export interface DispatchResult {
  claimed: number;
  sent: number;
  /** Failed and rescheduled with backoff. */
  retried: number;
  dead: number;
  /** Handed back unsent (time budget or shutdown). */
  released: number;
  /** Sent, but the claim had been taken over meanwhile (should not happen; logged). */
  lostClaims: number;
}

const MAX_ERROR_LENGTH = 2000;

function errorText(error: unknown): string {
  const e = error as { message?: string; code?: string; responseCode?: number; response?: string };
  const parts = [e?.code, e?.responseCode, e?.response ?? e?.message ?? String(error)].filter((p) => p !== undefined && p !== '');
  return parts.join(' ').slice(0, MAX_ERROR_LENGTH);
}

/** SMTP 5xx answers (unknown mailbox, rejected message) and unrenderable messages will not get better by waiting. */
function isPermanent(error: unknown): boolean {
  if (error instanceof UnknownTemplateError || error instanceof InvalidPayloadError) return true;
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

const createNotificationDispatcherService = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = (): NotificationsConfig => pluginConfig(strapi).notifications;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const policy = (cfg: NotificationsConfig): BackoffPolicy => ({ maxAttempts: cfg.maxAttempts, baseDelayMs: cfg.baseDelayMs, maxDelayMs: cfg.maxDelayMs, jitter: 0.2 });


  // In-process state of this instance's dispatcher (cron overlap guard and graceful stop).
  let scheduledRun: Promise<unknown> | null = null;
  const inFlight = new Set<Promise<unknown>>();
  let stopping = false;

  /** Moves due rows (and rows whose claim went stale) to `sending` under `token`; returns them. */
  async function claimRows(token: string, batchSize: number, now: Date, staleBefore: Date): Promise<NotificationRow[]> {
    const knex = strapi.db.connection;
    const due = (q: any) =>
      q
        .where((p: any) => p.where('state', 'pending').andWhere((t: any) => t.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now)))
        .orWhere((s: any) => s.where('state', 'sending').andWhere((t: any) => t.whereNull('claimed_at').orWhere('claimed_at', '<=', staleBefore)));
    let candidates = due(outboxTable(strapi, knex).select('id')).orderBy([{ column: 'next_attempt_at', order: 'asc' }, { column: 'id', order: 'asc' }]).limit(batchSize);
    if (isPostgres()) candidates = candidates.forUpdate().skipLocked();
    const rows: RawRow[] = await outboxTable(strapi, knex)
      .whereIn('id', candidates)
      .update(
        {
          state: 'sending',
          claim_token: token,
          claimed_at: now,
          updated_at: now,
          // A stale claim means an attempt that did not finish: it counts.
          attempts: knex.raw("CASE WHEN state = 'sending' THEN attempts + 1 ELSE attempts END"),
        },
        ['*'],
      );
    return rows.map(fromRow).sort((a, b) => (a.next_attempt_at ?? '').localeCompare(b.next_attempt_at ?? '') || a.id - b.id);
  }

  /** Updates a row only while this claim holds it; true if it did. */
  async function updateClaimed(row: NotificationRow, token: string, data: RawRow): Promise<boolean> {
    const count = await outboxTable(strapi).where({ id: row.id, claim_token: token, state: 'sending' }).update(data);
    return Number(count) === 1;
  }

  async function release(token: string, ids: number[], now: Date): Promise<number> {
    if (!ids.length) return 0;
    const count = await outboxTable(strapi)
      .whereIn('id', ids)
      .where({ claim_token: token, state: 'sending' })
      .update({ state: 'pending', claim_token: null, claimed_at: null, updated_at: now });
    return Number(count);
  }

  function render(row: NotificationRow, cfg: NotificationsConfig): RenderedMessage {
    return renderNotification({
      template: row.template,
      payload: row.payload,
      locale: row.message_locale,
      recipientName: row.recipient_name,
      timeZone: row.recipient_time_zone,
      defaultTimeZone: cfg.defaultTimeZone,
      publicUrl: String(strapi.config.get('server.url', '') ?? ''),
      surveyUrl: cfg.surveyUrl,
    });
  }

  async function send(row: NotificationRow, message: RenderedMessage) {
    const to = row.recipient_name ? { name: row.recipient_name, address: row.recipient_email } : row.recipient_email;
    await strapi
      .plugin('email')
      .service('email')
      .send({
        to: to as unknown as string,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${row.documentId}@${mailDomain(strapi)}>`,
        headers: { 'X-Support-Desk-Notification': row.documentId, 'X-Support-Desk-Template': row.template },
        // Customer mail about a ticket: In-Reply-To / References / Reply-To (services/customer-mail.ts).
        ...threadMailOptions(row.payload),
      } as any);
  }

  async function claim({ batchSize, now = new Date() }: DispatchOptions = {}): Promise<{ token: string; rows: NotificationRow[] }> {
    const cfg = settings();
    const token = crypto.randomUUID();
    const rows = await claimRows(token, batchSize ?? cfg.batchSize, now, new Date(now.getTime() - cfg.staleClaimMs));
    return { token, rows };
  }

  /** Sends one claimed row and records the outcome, guarded by the claim token. */
  async function processRow(row: NotificationRow, token: string, cfg: NotificationsConfig, clock: () => Date, result: DispatchResult) {
    let failure: unknown = null;
    try {
      await send(row, render(row, cfg));
    } catch (error) {
      failure = error;
    }
    if (!failure) {
      // Marked right after its own send: the at-least-once window is this one UPDATE.
      if (await updateClaimed(row, token, { state: 'sent', sent_at: clock(), claim_token: null, next_attempt_at: null, updated_at: clock() })) result.sent += 1;
      else {
        result.lostClaims += 1;
        strapi.log.warn(`[support-desk] notification ${row.id} was sent but its claim had been taken over; it may be delivered twice`);
      }
      return;
    }
    const outcome = afterFailure(row.attempts, policy(cfg), clock(), { permanent: isPermanent(failure) });
    const marked = await updateClaimed(row, token, {
      state: outcome.status,
      attempts: outcome.attempts,
      next_attempt_at: outcome.nextAttemptAt,
      claim_token: null,
      claimed_at: null,
      last_error: errorText(failure),
      updated_at: clock(),
    });
    if (!marked) result.lostClaims += 1;
    else if (outcome.status === 'dead') {
      result.dead += 1;
      strapi.log.warn(`[support-desk] notification ${row.id} (${row.template} to ${row.recipient_email}) is dead after ${outcome.attempts} attempt(s): ${errorText(failure)}`);
    } else result.retried += 1;
  }

  async function dispatchBatch(options: DispatchOptions): Promise<DispatchResult> {
    const cfg = settings();
    const clock = () => options.now ?? new Date();
    const started = Date.now();
    const result: DispatchResult = { claimed: 0, sent: 0, retried: 0, dead: 0, released: 0, lostClaims: 0 };
    if (stopping) return result;
    const { token, rows } = await claim({ batchSize: options.batchSize, now: clock() });
    result.claimed = rows.length;

    // `sendConcurrency` SMTP exchanges at a time, each row marked as soon as its own send ends.
    let next = 0;
    const unstarted: number[] = [];
    const lane = async () => {
      for (let i = next++; i < rows.length; i = next++) {
        // Never outlive the claim (another instance may take rows over after staleClaimMs) and
        // hand back what is left when Strapi shuts down.
        if (stopping || Date.now() - started > cfg.staleClaimMs / 2) unstarted.push(rows[i].id);
        else await processRow(rows[i], token, cfg, clock, result);
      }
    };
    const lanes = await Promise.allSettled(Array.from({ length: Math.min(cfg.sendConcurrency, rows.length) }, lane));
    if (unstarted.length) result.released = await release(token, unstarted, clock());
    const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    // A database error while marking: the rows it concerns stay `sending` and are taken over after staleClaimMs.
    if (failed) throw failed.reason;
    return result;
  }

  const service = {
    /**
     * Claims up to `batchSize` due rows for this caller (status → sending, a fresh claim token).
     * Low level: `dispatch` claims and sends; exposed for operations and tests.
     */
    claim,

    /** Claims one batch and sends it, marking each row right after its own send. */
    async dispatch(options: DispatchOptions = {}): Promise<DispatchResult> {
      const run = dispatchBatch(options);
      inFlight.add(run);
      try {
        return await run;
      } finally {
        inFlight.delete(run);
      }
    },
    /** Dispatches batches until one comes back short, `maxBatches` is reached or Strapi stops. */
    async drain({ batchSize, maxBatches, now }: DispatchOptions & { maxBatches?: number } = {}): Promise<DispatchResult> {
      const cfg = settings();
      const size = batchSize ?? cfg.batchSize;
      const total: DispatchResult = { claimed: 0, sent: 0, retried: 0, dead: 0, released: 0, lostClaims: 0 };
      for (let n = 0; n < (maxBatches ?? cfg.maxBatchesPerRun) && !stopping; n += 1) {
        const r = await service.dispatch({ batchSize: size, now });
        for (const k of Object.keys(total) as Array<keyof DispatchResult>) total[k] += r[k];
        if (r.claimed < size || r.released > 0) break;
      }
      return total;
    },

    /** The cron task: one drain at a time per instance (a tick that finds the last one running skips). */
    async runScheduled(): Promise<void> {
      if (scheduledRun || stopping) return;
      const run = service.drain();
      scheduledRun = run;
      try {
        await run;
      } finally {
        scheduledRun = null;
      }
    },

    /** Registers the named cron task (bootstrap). */
    schedule(): void {
      const cfg = settings();
      scheduleTask(strapi, { name: NOTIFICATION_CRON_TASK, enabled: cfg.enabled, rule: cfg.cronRule, run: () => service.runScheduled() });
    },

    /** Stops the dispatcher (plugin destroy): no new claims, the running batch hands back what it has not sent. */
    async stop(): Promise<void> {
      stopping = true;
      strapi.cron.remove(NOTIFICATION_CRON_TASK);
      await Promise.allSettled([...inFlight]);
    },
  };
  return service;
};

export type NotificationDispatcherService = ReturnType<typeof createNotificationDispatcherService>;
export default createNotificationDispatcherService;
