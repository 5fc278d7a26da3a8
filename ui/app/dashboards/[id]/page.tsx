import { Suspense } from 'react';
import { Spinner } from '../../../components/common/Spinner.tsx';
import { DashboardPage } from '../../../components/dashboards/DashboardPage.tsx';

export const metadata = { title: 'Dashboard · Driftwood' };

export default async function DashboardRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<Spinner />}>
      <DashboardPage id={decodeURIComponent(id)} />
    </Suspense>
  );
}
