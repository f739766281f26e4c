import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import Holidays from 'date-holidays';
import { holidaysFromDateHolidays } from '../sla/business-hours';
import { CALENDAR_UID } from '../constants';

type Row = Record<string, any>;
export interface HolidayRow {
  date: string;
  name: string;
}
/** A date of the import the calendar already has, and as what. */
export interface SkippedRow extends HolidayRow {
  reason: 'holiday' | 'extra_working_day';
}

const fail = (field: string, message: string): never => {
  throw new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });
};

function parseInput(input: { country?: unknown; year?: unknown; language?: unknown }) {
  const country = String(input?.country ?? '').trim().toUpperCase();
  const year = Number(input?.year);
  const language = input?.language === undefined || input?.language === '' ? undefined : String(input.language);
  if (!/^[A-Z]{2}$/.test(country)) fail('country', 'country must be an ISO 3166-1 alpha-2 code such as CN or DE.');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) fail('year', 'year must be a whole year between 2000 and 2100.');
  if (language !== undefined && !/^[a-z]{2}$/.test(language)) fail('language', 'language must be a two-letter code such as zh or en.');
  return { country, year, language };
}

const createCalendarService = ({ strapi }: { strapi: Core.Strapi }) => {
  async function loadCalendar(documentId: string): Promise<Row> {
    const calendar = await strapi.db.query(CALENDAR_UID).findOne({ where: { documentId }, populate: ['holidays', 'extra_working_days', 'working_intervals'] });
    if (!calendar) throw new errors.NotFoundError(`No business calendar with id "${documentId}".`);
    return calendar;
  }

  /** What an import would do: the public holidays to add and those whose date the calendar already has. */
  function plan(calendar: Row, input: { country?: unknown; year?: unknown; language?: unknown }) {
    const { country, year, language } = parseInput(input);
    let imported: HolidayRow[] = [];
    try {
      imported = holidaysFromDateHolidays(country, year, language ? { language } : {});
    } catch (err) {
      fail('country', `${(err as Error).message}.`);
    }
    const taken = new Map<string, SkippedRow['reason']>();
    for (const d of calendar.extra_working_days ?? []) taken.set(String(d.date).slice(0, 10), 'extra_working_day');
    for (const d of calendar.holidays ?? []) taken.set(String(d.date).slice(0, 10), 'holiday');
    const added = imported.filter((h) => !taken.has(h.date));
    const skipped: SkippedRow[] = imported.filter((h) => taken.has(h.date)).map((h) => ({ ...h, reason: taken.get(h.date)! }));
    return { country, year, added: added.length, skipped: skipped.length, holidays: added, skippedHolidays: skipped };
  }

  return {
    /** Public holidays of a country and year from date-holidays, as calendar holiday rows. */
    publicHolidays(country: string, year: number) {
      return holidaysFromDateHolidays(country, year);
    },

    /** The countries date-holidays knows, by name in `language` (en or zh). */
    holidayCountries(language: string) {
      const lang = language === 'zh' ? 'zh' : 'en';
      const countries = new Holidays().getCountries(lang) as Record<string, string>;
      return Object.entries(countries)
        .map(([code, name]) => ({ code, name }))
        .sort((a, b) => a.name.localeCompare(b.name, lang));
    },

    /** The import without writing: what would be added and what skipped. */
    async previewHolidays(documentId: string, input: { country?: unknown; year?: unknown; language?: unknown }) {
      return plan(await loadCalendar(documentId), input);
    },

    /**
     * Adds a country's public holidays of a year to a calendar (dates it already has, as holidays or
     * extra working days, are kept as they are and listed as skipped). Written through the document
     * service, so the calendar is validated and its open tickets' deadlines are recomputed.
     */
    async importHolidays(documentId: string, input: { country?: unknown; year?: unknown; language?: unknown }) {
      const calendar = await loadCalendar(documentId);
      const result = plan(calendar, input);
      if (result.holidays.length) {
        const keep = (rows: Row[]) => rows.map(({ id: _id, ...rest }) => rest);
        await (strapi.documents(CALENDAR_UID as any) as any).update({
          documentId,
          data: { holidays: [...keep(calendar.holidays), ...result.holidays].sort((a: Row, b: Row) => String(a.date).localeCompare(String(b.date))) },
        });
      }
      return result;
    },
  };
};

export type CalendarService = ReturnType<typeof createCalendarService>;
export default createCalendarService;
