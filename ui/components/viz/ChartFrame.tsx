'use client';
/**
 * The frame of a recharts chart: `height` px in all, the plot filling what its legend (right or
 * bottom) leaves it (flex, `.viz-chart` in globals.css), so a legend is never cut off.
 */
import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';
import { Legend, type LegendItem } from './Legend.tsx';

/** Pixels a bottom legend takes at most (two rows; more scroll): `.viz-legend-bottom` in globals.css. */
export const BOTTOM_LEGEND_PX = 40;

/**
 * A chart's plot height before the browser lays it out (server render, first paint): the chart's
 * height less a bottom legend. In the page the plot fills what the legend leaves (flex).
 */
export function plotHeight(height: number, position: 'right' | 'bottom' | 'none'): number {
  return position === 'bottom' ? Math.max(40, height - BOTTOM_LEGEND_PX - 4) : height;
}

export interface ChartFrameProps {
  position: 'right' | 'bottom' | 'none';
  height: number;
  /** The plot's width before layout. */
  initialWidth: number;
  /** data-* attributes of the chart (its type and size, for tests). */
  data: Record<`data-${string}`, string | number>;
  /** The recharts chart. */
  children: ReactElement;
  /** The legend's items, shown unless `position` is 'none'. */
  legend: readonly LegendItem[];
}

export function ChartFrame({ position, height, initialWidth, data, children, legend }: ChartFrameProps) {
  return (
    <div className={`viz-chart viz-chart-legend-${position}`} {...data} style={{ height }}>
      <div className="viz-plot">
        <ResponsiveContainer
          width="100%"
          height="100%"
          initialDimension={{ width: initialWidth, height: plotHeight(height, position) }}
        >
          {children}
        </ResponsiveContainer>
      </div>
      {position !== 'none' ? <Legend items={legend} position={position} /> : null}
    </div>
  );
}
