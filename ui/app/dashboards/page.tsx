import { DashboardList } from '../../components/dashboards/DashboardList.tsx';

export const metadata = { title: 'Dashboards · Driftwood' };

export default function DashboardsPage() {
  return <DashboardList />;
}
