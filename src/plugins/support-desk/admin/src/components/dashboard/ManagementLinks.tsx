/** Links from the plugin's overview to the management pages the user may open (one RBAC check each). */
import { NavLink } from 'react-router-dom';
import { useAuth, useRBAC } from '@strapi/strapi/admin';
import { Flex, LinkButton } from '@strapi/design-system';
import { ChartPie, Clock, User } from '@strapi/icons';
import { useT } from './parts';
import { DASHBOARD_PERMISSIONS } from '../../pages/DashboardPage';
import { REPORT_PERMISSIONS } from '../../pages/SlaReportPage';
import { SCORECARD_PERMISSIONS } from '../../pages/ScorecardPage';

const useCan = (permissions: Array<{ action: string; subject: null }>) => {
  const { allowedActions, isLoading } = useRBAC(permissions);
  return !isLoading && Object.values(allowedActions).some(Boolean);
};

/**
 * useRBAC checks once, when it mounts: on a page opened right after login the user's permissions may
 * still be loading, the check then runs against none and the links would stay hidden. So the links
 * are checked only once the permissions are there.
 */
export function ManagementLinks() {
  const authLoading = useAuth('ManagementLinks', (state) => state.isLoading);
  return authLoading ? null : <CheckedLinks />;
}

function CheckedLinks() {
  const t = useT();
  const links = [
    { to: 'dashboard', label: t('dashboard.title'), icon: <ChartPie />, can: useCan(DASHBOARD_PERMISSIONS) },
    { to: 'sla-report', label: t('report.title'), icon: <Clock />, can: useCan(REPORT_PERMISSIONS) },
    { to: 'scorecard', label: t('scorecard.title'), icon: <User />, can: useCan(SCORECARD_PERMISSIONS) },
  ].filter((l) => l.can);
  if (!links.length) return null;
  return (
    <Flex gap={2} wrap="wrap" data-management-links>
      {links.map((l) => (
        <LinkButton key={l.to} tag={NavLink} to={l.to} variant="secondary" startIcon={l.icon}>
          {l.label}
        </LinkButton>
      ))}
    </Flex>
  );
}
