import { Suspense } from 'react';
import { Spinner } from '../../../components/common/Spinner.tsx';
import { DashboardPage } from '../../../components/dashboards/DashboardPage.tsx';
import { initialDashboard } from '../../../lib/server/page-data.ts';

export const metadata = { title: 'Dashboard · Driftwood' };

export default async function DashboardRoute({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  // the record comes with the page (its panels ask for their data as soon as it is hydrated)
  const initial = await initialDashboard(id);
  return (
    <Suspense fallback={<Spinner />}>
      <DashboardPage id={id} {...(initial ? { initial } : {})} />
    </Suspense>
  );
}
