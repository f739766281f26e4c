/**
 * Marks writes made by the escalations service itself, so the escalation document middleware
 * (documents/escalation-writes.ts) lets them through instead of rerouting them to the service.
 */
import { AsyncLocalStorage } from 'async_hooks';

const insideService = new AsyncLocalStorage<true>();

export const asEscalationService = <T>(fn: () => Promise<T>) => insideService.run(true, fn);
export const isEscalationServiceWrite = () => insideService.getStore() === true;
