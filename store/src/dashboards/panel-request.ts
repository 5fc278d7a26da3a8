/**
 * A panel as the one store request that answers it: its metrics and buckets (outermost first)
 * nested as the contract's aggregations, over the panel's time range (its own or the dashboard's),
 * with the dashboard query, the enabled filters and the panel's query ANDed. Bucket levels are
 * keyed `b0`, `b1`, `b2`; the innermost level (or the top, without buckets) holds the metrics by
 * their ids. A `last_seen` panel asks, per value of its field, for count, min and max of
 * `@timestamp` (and for `median_gap` a date histogram of `resolution`); see last-seen.ts.
 */
import {
  type Dashboard,
  type DashboardPanel,
  type PanelBucket,
  type PanelMetric,
  parseInterval,
  resolveTimeRange,
} from '@driftwood/core';
import type { AggregateRequest, AggregationSpec } from '../contract.ts';

export const DEFAULT_DASHBOARD_TIME = { from: 'now-24h', to: 'now' } as const;
export const LAST_SEEN_DEFAULT_SIZE = 500;
export const LAST_SEEN_DEFAULT_RESOLUTION = '1m';

export const bucketKey = (level: number) => `b${level}`;

export function metricSpec(metric: PanelMetric): AggregationSpec {
  if (metric.type === 'count') return { type: 'count' };
  if (metric.type === 'percentiles') return { type: 'percentiles', field: metric.field, percents: metric.percents };
  return { type: metric.type, field: metric.field };
}

function bucketSpec(bucket: PanelBucket, aggs: Record<string, AggregationSpec>): AggregationSpec {
  switch (bucket.type) {
    case 'date_histogram':
      return {
        type: 'date_histogram',
        ...(bucket.interval && bucket.interval !== 'auto' ? { intervalMs: parseInterval(bucket.interval) } : {}),
        aggs,
      };
    case 'terms':
      return {
        type: 'terms',
        field: bucket.field,
        size: bucket.size,
        ...(bucket.missing ? { missing: true } : {}),
        aggs,
      };
    case 'filters':
      return { type: 'filters', filters: bucket.filters.map((f) => ({ key: f.key, query: f.query })), aggs };
    case 'histogram':
      return { type: 'histogram', field: bucket.field, interval: bucket.interval, aggs };
  }
}

/** The aggregations of metrics under buckets, outermost bucket first. */
export function nestAggregations(metrics: PanelMetric[], buckets: PanelBucket[]): Record<string, AggregationSpec> {
  let aggs: Record<string, AggregationSpec> = Object.fromEntries(metrics.map((m) => [m.id, metricSpec(m)]));
  for (let level = buckets.length - 1; level >= 0; level--) {
    aggs = { [bucketKey(level)]: bucketSpec(buckets[level] as PanelBucket, aggs) };
  }
  return aggs;
}

/** The KQL every panel of the dashboard runs with: the query, the enabled filters, `extra` (controls), ANDed. */
export function dashboardQuery(dashboard: Dashboard, extra: string[] = []): string {
  const parts = [
    dashboard.query ?? '',
    ...(dashboard.filters ?? []).filter((f) => !f.disabled).map((f) => (f.negate ? `not (${f.query})` : f.query)),
    ...extra,
  ].filter((q) => q.trim() !== '');
  return parts.map((q) => (parts.length > 1 ? `(${q})` : q)).join(' and ');
}

function and(a: string, b: string | undefined): string {
  if (!b || b.trim() === '') return a;
  if (a.trim() === '') return b;
  return `(${a}) and (${b})`;
}

export interface PanelRequestOptions {
  now: Date;
  /** KQL the UI adds (controls, clicked filters, the query bar). */
  extra?: string[];
  /** The dashboard time picker's range, when it differs from the file's. */
  time?: { from: string; to: string };
}

/** The one aggregate request a panel runs; undefined for a markdown panel. */
export function panelRequest(
  dashboard: Dashboard,
  panel: DashboardPanel,
  options: PanelRequestOptions,
): AggregateRequest | undefined {
  if (panel.type === 'markdown') return undefined;
  const time = panel.time ?? options.time ?? dashboard.time ?? DEFAULT_DASHBOARD_TIME;
  const { from, to } = resolveTimeRange(time.from, time.to, options.now);
  const query = and(dashboardQuery(dashboard, options.extra), panel.query);
  let aggs: Record<string, AggregationSpec>;
  if (panel.type === 'last_seen') {
    const o = panel.options;
    const perValue: Record<string, AggregationSpec> = {
      count: { type: 'count' },
      first: { type: 'min', field: '@timestamp' },
      last: { type: 'max', field: '@timestamp' },
    };
    if (o.usual_interval === 'median_gap') {
      perValue.gaps = {
        type: 'date_histogram',
        intervalMs: parseInterval(o.resolution ?? LAST_SEEN_DEFAULT_RESOLUTION),
      };
    }
    aggs = {
      [bucketKey(0)]: { type: 'terms', field: o.field, size: o.size ?? LAST_SEEN_DEFAULT_SIZE, aggs: perValue },
    };
  } else {
    aggs = nestAggregations(panel.data.metrics, panel.data.buckets);
  }
  return {
    ...(query !== '' ? { query } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    aggs,
    ...(panel.timeShift ? { timeShift: panel.timeShift } : {}),
  };
}
