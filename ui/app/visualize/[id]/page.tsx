import { Suspense } from 'react';
import { Spinner } from '../../../components/common/Spinner.tsx';
import { VisualizationPage } from '../../../components/visualize/VisualizationPage.tsx';

export const metadata = { title: 'Visualization · Driftwood' };

export default async function VisualizationRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<Spinner />}>
      <VisualizationPage id={decodeURIComponent(id)} />
    </Suspense>
  );
}
