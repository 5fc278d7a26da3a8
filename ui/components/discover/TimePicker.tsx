'use client';
/** Time picker: quick ranges, relative or absolute start/end, auto-refresh, Refresh button. */
import { useEffect, useState } from 'react';
import {
  describeRange,
  fromLocalInput,
  QUICK_RANGES,
  REFRESH_OPTIONS,
  timeError,
  toLocalInput,
} from '../../lib/discover/time.ts';

interface Props {
  from: string;
  to: string;
  refreshMs: number;
  loading: boolean;
  onChange: (range: { from: string; to: string }) => void;
  onRefreshChange: (ms: number) => void;
  onRefresh: () => void;
}

export function TimePicker({ from, to, refreshMs, loading, onChange, onRefreshChange, onRefresh }: Props) {
  const [open, setOpen] = useState(false);
  const [draftFrom, setDraftFrom] = useState(from);
  const [draftTo, setDraftTo] = useState(to);
  useEffect(() => {
    setDraftFrom(from);
    setDraftTo(to);
  }, [from, to]);
  const fromError = timeError(draftFrom);
  const toError = timeError(draftTo);
  const apply = (): void => {
    if (fromError || toError) return;
    onChange({ from: draftFrom.trim(), to: draftTo.trim() });
    setOpen(false);
  };
  return (
    <div className="timepicker">
      <button type="button" data-testid="time-picker" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {describeRange(from, to)}
      </button>
      <button type="button" className="primary" data-testid="refresh" onClick={onRefresh} disabled={loading}>
        {loading ? 'Loading…' : 'Refresh'}
      </button>
      {open ? (
        <div className="popover" data-testid="time-popover">
          <h4>Quick select</h4>
          <div className="quick-ranges">
            {QUICK_RANGES.map((r) => (
              <button
                type="button"
                key={r.label}
                onClick={() => {
                  onChange({ from: r.from, to: r.to });
                  setOpen(false);
                }}
              >
                {r.label}
              </button>
            ))}
          </div>
          <h4>Relative or absolute</h4>
          <div className="row">
            <label htmlFor="tp-from">Start</label>
            <input
              id="tp-from"
              data-testid="time-from"
              value={draftFrom}
              onChange={(e) => setDraftFrom(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && apply()}
            />
            <input
              type="datetime-local"
              step={1}
              aria-label="Absolute start"
              value={safeLocal(draftFrom)}
              onChange={(e) => {
                const iso = fromLocalInput(e.target.value);
                if (iso) setDraftFrom(iso);
              }}
            />
          </div>
          {fromError ? <div className="field-error">{fromError}</div> : null}
          <div className="row">
            <label htmlFor="tp-to">End</label>
            <input
              id="tp-to"
              data-testid="time-to"
              value={draftTo}
              onChange={(e) => setDraftTo(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && apply()}
            />
            <input
              type="datetime-local"
              step={1}
              aria-label="Absolute end"
              value={safeLocal(draftTo)}
              onChange={(e) => {
                const iso = fromLocalInput(e.target.value);
                if (iso) setDraftTo(iso);
              }}
            />
          </div>
          {toError ? <div className="field-error">{toError}</div> : null}
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <span className="muted" style={{ flex: 1, fontSize: 12 }}>
              e.g. now-2h, now/d, 2024-05-01T10:00:00Z
            </span>
            <button type="button" className="primary" onClick={apply} disabled={!!fromError || !!toError}>
              Apply
            </button>
          </div>
          <h4>Auto-refresh</h4>
          <select
            data-testid="refresh-interval"
            value={refreshMs}
            onChange={(e) => onRefreshChange(Number(e.target.value))}
          >
            {REFRESH_OPTIONS.map((o) => (
              <option key={o.ms} value={o.ms}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}

function safeLocal(expr: string): string {
  const t = Date.parse(expr);
  return /^\d{4}-\d{2}-\d{2}/.test(expr) && Number.isFinite(t) ? toLocalInput(t) : '';
}
