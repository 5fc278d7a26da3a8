'use client';
/**
 * /dashboards: every dashboard (title, description, tags, panel count, the file it was provisioned
 * from), a search box and tag chips; "New dashboard" for a user who may write.
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { createDashboard, listDashboards } from '../../lib/dashboards/api.ts';
import { newDashboard } from '../../lib/dashboards/new-dashboard.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { usePrivilege } from '../../lib/use-me.ts';
import { useDebounced } from '../../lib/use-timers.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';

export function DashboardList() {
  const router = useRouter();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 200);
  const [tag, setTag] = useState<string>();
  const write = usePrivilege('write');
  const list = useFetch(`dashboards:${q}:${tag ?? ''}`, (signal) => listDashboards({ q, tag }, signal));
  const all = useFetch('dashboards:all', (signal) => listDashboards({}, signal));
  const tags = useMemo(
    () => [...new Set((all.data?.dashboards ?? []).flatMap((d) => d.tags))].sort((a, b) => a.localeCompare(b)),
    [all.data],
  );
  const [creating, setCreating] = useState(false);
  const [title, setTitle] = useState('');
  const [createError, setCreateError] = useState<unknown>();
  const dashboards = list.data?.dashboards;

  const create = async (): Promise<void> => {
    if (title.trim() === '') return;
    setCreateError(undefined);
    const taken = new Set((all.data?.dashboards ?? []).map((d) => d.id));
    try {
      const { dashboard } = await createDashboard(newDashboard(title, taken));
      router.push(`/dashboards/${encodeURIComponent(dashboard.id)}`);
    } catch (error) {
      setCreateError(error);
    }
  };

  return (
    <div className="dashboards-page">
      <div className="dashboards-head">
        <h1>Dashboards</h1>
        <input
          type="search"
          className="dashboards-search"
          data-testid="dashboard-search"
          aria-label="Search dashboards"
          placeholder="Search titles and descriptions"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <span className="spacer" />
        {write.allowed ? (
          <button type="button" className="primary" data-testid="new-dashboard" onClick={() => setCreating((c) => !c)}>
            New dashboard
          </button>
        ) : null}
      </div>
      {creating && write.allowed ? (
        <form
          className="dashboards-create"
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <input
            data-testid="new-dashboard-title"
            aria-label="New dashboard title"
            placeholder="Title"
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <button type="submit" className="primary" disabled={title.trim() === ''} data-testid="create-dashboard">
            Create
          </button>
          <button type="button" onClick={() => setCreating(false)}>
            Cancel
          </button>
        </form>
      ) : null}
      {createError ? <ErrorMessage error={createError} title="The dashboard was not created" /> : null}
      {tags.length > 0 ? (
        <div className="tag-chips" data-testid="tag-filter">
          {tags.map((t) => (
            <button
              type="button"
              key={t}
              className={t === tag ? 'chip active' : 'chip'}
              aria-pressed={t === tag}
              data-testid="tag-chip"
              onClick={() => setTag(t === tag ? undefined : t)}
            >
              {t}
            </button>
          ))}
        </div>
      ) : null}
      {list.loading && !dashboards ? <Spinner testId="loading" /> : null}
      {list.error ? <ErrorMessage error={list.error} onRetry={list.retry} /> : null}
      {dashboards && dashboards.length === 0 ? (
        <div className="empty" data-testid="no-dashboards">
          {q || tag ? 'No dashboard matches.' : 'No dashboards yet.'}
        </div>
      ) : null}
      {dashboards && dashboards.length > 0 ? (
        <ul className="dashboard-list" data-testid="dashboard-list">
          {dashboards.map((d) => (
            <li key={d.id} data-testid="dashboard-row" data-dashboard-id={d.id}>
              <div className="dashboard-row-main">
                <Link href={`/dashboards/${encodeURIComponent(d.id)}`} className="dashboard-title">
                  {d.title}
                </Link>
                {d.description ? <div className="muted">{d.description}</div> : null}
              </div>
              <div className="dashboard-row-meta">
                {d.tags.map((t) => (
                  <span key={t} className="chip small">
                    {t}
                  </span>
                ))}
                <span className="muted" data-testid="panel-count">
                  {d.panels} {d.panels === 1 ? 'panel' : 'panels'}
                </span>
                {d.provisioned ? (
                  <span className="muted" data-testid="provisioned" title={`SHA-256 ${d.provisioned.sha256}`}>
                    provisioned from {d.provisioned.file}
                  </span>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
