'use client';
/**
 * A panel's own settings on the dashboard: its title, its query (ANDed with the dashboard's) and
 * an optional time range of its own that overrides the dashboard's time picker. (The full editor
 * of a visualization is /visualize.)
 */
import type { DashboardPanel } from '@driftwood/core';
import { validateKql } from '@driftwood/core';
import { useState } from 'react';
import type { PanelEdit } from '../../lib/dashboards/edit.ts';
import { QUICK_RANGES, timeError } from '../../lib/discover/time.ts';

export function PanelEditDialog({
  panel,
  onApply,
  onCancel,
}: {
  panel: DashboardPanel;
  onApply: (edit: PanelEdit) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(panel.title);
  const [query, setQuery] = useState(panel.query ?? '');
  const [own, setOwn] = useState(panel.time !== undefined);
  const [from, setFrom] = useState(panel.time?.from ?? 'now-1h');
  const [to, setTo] = useState(panel.time?.to ?? 'now');
  const kql = validateKql(query);
  const fromError = own ? timeError(from) : undefined;
  const toError = own ? timeError(to) : undefined;
  const invalid = !kql.ok || fromError !== undefined || toError !== undefined || title.trim() === '';
  const apply = (): void => {
    if (invalid) return;
    onApply({ title, query, ...(own ? { time: { from: from.trim(), to: to.trim() } } : {}) });
  };
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-label={`Edit panel ${panel.title}`}
        data-testid="panel-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      >
        <h2>Edit panel</h2>
        <label>
          Title
          <input
            data-testid="panel-dialog-title"
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label>
          Query (KQL, ANDed with the dashboard's)
          <input
            data-testid="panel-dialog-query"
            value={query}
            spellCheck={false}
            aria-invalid={!kql.ok}
            className={kql.ok ? undefined : 'invalid'}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        {!kql.ok ? <div className="field-error">{kql.error.message}</div> : null}
        <label className="row" style={{ flexDirection: 'row' }}>
          <input
            type="checkbox"
            data-testid="panel-dialog-own-time"
            checked={own}
            onChange={(e) => setOwn(e.target.checked)}
          />
          Its own time range (instead of the dashboard's)
        </label>
        {own ? (
          <>
            <div className="row">
              <select
                aria-label="Quick range"
                value=""
                onChange={(e) => {
                  const r = QUICK_RANGES.find((q) => q.label === e.target.value);
                  if (r) {
                    setFrom(r.from);
                    setTo(r.to);
                  }
                }}
              >
                <option value="">Quick select…</option>
                {QUICK_RANGES.map((r) => (
                  <option key={r.label} value={r.label}>
                    {r.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="row">
              <label>
                Start
                <input data-testid="panel-dialog-from" value={from} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label>
                End
                <input data-testid="panel-dialog-to" value={to} onChange={(e) => setTo(e.target.value)} />
              </label>
            </div>
            {fromError ? <div className="field-error">{fromError}</div> : null}
            {toError ? <div className="field-error">{toError}</div> : null}
          </>
        ) : null}
        <div className="actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={invalid} data-testid="panel-dialog-apply">
            Apply
          </button>
        </div>
      </form>
    </div>
  );
}
