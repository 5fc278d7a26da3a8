'use client';
/**
 * /visualize/new: the editor on a new visualization, or — from Discover's "Visualize" —
 * on the field's default chart (lib/visualize/from-discover.ts), the query and time of the link.
 */
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { api } from '../../lib/discover/api.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { initialVisualization, readVisualizeLink } from '../../lib/visualize/from-discover.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { VisualizeEditor } from './VisualizeEditor.tsx';

export function NewVisualization() {
  const params = useSearchParams();
  const link = useMemo(() => readVisualizeLink(params), [params]);
  // the field's type decides the chart: wait for the catalogue when the link names a field
  const fields = useFetch(link.field ? 'fields' : null, (signal) => api.fields(signal));
  const initial = useMemo(
    () => (link.field && !fields.data ? undefined : initialVisualization(link, fields.data?.fields ?? [])),
    [link, fields.data],
  );
  if (fields.error && !fields.data)
    return <ErrorMessage error={fields.error} onRetry={fields.retry} title="Cannot load the fields" />;
  if (!initial) return <Spinner testId="loading" />;
  return <VisualizeEditor key={initial.id} initial={initial} stored={false} time={link.time} />;
}
