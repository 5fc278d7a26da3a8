import { Suspense } from 'react';
import { Spinner } from '../../components/common/Spinner.tsx';
import { Discover } from '../../components/discover/Discover.tsx';

export const metadata = { title: 'Discover · Driftwood' };

export default function DiscoverPage() {
  return (
    <Suspense fallback={<Spinner />}>
      <Discover />
    </Suspense>
  );
}
