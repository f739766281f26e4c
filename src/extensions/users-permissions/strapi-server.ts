/**
 * users-permissions answers the Content Manager's create and update of users itself (its
 * `contentmanageruser` controller): its answers are stripped of private attributes like the Content
 * Manager's own (../content-manager/private-fields.ts).
 */
import { stripControllerAnswers } from '../content-manager/private-fields';

export default (plugin: { controllers: Record<string, Record<string, unknown>> }) => {
  if (plugin.controllers.contentmanageruser) stripControllerAnswers(plugin.controllers.contentmanageruser);
  return plugin;
};
