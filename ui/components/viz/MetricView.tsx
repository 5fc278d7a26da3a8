/** The metric panel: the big number in its unit, its label, the change versus the previous period and a sparkline. */

import { formatTimestamp } from '../../lib/discover/time.ts';
import { type Change, formatChange } from '../../lib/viz/metric.ts';
import { formatUnit, type PanelUnit } from '../../lib/viz/units.ts';

export interface MetricViewProps {
  text: string;
  label: string;
  /** The newest bucket's value, not the whole range's (a metric that buckets cannot combine). */
  latest?: boolean;
  change?: Change;
  unit?: PanelUnit;
  spark?: Array<{ x: number; v: number | null }>;
  height: number;
}

/** The sparkline as an SVG polyline over a 100 × 30 box (gaps where a bucket has no value). */
export function sparkPath(points: ReadonlyArray<{ x: number; v: number | null }>): string {
  const values = points.map((p) => p.v).filter((v): v is number => v !== null);
  if (points.length < 2 || values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  let d = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.v === null) {
      pen = false;
      return;
    }
    const x = (i / (points.length - 1)) * 100;
    const y = 28 - ((p.v - min) / span) * 26;
    d += `${pen ? 'L' : 'M'}${x.toFixed(2)} ${y.toFixed(2)} `;
    pen = true;
  });
  return d.trim();
}

export function MetricView({ text, label, latest, change, unit, spark, height }: MetricViewProps) {
  const path = spark ? sparkPath(spark) : '';
  const first = spark?.[0];
  const last = spark?.[spark.length - 1];
  return (
    <div className="viz-metric" style={{ minHeight: Math.min(height, 160) }}>
      <div className="viz-metric-value" data-testid="metric-value">
        {text}
      </div>
      <div className="viz-metric-label">
        {label}
        {latest ? <span className="muted"> (latest bucket)</span> : null}
      </div>
      {change ? (
        <div
          className={`viz-metric-change viz-change-${change.sign}`}
          data-testid="metric-change"
          data-sign={change.sign}
          title={
            change.previous === null ? 'no previous value' : `previous period: ${formatUnit(change.previous, unit)}`
          }
        >
          {formatChange(change)}
          {change.previous === null ? null : <span className="muted"> vs previous period</span>}
        </div>
      ) : null}
      {path ? (
        <svg
          className="viz-sparkline"
          viewBox="0 0 100 30"
          preserveAspectRatio="none"
          data-testid="metric-sparkline"
          role="img"
          aria-label={`${label} from ${first ? formatTimestamp(first.x) : ''} to ${last ? formatTimestamp(last.x) : ''}`}
        >
          <path d={path} fill="none" stroke="var(--viz-1)" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        </svg>
      ) : null}
    </div>
  );
}
