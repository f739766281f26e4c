import type { Core } from '@strapi/strapi';
import { TICKET_STATUSES } from '../workflow/state-machine';
import { TICKET_UID } from '../constants';

const createOverviewService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Ticket counts by state in one grouped query. */
  async ticketsByState() {
    const { tableName } = strapi.db.metadata.get(TICKET_UID);
    const rows: { state: string; n: number | string }[] = await strapi.db
      .connection(tableName)
      .select('state')
      .count({ n: '*' })
      .groupBy('state');
    const byState = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    for (const row of rows) byState[row.state] = Number(row.n);
    const total = Object.values(byState).reduce((a, b) => a + b, 0);
    return { total, byState };
  },
});

export type OverviewService = ReturnType<typeof createOverviewService>;
export default createOverviewService;
