'use client';
/**
 * Event counts over time, stacked by log.level (recharts). Drag across the bars (or click one) to
 * zoom the time range: mouse events on the chart area are mapped to buckets by `bucketAt`.
 */
import { formatInterval } from '@driftwood/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Bar,
  BarChart,
  type BarShapeProps,
  CartesianGrid,
  Rectangle,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { HistogramResult } from '../../lib/discover/api.ts';
import { bucketAt, chartRows, dragRange, seriesFor } from '../../lib/discover/histogram.ts';
import { formatBucket, INTERVAL_OPTIONS } from '../../lib/discover/interval.ts';
import { formatTimestamp } from '../../lib/discover/time.ts';
import { Spinner } from '../common/Spinner.tsx';

const Y_AXIS_WIDTH = 48;
const RIGHT_MARGIN = 8;

/**
 * One level's bar in one bucket (recharts' `shape`, called with the bar's props and its series'
 * dataKey `s:<level>`), drawn as recharts draws it, with its count readable: an aria-label for
 * assistive tech and data-level / data-count / data-key for the browser tests.
 */
function levelBar(props: BarShapeProps & { dataKey?: unknown }) {
  const row = props.payload as Record<string, number>;
  const dataKey = String(props.dataKey);
  const level = dataKey.slice('s:'.length);
  const count = row[dataKey] ?? 0;
  return (
    <Rectangle
      {...props}
      role="img"
      aria-label={`${level}: ${count.toLocaleString('en-US')} events at ${formatTimestamp(row.key ?? 0)}`}
      data-testid="histogram-bar"
      data-level={level}
      data-count={count}
      data-key={row.key}
    />
  );
}

interface Props {
  data?: HistogramResult;
  interval: string;
  total?: number;
  loading: boolean;
  onInterval: (interval: string) => void;
  onZoom: (fromMs: number, toMs: number) => void;
}

export function Histogram({ data, interval, total, loading, onInterval, onZoom }: Props) {
  const series = useMemo(() => (data ? seriesFor(data) : []), [data]);
  const rows = useMemo(() => (data ? chartRows(data, series) : []), [data, series]);
  const areaRef = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ startX: number; x: number } | undefined>();
  const count = data?.buckets.length ?? 0;
  // For the bench: when the first histogram is on screen (performance timeline, relative to navigation).
  useEffect(() => {
    if (data && performance.getEntriesByName('driftwood:histogram').length === 0)
      performance.mark('driftwood:histogram');
  }, [data]);

  const plot = (): { left: number; width: number; rectLeft: number } | undefined => {
    const el = areaRef.current;
    if (!el) return undefined;
    const rect = el.getBoundingClientRect();
    return { left: Y_AXIS_WIDTH, width: rect.width - Y_AXIS_WIDTH - RIGHT_MARGIN, rectLeft: rect.left };
  };

  const onMouseDown = (e: React.MouseEvent<HTMLDivElement>): void => {
    const p = plot();
    if (!p || count === 0 || e.button !== 0) return;
    const x = e.clientX - p.rectLeft;
    if (x < p.left) return;
    e.preventDefault();
    setDrag({ startX: x, x });
    const move = (ev: MouseEvent): void => setDrag((d) => (d ? { ...d, x: ev.clientX - p.rectLeft } : d));
    const up = (ev: MouseEvent): void => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      const endX = ev.clientX - p.rectLeft;
      setDrag(undefined);
      if (!data) return;
      const a = bucketAt(x, p.left, p.width, count);
      const b = bucketAt(endX, p.left, p.width, count);
      const range = dragRange(data, a, b);
      if (range) onZoom(range.from, range.to);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const selection = drag
    ? { left: Math.min(drag.startX, drag.x), width: Math.max(2, Math.abs(drag.x - drag.startX)) }
    : undefined;

  return (
    <div className="histogram-panel" data-testid="histogram" data-total={data?.total ?? ''} data-buckets={count}>
      <div className="histogram-head">
        <span className="hits" data-testid="hit-count">
          {total === undefined ? '…' : `${total.toLocaleString('en-US')} ${total === 1 ? 'hit' : 'hits'}`}
        </span>
        {data ? (
          <span className="legend">
            {series.map((s) => (
              <span key={s.key}>
                <i style={{ background: s.color }} />
                {s.label}
              </span>
            ))}
          </span>
        ) : null}
        <span className="spacer" />
        {data?.scaled ? <span className="muted">scaled to {formatInterval(data.intervalMs)}</span> : null}
        <label className="muted" htmlFor="interval">
          Interval
        </label>
        <select id="interval" data-testid="interval" value={interval} onChange={(e) => onInterval(e.target.value)}>
          {INTERVAL_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.value === 'auto' && data && interval === 'auto'
                ? `Auto (${formatInterval(data.intervalMs)})`
                : o.label}
            </option>
          ))}
        </select>
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: drag-to-zoom on the chart; the time picker is the keyboard route */}
      <div className="chart-area" ref={areaRef} onMouseDown={onMouseDown} data-testid="chart-area">
        {loading && !data ? <Spinner /> : null}
        {data ? (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} margin={{ top: 4, right: RIGHT_MARGIN, bottom: 0, left: 0 }} barCategoryGap={1}>
              <CartesianGrid vertical={false} strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis
                dataKey="key"
                tickFormatter={(v: number) => formatBucket(v, data.intervalMs)}
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                minTickGap={40}
                stroke="var(--border)"
              />
              <YAxis
                width={Y_AXIS_WIDTH}
                allowDecimals={false}
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                stroke="var(--border)"
              />
              <Tooltip
                isAnimationActive={false}
                cursor={{ fill: 'var(--row-hover)' }}
                labelFormatter={(v) => formatTimestamp(Number(v))}
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }}
              />
              {series.map((s) => (
                <Bar
                  key={s.key}
                  dataKey={`s:${s.key}`}
                  name={s.label}
                  stackId="levels"
                  fill={s.color}
                  shape={levelBar}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        ) : null}
        {selection ? <div className="selection" style={selection} data-testid="zoom-selection" /> : null}
      </div>
    </div>
  );
}
