'use client';
/**
 * Discover: wires the URL state (the single source of truth) to the data hooks and the views.
 * All decisions live in lib/discover/*; this file only connects them.
 */
import { validateKql } from '@driftwood/core';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type Hit } from '../../lib/discover/api.ts';
import { apiParams } from '../../lib/discover/api-params.ts';
import { docTime } from '../../lib/discover/doc.ts';
import { addFilter, invertFilter, removeFilter } from '../../lib/discover/filters.ts';
import { type Highlighter, highlighterFor } from '../../lib/discover/highlight.ts';
import {
  DEFAULT_COLUMNS,
  DEFAULT_SORT,
  type DiscoverState,
  decodeState,
  type Filter,
  moveColumn,
  stateToSearch,
  toggleColumn,
  toggleSort,
} from '../../lib/discover/state.ts';
import { formatRate } from '../../lib/discover/tail.ts';
import { resolveRange, zoomExpressions } from '../../lib/discover/time.ts';
import { ApiError } from '../../lib/http.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { useInterval } from '../../lib/use-timers.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { DocTable } from './DocTable.tsx';
import { ExportControl } from './ExportControl.tsx';
import { FieldSidebar } from './FieldSidebar.tsx';
import { FilterBar } from './FilterBar.tsx';
import { Histogram } from './Histogram.tsx';
import { usePagedHits, useTail } from './hooks.ts';
import { QueryBar } from './QueryBar.tsx';
import { SavedSearches } from './SavedSearches.tsx';
import { TimePicker } from './TimePicker.tsx';

