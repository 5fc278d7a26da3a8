/**
 * The reads an oracle test compares after each step of a workload: what Discover, a dashboard
 * panel and an alert rule ask for — hit count, first page of hits, histogram split by a field,
 * top values, metrics — for match-all and filtered queries over random time ranges.
 */
import type { AggregateRequest, AggregationSpec, SearchRequest } from '../../contract.ts';
import { prng, SPAN, T0 } from './workload.ts';

export interface Read {
  search: SearchRequest;
  aggregate: AggregateRequest;
  count: { query?: string; from?: number; to?: number };
}

const QUERIES = [
  // match-all is Discover's default and every panel's common case: the rollups answer it
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '@timestamp:*',
  'log.level:error',
  'event.dataset:nginx.access and http.response.status_code >= 500',
  'refused',
  'not log.level:info',
  'device.type:drone or site:oslo',
  'wide.k1:v2',
  'tags:a',
  'source.ip:203.0.113.0/28',
  'service.name:che*',
  'message:"order"',
  'online:true',
  'battery > 50',
  'event.dataset:odd and not http.response.status_code:200',
  'missing.field:x',
  // queries that only leave events out: the rollups answer them less the excluded events' counts
  // (every user but an admin reads with `not event.dataset:"driftwood.audit"`)
  'not event.dataset:"driftwood.audit"',
  'not event.dataset:nginx.access',
  'not log.level:info and not service.name:checkout',
  'not tags:a',
  'not battery > 50',
  'not refused',
  'not missing.field:x',
];

/** Fields aggregated: keyword, long, boolean, double, list, high-cardinality, missing, conflicting. */
const TERMS_FIELDS = [
  'event.dataset',
  'log.level',
  'host.name',
  'service.name',
  'http.response.status_code',
  'http.request.method',
  'device.id',
  'device.type',
  'online',
  'site',
  'tags',
  'wide.k0',
  'wide.k1',
  'wide.k2',
  'wide.k32',
  'trace.id',
  'order_id',
  'missing.field',
  'nginx.upstream',
  'late_1',
];
const NUMERIC_FIELDS = [
  'battery',
  'temperature',
  'http.response.body.bytes',
  'order_id',
  'big',
  'wide.k0',
  'missing.n',
];
const SPLIT_FIELDS = [
  'log.level',
  'event.dataset',
  'http.response.status_code',
  'online',
  'tags',
  'trace.id',
  'wide.k4',
];

/** A time range as the UI sends it: the whole span, a random one, minute-aligned, or none at all. */
function range(r: ReturnType<typeof prng>): { from?: number; to?: number } {
  switch (r.int(6)) {
    case 0:
      return { from: T0 - 3_600_000, to: T0 + SPAN + 3_600_000 };
    case 1: {
      const from = T0 + r.int(SPAN / 60_000) * 60_000;
      return { from, to: from + (1 + r.int(120)) * 60_000 };
    }
    case 2:
      return {};
    default: {
      const from = T0 - 60_000 + r.int(SPAN + 60_000);
      return { from, to: from + 1 + r.int(SPAN) };
    }
  }
}

export function readsFor(seed: number, n = 2): Read[] {
  const r = prng(seed);
  return Array.from({ length: n }, (_, k) => {
    const query = r.pick(QUERIES);
    const span = range(r);
    const size = r.pick([1, 5, 20, 100]);
    const aggs: Record<string, AggregationSpec> = {
      n: { type: 'count' },
      hist: {
        type: 'date_histogram',
        ...(r.int(2) === 0 ? {} : { intervalMs: r.pick([1_000, 30_000, 60_000, 300_000, 3_600_000]) }),
        ...(r.int(3) === 0 ? {} : { split: { field: r.pick(SPLIT_FIELDS), size: 1 + r.int(5) } }),
      },
    };
    for (let i = 0; i < 1 + r.int(5); i++)
      aggs[`t${i}`] = { type: 'terms', field: r.pick(TERMS_FIELDS), size: 1 + r.int(10) };
    const metric = r.pick(NUMERIC_FIELDS);
    aggs.metric = { type: r.pick(['min', 'max', 'avg', 'sum', 'cardinality'] as const), field: metric };
    if (r.int(3) === 0) aggs.pct = { type: 'percentiles', field: metric, percents: [50, 95, 99] };
    if (r.int(4) === 0) aggs.unique = { type: 'cardinality', field: r.pick(TERMS_FIELDS) };
    // issue #17's shapes from a generator of their own, so the reads above stay as they were
    const panel = prng(seed * 31 + 17 + k);
    Object.assign(aggs, panelAggs(panel));
    // counts per bucket, as most panels ask them (top values, a breakdown per time bucket): a generator of their own
    Object.assign(aggs, countAggs(prng(seed * 53 + 5 + k)));
    const timeShift = panel.int(6) === 0 ? { timeShift: panel.pick(['1m', '1h', '1d']) } : {};
    const sort =
      r.int(5) === 0
        ? [
            {
              field: r.pick(['host.name', 'http.response.status_code', 'battery', '@timestamp']),
              order: r.pick(['asc', 'desc'] as const),
            },
          ]
        : r.int(4) === 0
          ? [{ field: '@timestamp', order: 'asc' as const }]
          : undefined;
    return {
      search: { query, ...span, size, ...(sort ? { sort } : {}) },
      aggregate: { query, ...span, aggs, ...timeShift },
      count: { query, ...span },
    };
  });
}

