import type { Core } from '@strapi/strapi';
import { holidaysFromDateHolidays, validateCalendar, type BusinessCalendar } from '../sla/business-hours';

const createCalendarService = (_: { strapi: Core.Strapi }) => ({
  /** Public holidays of a country and year from date-holidays, as calendar holiday rows. */
  publicHolidays(country: string, year: number) {
    return holidaysFromDateHolidays(country, year);
  },
  validate(calendar: BusinessCalendar) {
    return validateCalendar(calendar);
  },
});

export type CalendarService = ReturnType<typeof createCalendarService>;
export default createCalendarService;
