/**
 * Links from the dashboard's cards to the Content Manager's ticket list, filtered the same way as
 * the figure (the list's own `filters[$and][i]…` query parameters).
 */
export const TICKET_LIST_PATH = '/content-manager/collection-types/api::ticket.ticket';

/** One condition: a field path (`state`, `group.documentId`), an operator and its value(s). */
export type TicketCondition = [path: string, operator: '$eq' | '$in' | '$gt' | '$gte' | '$lt' | '$notNull', value: string | string[] | boolean];

/** What every link of a dashboard shares: its group and product line. */
export interface ListScope {
  group?: string | null;
  productLine?: string | null;
}

export function ticketListUrl(conditions: TicketCondition[], scope: ListScope = {}): string {
  const all: TicketCondition[] = [...conditions];
  if (scope.group) all.push(['group.documentId', '$eq', scope.group]);
  if (scope.productLine) all.push(['product_line', '$eq', scope.productLine]);
  const params: string[] = ['page=1', 'pageSize=50', 'sort=createdAt:DESC'];
  all.forEach(([path, op, value], i) => {
    const key = `filters[$and][${i}]${path
      .split('.')
      .map((p) => `[${p}]`)
      .join('')}[${op}]`;
    if (Array.isArray(value)) value.forEach((v, j) => params.push(`${key}[${j}]=${encodeURIComponent(v)}`));
    else params.push(`${key}=${encodeURIComponent(String(value))}`);
  });
  return `${TICKET_LIST_PATH}?${params.join('&')}`;
}

export const OPEN_STATES = ['new', 'triaged', 'in_progress', 'awaiting_customer', 'solution_proposed'];

/** The Content Manager edit view of one ticket. */
export const ticketEditUrl = (documentId: string) => `${TICKET_LIST_PATH}/${documentId}`;

/** Link of the "SLA at risk" widget: the open tickets, nearest resolution deadline first. */
export const atRiskListUrl = () => ticketListUrl([['state', '$in', OPEN_STATES]]).replace('sort=createdAt:DESC', 'sort=resolution_due_at:ASC');
