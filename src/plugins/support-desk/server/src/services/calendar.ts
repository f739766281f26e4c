import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { holidaysFromDateHolidays } from '../sla/business-hours';
import { CALENDAR_UID } from '../constants';


const createCalendarService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Public holidays of a country and year from date-holidays, as calendar holiday rows. */
  publicHolidays(country: string, year: number) {
    return holidaysFromDateHolidays(country, year);
  },

  /**
   * Adds a country's public holidays of a year to a calendar (dates it already has, as holidays or
   * extra working days, are kept as they are). Written through the document service, so the
   * calendar is validated and its open tickets' deadlines are recomputed.
   */
  async importHolidays(documentId: string, input: { country?: unknown; year?: unknown }) {
    const country = String(input?.country ?? '').trim().toUpperCase();
    const year = Number(input?.year);
    const fail = (field: string, message: string) => {
      throw new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });
    };
    if (!/^[A-Z]{2}$/.test(country)) fail('country', 'country must be an ISO 3166-1 alpha-2 code such as CN or DE.');
    if (!Number.isInteger(year) || year < 2000 || year > 2100) fail('year', 'year must be a whole year between 2000 and 2100.');
    let imported: { date: string; name: string }[] = [];
    try {
      imported = holidaysFromDateHolidays(country, year);
    } catch (err) {
      fail('country', (err as Error).message);
    }
    const calendar = await strapi.db.query(CALENDAR_UID).findOne({ where: { documentId }, populate: ['holidays', 'extra_working_days', 'working_intervals'] });
    if (!calendar) throw new errors.NotFoundError(`No business calendar with id "${documentId}".`);
    const taken = new Set([...calendar.holidays, ...calendar.extra_working_days].map((d: { date: string }) => String(d.date).slice(0, 10)));
    const added = imported.filter((h) => !taken.has(h.date));
    const keep = (rows: Record<string, unknown>[]) => rows.map(({ id: _id, ...rest }) => rest);
    await (strapi.documents(CALENDAR_UID as any) as any).update({
      documentId,
      data: { holidays: [...keep(calendar.holidays), ...added].sort((a: any, b: any) => String(a.date).localeCompare(String(b.date))) },
    });
    return { added: added.length, skipped: imported.length - added.length, holidays: added };
  },
});

export type CalendarService = ReturnType<typeof createCalendarService>;
export default createCalendarService;
