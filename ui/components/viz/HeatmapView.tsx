'use client';
/** The heatmap: time × terms as a grid of cells shaded by value (a tooltip per cell), a click → the row's KQL. */
import { formatBucket } from '../../lib/discover/interval.ts';
import { formatTimestamp } from '../../lib/discover/time.ts';
import { clickFilter } from '../../lib/viz/click-filter.ts';
import { type HeatmapData, heatShade } from '../../lib/viz/heatmap.ts';
import { formatUnit, type PanelUnit } from '../../lib/viz/units.ts';

export interface HeatmapViewProps {
  heat: HeatmapData;
  unit?: PanelUnit;
  legend?: 'right' | 'bottom' | 'none';
  height: number;
  onFilter?: (kql: string, label: string) => void;
}

export function heatColor(shade: number): string {
  return `color-mix(in srgb, var(--viz-heat-high) ${Math.round(shade * 100)}%, var(--viz-heat-low))`;
}

export function HeatmapView({ heat, unit, legend, height, onFilter }: HeatmapViewProps) {
  const byKey = new Map(heat.cells.map((c) => [`${c.y}\u0000${c.x}`, c]));
  const interval = heat.intervalMs ?? 60_000;
  const rowHeight = Math.max(12, Math.min(28, Math.floor((height - 24) / Math.max(1, heat.ys.length))));
  const labelEvery = Math.max(1, Math.ceil(heat.xs.length / 8));
  return (
    <div className="viz-heatmap" data-chart-type="heatmap">
      <div
        className="viz-heat-grid"
        style={{ gridTemplateColumns: `minmax(60px, max-content) repeat(${heat.xs.length}, minmax(2px, 1fr))` }}
      >
        {heat.ys.map((y) => (
          <div className="viz-heat-row" key={y} style={{ display: 'contents' }}>
            <div className="viz-heat-label" title={y} style={{ height: rowHeight }}>
              {y}
            </div>
            {heat.xs.map((x) => {
              const cell = byKey.get(`${y}\u0000${x}`);
              const value = cell?.value ?? null;
              const f = cell && onFilter ? clickFilter(cell.steps) : undefined;
              const tip = `${y} · ${formatTimestamp(x)}: ${formatUnit(value, unit)}`;
              return (
                // biome-ignore lint/a11y/noStaticElementInteractions: a cell click is a shortcut; the filter bar is the keyboard route
                // biome-ignore lint/a11y/useKeyWithClickEvents: as above
                <div
                  key={x}
                  className={`viz-heat-cell${f ? ' clickable' : ''}`}
                  data-testid="heatmap-cell"
                  data-value={value ?? ''}
                  title={tip}
                  style={{
                    height: rowHeight,
                    background: value === null ? 'transparent' : heatColor(heatShade(value, heat.min, heat.max)),
                  }}
                  onClick={f && onFilter ? () => onFilter(f.kql, f.label) : undefined}
                />
              );
            })}
          </div>
        ))}
        <div />
        {heat.xs.map((x, i) => (
          <div key={x} className="viz-heat-tick">
            {i % labelEvery === 0 ? formatBucket(x, interval) : ''}
          </div>
        ))}
      </div>
      {legend !== 'none' ? (
        <div className="viz-heat-legend" data-testid="panel-legend">
          <span>{formatUnit(heat.min, unit)}</span>
          <i style={{ background: `linear-gradient(to right, ${heatColor(0)}, ${heatColor(1)})` }} />
          <span>{formatUnit(heat.max, unit)}</span>
          <span className="muted">{heat.columnLabel}</span>
        </div>
      ) : null}
    </div>
  );
}
