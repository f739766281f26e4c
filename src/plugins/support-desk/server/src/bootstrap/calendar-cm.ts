/**
 * Calendars and SLA contracts in the Content Manager (issue 15): the shipped configuration
 * (calendar/cm-config.ts) applied without overwriting what the admin changed since, and the row
 * labels of working intervals and SLA targets filled in for rows written before labels existed.
 */
import type { Core } from '@strapi/strapi';
import { SHIPPED_CALENDAR_CM, applyShipped } from '../calendar/cm-config';
import { intervalLabel, targetLabel } from '../calendar/labels';

type Obj = Record<string, unknown>;
interface CmService {
  findComponent?: (uid: string) => unknown;
  findContentType?: (uid: string) => unknown;
  findConfiguration: (model: unknown) => Promise<Obj>;
  updateConfiguration: (model: unknown, config: Obj) => Promise<unknown>;
}

const APPLIED_KEY = 'cm-calendar-config-applied';

export async function applyCalendarCmConfiguration(strapi: Core.Strapi) {
  const store = strapi.store({ type: 'plugin', name: 'support-desk', key: APPLIED_KEY });
  const appliedAll = ((await store.get({})) as Record<string, Record<string, unknown>> | null) ?? {};
  const cm = strapi.plugin('content-manager');
  const kept: string[] = [];
  for (const model of SHIPPED_CALENDAR_CM) {
    const service = cm.service(model.kind === 'component' ? 'components' : 'content-types') as CmService;
    const found = model.kind === 'component' ? service.findComponent!(model.uid) : service.findContentType!(model.uid);
    if (!found) continue;
    const { uid: _uid, category: _category, ...current } = await service.findConfiguration(found);
    // The fields the Content Manager shows (as for every shipped view, bootstrap/cm-config.ts).
    const fields = Object.keys((current.metadatas as Obj | undefined) ?? {}).filter((f) => f !== 'id' && f !== 'documentId');
    const result = applyShipped(current, model, fields, appliedAll[model.uid] ?? {});
    if (result.changed) await service.updateConfiguration(found, result.config);
    appliedAll[model.uid] = result.applied;
    kept.push(...result.kept.map((k) => `${model.uid} ${k}`));
  }
  await store.set({ value: appliedAll });
  if (kept.length) strapi.log.debug(`[support-desk] Content Manager settings changed in the admin kept: ${kept.join(', ')}`);
}

/** Labels of rows stored without one (data written before the label attribute, or by raw SQL). */
export async function fillMissingRowLabels(strapi: Core.Strapi) {
  const jobs: [string, (row: Obj) => string][] = [
    ['calendar.working-interval', intervalLabel],
    ['sla.target', targetLabel],
  ];
  for (const [uid, label] of jobs) {
    const rows = (await strapi.db.query(uid as any).findMany({ where: { $or: [{ label: null }, { label: '' }] } })) as Obj[];
    for (const row of rows) {
      await strapi.db.query(uid as any).update({ where: { id: row.id }, data: { label: label(row) } });
    }
  }
}
