'use client';
/** "Add to dashboard": pick an existing dashboard or name a new one; the panel is appended and the dashboard opens. */
import { useState } from 'react';
import { listDashboards } from '../../lib/dashboards/api.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';

const NEW = '__new__';

interface Props {
  disabled: boolean;
  adding: boolean;
  error?: unknown;
  onAdd: (target: { id: string } | { title: string }) => void;
}

export function AddToDashboard({ disabled, adding, error, onAdd }: Props) {
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState(NEW);
  const [title, setTitle] = useState('');
  const list = useFetch(open ? 'dashboards' : null, (signal) => listDashboards({}, signal));
  const dashboards = list.data?.dashboards ?? [];
  const ready = choice === NEW ? title.trim() !== '' : true;
  return (
    <span className="viz-add">
      <button
        type="button"
        data-testid="add-to-dashboard"
        disabled={disabled}
        aria-expanded={open}
        title={disabled ? 'Fix the errors first' : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        Add to dashboard
      </button>
      {open ? (
        <div className="popover viz-add-popover" data-testid="add-popover">
          <h4>Add this panel to</h4>
          {list.loading && !list.data ? <Spinner /> : null}
          {list.error ? <ErrorMessage error={list.error} onRetry={list.retry} title="Cannot list dashboards" /> : null}
          <select value={choice} data-testid="add-target" onChange={(e) => setChoice(e.target.value)}>
            <option value={NEW}>A new dashboard…</option>
            {dashboards.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title} ({d.panels} {d.panels === 1 ? 'panel' : 'panels'})
              </option>
            ))}
          </select>
          {choice === NEW ? (
            <input
              value={title}
              placeholder="New dashboard title"
              aria-label="New dashboard title"
              data-testid="new-dashboard-title"
              onChange={(e) => setTitle(e.target.value)}
            />
          ) : null}
          {error ? <ErrorMessage error={error} title="The panel was not added" /> : null}
          <div className="row">
            <button
              type="button"
              className="primary"
              data-testid="add-confirm"
              disabled={!ready || adding || disabled}
              onClick={() => onAdd(choice === NEW ? { title: title.trim() } : { id: choice })}
            >
              {adding ? 'Adding…' : 'Add and open'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </span>
  );
}
