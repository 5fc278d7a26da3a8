import { Suspense } from 'react';
import { Spinner } from '../../../components/common/Spinner.tsx';
import { SurroundingDocs } from '../../../components/discover/SurroundingDocs.tsx';

export const metadata = { title: 'Surrounding documents · Driftwood' };

export default function ContextPage() {
  return (
    <Suspense fallback={<Spinner />}>
      <SurroundingDocs />
    </Suspense>
  );
}
