/**
 * Content Manager extension: no private attribute in a document answer (./private-fields.ts).
 *
 * It no longer touches the Content Manager's draft & publish `status`: our workflow field is
 * `state` (database/migrations/2026.12.08T00.00.00.status-to-state.js), which the Content Manager
 * shows and saves natively.
 */
import { stripControllerAnswers } from './private-fields';

export default (plugin: { controllers: Record<string, Record<string, unknown>> }) => {
  stripControllerAnswers(plugin.controllers['collection-types']);
  stripControllerAnswers(plugin.controllers['single-types']);
  return plugin;
};
