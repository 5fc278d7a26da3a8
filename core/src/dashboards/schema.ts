/**
 * The dashboard file (issue #17): one readable JSON file per dashboard in `dashboards/`, panels
 * inline with stable ids, no JSON inside strings. Unknown keys are errors everywhere. The same
 * schema validates files at start, `driftwood dashboards import` and the UI's API.
 *
 * A panel's `data` maps 1:1 onto the store's aggregations (store/src/contract.ts): each metric is a
 * metric aggregation (`count`, `cardinality`, `avg`, `sum`, `min`, `max`, `median`, `percentiles`,
 * `last_value`), each bucket a bucket aggregation (`date_histogram`, `terms`, `filters`,
 * `histogram`), outermost first, nested up to three levels, the metrics answered in the innermost.
 */
import { z } from 'zod';

/** Bucket aggregations nest this deep at most (the store's MAX_BUCKET_DEPTH). */
export const MAX_PANEL_BUCKETS = 3;
export const GRID_COLUMNS = [12, 24] as const;
/** Rows a panel may be tall at most; a dashboard this long is a mistake. */
export const MAX_GRID_ROWS = 1000;

const kql = z.string().describe('a KQL query; empty matches everything');
/** `now`, `now-15m`, `now-7d/d` or ISO 8601, as the time picker and `driftwood query` take them. */
const timeExpression = z.string().min(1).describe('ISO 8601 or relative (now-15m)');
/** `30s`, `5m`, `1h`, `1d`, `1w`. */
const duration = z
  .string()
  .regex(/^[1-9][0-9]*(s|m|h|d|w)$/, 'must be a duration such as 30s, 5m, 1h, 1d or 1w')
  .describe('a duration: a whole number and one of s, m, h, d, w');
const fieldName = z.string().min(1).max(256).describe('an event field, dotted (http.response.status_code)');
const key = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'must be 1–64 characters of A-Z a-z 0-9 _ . - (starting with a letter or digit)',
  );

export const dashboardTimeSchema = z.strictObject({ from: timeExpression, to: timeExpression });

export const dashboardFilterSchema = z
  .strictObject({
    query: kql.min(1),
    label: z.string().optional(),
    negate: z.boolean().optional().describe('match what the query does not'),
    disabled: z.boolean().optional().describe('kept on the filter bar but not applied'),
  })
  .describe('a filter pill of the dashboard filter bar, ANDed into every panel');

export const dashboardControlSchema = z.discriminatedUnion('type', [
  z
    .strictObject({ type: z.literal('options'), field: fieldName, label: z.string().min(1) })
    .describe("a dropdown of the field's top values; the chosen ones filter every panel"),
  z
    .strictObject({
      type: z.literal('range'),
      field: fieldName,
      label: z.string().min(1),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .describe('a numeric range (min ≤ field ≤ max) applied to every panel'),
]);

export const dashboardSectionSchema = z.strictObject({
  id: key,
  title: z.string().min(1),
  collapsed: z.boolean().optional(),
});

export const panelGridSchema = z
  .strictObject({
    x: z.int().min(0),
    y: z.int().min(0),
    w: z.int().min(1),
    h: z.int().min(1).max(MAX_GRID_ROWS),
  })
  .describe("the panel's place on the grid (columns from the dashboard's `columns`, rows of 30 px)");

const metricLabel = { id: key, label: z.string().optional() };
export const panelMetricSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...metricLabel, type: z.literal('count') }),
  z.strictObject({
    ...metricLabel,
    type: z.enum(['cardinality', 'avg', 'sum', 'min', 'max', 'median', 'last_value']),
    field: fieldName,
  }),
  z.strictObject({
    ...metricLabel,
    type: z.literal('percentiles'),
    field: fieldName,
    percents: z.array(z.number().gt(0).lt(100)).min(1).max(10),
  }),
]);

export const panelBucketSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('date_histogram'),
    interval: z
      .union([z.literal('auto'), duration])
      .optional()
      .describe('auto (from the range) when absent'),
  }),
  z.strictObject({
    type: z.literal('terms'),
    field: fieldName,
    size: z.int().min(1).max(1000),
    other: z.boolean().optional().describe('show the count of all other values as "Other"'),
    missing: z.boolean().optional().describe('add a "(missing)" bucket for events without the field'),
  }),
  z.strictObject({
    type: z.literal('filters'),
    filters: z
      .array(z.strictObject({ key: z.string().min(1).max(64), query: kql }))
      .min(1)
      .max(20),
  }),
  z.strictObject({ type: z.literal('histogram'), field: fieldName, interval: z.number().positive() }),
]);

export const panelDataSchema = z.strictObject({
  metrics: z.array(panelMetricSchema).max(10),
  buckets: z.array(panelBucketSchema).max(MAX_PANEL_BUCKETS, `must have at most ${MAX_PANEL_BUCKETS} buckets`),
});

