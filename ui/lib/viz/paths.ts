/**
 * A panel's answer as bucket paths: the store answers nested aggregations keyed `b0`, `b1`, `b2`
 * (outermost first, store/src/dashboards/panel-request.ts nestAggregations) with the metrics by
 * their ids in the innermost level. Every chart, table and number starts from this flat list: one
 * path per innermost bucket (a terms `Other` is a path that ends where it is, having no
 * sub-aggregations), and the metric columns (a percentiles metric is one column per percent).
 */
import type { PanelBucket, PanelMetric } from '@driftwood/core';
import type { AggregationResult } from '@driftwood/store';

export const OTHER_LABEL = 'Other';
export const MISSING_LABEL = '(missing)';

export type StepKind = 'date' | 'term' | 'other' | 'missing' | 'filter' | 'range';

/** One bucket of one level on the way down. */
export interface PathStep {
  level: number;
  bucket: PanelBucket;
  kind: StepKind;
  /** Epoch ms (date), the term, the filter key, the range start (histogram); `Other`/`(missing)` otherwise. */
  key: string | number;
  label: string;
  count: number;
  /** The bucket's end (exclusive) for a date or numeric histogram bucket: key + interval. */
  end?: number;
}

export interface BucketPath {
  steps: PathStep[];
  /** Events in the innermost bucket (the whole answer's count when there are no buckets). */
  count: number | null;
  /** The metrics' answers; absent for an `Other` bucket (the store gives only its count). */
  metrics?: Record<string, AggregationResult>;
}

/** A value column: one per metric, one per percent of a percentiles metric. */
export interface MetricColumn {
  /** The column id: the metric id, `id:p95` for a percent. */
  key: string;
  metric: PanelMetric;
  percent?: number;
  label: string;
}

const METRIC_NAMES: Record<PanelMetric['type'], string> = {
  count: 'Count',
  cardinality: 'Unique',
  avg: 'Average',
  sum: 'Sum',
  min: 'Min',
  max: 'Max',
  median: 'Median',
  percentiles: 'Percentile',
  last_value: 'Last',
};

export function metricLabel(metric: PanelMetric, percent?: number): string {
  const base = metric.label ?? (metric.type === 'count' ? 'Count' : `${METRIC_NAMES[metric.type]} of ${metric.field}`);
  if (percent === undefined) return base;
  return metric.label
    ? `${metric.label} (p${percent})`
    : `p${percent} of ${metric.type === 'count' ? '' : metric.field}`;
}

export function metricColumns(metrics: readonly PanelMetric[]): MetricColumn[] {
  return metrics.flatMap((metric): MetricColumn[] => {
    if (metric.type !== 'percentiles') return [{ key: metric.id, metric, label: metricLabel(metric) }];
    if (metric.percents.length === 1 && metric.label) {
      return [{ key: `${metric.id}:p${metric.percents[0]}`, metric, percent: metric.percents[0], label: metric.label }];
    }
    return metric.percents.map((p) => ({
      key: `${metric.id}:p${p}`,
      metric,
      percent: p,
      label: metricLabel(metric, p),
    }));
  });
}

/** A column's raw value in a path: a number, a `last_value`'s text, or null (no value, or `Other`). */
export function cellValue(path: BucketPath, column: MetricColumn): number | string | boolean | null {
  const r = path.metrics?.[column.metric.id];
  if (column.metric.type === 'count') {
    if (r && r.type === 'count') return r.value;
    return path.count;
  }
  if (!r) return null;
  if (r.type === 'percentiles') return r.values[String(column.percent)] ?? null;
  if (r.type === 'last_value') {
    const v = r.value;
    if (Array.isArray(v)) return v.join(', ');
    return v;
  }
  if ('value' in r && (typeof r.value === 'number' || r.value === null)) return r.value;
  return null;
}

/** A column's value as a number (null when it has none or is not numeric). */
export function numericValue(path: BucketPath, column: MetricColumn): number | null {
  const v = cellValue(path, column);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function termLabel(key: string | number): string {
  return String(key);
}

function countOf(aggs: Record<string, AggregationResult> | undefined): number | null {
  if (!aggs) return null;
  for (const r of Object.values(aggs)) if (r.type === 'count') return r.value;
  return null;
}

/**
 * Every innermost bucket of the answer, in the store's order (date buckets by time, terms by
 * count, filters in their order), `(missing)` after a level's terms and `Other` last (only when the
 * bucket asks for `other` and it is not zero).
 */
export function bucketPaths(buckets: readonly PanelBucket[], aggs: Record<string, AggregationResult>): BucketPath[] {
  const out: BucketPath[] = [];
  const walk = (
    level: number,
    here: Record<string, AggregationResult> | undefined,
    steps: PathStep[],
    count: number | null,
  ) => {
    if (level === buckets.length) {
      out.push({ steps, count: count ?? countOf(here), ...(here ? { metrics: here } : {}) });
      return;
    }
    const bucket = buckets[level] as PanelBucket;
    const r = here?.[`b${level}`];
    if (!r) return;
    const step = (kind: StepKind, key: string | number, label: string, n: number, end?: number): PathStep => ({
      level,
      bucket,
      kind,
      key,
      label,
      count: n,
      ...(end !== undefined ? { end } : {}),
    });
    if (r.type === 'date_histogram') {
      for (const b of r.buckets)
        walk(
          level + 1,
          b.aggs,
          [...steps, step('date', b.key, new Date(b.key).toISOString(), b.count, b.key + r.intervalMs)],
          b.count,
        );
    } else if (r.type === 'terms') {
      for (const b of r.buckets)
        walk(level + 1, b.aggs, [...steps, step('term', b.key, termLabel(b.key), b.count)], b.count);
      if (r.missing && r.missing.count > 0) {
        walk(
          level + 1,
          r.missing.aggs,
          [...steps, step('missing', MISSING_LABEL, MISSING_LABEL, r.missing.count)],
          r.missing.count,
        );
      }
      if (bucket.type === 'terms' && bucket.other && r.other > 0) {
        out.push({ steps: [...steps, step('other', OTHER_LABEL, OTHER_LABEL, r.other)], count: r.other });
      }
    } else if (r.type === 'filters') {
      for (const b of r.buckets) walk(level + 1, b.aggs, [...steps, step('filter', b.key, b.key, b.count)], b.count);
    } else if (r.type === 'histogram') {
      for (const b of r.buckets)
        walk(
          level + 1,
          b.aggs,
          [...steps, step('range', b.key, `${b.key} – ${b.key + r.interval}`, b.count, b.key + r.interval)],
          b.count,
        );
    }
  };
  walk(0, aggs, [], null);
  return out;
}
