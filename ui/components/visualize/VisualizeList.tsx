'use client';
/** /visualize: the saved visualizations, with search and tags; "Create visualization" for an editor. */
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { listVisualizations } from '../../lib/dashboards/api.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { usePrivilege } from '../../lib/use-me.ts';
import { filterVisualizations, tagCounts } from '../../lib/visualize/list.ts';
import { describeVisualization } from '../../lib/visualize/model.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';

export function VisualizeList() {
  const list = useFetch('visualizations', (signal) => listVisualizations(signal));
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState<string>();
  const write = usePrivilege('write');
  const all = list.data?.visualizations;
  const shown = useMemo(() => filterVisualizations(all ?? [], search, tag), [all, search, tag]);
  const tags = useMemo(() => tagCounts(all ?? []), [all]);
  return (
    <div className="visualize-page" data-testid="viz-list">
      <div className="visualize-head">
        <h1>Visualize</h1>
        {all ? (
          <span className="muted" data-testid="viz-count">
            {all.length} {all.length === 1 ? 'visualization' : 'visualizations'}
          </span>
        ) : null}
        <span className="spacer" />
        <input
          className="viz-search"
          placeholder="Search visualizations"
          aria-label="Search visualizations"
          value={search}
          data-testid="viz-search"
          onChange={(e) => setSearch(e.target.value)}
        />
        {write.allowed ? (
          <Link href="/visualize/new" className="button primary" data-testid="new-viz">
            Create visualization
          </Link>
        ) : null}
      </div>
      {tags.length > 0 ? (
        <div className="viz-tags" data-testid="viz-tag-filter">
          {tags.map((t) => (
            <button
              type="button"
              key={t.tag}
              className={t.tag === tag ? 'pill primary' : 'pill'}
              aria-pressed={t.tag === tag}
              data-testid="viz-tag"
              onClick={() => setTag((x) => (x === t.tag ? undefined : t.tag))}
            >
              {t.tag} <span className="muted">{t.count}</span>
            </button>
          ))}
        </div>
      ) : null}
      {list.loading && !all ? <Spinner testId="loading" /> : null}
      {list.error ? <ErrorMessage error={list.error} onRetry={list.retry} /> : null}
      {all && all.length === 0 ? (
        <div className="empty" data-testid="no-viz">
          No visualizations yet.{' '}
          {write.allowed ? (
            <>
              <Link href="/visualize/new">Create one</Link>, or use “Visualize” on a field in Discover.
            </>
          ) : (
            'An editor can create one.'
          )}
        </div>
      ) : null}
      {all && all.length > 0 ? (
        <table className="viz-table">
          <thead>
            <tr>
              <th>Title</th>
              <th>Draws</th>
              <th>Tags</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((v) => (
              <tr key={v.id} data-testid="viz-row" data-viz-id={v.id}>
                <td>
                  <Link href={`/visualize/${encodeURIComponent(v.id)}`}>{v.title}</Link>
                  {v.description ? <div className="muted">{v.description}</div> : null}
                </td>
                <td className="muted">{describeVisualization(v)}</td>
                <td>{(v.tags ?? []).join(', ')}</td>
              </tr>
            ))}
            {shown.length === 0 ? (
              <tr>
                <td colSpan={3} className="muted">
                  Nothing matches.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
