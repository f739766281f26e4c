/**
 * Business calendars and SLA contracts: refused when they make no sense (400 naming the field,
 * nothing written), and open tickets' deadlines recomputed when they change, on every write path.
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { validateCalendar, workingTimeProblem, type BusinessCalendar } from '../sla/business-hours';
import { validateTargets } from '../sla/clock';
import { getService } from '../utils/get-service';
import { CALENDAR_UID, SLA_CONTRACT_UID } from '../constants';
import { intervalLabel, targetLabel, withLabels } from '../calendar/labels';


type Data = Record<string, any>;

const asTime = (v: unknown) => (typeof v === 'string' ? v.slice(0, 5) : v);
const bracketPath = (field: string) => field.split(/[.[\]]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));

function refuse(problems: { field: string; message: string }[], what: string) {
  throw new errors.ValidationError(`${what}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
    errors: problems.map((p) => ({ path: bracketPath(p.field), message: p.message, name: 'ValidationError' })),
  });
}

async function currentRow(strapi: Core.Strapi, uid: string, documentId: string | undefined, populate: string[]) {
  return documentId ? strapi.db.query(uid).findOne({ where: { documentId }, populate }) : null;
}

/** The calendar as it will be after this write: the stored one overlaid with the new data. */
function mergedCalendar(data: Data, current: Data | null) {
  const pick = (k: string) => (k in data ? data[k] : current?.[k]);
  return {
    timezone: pick('timezone'),
    working_intervals: (pick('working_intervals') ?? []).map((i: Data) => ({ weekday: i.weekday, start: asTime(i.start), end: asTime(i.end) })),
    holidays: (pick('holidays') ?? []).map((h: Data) => ({ date: String(h.date ?? '').slice(0, 10), name: h.name })),
    extra_working_days: (pick('extra_working_days') ?? []).map((x: Data) => ({ date: String(x.date ?? '').slice(0, 10), name: x.name, works_like: x.works_like ?? undefined })),
  };
}

export const slaConfiguration =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    if ((ctx.uid !== CALENDAR_UID && ctx.uid !== SLA_CONTRACT_UID) || !['create', 'update'].includes(ctx.action)) return next();
    const params = ctx.params as { documentId?: string; data?: Data };
    const data = params.data ?? {};

    // Rows named in the Content Manager ("Mon 09:00–18:00", "P1 — response 30 min, resolution 4 h").
    if ('working_intervals' in data) data.working_intervals = withLabels(data.working_intervals, intervalLabel);
    if ('targets' in data) data.targets = withLabels(data.targets, targetLabel);

    if (ctx.uid === CALENDAR_UID) {
      const current = ctx.action === 'update' ? await currentRow(strapi, CALENDAR_UID, params.documentId, ['working_intervals', 'holidays', 'extra_working_days', 'sla_contracts']) : null;
      const calendar = mergedCalendar(data, current);
      const problems = validateCalendar(calendar);
      // A valid calendar must also have working time, or no deadline under it could be computed.
      const noTime = problems.length ? null : workingTimeProblem(calendar as BusinessCalendar, new Date());
      if (noTime) problems.push(noTime);
      if (problems.length) refuse(problems, 'The business calendar is not valid');
      const result = await next();
      if (current) {
        const contracts = await strapi.db.query(SLA_CONTRACT_UID).findMany({ where: { business_calendar: { id: current.id } }, select: ['id'] });
        await getService('sla').recomputeForContracts(contracts.map((c: { id: number }) => c.id), `Business calendar "${current.name}" changed`);
      }
      return result;
    }

    const current = ctx.action === 'update' ? await currentRow(strapi, SLA_CONTRACT_UID, params.documentId, ['targets', 'business_calendar']) : null;
    if ('targets' in data || !current) {
      const problems = validateTargets(data.targets ?? []);
      if (problems.length) refuse(problems, 'The SLA contract is not valid');
    }
    const result = await next();
    if (current) await getService('sla').recomputeForContracts([current.id], `SLA contract "${current.name}" changed`);
    return result;
  };