export const PANEL_UNITS = ['number', 'bytes', 'ns', 'ms', 's', 'percent'] as const;
const unit = z.enum(PANEL_UNITS).optional().describe('axis and value unit (number when absent)');
const legend = z.enum(['right', 'bottom', 'none']).optional();
/**
 * The value is one filters bucket's metric divided by another's (× 100 when `unit` is percent):
 * error rate = `errors` ÷ `all` over a filters bucket `[{key: errors, …}, {key: all, query: ''}]`.
 */
const ratio = z
  .strictObject({ numerator: z.string().min(1), denominator: z.string().min(1) })
  .optional()
  .describe("plot one filters bucket's value divided by another's (× 100 when the unit is percent)");
const chartOptions = z.strictObject({
  stacked: z.boolean().optional(),
  percent: z.boolean().optional().describe('stack to 100 %'),
  unit,
  legend,
  ratio,
});
const pieOptions = z.strictObject({ unit, legend, labels: z.boolean().optional() });
const metricOptions = z.strictObject({
  unit,
  ratio,
  sparkline: z.boolean().optional(),
  compare: z.enum(['previous_period', 'none']).optional().describe('the change versus the previous period'),
});
const tableOptions = z.strictObject({
  unit,
  sort: z.strictObject({ column: z.string().min(1), order: z.enum(['asc', 'desc']) }).optional(),
  page_size: z.int().min(1).max(1000).optional(),
});
const heatmapOptions = z.strictObject({ unit, legend });
const gaugeOptions = z.strictObject({
  unit,
  min: z.number().optional(),
  max: z.number().optional(),
  thresholds: z.array(z.strictObject({ value: z.number(), color: z.enum(['green', 'yellow', 'red']) })).optional(),
});
const markdownOptions = z.strictObject({
  markdown: z.string().max(20_000).describe('rendered as Markdown, never HTML'),
});
/**
 * "Devices gone silent": one row per value of `field` (say `device.id`) with its last-seen time and
 * how long ago, highlighted when now − last seen > threshold_factor × its usual reporting interval.
 *
 * The usual interval is computed per value over the panel's time range, from one terms
 * aggregation on `field` (size `size`) with count, min and max of `@timestamp` per value:
 * - `mean_gap` (the default): (max − min) ÷ (count − 1), the average gap between its events;
 * - `median_gap`: the median gap between the non-empty buckets of a date histogram (interval
 *   `resolution`) nested in each value's bucket, robust to bursts.
 * A value with fewer than `min_events` events has no usual interval and is never highlighted.
 */
const lastSeenOptions = z.strictObject({
  field: fieldName,
  threshold_factor: z.number().gt(1).max(1000),
  usual_interval: z.enum(['mean_gap', 'median_gap']).optional(),
  resolution: duration.optional().describe('the date histogram interval of median_gap (1m when absent)'),
  min_events: z.int().min(2).optional().describe('2 when absent'),
  size: z.int().min(1).max(10_000).optional().describe('values listed at most (500 when absent)'),
});

/** What a panel on a dashboard and a visualization saved on its own share. */
const chartBase = {
  id: key,
  title: z.string().min(1).max(200),
  query: kql.optional().describe('ANDed with the dashboard query'),
  time: dashboardTimeSchema.optional().describe("overrides the dashboard's time range for this panel"),
  timeShift: duration.optional().describe('the same request over an earlier window (1d, 1w)'),
};

/** One variant per panel type (with its options), over `base`. */
function panelVariants<B extends z.core.$ZodLooseShape>(base: B) {
  const withData = { ...base, data: panelDataSchema };
  return [
    z.strictObject({
      ...withData,
      type: z.enum(['line', 'area', 'bar', 'bar_horizontal']),
      options: chartOptions.optional(),
    }),
    z.strictObject({ ...withData, type: z.enum(['pie', 'donut']), options: pieOptions.optional() }),
    z.strictObject({ ...withData, type: z.literal('metric'), options: metricOptions.optional() }),
    z.strictObject({ ...withData, type: z.literal('table'), options: tableOptions.optional() }),
    z.strictObject({ ...withData, type: z.literal('heatmap'), options: heatmapOptions.optional() }),
    z.strictObject({ ...withData, type: z.literal('gauge'), options: gaugeOptions.optional() }),
    z.strictObject({ ...base, type: z.literal('markdown'), options: markdownOptions }),
    z.strictObject({ ...base, type: z.literal('last_seen'), options: lastSeenOptions }),
  ] as const;
}

export const panelSchema = z.discriminatedUnion(
  'type',
  panelVariants({
    ...chartBase,
    section: key.optional().describe('the id of the section the panel sits in'),
    grid: panelGridSchema,
  }),
);

export const PANEL_TYPES = [
  'line',
  'area',
  'bar',
  'bar_horizontal',
  'pie',
  'donut',
  'metric',
  'table',
  'heatmap',
  'gauge',
  'markdown',
  'last_seen',
] as const;

/**
 * A visualization saved on its own (the Visualize editor, type `visualization`): a panel without
 * its place on a dashboard, plus a description and tags.
 */
const visualizationObject = z.discriminatedUnion(
  'type',
  panelVariants({
    ...chartBase,
    description: z.string().max(2000).optional(),
    tags: z.array(z.string().min(1).max(64)).max(20).optional(),
  }),
);

