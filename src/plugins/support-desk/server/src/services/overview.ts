import type { Core } from '@strapi/strapi';
import { TICKET_STATUSES } from '../workflow/state-machine';
import { TICKET_UID } from '../constants';

const createOverviewService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Ticket counts by status in one grouped query. */
  async ticketsByStatus() {
    const { tableName } = strapi.db.metadata.get(TICKET_UID);
    const rows: { status: string; n: number | string }[] = await strapi.db
      .connection(tableName)
      .select('status')
      .count({ n: '*' })
      .groupBy('status');
    const byStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    for (const row of rows) byStatus[row.status] = Number(row.n);
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    return { total, byStatus };
  },
});

export type OverviewService = ReturnType<typeof createOverviewService>;
export default createOverviewService;
