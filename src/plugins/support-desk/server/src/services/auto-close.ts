/**
 * Auto-close: resolved tickets whose customer has not answered for N days (`autoCloseDays`,
 * default 7) are closed by the system (action `auto_close`, a public transition event).
 *
 * Rule: state resolved, resolved_at at least N days ago, and no customer comment or customer
 * action on the timeline after resolved_at. A customer who answers after the resolution hands the
 * ticket back to the agents (reopen, or ask them to confirm): it is not closed behind their back.
 *
 * Each ticket is closed through the tickets service with the version it was read at, in its own
 * transaction: a customer reopening it meanwhile wins (the close gets 409 and is skipped), and two
 * instances running the sweep at once close each ticket once (the other gets 409). The query is by
 * (state, resolved_at) — indexed — so its cost grows with the tickets that are due.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { SYSTEM_ACTOR } from '../workflow/actor';
import { getService } from '../utils/get-service';
import { isHttpError } from '../utils/errors';
import { pluginConfig } from '../utils/plugin-config';
import { TICKET_EVENT_UID, TICKET_UID } from '../constants';

const DAY_MS = 24 * 60 * 60 * 1000;
export const AUTO_CLOSE_TASK = 'support-desk-auto-close';
export const DEFAULT_AUTO_CLOSE_DAYS = 7;
export const DEFAULT_AUTO_CLOSE_CRON = '0 0 * * * *';

export interface AutoCloseResult {
  /** Resolved tickets past the cutoff that were looked at. */
  due: number;
  closed: string[];
  /** Customer answered after the resolution: left to the agents. */
  answered: string[];
  /** Changed meanwhile (reopened, closed by another instance, …). */
  skipped: string[];
}

type Row = Record<string, any>;

const createAutoCloseService = ({ strapi }: { strapi: Core.Strapi }) => {
  let running: Promise<AutoCloseResult> | null = null;

  const configuredDays = () => pluginConfig(strapi).autoCloseDays ?? DEFAULT_AUTO_CLOSE_DAYS;

  async function customerAnsweredSince(ticketId: number, since: Date): Promise<boolean> {
    const n = await strapi.db.query(TICKET_EVENT_UID).count({
      where: { ticket: { id: ticketId }, actor_type: 'customer', kind: { $in: ['comment', 'transition'] }, createdAt: { $gt: since } },
    });
    return n > 0;
  }

  async function sweep({ now, days, batchSize }: { now: Date; days: number; batchSize: number }): Promise<AutoCloseResult> {
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    const result: AutoCloseResult = { due: 0, closed: [], answered: [], skipped: [] };
    let lastId = 0;
    for (;;) {
      const batch: Row[] = await strapi.db.query(TICKET_UID).findMany({
        where: { state: 'resolved', resolved_at: { $lte: cutoff }, id: { $gt: lastId } },
        select: ['id', 'documentId', 'number', 'version', 'resolved_at'],
        orderBy: { id: 'asc' },
        limit: batchSize,
      });
      if (!batch.length) break;
      lastId = batch[batch.length - 1].id;
      result.due += batch.length;
      for (const t of batch) {
        if (await customerAnsweredSince(t.id, new Date(t.resolved_at))) {
          result.answered.push(t.number);
          continue;
        }
        try {
          await getService('tickets').transition(
            t.documentId,
            { action: 'auto_close', version: t.version, message: `Closed automatically: no answer from the customer within ${days} day${days === 1 ? '' : 's'} of the resolution.` },
            SYSTEM_ACTOR,
          );
          result.closed.push(t.number);
        } catch (error) {
          // 409 (changed meanwhile) or 400 (no longer resolved): someone else acted; leave it.
          if (isHttpError(error) || error instanceof errors.ApplicationError) result.skipped.push(t.number);
          else throw error;
        }
      }
      if (batch.length < batchSize) break;
    }
    return result;
  }

  return {
    /**
     * One sweep. A sweep already running on this instance is joined rather than started twice
     * (`join: false` starts another anyway — what a second instance would do).
     */
    async run({ now = new Date(), days = configuredDays(), batchSize = 200, join = true }: { now?: Date; days?: number; batchSize?: number; join?: boolean } = {}): Promise<AutoCloseResult> {
      if (!join) return sweep({ now, days, batchSize });
      if (running) return running;
      running = sweep({ now, days, batchSize });
      try {
        const result = await running;
        if (result.closed.length) strapi.log.info(`[support-desk] auto-close: closed ${result.closed.length} resolved ticket(s): ${result.closed.join(', ')}`);
        return result;
      } finally {
        running = null;
      }
    },
  };
};

export type AutoCloseService = ReturnType<typeof createAutoCloseService>;
export default createAutoCloseService;
