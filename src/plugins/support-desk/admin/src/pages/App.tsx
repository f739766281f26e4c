import { Page } from '@strapi/strapi/admin';
import { Routes, Route } from 'react-router-dom';
import { OverviewPage } from './OverviewPage';
import { QueuesPage } from './QueuesPage';

const App = () => (
  <Routes>
    <Route index element={<OverviewPage />} />
    <Route path="queues" element={<QueuesPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

export default App;
