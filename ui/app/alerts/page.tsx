import { AlertsList } from '../../components/alerts/AlertsList.tsx';

export const metadata = { title: 'Alerts · Driftwood' };

export default function AlertsPage() {
  return <AlertsList />;
}
