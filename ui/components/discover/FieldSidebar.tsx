'use client';
/**
 * Every field with its type; click one for its top 5 values over the current query (with
 * percentages), filter for / out / exists, add or remove it as a column, and — for an
 * aggregatable field — "Visualize" it (the editor on the field, with this query and time).
 */
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { api, type FieldInfo, type TopValues } from '../../lib/discover/api.ts';
import type { Filter } from '../../lib/discover/state.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { visualizeHrefFromDiscover } from '../../lib/visualize/from-discover.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';

const TYPE_BADGE: Record<string, string> = {
  keyword: 'k',
  text: 't',
  long: '#',
  double: '#',
  date: 'dt',
  ip: 'ip',
  boolean: 'b',
};

interface Props {
  fields: readonly FieldInfo[];
  loading: boolean;
  error?: unknown;
  onRetry: () => void;
  columns: readonly string[];
  /** The current query as route parameters (for top values). */
  params: string | null;
  onToggleColumn: (field: string) => void;
  onFilter: (filter: Filter) => void;
}

export function FieldSidebar({ fields, loading, error, onRetry, columns, params, onToggleColumn, onFilter }: Props) {
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string>();
  const visible = useMemo(() => {
    const s = search.trim().toLowerCase();
    return s === '' ? fields : fields.filter((f) => f.name.toLowerCase().includes(s));
  }, [fields, search]);
  const selected = columns
    .map((c) => fields.find((f) => f.name === c) ?? { name: c, type: 'unknown', aggregatable: false })
    .filter((f) => visible.some((v) => v.name === f.name) || search === '');
  const available = visible.filter((f) => !columns.includes(f.name));

  const renderField = (f: FieldInfo) => (
    <div className="field" key={f.name} data-testid="field" data-field={f.name}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the field name button inside is the keyboard route */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: see above */}
      <div className="field-row" onClick={() => setOpen((o) => (o === f.name ? undefined : f.name))}>
        <span className="type-badge" title={f.type}>
          {TYPE_BADGE[f.type] ?? '?'}
        </span>
        <button type="button" className="link name" style={{ textAlign: 'left', color: 'inherit' }}>
          {f.name}
        </button>
        <button
          type="button"
          className="icon add"
          data-testid="toggle-column"
          title={columns.includes(f.name) ? 'Remove column' : 'Add column'}
          onClick={(e) => {
            e.stopPropagation();
            onToggleColumn(f.name);
          }}
        >
          {columns.includes(f.name) ? '−' : '+'}
        </button>
      </div>
      {open === f.name ? (
        <FieldDetails
          field={f}
          params={params}
          isColumn={columns.includes(f.name)}
          onToggleColumn={onToggleColumn}
          onFilter={onFilter}
        />
      ) : null}
    </div>
  );

  return (
    <aside className="sidebar" data-testid="field-sidebar">
      <input
        className="field-search"
        placeholder="Search field names"
        aria-label="Search field names"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {error ? <ErrorMessage error={error} onRetry={onRetry} title="Cannot load fields" /> : null}
      {loading && fields.length === 0 ? <Spinner /> : null}
      <h3>Selected fields</h3>
      {selected.map(renderField)}
      <h3>Available fields ({available.length})</h3>
      {available.map(renderField)}
    </aside>
  );
}

function FieldDetails({
  field,
  params,
  isColumn,
  onToggleColumn,
  onFilter,
}: {
  field: FieldInfo;
  params: string | null;
  isColumn: boolean;
  onToggleColumn: (field: string) => void;
  onFilter: (filter: Filter) => void;
}) {
  const key = params === null ? null : `${params}&field=${encodeURIComponent(field.name)}`;
  const top = useFetch<TopValues>(key, (signal) => api.top(new URLSearchParams(key ?? ''), signal));
  const d = top.data;
  return (
    <div className="field-details" data-testid="field-details">
      {top.error ? <ErrorMessage error={top.error} onRetry={top.retry} title="Cannot load values" /> : null}
      {top.loading && !d ? <Spinner /> : null}
      {d ? (
        <>
          <div className="muted" data-testid="field-present" data-present={d.present} data-total={d.total}>
            {d.present.toLocaleString('en-US')} of {d.total.toLocaleString('en-US')} events have this field
          </div>
          {!d.aggregatable ? (
            <div className="muted">{field.type} fields are searched by word and have no top values.</div>
          ) : d.buckets.length === 0 ? (
            <div className="muted">No values in this time range.</div>
          ) : (
            d.buckets.map((b) => (
              <div
                className="top-value"
                key={String(b.key)}
                data-testid="top-value"
                data-value={String(b.key)}
                data-count={b.count}
              >
                <div className="line">
                  <span className="val" title={String(b.key)}>
                    {String(b.key)}
                  </span>
                  <span
                    className="pct"
                    title={`${b.count.toLocaleString('en-US')} of ${d.total.toLocaleString('en-US')} events`}
                  >
                    {b.percent.toFixed(1)}%
                  </span>
                  <button
                    type="button"
                    className="icon"
                    title={`Filter for ${field.name}: ${b.key}`}
                    aria-label={`Filter for ${b.key}`}
                    data-testid="filter-for"
                    onClick={() => onFilter({ field: field.name, op: 'is', value: String(b.key), negate: false })}
                  >
                    +
                  </button>
                  <button
                    type="button"
                    className="icon"
                    title={`Filter out ${field.name}: ${b.key}`}
                    aria-label={`Filter out ${b.key}`}
                    data-testid="filter-out"
                    onClick={() => onFilter({ field: field.name, op: 'is', value: String(b.key), negate: true })}
                  >
                    −
                  </button>
                </div>
                <div className="bar">
                  <div style={{ width: `${Math.min(100, b.percent)}%` }} />
                </div>
              </div>
            ))
          )}
        </>
      ) : null}
      <div className="field-actions">
        <button type="button" onClick={() => onToggleColumn(field.name)} data-testid="details-toggle-column">
          {isColumn ? 'Remove column' : 'Add column'}
        </button>
        <button
          type="button"
          data-testid="filter-exists"
          onClick={() => onFilter({ field: field.name, op: 'exists', negate: false })}
        >
          Exists
        </button>
        {field.aggregatable ? (
          <Link
            href={visualizeHrefFromDiscover(field.name, params)}
            data-testid="visualize-field"
            style={{ border: '1px solid var(--border)', borderRadius: 4, padding: '2px 8px', textDecoration: 'none' }}
            title={`Chart ${field.name} in Visualize`}
          >
            Visualize
          </Link>
        ) : null}
      </div>
    </div>
  );
}
