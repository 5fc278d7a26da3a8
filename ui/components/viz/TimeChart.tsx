'use client';
/**
 * Line, area, bar and horizontal bar charts (recharts) from ChartData: stacked or to 100 %, axis
 * ticks and tooltips in the panel's unit, a bar click → the KQL of its bucket path, and on a time
 * axis a drag across the chart (ReferenceArea while dragging) → the dragged time range.
 */
import { useState } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  type BarRectangleItem,
  CartesianGrid,
  Line,
  LineChart,
  type MouseHandlerDataParam,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatBucket } from '../../lib/discover/interval.ts';
import { formatTimestamp } from '../../lib/discover/time.ts';
import { clickFilter } from '../../lib/viz/click-filter.ts';
import { type ChartData, rechartsRows } from '../../lib/viz/series.ts';
import { formatTick, formatUnit, type PanelUnit, valueAxisWidth } from '../../lib/viz/units.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { legendPosition } from './Legend.tsx';

export type TimeChartType = 'line' | 'area' | 'bar' | 'bar_horizontal';

export interface TimeChartProps {
  type: TimeChartType;
  chart: ChartData;
  unit?: PanelUnit;
  legend?: 'right' | 'bottom' | 'none';
  height: number;
  onFilter?: (kql: string, label: string) => void;
  onBrush?: (fromIso: string, toIso: string) => void;
}

const TICK = { fontSize: 11, fill: 'var(--muted)' };
const TOOLTIP_STYLE = {
  background: 'var(--panel)',
  border: '1px solid var(--border)',
  fontSize: 12,
  color: 'var(--text)',
};

/** A category tick: long values cut with … (the tooltip has them whole). */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The values the value axis spans: each point's stack total when stacked, else every value. */
function axisValues(chart: ChartData): number[] {
  if (chart.percent) return [0, 100];
  const out: number[] = [];
  for (const p of chart.points) {
    const values = Object.values(p.values).filter((v): v is number => typeof v === 'number');
    if (chart.stacked) out.push(values.reduce((a, v) => a + v, 0));
    else out.push(...values);
  }
  return out;
}

const indexOf = (state: MouseHandlerDataParam | undefined): number | undefined => {
  const i = state?.activeTooltipIndex;
  const n = typeof i === 'string' ? Number(i) : i;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
};

