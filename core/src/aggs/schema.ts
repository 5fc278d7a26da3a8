/**
 * The shape of an aggregation request as it comes from outside (a UI route, the store API): the
 * store contract's AggregateRequest (store/src/contract.ts), validated. Unknown keys are errors;
 * bucket aggregations nest at most MAX_AGG_BUCKET_DEPTH deep (the store refuses a deeper one too).
 */
import { z } from 'zod';

/** Bucket aggregations nest this deep at most (the store's MAX_BUCKET_DEPTH). */
export const MAX_AGG_BUCKET_DEPTH = 3;
/** Named aggregations per level at most. */
export const MAX_AGGS_PER_LEVEL = 50;

const field = z.string().min(1).max(256).describe('an event field, dotted (http.response.status_code)');
const name = z.string().min(1).max(128);

export interface AggregationSpecInput {
  type: string;
  aggs?: Record<string, AggregationSpecInput>;
  [key: string]: unknown;
}

const metricSchemas = [
  z.strictObject({ type: z.literal('count') }),
  z.strictObject({
    type: z.enum(['min', 'max', 'avg', 'sum', 'cardinality', 'median', 'last_value']),
    field,
  }),
  z.strictObject({
    type: z.literal('percentiles'),
    field,
    percents: z.array(z.number().min(0).max(100)).min(1).max(20),
  }),
] as const;

function subAggs(): z.ZodType<Record<string, AggregationSpecInput>> {
  return z.lazy(() =>
    z
      .record(name, aggregationSpecSchema)
      .refine((r) => Object.keys(r).length <= MAX_AGGS_PER_LEVEL, `at most ${MAX_AGGS_PER_LEVEL} aggregations`),
  );
}

/** One aggregation: a metric, or a bucket aggregation with optional sub-aggregations (`aggs`). */
export const aggregationSpecSchema: z.ZodType<AggregationSpecInput> = z.lazy(() =>
  z.discriminatedUnion('type', [
    ...metricSchemas,
    z.strictObject({
      type: z.literal('date_histogram'),
      intervalMs: z.number().int().positive().optional().describe('fixed interval in ms; auto when absent'),
      split: z.strictObject({ field, size: z.int().min(1).max(1000) }).optional(),
      aggs: subAggs().optional(),
    }),
    z.strictObject({
      type: z.literal('terms'),
      field,
      size: z.int().min(1).max(10_000),
      missing: z.boolean().optional().describe('also count the documents without the field'),
      aggs: subAggs().optional(),
    }),
    z.strictObject({
      type: z.literal('filters'),
      filters: z
        .array(z.strictObject({ key: z.string().min(1).max(128), query: z.string().max(10_000) }))
        .min(1)
        .max(100),
      aggs: subAggs().optional(),
    }),
    z.strictObject({
      type: z.literal('histogram'),
      field,
      interval: z.number().positive().refine(Number.isFinite, 'must be finite'),
      aggs: subAggs().optional(),
    }),
  ]),
);

const BUCKETS = new Set(['date_histogram', 'terms', 'filters', 'histogram']);

/** The deepest nesting of bucket aggregations. */
export function bucketDepth(aggs: Record<string, AggregationSpecInput>): number {
  let deepest = 0;
  for (const spec of Object.values(aggs)) {
    const below = spec.aggs ? bucketDepth(spec.aggs) : 0;
    deepest = Math.max(deepest, (BUCKETS.has(spec.type) ? 1 : 0) + below);
  }
  return deepest;
}

export const aggregateRequestSchema = z
  .strictObject({
    query: z.string().max(10_000).optional(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    timeShift: z
      .string()
      .regex(/^\d{1,6}[smhdw]$/, 'must be a duration such as 1h, 1d or 1w')
      .optional()
      .describe('run over the window moved back by this much'),
    aggs: subAggs(),
  })
  .superRefine((r, ctx) => {
    if (bucketDepth(r.aggs) > MAX_AGG_BUCKET_DEPTH)
      ctx.addIssue({
        code: 'custom',
        path: ['aggs'],
        message: `bucket aggregations nest at most ${MAX_AGG_BUCKET_DEPTH} levels`,
      });
  });