export const visualizationSchema = visualizationObject.superRefine((v, ctx) => checkPanel(v, (...rest) => rest, ctx));

type PanelLike = z.infer<typeof panelSchema> | z.infer<typeof visualizationObject>;

/** The checks across a panel's fields: metric ids, what its type needs, a ratio's keys. */
function checkPanel(p: PanelLike, at: (...rest: Array<string | number>) => PropertyKey[], ctx: z.RefinementCtx): void {
  if (!('data' in p)) return;
  const metricIds = new Set<string>();
  for (const [m, metric] of p.data.metrics.entries()) {
    if (metricIds.has(metric.id)) {
      ctx.addIssue({
        code: 'custom',
        path: at('data', 'metrics', m, 'id'),
        message: `duplicate metric id "${metric.id}"`,
      });
    }
    metricIds.add(metric.id);
  }
  if (p.data.metrics.length === 0) {
    ctx.addIssue({ code: 'custom', path: at('data', 'metrics'), message: 'must have at least one metric' });
  }
  const histograms = p.data.buckets.filter((b) => b.type === 'date_histogram').length;
  if (histograms > 1) {
    ctx.addIssue({ code: 'custom', path: at('data', 'buckets'), message: 'must have at most one date_histogram' });
  }
  if (['line', 'area', 'heatmap'].includes(p.type) && histograms === 0) {
    ctx.addIssue({
      code: 'custom',
      path: at('data', 'buckets'),
      message: `a ${p.type} panel needs a date_histogram bucket`,
    });
  }
  if (['pie', 'donut'].includes(p.type) && p.data.buckets.length === 0) {
    ctx.addIssue({ code: 'custom', path: at('data', 'buckets'), message: `a ${p.type} panel needs a bucket` });
  }
  const ratio = 'options' in p && p.options && 'ratio' in p.options ? p.options.ratio : undefined;
  if (ratio) {
    const keys = new Set(p.data.buckets.flatMap((b) => (b.type === 'filters' ? b.filters.map((f) => f.key) : [])));
    for (const side of ['numerator', 'denominator'] as const) {
      if (!keys.has(ratio[side])) {
        ctx.addIssue({
          code: 'custom',
          path: at('options', 'ratio', side),
          message: `no filters bucket key "${ratio[side]}"`,
        });
      }
    }
  }
}

const dashboardObject = z.strictObject({
  id: key,
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  tags: z.array(z.string().min(1).max(64)).max(20).optional(),
  columns: z
    .union([z.literal(12), z.literal(24)])
    .optional()
    .describe('grid columns: 12 or 24 (24 when absent)'),
  time: dashboardTimeSchema.optional().describe('the default time range (now-24h to now when absent)'),
  refresh: z
    .union([z.literal('off'), duration])
    .optional()
    .describe('auto-refresh interval'),
  query: kql.optional(),
  filters: z.array(dashboardFilterSchema).max(50).optional(),
  controls: z.array(dashboardControlSchema).max(20).optional(),
  sections: z.array(dashboardSectionSchema).max(50).optional(),
  panels: z.array(panelSchema).max(200),
});

export const dashboardSchema = dashboardObject.superRefine((d, ctx) => {
  const columns = d.columns ?? 24;
  const sections = new Set<string>();
  for (const [i, s] of (d.sections ?? []).entries()) {
    if (sections.has(s.id))
      ctx.addIssue({ code: 'custom', path: ['sections', i, 'id'], message: `duplicate section id "${s.id}"` });
    sections.add(s.id);
  }
  const ids = new Set<string>();
  for (const [i, p] of d.panels.entries()) {
    const at = (...rest: Array<string | number>) => ['panels', i, ...rest];
    if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: `duplicate panel id "${p.id}"` });
    ids.add(p.id);
    if (p.section !== undefined && !sections.has(p.section)) {
      ctx.addIssue({ code: 'custom', path: at('section'), message: `no section "${p.section}" in sections` });
    }
    if (p.grid.w > columns) ctx.addIssue({ code: 'custom', path: at('grid', 'w'), message: `must be ≤ ${columns}` });
    else if (p.grid.x + p.grid.w > columns) {
      ctx.addIssue({
        code: 'custom',
        path: at('grid', 'x'),
        message: `x + w must be ≤ ${columns} (x ${p.grid.x}, w ${p.grid.w})`,
      });
    }
    checkPanel(p, at, ctx);
  }
});

export type Dashboard = z.infer<typeof dashboardObject>;
export type Visualization = z.infer<typeof visualizationObject>;
export type DashboardPanel = Dashboard['panels'][number];
export type PanelType = DashboardPanel['type'];
export type PanelMetric = z.infer<typeof panelMetricSchema>;
export type PanelBucket = z.infer<typeof panelBucketSchema>;
export type PanelData = z.infer<typeof panelDataSchema>;
export type DashboardControl = z.infer<typeof dashboardControlSchema>;
export type DashboardFilter = z.infer<typeof dashboardFilterSchema>;
export type DashboardTimeRange = z.infer<typeof dashboardTimeSchema>;