export function Discover() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const state = useMemo(() => decodeState(new URLSearchParams(search)), [search]);

  const update = useCallback(
    (patch: Partial<DiscoverState>) => {
      router.push(`${pathname}${stateToSearch({ ...state, ...patch })}`, { scroll: false });
    },
    [router, pathname, state],
  );

  // "now" is resolved once per refresh so the histogram and the table agree.
  const [nonce, setNonce] = useState(0);
  const refresh = useCallback(() => setNonce((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: nonce re-resolves relative times
  const resolved = useMemo(() => resolveRange(state.from, state.to, new Date()), [state.from, state.to, nonce]);
  const range = resolved.ok ? resolved.range : undefined;
  const queryOk = useMemo(() => validateKql(state.query).ok, [state.query]);

  const searchKey =
    range && queryOk && !state.tail
      ? apiParams({ ...state, interval: 'auto', columns: [...DEFAULT_COLUMNS] }, range).toString()
      : null;
  const histKey =
    range && queryOk && !state.tail
      ? apiParams({ ...state, columns: [...DEFAULT_COLUMNS], sort: [...DEFAULT_SORT] }, range).toString()
      : null;
  const topKey =
    range && queryOk
      ? apiParams(
          { ...state, columns: [...DEFAULT_COLUMNS], sort: [...DEFAULT_SORT], interval: 'auto' },
          range,
        ).toString()
      : null;
  const tailKey = apiParams(
    { ...state, columns: [...DEFAULT_COLUMNS], sort: [...DEFAULT_SORT], interval: 'auto' },
    undefined,
  ).toString();

  const hist = useFetch(histKey, (signal) => api.histogram(new URLSearchParams(histKey ?? ''), signal));
  const hits = usePagedHits(searchKey);
  const fields = useFetch(`fields:${nonce}`, (signal) => api.fields(signal));
  const [paused, setPaused] = useState(false);
  const tail = useTail(state.tail && queryOk, paused, tailKey);

  useInterval(state.tail ? 0 : state.refreshMs, refresh);

  // `/` focuses the query bar
  const queryRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      const typing =
        t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      if (e.key === '/' && !typing && !e.metaKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        queryRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const highlighters = useMemo(() => {
    const cache = new Map<string, Highlighter>();
    return (field: string): Highlighter => {
      let h = cache.get(field);
      if (!h) {
        h = highlighterFor(state.query, state.filters, field);
        cache.set(field, h);
      }
      return h;
    };
  }, [state.query, state.filters]);

  const fieldList = fields.data?.fields ?? [];
  const sortable = useCallback(
    (field: string) => field === '@timestamp' || fieldList.some((f) => f.name === field && f.type !== 'text'),
    [fieldList],
  );

  const onFilter = useCallback(
    (f: Filter) => update({ filters: addFilter(state.filters, f) }),
    [update, state.filters],
  );
  const onToggleColumn = useCallback(
    (field: string) => update({ columns: toggleColumn(state.columns, field) }),
    [update, state.columns],
  );
  const onMoveColumn = useCallback(
    (field: string, delta: -1 | 1) => update({ columns: moveColumn(state.columns, field, delta) }),
    [update, state.columns],
  );
  const onSort = useCallback((field: string) => update({ sort: toggleSort(state.sort, field) }), [update, state.sort]);
  const contextHref = useCallback(
    (hit: Hit) => {
      const p = new URLSearchParams(search);
      p.set('id', hit.id);
      p.set('ts', String(docTime(hit.doc)));
      return `/discover/context?${p.toString()}`;
    },
    [search],
  );
  const onLoadMore = hits.loadMore;

  const serverKqlError =
    hits.error instanceof ApiError && hits.error.code === 'KQL_SYNTAX'
      ? {
          message: hits.error.message,
          column: typeof hits.error.details.column === 'number' ? hits.error.details.column : undefined,
        }
      : undefined;
  const dataError = hits.error && !serverKqlError ? hits.error : hist.error;
  const exportParams = range ? apiParams(state, range) : undefined;
  const viewParams = stateToSearch({ ...state, savedId: undefined }).replace(/^\?/, '');

  return (
    <div className="discover" data-testid="discover">
      <div className="topbar">
        <QueryBar
          ref={queryRef}
          query={state.query}
          fields={fieldList}
          range={range}
          serverError={serverKqlError}
          onSubmit={(q) => {
            if (q === state.query) refresh();
            else update({ query: q });
          }}
        />
        <TimePicker
          from={state.from}
          to={state.to}
          refreshMs={state.refreshMs}
          loading={hits.loading || hist.loading}
          onChange={(r) => update({ from: r.from, to: r.to })}
          onRefreshChange={(ms) => update({ refreshMs: ms })}
          onRefresh={refresh}
        />
        <SavedSearches
          savedId={state.savedId}
          params={viewParams}
          onOpen={(s) => router.push(`${pathname}?${s.params}`, { scroll: false })}
          onSaved={(s) => update({ savedId: s.id })}
        />
        <button
          type="button"
          data-testid="live-tail"
          aria-pressed={state.tail}
          onClick={() => {
            setPaused(false);
            update({ tail: !state.tail });
          }}
        >
          {state.tail ? 'Stop live tail' : 'Live tail'}
        </button>
        {exportParams ? (
          <ExportControl
            params={exportParams}
            total={state.tail || !queryOk || hits.loading || hits.error ? undefined : hits.total}
          />
        ) : null}
      </div>
      <FilterBar
        filters={state.filters}
        onRemove={(i) => update({ filters: removeFilter(state.filters, i) })}
        onInvert={(i) => update({ filters: invertFilter(state.filters, i) })}
        onClear={() => update({ filters: [] })}
      />
      <div className="body">
        <FieldSidebar
          fields={fieldList}
          loading={fields.loading}
          error={fields.error}
          onRetry={fields.retry}
          columns={state.columns}
          params={topKey}
          onToggleColumn={onToggleColumn}
          onFilter={onFilter}
        />
        <div className="main">
          {!resolved.ok ? <ErrorMessage error={new Error(resolved.message)} title="Invalid time range" /> : null}
          {state.tail ? (
            <div className="histogram-panel" data-testid="tail-bar" style={{ paddingBottom: 8 }}>
              <div className="histogram-head">
                <span className="tail-status">
                  <span className={paused || !tail.connected ? 'dot paused' : 'dot'} />
                  {paused ? 'Paused' : tail.connected ? 'Live' : 'Connecting…'}
                </span>
                <span data-testid="tail-rate">{formatRate(tail.rate)}</span>
                <span className="muted" data-testid="tail-count">
                  {tail.received.toLocaleString('en-US')} received
                </span>
                <span className="spacer" />
                <button type="button" data-testid="tail-pause" onClick={() => setPaused((p) => !p)}>
                  {paused ? 'Resume' : 'Pause'}
                </button>
              </div>
              {tail.error ? <ErrorMessage error={new Error(tail.error)} title="Live tail stopped" /> : null}
            </div>
          ) : (
            <Histogram
              data={hist.data}
              interval={state.interval}
              total={hits.loading && !hits.hits.length ? undefined : hits.total}
              loading={hist.loading}
              onInterval={(i) => update({ interval: i })}
              onZoom={(from, to) => update(zoomExpressions(from, to))}
            />
          )}
          {dataError ? (
            <ErrorMessage
              error={dataError}
              onRetry={() => {
                hits.retry();
                hist.retry();
              }}
            />
          ) : null}
          {(hits.loading || hist.loading) && !state.tail ? <Spinner testId="loading" /> : null}
          <DocTable
            hits={state.tail ? tail.hits : hits.hits}
            total={state.tail ? tail.hits.length : hits.total}
            columns={state.columns}
            sort={state.sort}
            sortable={sortable}
            highlighterFor={highlighters}
            loadingMore={hits.loadingMore}
            onLoadMore={state.tail ? undefined : onLoadMore}
            onSort={state.tail ? undefined : onSort}
            onToggleColumn={onToggleColumn}
            onMoveColumn={onMoveColumn}
            onFilter={onFilter}
            contextHref={contextHref}
            resetKey={state.tail ? 'tail' : (searchKey ?? '')}
          />
        </div>
      </div>
    </div>
  );
}
