'use client';
/** /visualize/[id]: the stored visualization in the editor (read-only with its preview for a viewer). */
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { getVisualization } from '../../lib/dashboards/api.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { readVisualizeLink } from '../../lib/visualize/from-discover.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { VisualizeEditor } from './VisualizeEditor.tsx';

export function VisualizationPage({ id }: { id: string }) {
  const params = useSearchParams();
  const time = useMemo(() => readVisualizeLink(params).time, [params]);
  const got = useFetch(`visualization:${id}`, (signal) => getVisualization(id, signal));
  if (got.error && !got.data)
    return <ErrorMessage error={got.error} onRetry={got.retry} title="Cannot load the visualization" />;
  if (!got.data) return <Spinner testId="loading" />;
  const v = got.data.visualization;
  return <VisualizeEditor key={v.id} initial={v} stored time={v.time ?? time} />;
}
