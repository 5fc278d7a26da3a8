'use client';
/**
 * One component that draws any panel from its answer (issue #17): line, area, bar, bar_horizontal,
 * pie, donut, metric, table, heatmap, gauge, markdown and last_seen. The data shaping lives in
 * ui/lib/viz/ (pure, unit-tested); this file picks the view. An answer with nothing to draw says
 * "No results" rather than showing an empty chart. Text from logs is always rendered as text.
 */
import { useMemo } from 'react';
import type { PanelAnswer, PanelSpec } from '../../lib/dashboards/contract.ts';
import { type DataPanel, panelUnit } from '../../lib/viz/dataset.ts';
import { heatmapData } from '../../lib/viz/heatmap.ts';
import { change, gaugeData, metricText, metricValue, sparkline } from '../../lib/viz/metric.ts';
import { chartData } from '../../lib/viz/series.ts';
import { pieSlices } from '../../lib/viz/slices.ts';
import { tableData } from '../../lib/viz/table.ts';
import { GaugeView } from './GaugeView.tsx';
import { HeatmapView } from './HeatmapView.tsx';
import { LastSeenView } from './LastSeenView.tsx';
import { NoResults } from './Legend.tsx';
import { MarkdownView } from './MarkdownView.tsx';
import { MetricView } from './MetricView.tsx';
import { PieView } from './PieView.tsx';
import { TableView } from './TableView.tsx';
import { TimeChart } from './TimeChart.tsx';

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

export const DEFAULT_PANEL_HEIGHT = 240;

export function PanelView({ panel, answer, onFilter, onBrush, height = DEFAULT_PANEL_HEIGHT }: PanelViewProps) {
  return (
    <div className="viz-view" data-panel-type={panel.type}>
      <PanelBody panel={panel} answer={answer} onFilter={onFilter} onBrush={onBrush} height={height} />
    </div>
  );
}

function PanelBody({ panel, answer, onFilter, onBrush, height }: PanelViewProps & { height: number }) {
  if (panel.type === 'markdown') return <MarkdownView markdown={panel.options.markdown} />;
  if (!answer) return null;
  if (panel.type === 'last_seen') {
    const rows = answer.lastSeen ?? [];
    if (rows.length === 0) return <NoResults />;
    return (
      <LastSeenView
        rows={rows}
        field={panel.options.field}
        thresholdFactor={panel.options.threshold_factor}
        height={height}
        onFilter={onFilter}
      />
    );
  }
  return <DataPanelView panel={panel} answer={answer} onFilter={onFilter} onBrush={onBrush} height={height} />;
}

function DataPanelView({
  panel,
  answer,
  onFilter,
  onBrush,
  height,
}: { panel: DataPanel; answer: PanelAnswer } & Pick<PanelViewProps, 'onFilter' | 'onBrush'> & { height: number }) {
  const unit = panelUnit(panel);
  const aggs = answer.aggs;
  switch (panel.type) {
    case 'line':
    case 'area':
    case 'bar':
    case 'bar_horizontal':
      return (
        <ChartPanel
          panel={panel}
          answer={answer}
          onFilter={onFilter}
          onBrush={onBrush}
          height={height}
          type={panel.type}
        />
      );
    case 'pie':
    case 'donut': {
      const slices = pieSlices(panel, aggs);
      if (slices.length === 0) return <NoResults />;
      return (
        <PieView
          slices={slices}
          donut={panel.type === 'donut'}
          unit={unit}
          legend={panel.options?.legend}
          labels={panel.options?.labels}
          height={height}
          onFilter={onFilter}
        />
      );
    }
    case 'metric': {
      const m = metricValue(panel, aggs);
      if (m.value === null) return <NoResults />;
      const text = metricText(panel, m.value);
      const current = typeof m.value === 'number' ? m.value : null;
      const prev = answer.previous ? metricValue(panel, answer.previous).value : undefined;
      const compare = panel.options?.compare === 'previous_period' && answer.previous;
      const spark = panel.options?.sparkline === false ? undefined : sparkline(panel, aggs);
      return (
        <MetricView
          text={text}
          label={m.label}
          latest={m.combined === 'latest'}
          {...(compare ? { change: change(current, typeof prev === 'number' ? prev : null) } : {})}
          unit={unit}
          {...(spark ? { spark } : {})}
          height={height}
        />
      );
    }
    case 'table': {
      const table = tableData(panel, aggs);
      if (table.rows.length === 0) return <NoResults />;
      return (
        <TableView
          key={JSON.stringify(panel.options?.sort ?? null)}
          table={table}
          title={panel.title}
          sort={panel.options?.sort}
          pageSize={panel.options?.page_size}
          height={height}
          onFilter={onFilter}
        />
      );
    }
    case 'heatmap': {
      const heat = heatmapData(panel, aggs);
      if (heat.cells.every((c) => c.value === null || c.value === 0)) return <NoResults />;
      return <HeatmapView heat={heat} unit={unit} legend={panel.options?.legend} height={height} onFilter={onFilter} />;
    }
    case 'gauge': {
      const g = gaugeData(panel, aggs);
      if (g.value === null) return <NoResults />;
      return <GaugeView gauge={g} label={metricValue(panel, aggs).label} unit={unit} height={height} />;
    }
  }
}

function ChartPanel({
  panel,
  answer,
  onFilter,
  onBrush,
  height,
  type,
}: { panel: DataPanel; answer: PanelAnswer; type: 'line' | 'area' | 'bar' | 'bar_horizontal' } & Pick<
  PanelViewProps,
  'onFilter' | 'onBrush'
> & { height: number }) {
  const chart = useMemo(() => chartData(panel, answer.aggs), [panel, answer]);
  const empty =
    chart.points.length === 0 || chart.points.every((p) => Object.values(p.values).every((v) => v === null || v === 0));
  if (empty) return <NoResults />;
  const o =
    panel.type === 'line' || panel.type === 'area' || panel.type === 'bar' || panel.type === 'bar_horizontal'
      ? panel.options
      : undefined;
  return (
    <TimeChart
      type={type}
      chart={chart}
      unit={panelUnit(panel)}
      legend={o?.legend}
      height={height}
      onFilter={onFilter}
      onBrush={onBrush}
    />
  );
}
