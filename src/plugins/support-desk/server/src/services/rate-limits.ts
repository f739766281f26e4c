/**
 * Rate limits shared by every instance: the counts live in the database (table sd_rate_limits, see
 * database/migrations/2026.12.01T00.00.00.rate-limits.js), one row per bucket, client key and
 * fixed window. The arithmetic (sliding-window counter) is kb/rate-limit.ts.
 *
 * A hit reads the previous and current windows' counts, decides, and — only when allowed — counts
 * itself with one atomic statement (on PostgreSQL the read, the decision and the count are one
 * statement, `consumeInOne`):
 *
 *   INSERT … VALUES (…, 1) ON CONFLICT (bucket, client_key, window_start)
 *   DO UPDATE SET hits = hits + 1 WHERE hits < :capacity RETURNING hits
 *
 * The WHERE makes the check-and-count one step: when two instances race for the last place, the
 * database lets one through and the other gets no row back (refused). A refused hit is not
 * counted: the limit is on what is accepted, a retry at Retry-After then succeeds, a client that
 * keeps retrying (or an innocent one behind the same NAT) is not locked out for longer than its
 * accepted hits justify, and a flood of refused requests costs one read each, no write.
 *
 * Windows older than the previous one are deleted at most once a minute per instance and bucket,
 * with an indexed DELETE (not a scan per request). Window boundaries come from each instance's
 * clock: keep the instances' clocks synchronized (NTP).
 *
 * If the database cannot be read or written, the hit is allowed (fail open) and a warning is logged
 * (at most once a minute): a vote counter is not worth refusing service for.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { capacity, capacityTerms, evaluate, windowStart, type RateLimitVerdict, type SlidingWindow } from '../kb/rate-limit';
import { RATE_LIMIT_NAMES, type RateLimitName } from '../config';
import { pluginConfig } from '../utils/plugin-config';
import { createClock } from '../utils/clock';

export const RATE_LIMIT_TABLE = 'sd_rate_limits';
const SWEEP_EVERY_MS = 60_000;
const WARN_EVERY_MS = 60_000;
const MAX_KEY_LENGTH = 255;

type Row = Record<string, any>;
/** The named limits of the plugin config (`security.rateLimits`): bucket in sd_rate_limits and what is limited, per whom. */
export const NAMED_LIMITS: Record<RateLimitName, { bucket: string; what: string; per: string }> = {
  customerTickets: { bucket: 'customer-tickets', what: 'tickets opened', per: 'account' },
  customerComments: { bucket: 'customer-comments', what: 'comments', per: 'account' },
  kbSuggest: { bucket: 'kb-suggest', what: 'suggestion requests', per: 'client address' },
  surveyAnswers: { bucket: 'survey-answers', what: 'survey answers', per: 'client address' },
  loginAccount: { bucket: 'login-account', what: 'login attempts', per: 'account' },
  loginAddress: { bucket: 'login-address', what: 'login attempts', per: 'client address' },
};

const describeWindow = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);

const rowsOf = (result: unknown): Row[] => (Array.isArray(result) ? result : ((result as { rows?: Row[] })?.rows ?? []));

