/**
 * The Content Manager configuration shipped for business calendars, SLA contracts and their
 * components (pure). Applied at bootstrap (bootstrap/calendar-cm.ts) key by key, and only where the
 * admin has not changed the key since it was last applied: `applyShipped` keeps, per key, the value
 * it last wrote; a key whose stored value differs from that was changed in the admin and is left.
 */
import { mergeShipped, type Json, type Paths } from '../cm-config/merge';

export interface ShippedSetting {
  /** Path inside the stored configuration, e.g. ['settings', 'mainField']. */
  path: string[];
  value: unknown;
}

/** One model's shipped settings: `kind` picks the Content Manager service (components or content types). */
export interface ShippedModel {
  kind: 'component' | 'contentType';
  uid: string;
  settings: ShippedSetting[];
}

const edit = (field: string, value: Record<string, unknown>): ShippedSetting[] =>
  Object.entries(value).map(([k, v]) => ({ path: ['metadatas', field, 'edit', k], value: v }));
const list = (field: string, label: string): ShippedSetting[] => [{ path: ['metadatas', field, 'list', 'label'], value: label }];
const hiddenLabel = (): ShippedSetting[] => [
  { path: ['settings', 'mainField'], value: 'label' },
  ...edit('label', { label: 'Label', description: 'Computed when saved', visible: false, editable: false }),
];

export const SHIPPED_CALENDAR_CM: ShippedModel[] = [
  {
    kind: 'component',
    uid: 'calendar.working-interval',
    settings: [
      ...hiddenLabel(),
      ...edit('weekday', { label: 'Weekday' }),
      ...edit('start', { label: 'Start', description: 'Local time HH:MM, 00:00–23:59', placeholder: '09:00' }),
      ...edit('end', { label: 'End', description: 'Local time HH:MM, 00:01–24:00 (24:00 ends the day)', placeholder: '18:00' }),
      { path: ['layouts', 'edit'], value: [[{ name: 'weekday', size: 4 }, { name: 'start', size: 4 }, { name: 'end', size: 4 }]] },
    ],
  },
  {
    kind: 'component',
    uid: 'sla.target',
    settings: [
      ...hiddenLabel(),
      ...edit('priority', { label: 'Priority' }),
      ...edit('first_response_minutes', { label: 'First response (business minutes)', description: 'Minutes of the business calendar until the first public reply' }),
      ...edit('resolution_minutes', { label: 'Resolution (business minutes)', description: 'Minutes of the business calendar until resolved (paused while waiting for the customer)' }),
      { path: ['layouts', 'edit'], value: [[{ name: 'priority', size: 4 }, { name: 'first_response_minutes', size: 4 }, { name: 'resolution_minutes', size: 4 }]] },
    ],
  },
  {
    kind: 'component',
    uid: 'calendar.holiday',
    settings: [{ path: ['settings', 'mainField'], value: 'date' }, ...edit('date', { label: 'Date' }), ...edit('name', { label: 'Name' })],
  },
  {
    kind: 'component',
    uid: 'calendar.extra-working-day',
    settings: [
      { path: ['settings', 'mainField'], value: 'date' },
      ...edit('date', { label: 'Date', description: 'A make-up working day (e.g. a weekend worked in China)' }),
      ...edit('works_like', { label: 'Worked like', description: 'Whose working hours apply that day' }),
    ],
  },
  {
    kind: 'contentType',
    uid: 'api::business-calendar.business-calendar',
    settings: [
      { path: ['settings', 'mainField'], value: 'name' },
      ...edit('name', { label: 'Name' }),
      ...edit('description', { label: 'Description' }),
      ...edit('sla_contracts', { label: 'SLA contracts using it' }),
      ...edit('timezone', { label: 'Time zone', description: 'IANA time zone the hours are read in' }),
      ...edit('working_intervals', { label: 'Working hours' }),
      ...edit('holidays', { label: 'Holidays', description: 'Days not worked; “Import public holidays” in the side panel adds a country’s' }),
      ...edit('extra_working_days', { label: 'Extra working days' }),
      ...list('timezone', 'Time zone'),
      { path: ['layouts', 'list'], value: ['id', 'name', 'timezone', 'description'] },
    ],
  },
  {
    kind: 'contentType',
    uid: 'api::sla-contract.sla-contract',
    settings: [
      { path: ['settings', 'mainField'], value: 'name' },
      ...edit('name', { label: 'Name' }),
      ...edit('code', { label: 'Code' }),
      ...edit('description', { label: 'Description' }),
      ...edit('organizations', { label: 'Organizations' }),
      ...edit('valid_from', { label: 'Valid from' }),
      ...edit('valid_until', { label: 'Valid until' }),
      ...edit('is_default', { label: 'Default contract', description: 'For organizations without a contract of their own' }),
      ...edit('active', { label: 'Active' }),
      ...edit('onsite_included', { label: 'On-site visits included' }),
      ...edit('tickets', { label: 'Tickets' }),
      ...edit('targets', { label: 'Targets per priority' }),
      ...edit('business_calendar', { label: 'Business calendar', description: 'None = 24×7', mainField: 'name' }),
      ...edit('warn_at_percent', { label: 'Warn at (% of the target)' }),
      { path: ['layouts', 'list'], value: ['id', 'name', 'code', 'is_default', 'active'] },
    ],
  },
];

type Obj = Record<string, unknown>;

/**
 * The configuration with the shipped settings applied where the admin has not changed them — the
 * one merge rule of every shipped Content Manager view (cm-config/merge.ts `mergeShipped`), over
 * this file's settings. Returns the new configuration (a copy), the new `applied` record and the
 * paths left alone because the admin changed them.
 */
export function applyShipped(current: Obj, settings: ShippedSetting[], applied: Record<string, unknown>) {
  const shipped: Paths = Object.fromEntries(settings.map(({ path, value }) => [path.join('.'), value as Json]));
  const result = mergeShipped(current ?? {}, shipped, applied as Paths);
  return { config: result.config, applied: result.applied, kept: result.kept, changed: result.written.length > 0 };
}
