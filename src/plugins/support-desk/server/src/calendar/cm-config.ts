/**
 * The Content Manager configuration shipped for business calendars, SLA contracts and their
 * components (pure), stated like every other shipped view (cm-config/shipped.ts `TypeSpec`, turned
 * into paths by `shippedPaths`). Applied at bootstrap (bootstrap/calendar-cm.ts) key by key, and
 * only where the admin has not changed the key since it was last applied (cm-config/merge.ts); these
 * views keep their own record of what was applied (plugin store `cm-calendar-config-applied`).
 */
import { mergeShipped, type Paths } from '../cm-config/merge';
import { shippedPaths, type TypeSpec } from '../cm-config/shipped';

/** One model's shipped view: `kind` picks the Content Manager service (components or content types). */
export interface ShippedModel {
  kind: 'component' | 'contentType';
  uid: string;
  spec: TypeSpec;
}

/** A row named by its computed label (calendar/labels.ts), hidden in the form. */
const LABELLED_ROW: TypeSpec = { mainField: 'label', hidden: ['label'], readOnly: ['label'], descriptions: { label: 'Computed when saved' } };

export const SHIPPED_CALENDAR_CM: ShippedModel[] = [
  {
    kind: 'component',
    uid: 'calendar.working-interval',
    spec: {
      ...LABELLED_ROW,
      descriptions: { ...LABELLED_ROW.descriptions, start: 'Local time HH:MM, 00:00–23:59', end: 'Local time HH:MM, 00:01–24:00 (24:00 ends the day)' },
      placeholders: { start: '09:00', end: '18:00' },
      editLayout: [[{ name: 'weekday', size: 4 }, { name: 'start', size: 4 }, { name: 'end', size: 4 }]],
    },
  },
  {
    kind: 'component',
    uid: 'sla.target',
    spec: {
      ...LABELLED_ROW,
      labels: { first_response_minutes: 'First response (business minutes)', resolution_minutes: 'Resolution (business minutes)' },
      descriptions: {
        ...LABELLED_ROW.descriptions,
        first_response_minutes: 'Minutes of the business calendar until the first public reply',
        resolution_minutes: 'Minutes of the business calendar until resolved (paused while waiting for the customer)',
      },
      editLayout: [[{ name: 'priority', size: 4 }, { name: 'first_response_minutes', size: 4 }, { name: 'resolution_minutes', size: 4 }]],
    },
  },
  { kind: 'component', uid: 'calendar.holiday', spec: { mainField: 'date' } },
  {
    kind: 'component',
    uid: 'calendar.extra-working-day',
    spec: {
      mainField: 'date',
      labels: { works_like: 'Worked like' },
      descriptions: { date: 'A make-up working day (e.g. a weekend worked in China)', works_like: 'Whose working hours apply that day' },
    },
  },
  {
    kind: 'contentType',
    uid: 'api::business-calendar.business-calendar',
    spec: {
      list: ['id', 'name', 'timezone', 'description'],
      mainField: 'name',
      labels: { sla_contracts: 'SLA contracts using it', timezone: 'Time zone', working_intervals: 'Working hours' },
      descriptions: { timezone: 'IANA time zone the hours are read in', holidays: 'Days not worked; “Import public holidays” in the side panel adds a country’s' },
    },
  },
  {
    kind: 'contentType',
    uid: 'api::sla-contract.sla-contract',
    spec: {
      list: ['id', 'name', 'code', 'is_default', 'active'],
      mainField: 'name',
      labels: { is_default: 'Default contract', onsite_included: 'On-site visits included', targets: 'Targets per priority', warn_at_percent: 'Warn at (% of the target)' },
      descriptions: { is_default: 'For organizations without a contract of their own', business_calendar: 'None = 24×7' },
      relationNames: { business_calendar: 'name' },
    },
  },
];

type Obj = Record<string, unknown>;

/**
 * The configuration with one model's shipped view applied where the admin has not changed it — the
 * one merge rule of every shipped Content Manager view (cm-config/merge.ts `mergeShipped`).
 * `fields`: the model's attribute names. Returns the new configuration (a copy), the new `applied`
 * record and the paths left alone because the admin changed them.
 */
export function applyShipped(current: Obj, model: ShippedModel, fields: string[], applied: Record<string, unknown>) {
  const result = mergeShipped(current ?? {}, shippedPaths(model.spec, fields), applied as Paths);
  return { config: result.config, applied: result.applied, kept: result.kept, changed: result.written.length > 0 };
}
