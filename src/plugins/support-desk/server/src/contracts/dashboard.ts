/**
 * The management dashboard's answer (GET /support-desk/dashboard, services/dashboard.ts) and the
 * scorecard row (also GET /support-desk/scorecard/me): the one definition the server builds and the
 * admin pages read (`import type` in admin/src). Types only, no Strapi import.
 */
/** One agent's row of the scorecard: tickets resolved in the period and their outcomes. */
export interface ScorecardRow {
  agent: { id: number; name: string };
  resolved: number;
  resolution_met: number;
  resolution_breached: number;
  resolution_compliance: number | null;
  resolution_median_minutes: number | null;
  csat_responses: number;
  csat_average: number | null;
  reopened: number;
  reopen_rate: number | null;
}

export interface ComplianceFigure {
  met: number;
  breached: number;
  compliance: number | null;
}

export interface TimeFigure {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface TrendPoint {
  key: string;
  start: string;
  opened: number;
  resolved: number;
  backlog: number;
}

/** A row with its share of the total and the cumulative share (sorted by tickets, descending). */
export type Pareto<T> = T & { tickets: number; percent: number | null; cumulative_percent: number | null };

export interface PartBelowReorder {
  documentId: string;
  sku: string;
  name: string;
  available: number;
  reorder_point: number;
  reorder_quantity: number | null;
  location: string | null;
}

export interface UpcomingSession {
  documentId: string;
  training: string | null;
  code: string | null;
  starts_at: string | null;
  ends_at: string | null;
  location: string | null;
  capacity: number | null;
  state: string;
}

export interface DashboardAnswer {
  backlog: { total: number; byState: Record<string, number>; byPriority: Record<string, number>; openAtStart: number; trend: TrendPoint[] };
  sla: { tickets: number; first_response: ComplianceFigure; resolution: ComplianceFigure };
  times: { unit: string; first_response: TimeFigure; resolution: TimeFigure };
  resolved: number;
  reopen: { reopened: number; rate: number | null };
  fcr: { count: number; rate: number | null };
  csat: { responses: number; average: number | null; satisfied: number; satisfied_percent: number | null };
  channels: Array<{ channel: string; tickets: number }>;
  escalations: Array<{ department: string; raised: number; answered: number; open: number }>;
  visits: { total: number; byState: Record<string, number> };
  faults: {
    byCategory: Array<Pareto<{ category: string | null; code: string | null; root_causes: Array<{ root_cause: string; tickets: number }> }>>;
    byModel: Array<Pareto<{ model: string | null; product_line: string | null }>>;
  };
  scorecard: ScorecardRow[];
  inventory: PartBelowReorder[];
  trainings: UpcomingSession[];
}
