/**
 * Strapi 5's Content Manager treats `status` as the draft & publish state and overwrites it in the
 * documents it shows: our workflow states (ticket, visit, escalation, session, enrollment,
 * notification — all without draft & publish) would appear blank in the edit view and as
 * "Published" in lists. For content types without draft & publish that have their own `status`
 * attribute, keep the stored value.
 */
import { stripControllerAnswers } from './private-fields';

type Doc = Record<string, unknown> & { status?: unknown };
type MetadataService = {
  getStatus: (version: Doc, others?: Doc[]) => unknown;
  formatDocumentWithMetadata: (uid: string, document: Doc, opts?: unknown) => Promise<{ data: Doc; meta: unknown }>;
};

const ownsStatus = (uid: string) => {
  const model = strapi.getModel(uid as any) as { attributes: Record<string, unknown>; options?: { draftAndPublish?: boolean } } | undefined;
  return Boolean(model && !model.options?.draftAndPublish && model.attributes.status);
};

export default (plugin: { services: Record<string, (deps: { strapi: unknown }) => MetadataService>; controllers: Record<string, Record<string, unknown>> }) => {
  // No private attribute in a document answer (./private-fields.ts).
  stripControllerAnswers(plugin.controllers['collection-types']);
  stripControllerAnswers(plugin.controllers['single-types']);
  const createMetadata = plugin.services['document-metadata'];
  plugin.services['document-metadata'] = (deps) => {
    const service = createMetadata(deps);
    const { getStatus, formatDocumentWithMetadata } = service;
    return Object.assign(service, {
      // List view: only documents of such types carry a stored status string; draft & publish ones
      // cannot have a `status` attribute and get theirs computed.
      getStatus(this: MetadataService, version: Doc, others?: Doc[]) {
        if (typeof version?.status === 'string' && !others?.length) return version.status;
        return getStatus.call(this, version, others);
      },
      async formatDocumentWithMetadata(this: MetadataService, uid: string, document: Doc, opts?: unknown) {
        const result = await formatDocumentWithMetadata.call(this, uid, document, opts);
        if (document && ownsStatus(uid)) result.data.status = document.status;
        return result;
      },
    });
  };
  return plugin;
};
