import { Suspense } from 'react';
import { Discover } from '../../components/discover/Discover.tsx';

export const metadata = { title: 'Discover · Driftwood' };

export default function DiscoverPage() {
  return (
    <Suspense fallback={<div className="loading-bar" />}>
      <Discover />
    </Suspense>
  );
}
