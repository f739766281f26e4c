/**
 * The plugin's cron tasks: one way to check a rule and one way to schedule a task.
 *
 * - `cronRuleError` parses a rule with croner, the parser behind `strapi.cron` (same package, same
 *   options), so a rule the configuration accepts is one Strapi's cron accepts.
 * - `scheduleTask` registers a named task only when its switch is on, and wraps it once: a failure
 *   is logged with its stack (and the task's name), never thrown into croner or lost.
 */
import { Cron } from 'croner';

/** The options Strapi's cron service gives croner (node_modules/@strapi/core/dist/services/cron.js). */
const STRAPI_CRONER_OPTIONS = { paused: true, sloppyRanges: true } as const;

/** Why croner refuses `rule`, or null when it is a valid rule. */
export function cronRuleError(rule: unknown): string | null {
  if (typeof rule !== 'string' || !rule.trim()) return 'a cron rule is required';
  try {
    const job = new Cron(rule, STRAPI_CRONER_OPTIONS);
    job.stop();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The parts of Strapi a task registration uses (a fake in unit tests). */
export interface CronHost {
  cron: { add: (tasks: Record<string, { task: () => Promise<void>; options: { rule: string } }>) => unknown };
  log: { error: (message: string) => void };
}

export interface PluginTask {
  /** Task name in `strapi.cron` (`support-desk-…`). */
  name: string;
  /** The task's own switch in the plugin configuration. */
  enabled: boolean;
  rule: string;
  run: () => Promise<unknown>;
}

/** Text of a failure for the log: the stack when there is one (it starts with the message). */
export function failureText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Runs `run` and logs a failure with its stack; never rejects. */
export function guardedTask(host: Pick<CronHost, 'log'>, name: string, run: () => Promise<unknown>): () => Promise<void> {
  return async () => {
    try {
      await run();
    } catch (error) {
      host.log.error(`[support-desk] cron task ${name} failed: ${failureText(error)}`);
    }
  };
}

/** Registers the task when its switch is on; returns whether it was registered. */
export function scheduleTask(host: CronHost, task: PluginTask): boolean {
  if (!task.enabled) return false;
  host.cron.add({ [task.name]: { task: guardedTask(host, task.name, task.run), options: { rule: task.rule } } });
  return true;
}