const createRateLimitService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const lastSweep = new Map<string, number>();
  let lastWarning = 0;
  const clock = createClock();

  /** SQLite: the two windows' counts, then (only when allowed) the counting statement. */
  async function consumeInTwo(bucket: string, key: string, window: SlidingWindow, now: number): Promise<RateLimitVerdict> {
    const start = windowStart(now, window.windowMs);
    const previousStart = start - window.windowMs;
    const rows: Row[] = await knex()(RATE_LIMIT_TABLE)
      .where({ bucket, client_key: key })
      .whereIn('window_start', [previousStart, start])
      .select('window_start', 'hits');
    const hitsIn = (s: number) => Number(rows.find((r) => Number(r.window_start) === s)?.hits ?? 0);
    const previous = hitsIn(previousStart);
    const verdict = evaluate(previous, hitsIn(start), now, window);
    if (!verdict.allowed) return verdict;
    const cap = capacity(previous, now, window);
    const counted = rowsOf(
      await knex().raw(
        `INSERT INTO ${RATE_LIMIT_TABLE} (bucket, client_key, window_start, hits) VALUES (?, ?, ?, 1)
         ON CONFLICT (bucket, client_key, window_start) DO UPDATE SET hits = ${RATE_LIMIT_TABLE}.hits + 1 WHERE ${RATE_LIMIT_TABLE}.hits < ?
         RETURNING hits`,
        [bucket, key, start, cap],
      ),
    )[0];
    // Counted: `hits` includes this hit. Not counted: another instance took the last place since
    // the read, so the window holds at least `cap` (Retry-After is then a lower bound).
    return counted ? evaluate(previous, Number(counted.hits) - 1, now, window) : evaluate(previous, cap, now, window);
  }

  /**
   * PostgreSQL: the same in one statement (one round trip per request instead of two). The CTE reads
   * both windows' counts and the capacity (`capacityTerms`: the arithmetic stays in kb/rate-limit.ts);
   * the INSERT counts the hit only below it, on the current row as it is when locked.
   */
  async function consumeInOne(bucket: string, key: string, window: SlidingWindow, now: number): Promise<RateLimitVerdict> {
    const start = windowStart(now, window.windowMs);
    const previousStart = start - window.windowMs;
    const { base, perPreviousHit, divisor } = capacityTerms(now, window);
    const row = rowsOf(
      await knex().raw(
        `WITH w AS (
           SELECT COALESCE(MAX(hits) FILTER (WHERE window_start = ?), 0) AS previous,
                  COALESCE(MAX(hits) FILTER (WHERE window_start = ?), 0) AS current
           FROM ${RATE_LIMIT_TABLE} WHERE bucket = ? AND client_key = ? AND window_start IN (?, ?)
         ), c AS (
           SELECT previous, current, floor((?::numeric - previous * ?::numeric) / ?::numeric)::bigint AS cap FROM w
         ), counted AS (
           INSERT INTO ${RATE_LIMIT_TABLE} (bucket, client_key, window_start, hits)
           SELECT ?, ?, ?, 1 FROM c WHERE c.current < c.cap
           ON CONFLICT (bucket, client_key, window_start) DO UPDATE SET hits = ${RATE_LIMIT_TABLE}.hits + 1
             WHERE ${RATE_LIMIT_TABLE}.hits < (SELECT cap FROM c)
           RETURNING hits
         )
         SELECT previous, current, cap, (SELECT hits FROM counted) AS counted FROM c`,
        [previousStart, start, bucket, key, previousStart, start, base, perPreviousHit, divisor, bucket, key, start],
      ),
    )[0];
    const previous = Number(row.previous);
    // Counted: `counted` includes this hit. Not counted: refused on the counts read, or another
    // instance took the last place meanwhile (the window then holds at least `cap`).
    if (row.counted != null) return evaluate(previous, Number(row.counted) - 1, now, window);
    return evaluate(previous, Math.max(Number(row.current), Number(row.cap)), now, window);
  }

  const consume = (bucket: string, key: string, window: SlidingWindow, now: number) =>
    strapi.db.dialect.client === 'postgres' ? consumeInOne(bucket, key, window, now) : consumeInTwo(bucket, key, window, now);

  const service = {
    /** Pins this instance's clock for rate limits (tests choose the instant); null = the system clock. */
    pinClock: (at: number | null) => clock.pin(at),

    /** One hit of `key` in `bucket`: counted and allowed, or refused with Retry-After (nothing written). */
    async hit(bucket: string, key: string, window: SlidingWindow): Promise<RateLimitVerdict> {
      const now = clock.now();
      let verdict: RateLimitVerdict;
      try {
        verdict = await consume(bucket, key.slice(0, MAX_KEY_LENGTH), window, now);
      } catch (err) {
        if (now - lastWarning >= WARN_EVERY_MS) {
          lastWarning = now;
          strapi.log.warn(`[support-desk] rate limit "${bucket}" not enforced: the database failed (${(err as Error).message}); allowing requests`);
        }
        return { allowed: true, remaining: window.limit - 1, retryAfterSeconds: 0 }; // unknown: as for a first hit
      }
      if (now - (lastSweep.get(bucket) ?? 0) >= SWEEP_EVERY_MS) {
        lastSweep.set(bucket, now);
        try {
          await service.sweep(bucket, window.windowMs, now);
        } catch (err) {
          strapi.log.warn(`[support-desk] old rate-limit windows of "${bucket}" not deleted yet (${(err as Error).message})`);
        }
      }
      return verdict;
    },

    /** The window of a named limit, from the plugin config. */
    windowOf(name: RateLimitName): SlidingWindow {
      if (!RATE_LIMIT_NAMES.includes(name)) throw new Error(`Unknown rate limit "${name}" (known: ${RATE_LIMIT_NAMES.join(', ')})`);
      return pluginConfig(strapi).security.rateLimits[name];
    },

    /**
     * One hit of `key` on a named limit (customerTickets, customerComments, kbSuggest, surveyAnswers):
     * counted and allowed, or a RateLimitError (429, `details.retryAfter` in seconds) and nothing counted.
     */
    async enforce(name: RateLimitName, key: string): Promise<RateLimitVerdict> {
      const window = service.windowOf(name);
      const verdict = await service.hit(NAMED_LIMITS[name].bucket, key, window);
      if (!verdict.allowed) {
        const { what, per } = NAMED_LIMITS[name];
        throw new errors.RateLimitError(
          `Too many ${what} from this ${per}: at most ${window.limit} per ${describeWindow(window.windowMs)}. Try again in ${verdict.retryAfterSeconds} s.`,
          { retryAfter: verdict.retryAfterSeconds, limit: window.limit, windowMs: window.windowMs },
        );
      }
      return verdict;
    },

    /** Deletes the windows of `bucket` older than the previous one (they no longer count). */
    async sweep(bucket: string, windowMs: number, now = Date.now()): Promise<number> {
      return knex()(RATE_LIMIT_TABLE).where({ bucket }).where('window_start', '<', windowStart(now, windowMs) - windowMs).del();
    },
  };
  return service;
};

export type RateLimitService = ReturnType<typeof createRateLimitService>;
export default createRateLimitService;
