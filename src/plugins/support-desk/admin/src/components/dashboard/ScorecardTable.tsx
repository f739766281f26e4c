/** The per-agent scorecard (resolved, SLA compliance, median resolution, CSAT, reopen rate). */
import { DataTable, orDash, percent, useT } from './parts';

import type { ScorecardRow } from '../../../../server/src/contracts/dashboard';

export function ScorecardTable({ id, rows }: { id: string; rows: ScorecardRow[] }) {
  const t = useT();
  return (
    <DataTable
      id={id}
      empty={t('scorecard.empty')}
      rows={rows}
      columns={[
        { key: 'agent', label: t('scorecard.col.agent'), render: (r) => r.agent.name || `#${r.agent.id}` },
        { key: 'resolved', label: t('scorecard.col.resolved'), render: (r) => r.resolved },
        { key: 'compliance', label: t('scorecard.col.compliance'), render: (r) => percent(r.resolution_compliance) },
        { key: 'median', label: t('scorecard.col.median'), render: (r) => (r.resolution_median_minutes === null ? '–' : t('mgmt.unit.minutes', { n: r.resolution_median_minutes })) },
        { key: 'csat', label: t('scorecard.col.csat'), render: (r) => `${orDash(r.csat_average)} (${r.csat_responses})` },
        { key: 'reopen', label: t('scorecard.col.reopen'), render: (r) => percent(r.reopen_rate) },
      ]}
    />
  );
}