export function TimeChart({ type, chart, unit, legend, height, onFilter, onBrush }: TimeChartProps) {
  const rows = rechartsRows(chart);
  const [drag, setDrag] = useState<{ from: number; to: number } | undefined>();
  const time = chart.axis === 'time';
  const horizontal = type === 'bar_horizontal';
  const valueUnit = chart.percent ? 'percent' : unit;
  const xLabel = (v: unknown): string => (time ? formatBucket(Number(v), chart.intervalMs ?? 60_000) : String(v ?? ''));
  const position = legendPosition(legend, chart.series.length);
  const stackId = chart.stacked ? 'stack' : undefined;

  const brushable = time && onBrush !== undefined && chart.points.length > 1;
  const onMouseDown = (state: MouseHandlerDataParam) => {
    const i = indexOf(state);
    if (brushable && i !== undefined) setDrag({ from: i, to: i });
  };
  const onMouseMove = (state: MouseHandlerDataParam) => {
    const i = indexOf(state);
    if (drag && i !== undefined && i !== drag.to) setDrag({ ...drag, to: i });
  };
  const onMouseUp = () => {
    const d = drag;
    setDrag(undefined);
    if (!d || d.from === d.to || !onBrush) return;
    const a = chart.points[Math.min(d.from, d.to)];
    const b = chart.points[Math.max(d.from, d.to)];
    if (!a || !b) return;
    const end = b.step?.end ?? Number(b.x) + (chart.intervalMs ?? 0);
    onBrush(new Date(Number(a.x)).toISOString(), new Date(end).toISOString());
  };

  const barClick = (seriesKey: string) => (item: BarRectangleItem, index: number) => {
    void item;
    const path = chart.points[index]?.paths[seriesKey];
    const f = path ? clickFilter(path) : undefined;
    if (f && onFilter) onFilter(f.kql, f.label);
  };

  const categoryAxisProps = {
    dataKey: 'x',
    tickFormatter: xLabel,
    tick: TICK,
    stroke: 'var(--border)',
    minTickGap: 24,
  };
  const valueAxisProps = {
    tickFormatter: (v: number) => formatTick(v, valueUnit),
    tick: TICK,
    stroke: 'var(--border)',
    ...(horizontal ? {} : { width: valueAxisWidth(axisValues(chart), valueUnit) }),
    ...(chart.percent ? { domain: [0, 100] as [number, number] } : {}),
  };
  const common = {
    data: rows,
    margin: { top: 8, right: 12, bottom: 0, left: 0 },
    onMouseDown,
    onMouseMove,
    onMouseUp,
    onMouseLeave: () => setDrag(undefined),
    ...(horizontal ? { layout: 'vertical' as const } : {}),
  };
  const grid = (
    <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={horizontal} horizontal={!horizontal} />
  );
  const axes = horizontal
    ? [
        <XAxis key="v" type="number" {...valueAxisProps} />,
        <YAxis key="c" type="category" {...categoryAxisProps} width={120} interval={0} minTickGap={0} />,
      ]
    : [<XAxis key="c" {...categoryAxisProps} />, <YAxis key="v" {...valueAxisProps} />];
  const tooltip = (
    <Tooltip
      isAnimationActive={false}
      cursor={type.startsWith('bar') ? { fill: 'var(--row-hover)' } : { stroke: 'var(--border)' }}
      labelFormatter={(v) => (time ? formatTimestamp(Number(v)) : String(v))}
      formatter={(v) => formatUnit(typeof v === 'number' ? v : Number(v), valueUnit)}
      contentStyle={TOOLTIP_STYLE}
    />
  );
  const selection =
    drag && drag.from !== drag.to ? (
      <ReferenceArea
        x1={rows[Math.min(drag.from, drag.to)]?.x ?? undefined}
        x2={rows[Math.max(drag.from, drag.to)]?.x ?? undefined}
        fill="var(--accent)"
        fillOpacity={0.15}
        strokeOpacity={0}
      />
    ) : null;

  let plot: React.ReactElement;
  if (type === 'line') {
    plot = (
      <LineChart {...common}>
        {grid}
        {axes}
        {tooltip}
        {chart.series.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stroke={s.color}
            dot={chart.points.length < 2}
            strokeWidth={2}
            isAnimationActive={false}
            connectNulls={false}
            {...(stackId ? { stackId } : {})}
          />
        ))}
        {selection}
      </LineChart>
    );
  } else if (type === 'area') {
    plot = (
      <AreaChart {...common}>
        {grid}
        {axes}
        {tooltip}
        {chart.series.map((s) => (
          <Area
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stroke={s.color}
            fill={s.color}
            fillOpacity={0.35}
            isAnimationActive={false}
            {...(stackId ? { stackId } : {})}
          />
        ))}
        {selection}
      </AreaChart>
    );
  } else {
    plot = (
      <BarChart {...common} barCategoryGap={time ? 1 : '15%'}>
        {grid}
        {axes}
        {tooltip}
        {chart.series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            fill={s.color}
            isAnimationActive={false}
            onClick={barClick(s.key)}
            cursor={onFilter ? 'pointer' : undefined}
            {...(stackId ? { stackId } : {})}
          />
        ))}
        {selection}
      </BarChart>
    );
  }
  return (
    <ChartFrame
      position={position}
      height={height}
      initialWidth={600}
      data={{ 'data-chart-type': type, 'data-series': chart.series.length }}
      legend={chart.series}
    >
      {plot}
    </ChartFrame>
  );
}
