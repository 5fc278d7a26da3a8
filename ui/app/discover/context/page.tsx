import { Suspense } from 'react';
import { SurroundingDocs } from '../../../components/discover/SurroundingDocs.tsx';

export const metadata = { title: 'Surrounding documents · Driftwood' };

export default function ContextPage() {
  return (
    <Suspense fallback={<div className="loading-bar" />}>
      <SurroundingDocs />
    </Suspense>
  );
}
