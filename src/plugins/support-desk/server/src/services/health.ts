/**
 * Is the database reachable? One `SELECT 1`, bounded by a timeout (a probe never hangs a request),
 * its answer shared for `maxAgeMs` by every caller (a burst of failing requests costs one probe).
 * Used by the readiness endpoint (`GET /ready`) and by the `availability` middleware, which turns
 * the 401/500 a dead database causes deep inside Strapi into 503.
 */
import type { Core } from '@strapi/strapi';
import { errorCode } from '../ops/db-availability';
import { rejectionCounts } from '../utils/process-guard';

export interface DatabaseProbe {
  reachable: boolean;
  /** ms the probe took (or the timeout). */
  latencyMs: number;
  /** SQLSTATE or errno when unreachable. */
  code?: string;
  error?: string;
  /** No answer within the timeout: the database may be down or only busy (a pool full under load). */
  timedOut?: boolean;
  checkedAt: number;
}

const createHealthService = ({ strapi }: { strapi: Core.Strapi }) => {
  let last: DatabaseProbe | null = null;
  let inflight: Promise<DatabaseProbe> | null = null;

  async function probe(timeoutMs: number): Promise<DatabaseProbe> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const query = Promise.resolve(strapi.db.connection.raw('select 1'));
    // A late rejection of an abandoned probe is expected and handled here.
    query.catch(() => undefined);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT', probeTimedOut: true })), timeoutMs);
    });
    try {
      await Promise.race([query, timeout]);
      return { reachable: true, latencyMs: Date.now() - started, checkedAt: Date.now() };
    } catch (error) {
      const timedOut = Boolean((error as { probeTimedOut?: boolean })?.probeTimedOut);
      return { reachable: false, latencyMs: Date.now() - started, code: errorCode(error), error: (error as Error)?.message ?? String(error), ...(timedOut ? { timedOut } : {}), checkedAt: Date.now() };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    /** The database's state, probed at most once per `maxAgeMs`. */
    async database({ maxAgeMs = 1000, timeoutMs = 2000 }: { maxAgeMs?: number; timeoutMs?: number } = {}): Promise<DatabaseProbe> {
      if (last && Date.now() - last.checkedAt < maxAgeMs) return last;
      if (!inflight) {
        inflight = probe(timeoutMs).then((result) => {
          last = result;
          inflight = null;
          return result;
        });
      }
      return inflight;
    },
    /** Unhandled promise rejections this process logged instead of exiting (utils/process-guard.ts). */
    unhandledRejections() {
      return { ...rejectionCounts };
    },
    /** Forget the cached answer (an error said the database went away). */
    invalidate() {
      last = null;
    },
  };
};

export type HealthService = ReturnType<typeof createHealthService>;
export default createHealthService;
