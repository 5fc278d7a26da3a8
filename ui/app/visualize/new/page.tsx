import { Suspense } from 'react';
import { Spinner } from '../../../components/common/Spinner.tsx';
import { NewVisualization } from '../../../components/visualize/NewVisualization.tsx';

export const metadata = { title: 'New visualization · Driftwood' };

export default function NewVisualizationPage() {
  return (
    <Suspense fallback={<Spinner />}>
      <NewVisualization />
    </Suspense>
  );
}
