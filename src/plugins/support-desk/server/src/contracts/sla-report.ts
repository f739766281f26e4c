/**
 * A row of the SLA compliance report (GET /support-desk/reports/sla, services/sla-report.ts): the
 * one definition the server builds and the admin's SLA report page reads (`import type`). Types
 * only, no Strapi import.
 */
export interface SlaReportRow {
  /** The group's value: priority, group name, organization name or period key; null = none. */
  key: string | null;
  tickets: number;
  first_response_met: number;
  first_response_breached: number;
  first_response_compliance: number | null;
  resolution_met: number;
  resolution_breached: number;
  resolution_compliance: number | null;
}
