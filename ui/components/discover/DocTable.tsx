'use client';
/**
 * The document table: time + chosen columns, sortable headers, windowed rendering (only rows in
 * view are in the DOM; expanded rows are measured), more pages loaded as you scroll.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Hit } from '../../lib/discover/api.ts';
import { docTime, fieldText } from '../../lib/discover/doc.ts';
import type { Highlighter } from '../../lib/discover/highlight.ts';
import type { Filter, SortSpec } from '../../lib/discover/state.ts';
import { formatTimestamp } from '../../lib/discover/time.ts';
import { computeWindow, needsMore } from '../../lib/discover/virtual.ts';
import { Spinner } from '../common/Spinner.tsx';
import { DocDetail } from './DocDetail.tsx';
import { Highlighted } from './Highlighted.tsx';

const ROW_HEIGHT = 29;

interface Props {
  hits: readonly Hit[];
  total: number;
  columns: readonly string[];
  sort: readonly SortSpec[];
  sortable: (field: string) => boolean;
  highlighterFor: (field: string) => Highlighter;
  loadingMore?: boolean;
  onLoadMore?: () => void;
  onSort?: (field: string) => void;
  onToggleColumn?: (field: string) => void;
  onMoveColumn?: (field: string, delta: -1 | 1) => void;
  onFilter?: (filter: Filter) => void;
  contextHref?: (hit: Hit) => string;
  /** Resets scroll and expanded rows when it changes (a new query). */
  resetKey: string;
}

function gridTemplate(columns: readonly string[]): string {
  return `28px 210px ${columns.map((c) => (c === 'message' ? 'minmax(320px, 4fr)' : 'minmax(140px, 1fr)')).join(' ')}`;
}

export function DocTable(props: Props) {
  const { hits, total, columns, sort, resetKey, onLoadMore } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const heights = useRef(new Map<string, number>());
  const [, setMeasured] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a new result set only
  useEffect(() => {
    setExpanded(new Set());
    heights.current.clear();
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const win = computeWindow({
    count: hits.length,
    height: (i) => {
      const id = hits[i]?.id ?? '';
      return expanded.has(id) ? (heights.current.get(id) ?? 400) : ROW_HEIGHT;
    },
    scrollTop,
    viewport,
  });

  useEffect(() => {
    if (onLoadMore && needsMore(win.end, hits.length, total)) onLoadMore();
  }, [win.end, hits.length, total, onLoadMore]);

  // For the bench: when the first page of rows is on screen.
  useEffect(() => {
    if (hits.length > 0 && performance.getEntriesByName('driftwood:rows').length === 0)
      performance.mark('driftwood:rows');
  }, [hits.length]);

  const measure = useCallback((id: string, h: number) => {
    if (heights.current.get(id) !== h) {
      heights.current.set(id, h);
      setMeasured((n) => n + 1);
    }
  }, []);

  const toggle = useCallback((id: string) => {
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const template = useMemo(() => gridTemplate(columns), [columns]);
  const sortOf = (field: string): 'asc' | 'desc' | undefined => sort.find((s) => s.field === field)?.order;

  return (
    <div
      className="table"
      ref={scrollRef}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid="doc-table"
      data-rows={hits.length}
    >
      <div className="thead" style={{ gridTemplateColumns: template }}>
        <div />
        <HeaderCell field="@timestamp" label="Time" order={sortOf('@timestamp')} {...props} />
        {columns.map((c) => (
          <HeaderCell key={c} field={c} label={c} order={sortOf(c)} removable {...props} />
        ))}
      </div>
      <div style={{ height: win.padTop }} />
      {hits.slice(win.start, win.end).map((hit) => (
        <Row
          key={hit.id}
          hit={hit}
          template={template}
          open={expanded.has(hit.id)}
          onToggle={toggle}
          onMeasure={measure}
          {...props}
        />
      ))}
      <div style={{ height: win.padBottom }} />
      {hits.length === 0 ? <div className="empty">No results match your search criteria.</div> : null}
      {props.loadingMore ? <Spinner /> : null}
      {hits.length > 0 && hits.length >= total ? (
        <div className="empty" style={{ padding: 12 }}>
          {hits.length.toLocaleString('en-US')} of {total.toLocaleString('en-US')} documents shown
        </div>
      ) : null}
    </div>
  );
}

function HeaderCell({
  field,
  label,
  order,
  removable,
  sortable,
  onSort,
  onToggleColumn,
  onMoveColumn,
}: Props & { field: string; label: string; order?: 'asc' | 'desc'; removable?: boolean }) {
  const canSort = onSort !== undefined && sortable(field);
  return (
    <div data-testid={`column-${field}`}>
      {canSort ? (
        <button type="button" className="link" onClick={() => onSort(field)} title={`Sort by ${label}`}>
          {label} {order === 'desc' ? '↓' : order === 'asc' ? '↑' : ''}
        </button>
      ) : (
        <span>{label}</span>
      )}
      {removable && onMoveColumn ? (
        <>
          <button
            type="button"
            className="link"
            aria-label={`Move ${field} left`}
            onClick={() => onMoveColumn(field, -1)}
          >
            ‹
          </button>
          <button
            type="button"
            className="link"
            aria-label={`Move ${field} right`}
            onClick={() => onMoveColumn(field, 1)}
          >
            ›
          </button>
        </>
      ) : null}
      {removable && onToggleColumn ? (
        <button
          type="button"
          className="link"
          aria-label={`Remove column ${field}`}
          onClick={() => onToggleColumn(field)}
        >
          ×
        </button>
      ) : null}
    </div>
  );
}

const Row = memo(function Row({
  hit,
  template,
  open,
  onToggle,
  onMeasure,
  columns,
  highlighterFor,
  onFilter,
  onToggleColumn,
  contextHref,
}: Props & {
  hit: Hit;
  template: string;
  open: boolean;
  onToggle: (id: string) => void;
  onMeasure: (id: string, height: number) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!open || !el) return;
    const ro = new ResizeObserver(() => onMeasure(hit.id, el.offsetHeight));
    ro.observe(el);
    onMeasure(hit.id, el.offsetHeight);
    return () => ro.disconnect();
  }, [open, hit.id, onMeasure]);
  return (
    <div
      ref={ref}
      className={open ? 'tr open' : 'tr'}
      style={{ gridTemplateColumns: template }}
      data-testid="doc-row"
      data-id={hit.id}
    >
      <div className="cell toggle">
        <button
          type="button"
          className="icon"
          aria-expanded={open}
          aria-label={open ? 'Collapse document' : 'Expand document'}
          data-testid="expand-row"
          onClick={() => onToggle(hit.id)}
        >
          {open ? '▾' : '▸'}
        </button>
      </div>
      <div className="cell time">{formatTimestamp(docTime(hit.doc))}</div>
      {columns.map((c) => {
        const text = fieldText(hit.doc, c);
        return (
          <div className="cell" key={c} title={text.length > 120 ? undefined : text} data-col={c}>
            <Highlighted
              text={text.length > 2000 ? text.slice(0, 2000) : text}
              field={c}
              highlighter={highlighterFor(c)}
            />
          </div>
        );
      })}
      {open ? (
        <DocDetail
          hit={hit}
          columns={columns}
          highlighterFor={highlighterFor}
          onFilter={onFilter}
          onToggleColumn={onToggleColumn}
          contextHref={contextHref?.(hit)}
        />
      ) : null}
    </div>
  );
});