/** Metrics as a panel asks them, per bucket or over the whole range. */
function metricAgg(r: ReturnType<typeof prng>): AggregationSpec {
  const field = r.pick(NUMERIC_FIELDS);
  switch (r.int(9)) {
    case 0:
      return { type: 'count' };
    case 1:
      return { type: 'median', field };
    case 2:
      return { type: 'last_value', field: r.pick([...NUMERIC_FIELDS, ...TERMS_FIELDS]) };
    case 3:
      return { type: 'percentiles', field, percents: [50, 95] };
    case 4:
      return { type: 'cardinality', field: r.pick(TERMS_FIELDS) };
    default:
      return { type: r.pick(['min', 'max', 'avg', 'sum'] as const), field };
  }
}

function metricAggs(r: ReturnType<typeof prng>): Record<string, AggregationSpec> {
  const out: Record<string, AggregationSpec> = {};
  for (let i = 0; i < 1 + r.int(2); i++) out[`m${i}`] = metricAgg(r);
  return out;
}

/**
 * Issue #17's aggregations as dashboard panels ask them: median and last value over the range,
 * terms with `missing` and metrics per bucket, filters, a numeric histogram, date histograms with
 * a breakdown (up to three levels), a time shift — each compared between the fast and plain paths.
 */
function panelAggs(r: ReturnType<typeof prng>): Record<string, AggregationSpec> {
  const aggs: Record<string, AggregationSpec> = {};
  if (r.int(2) === 0) aggs.p_metric = metricAgg(r);
  // top values with metrics per value (the embedded store's bucket-metrics fast path), or the missing bucket
  aggs.p_terms = {
    type: 'terms',
    field: r.pick(TERMS_FIELDS),
    size: 1 + r.int(4),
    ...(r.int(3) === 0 ? { missing: true } : {}),
    ...(r.int(4) !== 0 ? { aggs: metricAggs(r) } : {}),
  };
  if (r.int(3) === 0) {
    aggs.p_filters = {
      type: 'filters',
      filters: [
        { key: 'q1', query: r.pick(QUERIES) },
        { key: 'q2', query: r.pick(QUERIES) },
      ],
      aggs: metricAggs(r),
    };
  }
  if (r.int(3) === 0) {
    aggs.p_hist = {
      type: 'histogram',
      field: r.pick(NUMERIC_FIELDS),
      interval: r.pick([0.5, 1, 7, 100, 1000]),
      ...(r.int(2) === 0 ? { aggs: { n: { type: 'count' } } } : {}),
    };
  }
  // metrics per time bucket, as most panels ask (the embedded store's bucket-metrics fast path)
  aggs.p_time = {
    type: 'date_histogram',
    ...(r.int(2) === 0 ? {} : { intervalMs: r.pick([60_000, 300_000, 3_600_000]) }),
    aggs: metricAggs(r),
  };
  if (r.int(4) === 0) {
    // a breakdown per time bucket: terms within terms within a date histogram
    const inner: AggregationSpec = {
      type: 'terms',
      field: r.pick(SPLIT_FIELDS),
      size: 1 + r.int(2),
      aggs: metricAggs(r),
    };
    aggs.p_breakdown = {
      type: 'date_histogram',
      aggs: { by: { type: 'terms', field: r.pick(SPLIT_FIELDS), size: 1 + r.int(2), aggs: { inner } } },
    };
  }
  return aggs;
}

/**
 * Counts per bucket as a dashboard's bar, pie and table panels ask them (the bucket-counts fast
 * path): top values with a count (and sometimes a metric beside it), a count per time bucket and
 * per value within it, filters and a missing bucket with a count.
 */
function countAggs(r: ReturnType<typeof prng>): Record<string, AggregationSpec> {
  const count = (): Record<string, AggregationSpec> =>
    r.int(3) === 0 ? { n: { type: 'count' }, m: metricAgg(r) } : { n: { type: 'count' } };
  const aggs: Record<string, AggregationSpec> = {
    c_terms: {
      type: 'terms',
      field: r.pick(TERMS_FIELDS),
      size: 1 + r.int(6),
      ...(r.int(4) === 0 ? { missing: true } : {}),
      aggs: count(),
    },
  };
  if (r.int(2) === 0) {
    aggs.c_time = {
      type: 'date_histogram',
      ...(r.int(2) === 0 ? {} : { intervalMs: r.pick([60_000, 3_600_000]) }),
      aggs:
        r.int(2) === 0
          ? count()
          : { by: { type: 'terms', field: r.pick(SPLIT_FIELDS), size: 1 + r.int(4), aggs: count() } },
    };
  }
  if (r.int(4) === 0) {
    aggs.c_filters = {
      type: 'filters',
      filters: [
        { key: 'a', query: r.pick(QUERIES) },
        { key: 'b', query: r.pick(QUERIES) },
      ],
      aggs: { n: { type: 'count' } },
    };
  }
  return aggs;
}
