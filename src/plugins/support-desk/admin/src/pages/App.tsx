import { Page } from '@strapi/strapi/admin';
import { Routes, Route } from 'react-router-dom';
import { OverviewPage } from './OverviewPage';
import { DashboardPage } from './DashboardPage';
import { SlaReportPage } from './SlaReportPage';
import { ScorecardPage } from './ScorecardPage';
import { QueuesPage } from './QueuesPage';

const App = () => (
  <Routes>
    <Route index element={<OverviewPage />} />
    <Route path="dashboard" element={<DashboardPage />} />
    <Route path="sla-report" element={<SlaReportPage />} />
    <Route path="scorecard" element={<ScorecardPage />} />
    <Route path="queues" element={<QueuesPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

export default App;
